/** Gate 7 · appointment (任职): its rules, each with its code and the words of domain.md it implements. */
import { addMonths, type CivilDate, compareDates } from '../../calendar/civil-date';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import type { CaseProfile } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

export const APPOINTMENT_RULES: RuleSpec[] = [
  rule(
    'appointment',
    'APPT.ANNOUNCEMENT_START',
    '公示开始日期不得早于当日',
    'an announcement does not start in the past',
    'domain.md, 7 · Appointment: "public announcement of at least 5 **working** days (official holidays and make-up workdays counted as the state calendar says), after the decision and before the appointment notice"',
  ),
  rule(
    'appointment',
    'APPT.ANNOUNCEMENT_END_COMPUTED',
    '公示截止日期由系统按国家法定节假日安排计算',
    'the announcement’s last day is computed from the state calendar',
    'domain.md, 7 · Appointment: "public announcement of at least 5 **working** days (official holidays and make-up workdays counted as the state calendar says)"',
  ),
  rule(
    'appointment',
    'APPT.ANNOUNCEMENT_PERIOD',
    '任前公示不少于 5 个工作日',
    'a public announcement of at least 5 working days',
    'domain.md, 7 · Appointment: "public announcement of at least 5 **working** days (official holidays and make-up workdays counted as the state calendar says), after the decision and before the appointment notice"',
  ),
  rule(
    'appointment',
    'APPT.EXCEPTIONAL_REASONS',
    '破格提拔的公示须说明理由',
    'an announcement of exceptional promotion states the reasons',
    'domain.md, 7 · Appointment: "for exceptional promotion the announcement states the reasons"',
  ),
  rule(
    'appointment',
    'APPT.ANONYMOUS_OBJECTION',
    '匿名反映问题内容具体、情节严重的应当调查',
    'anonymous objections are investigated when serious and specific',
    'domain.md, 7 · Appointment: "anonymous ones are investigated when serious and specific"',
  ),
  rule(
    'appointment',
    'APPT.OBJECTION_OUTCOME',
    '反映问题的处理：不影响任职、批评教育后任职、不予任职、暂缓任职',
    'objection outcomes: appoint, appoint with a warning, do not appoint, defer',
    'domain.md, 7 · Appointment: "outcomes: nothing found → appoint; minor → appoint with a warning; serious → do not appoint, refer; serious but not yet verifiable → defer, at most 3 months"',
  ),
  rule(
    'appointment',
    'APPT.OBJECTION_PENDING',
    '反映问题调查结论作出前不发任职通知',
    'no appointment notice while an objection awaits its outcome',
    'domain.md, 7 · Appointment: "objections are logged; … outcomes: nothing found → appoint; … serious → do not appoint, refer; serious but not yet verifiable → defer" (the outcome decides whether the notice goes out)',
  ),
  rule(
    'appointment',
    'APPT.DEFERRAL_LIMIT',
    '暂缓任职不超过 3 个月',
    'a deferral lasts at most 3 months',
    'domain.md, 7 · Appointment: "serious but not yet verifiable → defer, at most 3 months"',
  ),
  rule(
    'appointment',
    'REPORT.SECOND_SUBMISSION',
    '正式任职后二次提交纪实',
    'second submission of the record after the formal appointment',
    'domain.md, 7 · Appointment: "the second submission of the record after the formal appointment (seed, Tianjin)"',
  ),
];
export function checkSecondSubmission(appointedOn: CivilDate | undefined, submittedOn: CivilDate): Verdict {
  if (appointedOn && compareDates(submittedOn, appointedOn) >= 0) return ALLOWED;
  return refuse(
    'REPORT.SECOND_SUBMISSION',
    '二次提交须在正式任职后进行',
    'the second submission comes after the formal appointment',
    {
      appointedOn: appointedOn ?? null,
      submittedOn,
    },
  );
}

/** The last day of the announcement started on `start` (the start day counts when it is a working day). */
export function announcementEnds(start: CivilDate, calendar: WorkingCalendar, policy: Policy): CivilDate {
  return calendar.nthWorkingDay(start, policy.announcementWorkingDays);
}

