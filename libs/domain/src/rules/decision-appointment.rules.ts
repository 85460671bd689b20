import { addDays, addMonths, type CivilDate, compareDates, monthsBetween } from '../calendar/civil-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { CaseProfile, DecisionBody } from '../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../errors/refusal';
import type { Role } from '../gates/roles';
import type { Policy } from '../policy/policy';
import { reachesFraction } from './motion-nomination.rules';
import { rule, type RuleSpec } from './rule-spec';
import { STATUTORY } from './statutory';

export const DECISION_APPOINTMENT_RULES: RuleSpec[] = [
  rule(
    'decision',
    'DEC.QUORUM',
    '到会成员不少于应到会成员的三分之二，否则决定无效',
    'at least two thirds of the members present, else the decision is void',
    'domain.md, 6 · Decision: "at least two thirds of the members present, else the decision is void"',
  ),
  rule(
    'decision',
    'DEC.TALLY',
    '表决票数须与到会人数相符',
    'the tally adds up to the members present',
    'domain.md, 6 · Decision: "each member’s stated view or the tally (for, against, abstain)"',
  ),
  rule(
    'decision',
    'DEC.PASS',
    '同意票超过应到会成员半数方为通过',
    'a candidate passes with more than half of the expected members agreeing',
    'domain.md, 6 · Decision: "a candidate passes with more than half of the **expected** members agreeing, not of those present"',
  ),
  rule(
    'decision',
    'DEC.DEFER',
    '意见分歧较大的暂缓表决',
    'wide divergence defers the item',
    'domain.md, 6 · Decision: "wide divergence defers the item"',
  ),
  rule(
    'decision',
    'DEC.RECONSIDERATION',
    '复议须超过半数成员同意',
    'reconsideration needs more than half of the members',
    'domain.md, 6 · Decision: "reconsideration needs more than half of the members"',
  ),
  rule(
    'decision',
    'DEC.PRINCIPAL_LAST',
    '主要负责人最后表态',
    'the principal leader states a view last',
    'domain.md, 6 · Decision: "each member says agree, disagree or defer, the principal leader last"',
  ),
  rule(
    'decision',
    'DEC.SECRET_BALLOT',
    '全委会对市县党政正职人选采用无记名投票',
    'the plenary committee votes by secret ballot on city and county heads',
    'domain.md, 6 · Decision: "the plenary committee votes by secret ballot on city and county heads"',
  ),
  rule(
    'decision',
    'DEC.RECORD_INCOMPLETE',
    '讨论决定纪实须载明会议、日期、主持人、应到实到、表决情况、会议记录和录音',
    'the decision record: body, date, chair, attendance, views or tally, minutes, audio',
    'domain.md, 6 · Decision: "record: body, date, chair, expected and actual attendance, each member’s stated view or the tally (for, against, abstain), minutes, audio"',
  ),
  rule(
    'decision',
    'REPORT.FIRST_SUBMISSION',
    '讨论决定后 5 日内初次提交纪实',
    'first submission of the record within 5 days of the decision',
    'domain.md, 6 · Decision: "the first submission of the record to the supervising organ is due within 5 days (seed, Tianjin)"',
  ),
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
    'mustInvestigate',
  ),
  rule(
    'appointment',
    'APPT.OBJECTION_OUTCOME',
    '反映问题的处理：不影响任职、批评教育后任职、不予任职、暂缓任职',
    'objection outcomes: appoint, appoint with a warning, do not appoint, defer',
    'domain.md, 7 · Appointment: "outcomes: nothing found → appoint; minor → appoint with a warning; serious → do not appoint, refer; serious but not yet verifiable → defer, at most 3 months"',
    'objectionAction',
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
  rule(
    'probation',
    'PROB.APPLIES',
    '非选任制提拔厅局级以下领导职务实行一年试用期',
    'one year of probation for non-elected promotions at bureau level and below',
    'domain.md, 8 · Probation: "one year for non-elected promotions at bureau level and below, from the appointment notice"',
    'probationApplies',
  ),
  rule(
    'probation',
    'PROB.NOT_ENDED',
    '试用期满方可考核转正',
    'confirmation only once probation has ended',
    'domain.md, 8 · Probation: "assessed at the end"',
  ),
  rule(
    'probation',
    'PROB.EXTENSION',
    '试用期内离岗超过六个月的相应延长',
    'extended when absent over six months',
    'domain.md, 8 · Probation: "extended when absent over six months"',
  ),
  rule(
    'probation',
    'PROB.EARLY_END',
    '试用期内犯有严重错误的提前终止',
    'ended early on serious error',
    'domain.md, 8 · Probation: "ended early on serious error"',
  ),
  rule(
    'probation',
    'PROB.OUTCOME',
    '称职的转正，不称职的免去试任职务',
    'competent → confirmed; not competent → removed to the previous grade',
    'domain.md, 8 · Probation: "competent → confirmed (the year counts toward tenure); not competent → removed to the previous grade"',
    'probationOutcome',
  ),
  rule(
    'record',
    'RECORD.SIGNOFF_ORDER',
    '记录人填写、复核人复核后，依次由记录人、干部科科长、干部监督科科长、分管副部长签字',
    'after filling and review, signatures in order: recorder, cadre section chief, supervision section chief, deputy minister in charge',
    'domain.md, Keeping the record: "the recorder fills; another staff member reviews against the originals; signatures in order — recorder, cadre section chief, supervision section chief, deputy minister in charge; then archived"',
  ),
  rule(
    'record',
    'RECORD.REVIEWER_DISTINCT',
    '复核人不得是记录人本人',
    'the reviewer is not the recorder',
    'domain.md, Keeping the record: "another staff member reviews against the originals"',
  ),
  rule(
    'record',
    'RECORD.THREE_LEVEL',
    '三级签字：选任工作部门分管负责人、主要领导、选任责任单位领导',
    'three-level signature: the selection department’s deputy in charge, its principal, the responsible unit’s leader',
    'domain.md, Keeping the record: "Tianjin adds a three-level signature: the selection department’s deputy in charge, its principal, and the leader of the responsible unit"',
  ),
  rule(
    'record',
    'RECORD.LAYERED_RECORDER',
    '分层纪实：各阶段由相应人员记录',
    'layered recorders: each stage has its recorder',
    'domain.md, Keeping the record: "the inspection stage is recorded by a member of the inspection team; the department meeting by the cadre section chief; the secretary’s meeting by the minister; the standing committee by the deputy minister in charge"',
  ),
];

export interface DecisionTally {
  /** Members of the body (应到会成员). */
  readonly expected: number;
  /** Members present (实到会成员). */
  readonly present: number;
  readonly agree: number;
  readonly disagree: number;
  /** Abstentions and "defer" (缓议) views. */
  readonly abstain: number;
}

export type DecisionOutcome = 'void' | 'passed' | 'rejected' | 'deferred';

function assertTally(t: DecisionTally): void {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number of 0 or more, not ${value}`);
  }
}

export function checkDecisionQuorum(expected: number, present: number): Verdict {
  if (expected > 0 && present <= expected && reachesFraction(present, expected, STATUTORY.decisionQuorum))
    return ALLOWED;
  return refuse(
    'DEC.QUORUM',
    `应到 ${expected} 人、实到 ${present} 人，不足三分之二，决定无效`,
    `${present} of ${expected} members present, under two thirds: the decision is void`,
    {
      expected,
      present,
    },
  );
}

export function checkTally(t: DecisionTally): Verdict {
  assertTally(t);
  if (t.agree + t.disagree + t.abstain === t.present && t.present <= t.expected) return ALLOWED;
  return refuse(
    'DEC.TALLY',
    `同意 ${t.agree}、不同意 ${t.disagree}、弃权 ${t.abstain}，合计与到会 ${t.present} 人不符`,
    `for ${t.agree}, against ${t.disagree}, abstain ${t.abstain} do not add up to the ${t.present} present`,
    {
      ...t,
    },
  );
}

/**
 * The outcome of a vote on one candidate: void without quorum; passed with more than half of the
 * expected members agreeing; rejected with more than half of them disagreeing; otherwise deferred,
 * since no side carries a majority of the body (wide divergence).
 */
export function decideTally(t: DecisionTally): DecisionOutcome {
  if (!checkTally(t).ok) throw new Error(`the tally does not add up: ${JSON.stringify(t)}`);
  if (!checkDecisionQuorum(t.expected, t.present).ok) return 'void';
  if (t.agree * 2 > t.expected) return 'passed';
  if (t.disagree * 2 > t.expected) return 'rejected';
  return 'deferred';
}

/** The verdict on a candidate from a tally: allowed only when passed. */
export function checkPassed(t: DecisionTally): Verdict {
  const outcome = decideTally(t);
  if (outcome === 'passed') return ALLOWED;
  if (outcome === 'void') return checkDecisionQuorum(t.expected, t.present);
  if (outcome === 'deferred') {
    return refuse(
      'DEC.DEFER',
      `同意 ${t.agree} 票，未超过应到 ${t.expected} 人的半数，意见分歧较大，暂缓表决`,
      `${t.agree} for, not more than half of the ${t.expected} expected, with no majority either way: deferred`,
      {
        ...t,
      },
    );
  }
  return refuse(
    'DEC.PASS',
    `同意 ${t.agree} 票，未超过应到会成员 ${t.expected} 人的半数，未通过`,
    `${t.agree} for is not more than half of the ${t.expected} expected members: not passed`,
    {
      ...t,
    },
  );
}

export function checkReconsideration(members: number, agreeToReconsider: number): Verdict {
  if (agreeToReconsider * 2 > members) return ALLOWED;
  return refuse(
    'DEC.RECONSIDERATION',
    `复议须超过半数成员同意（${agreeToReconsider}/${members}）`,
    `reconsideration needs more than half of the members (${agreeToReconsider}/${members})`,
    {
      members,
      agreeToReconsider,
    },
  );
}

export function checkPrincipalLast(speakingOrder: readonly string[], principalId: string): Verdict {
  if (speakingOrder.length > 0 && speakingOrder[speakingOrder.length - 1] === principalId) return ALLOWED;
  return refuse('DEC.PRINCIPAL_LAST', '主要负责人应最后表态', 'the principal leader must state a view last', {
    principalId,
  });
}

export type VoteMethod = 'voice' | 'hands' | 'secret_ballot';

export function checkVoteMethod(
  body: DecisionBody,
  postIsCityOrCountyHead: boolean,
  method: VoteMethod,
): Verdict {
  if (body !== 'plenary_committee' || !postIsCityOrCountyHead || method === 'secret_ballot') return ALLOWED;
  return refuse(
    'DEC.SECRET_BALLOT',
    '全委会表决市县党政正职人选须采用无记名投票',
    'the plenary committee votes on city and county heads by secret ballot',
    {
      method,
    },
  );
}

export interface DecisionRecord {
  readonly body: DecisionBody;
  readonly date: CivilDate;
  readonly chairId: string;
  readonly expected: number;
  readonly present: number;
  readonly minutesDigest: string;
  readonly audioDigest: string;
}

export function checkDecisionRecord(record: Partial<DecisionRecord>): Verdict {
  const fields: (keyof DecisionRecord)[] = [
    'body',
    'date',
    'chairId',
    'expected',
    'present',
    'minutesDigest',
    'audioDigest',
  ];
  const missing = fields.filter((f) => record[f] === undefined || record[f] === '');
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'DEC.RECORD_INCOMPLETE',
    `讨论决定纪实缺少：${missing.join('、')}`,
    `the decision record lacks: ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

/** The first submission (初次提交) is due within 5 days of the decision (calendar days). */
export function firstSubmissionDue(decidedOn: CivilDate): CivilDate {
  return addDays(decidedOn, STATUTORY.firstSubmissionDays);
}

export function checkFirstSubmission(decidedOn: CivilDate, submittedOn: CivilDate): Verdict {
  const due = firstSubmissionDue(decidedOn);
  if (compareDates(submittedOn, decidedOn) >= 0 && compareDates(submittedOn, due) <= 0) return ALLOWED;
  return refuse(
    'REPORT.FIRST_SUBMISSION',
    `初次提交应在讨论决定后 5 日内（${due} 前）`,
    `the first submission is due within 5 days of the decision, by ${due}`,
    {
      decidedOn,
      submittedOn,
      due,
    },
  );
}

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

/** Probation applies to non-elected promotions at bureau level and below. */
export function probationApplies(profile: CaseProfile): boolean {
  return profile.promotion && !profile.elected;
}

/**
 * The last day of probation: one year from the appointment notice, extended by the time away when
 * the appointee was absent over six months in all.
 */
export function probationEnds(noticeOn: CivilDate, absentMonths = 0): CivilDate {
  const extension = absentMonths > STATUTORY.probationAbsenceMonths ? Math.ceil(absentMonths) : 0;
  return addDays(addMonths(noticeOn, STATUTORY.probationMonths + extension), -1);
}

export type ProbationFinding = 'competent' | 'not_competent';

/** Confirmation needs probation to have ended, unless it ends early for a serious error (then: removal). */
export function checkProbationAssessment(
  noticeOn: CivilDate,
  assessedOn: CivilDate,
  finding: ProbationFinding,
  options: { absentMonths?: number; seriousError?: boolean } = {},
): Verdict {
  if (options.seriousError) {
    if (finding === 'not_competent') return ALLOWED;
    return refuse(
      'PROB.EARLY_END',
      '试用期内犯有严重错误的，应提前终止试用并免去试任职务',
      'a serious error ends probation early, with removal',
    );
  }
  const ends = probationEnds(noticeOn, options.absentMonths);
  if (compareDates(assessedOn, ends) >= 0) return ALLOWED;
  const code =
    (options.absentMonths ?? 0) > STATUTORY.probationAbsenceMonths ? 'PROB.EXTENSION' : 'PROB.NOT_ENDED';
  return refuse(
    code,
    `试用期至 ${ends} 期满，期满后方可考核`,
    `probation runs to ${ends}; assess at its end`,
    { ends, assessedOn },
  );
}

export type ProbationOutcome = 'confirmed' | 'removed_to_previous_grade';

export function probationOutcome(finding: ProbationFinding): ProbationOutcome {
  return finding === 'competent' ? 'confirmed' : 'removed_to_previous_grade';
}

/** Months of probation served (used for tenure: a confirmed year counts). */
export function probationMonthsServed(noticeOn: CivilDate, on: CivilDate): number {
  return Math.max(0, monthsBetween(noticeOn, on));
}

/** The sign-off of a gate's record, in the order it happened. */
export interface SignOff {
  readonly role: Role;
  readonly personId: string;
}

const SIGN_ORDER: readonly Role[] = [
  'recorder',
  'reviewer',
  'cadre_section_chief',
  'supervision_section_chief',
  'deputy_minister',
];

/**
 * The record is filled by the recorder, reviewed by another person, then signed in order: recorder,
 * cadre section chief, supervision section chief, deputy minister in charge. Checks a partial
 * sequence too: each next signature must be the next in order.
 */
export function checkSignOffOrder(signOffs: readonly SignOff[]): Verdict {
  for (let i = 0; i < signOffs.length; i++) {
    const expected = SIGN_ORDER[i];
    const actual = signOffs[i] as SignOff;
    if (actual.role !== expected) {
      return refuse(
        'RECORD.SIGNOFF_ORDER',
        `第 ${i + 1} 个签字应为“${expected ?? '（无）'}”，不是“${actual.role}”`,
        `signature ${i + 1} must be by the ${expected ?? '(none)'}, not the ${actual.role}`,
        {
          position: i + 1,
          expected: expected ?? null,
          actual: actual.role,
        },
      );
    }
  }
  const recorder = signOffs.find((s) => s.role === 'recorder');
  const reviewer = signOffs.find((s) => s.role === 'reviewer');
  if (recorder && reviewer && recorder.personId === reviewer.personId) {
    return refuse(
      'RECORD.REVIEWER_DISTINCT',
      '复核人须为记录人以外的工作人员',
      'the reviewer must be someone other than the recorder',
      {
        personId: recorder.personId,
      },
    );
  }
  return ALLOWED;
}

export function isSignOffComplete(signOffs: readonly SignOff[]): boolean {
  return signOffs.length === SIGN_ORDER.length && checkSignOffOrder(signOffs).ok;
}

export const THREE_LEVEL_SIGNERS = [
  'selection_deputy_in_charge',
  'selection_principal',
  'responsible_unit_leader',
] as const;
export type ThreeLevelSigner = (typeof THREE_LEVEL_SIGNERS)[number];

export function checkThreeLevelSignature(signed: readonly ThreeLevelSigner[]): Verdict {
  const inOrder = signed.every((s, i) => s === THREE_LEVEL_SIGNERS[i]);
  if (inOrder && signed.length === THREE_LEVEL_SIGNERS.length) return ALLOWED;
  return refuse(
    'RECORD.THREE_LEVEL',
    '三级签字须依次由选任工作部门分管负责人、主要领导、选任责任单位领导签字',
    'the three-level signature goes: deputy in charge, principal, responsible unit’s leader',
    {
      signed,
    },
  );
}

export const RECORDED_STAGES = [
  'inspection',
  'department_meeting',
  'secretary_meeting',
  'standing_committee',
] as const;
export type RecordedStage = (typeof RECORDED_STAGES)[number];

/** Who records each stage (分层纪实, seed §四(二)3). */
export const STAGE_RECORDER: Readonly<Record<RecordedStage, Role>> = {
  inspection: 'inspection_team_member',
  department_meeting: 'cadre_section_chief',
  secretary_meeting: 'minister',
  standing_committee: 'deputy_minister',
};

export function checkLayeredRecorder(stage: RecordedStage, recorderRole: Role): Verdict {
  if (STAGE_RECORDER[stage] === recorderRole) return ALLOWED;
  return refuse(
    'RECORD.LAYERED_RECORDER',
    `“${stage}”阶段应由“${STAGE_RECORDER[stage]}”记录`,
    `the ${stage} stage is recorded by the ${STAGE_RECORDER[stage]}`,
    {
      stage,
      recorderRole,
    },
  );
}