/** The appointment notice may be issued only after the announcement ran its full length. */
export function checkAnnouncementComplete(
  start: CivilDate,
  noticeOn: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): Verdict {
  const ends = announcementEnds(start, calendar, policy);
  if (compareDates(noticeOn, ends) > 0) return ALLOWED;
  return refuse(
    'APPT.ANNOUNCEMENT_PERIOD',
    `公示自 ${start} 起不少于 ${policy.announcementWorkingDays} 个工作日，至 ${ends} 期满，此前不得发任职通知`,
    `the announcement from ${start} runs ${policy.announcementWorkingDays} working days, to ${ends}; no notice before it ends`,
    { start, ends, noticeOn },
  );
}

/**
 * The announcement's dates as the organization department gives them: it starts today or on a later
 * day it chooses, never in the past; its last day is not given but counted — five working days by
 * the state calendar, which may have to wait for a year's schedule — so nobody can shorten it.
 */
export function checkAnnouncementStart(
  startsOn: CivilDate,
  today: CivilDate,
  endsOnGiven: boolean,
  policy: Policy,
): Verdict {
  if (endsOnGiven) {
    return refuse(
      'APPT.ANNOUNCEMENT_END_COMPUTED',
      `公示截止日期由系统按国家法定节假日安排计算（自开始日起 ${policy.announcementWorkingDays} 个工作日），无需填写`,
      `the announcement’s last day is counted by Jishi from the state calendar (${policy.announcementWorkingDays} working days from its start); leave it out`,
      { field: 'appointment.announcement.ends_on' },
    );
  }
  if (compareDates(startsOn, today) < 0) {
    return refuse(
      'APPT.ANNOUNCEMENT_START',
      `公示开始日期 ${startsOn} 早于今天（${today}）`,
      `the announcement cannot start on ${startsOn}, before today (${today})`,
      { field: 'appointment.announcement.starts_on', startsOn, today },
    );
  }
  return ALLOWED;
}

/**
 * An objection is taken while the announcement runs: from the instant it ends (the end of its last
 * day in China) it is refused, even when it arrives together with the announcement's own end.
 */
export function checkObjectionInTime(nowMs: number, announcementEndsAtMs: number): Verdict {
  if (nowMs < announcementEndsAtMs) return ALLOWED;
  return refuse(
    'CASE.STEP_CLOSED',
    '任前公示期已满，不再受理反映',
    'the announcement is over; objections are no longer taken',
    { endedAt: new Date(announcementEndsAtMs).toISOString() },
  );
}

export function checkAnnouncementText(profile: CaseProfile, reasons: string | undefined): Verdict {
  if (!profile.exceptionalPromotion || (reasons ?? '').trim() !== '') return ALLOWED;
  return refuse(
    'APPT.EXCEPTIONAL_REASONS',
    '破格提拔的公示须说明破格理由',
    'an exceptional promotion’s announcement must state the reasons',
  );
}

export interface Objection {
  readonly anonymous: boolean;
  readonly serious: boolean;
  readonly specific: boolean;
}

/** Signed objections are always investigated; anonymous ones when serious and specific. */
export function mustInvestigate(objection: Objection): boolean {
  return !objection.anonymous || (objection.serious && objection.specific);
}

export const OBJECTION_FINDINGS = ['nothing_found', 'minor', 'serious', 'serious_unverified'] as const;
export type ObjectionFinding = (typeof OBJECTION_FINDINGS)[number];
export type ObjectionAction = 'appoint' | 'appoint_with_warning' | 'do_not_appoint' | 'defer';

/** What the finding of an investigation leads to. */
export function objectionAction(finding: ObjectionFinding): ObjectionAction {
  switch (finding) {
    case 'nothing_found':
      return 'appoint';
    case 'minor':
      return 'appoint_with_warning';
    case 'serious':
      return 'do_not_appoint';
    case 'serious_unverified':
      return 'defer';
  }
}

export function checkDeferral(deferredOn: CivilDate, until: CivilDate): Verdict {
  if (
    compareDates(until, deferredOn) >= 0 &&
    compareDates(until, addMonths(deferredOn, STATUTORY.maxObjectionDeferralMonths)) <= 0
  ) {
    return ALLOWED;
  }
  return refuse(
    'APPT.DEFERRAL_LIMIT',
    `暂缓任职自 ${deferredOn} 起最长 3 个月`,
    `a deferral from ${deferredOn} lasts at most 3 months`,
    {
      deferredOn,
      until,
    },
  );
}
