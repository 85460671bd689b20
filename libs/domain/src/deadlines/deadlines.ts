/**
 * The deadlines of the process (时限), as data: what starts each one, how long it runs (working or
 * calendar days, or months, from the policy where the number is *local*), which step satisfies it and
 * who owes that step, when its owner is reminded, and to whom it escalates once it is overdue. The
 * case workflow holds each as a durable timer; the functions below compute its days.
 */
import { addDays, addMonths, type CivilDate, compareDates, daysBetween } from '../calendar/civil-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { coManagerConsentsOn, consultationDeadline } from '../gates/consultation/consultation.rules';
import { firstSubmissionDue } from '../gates/decision/decision.rules';
import { upperApprovalDue } from '../gates/motion/motion.rules';
import { probationEnds } from '../gates/probation/probation.rules';
import type { Role } from '../gates/roles';
import type { Policy } from '../policy/policy';
import { STATUTORY } from '../rules/statutory';

export const DEADLINE_KEYS = [
  'motion.upper_approval',
  'consultation.answer',
  'consultation.co_manager_silence',
  'decision.first_submission',
  'appointment.objection_deferral',
  'probation.assessment',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

/** How a deadline's length is counted. */
export type DeadlineUnit = 'working_days' | 'calendar_days' | 'months';

export interface DeadlineSpec {
  readonly key: DeadlineKey;
  readonly zh: string;
  readonly en: string;
  /** What starts it. */
  readonly starts: { readonly zh: string; readonly en: string };
  /** The step whose arrival satisfies it. */
  readonly owedStep: string;
  /** Who owes that step: roles of the domain, or `member_unit` for each unit consulted. */
  readonly owedBy: readonly (Role | 'member_unit')[];
  readonly unit: DeadlineUnit;
  /** Its length with the organization's policy. */
  readonly length: (policy: Policy) => number;
  /** Where the number is the organization's (`*local*` or `*configurable*` in domain.md). */
  readonly configurable: boolean;
  /** Who is told when it is missed. */
  readonly escalateTo: Role;
  /**
   * What happens when it runs out: `escalate` (the owner is late: supervisors are told), or
   * `consent` (the silence is the answer: a co-manager consents) or `resume` (a deferral ends:
   * the outcome is owed again) — recorded as such, never as lateness.
   */
  readonly onExpiry: 'escalate' | 'consent' | 'resume';
  /**
   * Whether its owner is reminded on the policy's days before the last day: every deadline that
   * escalates, and a co-manager whose silence will count as consent (it is told so).
   */
  readonly reminds: boolean;
  readonly source: string;
}

export const DEADLINES: readonly DeadlineSpec[] = [
  {
    key: 'motion.upper_approval',
    zh: '上级组织部门批复',
    en: 'the upper department’s reply to the motion',
    starts: { zh: '动议报请上级审批', en: 'the motion asks for the upper department’s approval' },
    owedStep: 'motion.upper_approval',
    owedBy: ['org_staff', 'recorder'],
    unit: 'working_days',
    length: (p) => p.upperApprovalReplyWorkingDays,
    configurable: true,
    escalateTo: 'minister',
    onExpiry: 'escalate',
    reminds: true,
    source:
      'domain.md, 1 · Motion: "the reply is due in 10 working days (*local*), and nothing proceeds until it arrives"',
  },
  {
    key: 'consultation.answer',
    zh: '征求意见答复',
    en: 'the member units’ written answers',
    starts: { zh: '发出征求意见函', en: 'the consultation requests are sent' },
    owedStep: 'consultation.answer',
    owedBy: ['member_unit'],
    unit: 'working_days',
    length: (p) => p.consultationDeadlineWorkingDays,
    configurable: true,
    escalateTo: 'supervision_section_chief',
    onExpiry: 'escalate',
    reminds: true,
    source: 'domain.md, 5 · Consultation: "Each answers in writing by a deadline (*configurable*)"',
  },
  {
    key: 'consultation.co_manager_silence',
    zh: '协管方一个月未答复视为同意',
    en: 'a co-manager silent for a month consents',
    starts: { zh: '向协管方发出征求意见函', en: 'the request to the co-manager is sent' },
    owedStep: 'consultation.answer',
    owedBy: ['member_unit'],
    unit: 'months',
    length: () => STATUTORY.dualManagedSilenceMonths,
    configurable: false,
    escalateTo: 'supervision_section_chief',
    onExpiry: 'consent',
    reminds: true,
    source:
      'domain.md, 5 · Consultation: "a dual-managed cadre’s co-manager that does not answer in one month is taken to consent (Reg. 2014 Art. 34)"',
  },
  {
    key: 'decision.first_submission',
    zh: '纪实初次提交',
    en: 'the record’s first submission to the supervising organ',
    starts: { zh: '讨论决定', en: 'the decision' },
    owedStep: 'decision.first_submission',
    owedBy: ['org_staff', 'recorder'],
    unit: 'calendar_days',
    length: (p) => p.firstSubmissionDays,
    configurable: true,
    escalateTo: 'supervision_section_chief',
    onExpiry: 'escalate',
    reminds: true,
    source:
      'domain.md, 6 · Decision: "the first submission of the record to the supervising organ is due within 5 days of the decision (Tianjin practice: *local*, configurable, with its counting rule)"',
  },
  {
    key: 'appointment.objection_deferral',
    zh: '暂缓任职期满',
    en: 'the end of an appointment deferred on an objection',
    starts: { zh: '举报核查结论为暂缓', en: 'an objection’s outcome defers the appointment' },
    owedStep: 'appointment.objection_outcome',
    owedBy: ['org_staff', 'recorder'],
    unit: 'months',
    length: () => STATUTORY.maxObjectionDeferralMonths,
    configurable: false,
    escalateTo: 'supervision_section_chief',
    onExpiry: 'resume',
    reminds: false,
    source: 'domain.md, 7 · Appointment: "serious but not yet verifiable → defer, at most 3 months"',
  },
  {
    key: 'probation.assessment',
    zh: '试用期满考核',
    en: 'the assessment at the end of probation',
    starts: {
      zh: '任职通知（试用期一年起算，离岗超过六个月相应延长）',
      en: 'the appointment notice (a year’s probation, extended by time away over six months)',
    },
    owedStep: 'probation.assessment',
    owedBy: ['org_staff', 'recorder'],
    unit: 'calendar_days',
    length: (p) => p.probationAssessmentDays,
    configurable: true,
    escalateTo: 'supervision_section_chief',
    onExpiry: 'escalate',
    reminds: true,
    source:
      'domain.md, 8 · Probation: "one year … from the appointment notice: assessed at the end"; the days after the end: the policy’s probationAssessmentDays (*local*)',
  },
];

export function deadlineSpec(key: DeadlineKey): DeadlineSpec {
  return DEADLINES.find((d) => d.key === key) as DeadlineSpec;
}

/** The last day of a deadline started on `startOn` (China dates). */
export function deadlineDue(
  key: DeadlineKey,
  startOn: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): CivilDate {
  switch (key) {
    case 'motion.upper_approval':
      return upperApprovalDue(startOn, calendar, policy);
    case 'consultation.answer':
      return consultationDeadline(startOn, calendar, policy);
    case 'consultation.co_manager_silence':
      return addDays(coManagerConsentsOn(startOn), -1);
    case 'decision.first_submission':
      return firstSubmissionDue(startOn, policy.firstSubmissionDays);
    case 'appointment.objection_deferral':
      return addMonths(startOn, STATUTORY.maxObjectionDeferralMonths);
    case 'probation.assessment':
      return probationAssessmentDue(startOn, 0, policy);
  }
}

/** The assessment's last day for an appointee noticed on `noticeOn`, away `absentMonths` in all. */
export function probationAssessmentDue(noticeOn: CivilDate, absentMonths: number, policy: Policy): CivilDate {
  return addDays(probationEnds(noticeOn, absentMonths), policy.probationAssessmentDays);
}

/**
 * The days its owner is reminded (the policy's days before the last day), those still to come after
 * `startOn`, earliest first, for a deadline that `reminds` (a deferral's end is told when it comes).
 */
export function reminderDays(
  key: DeadlineKey,
  startOn: CivilDate,
  dueOn: CivilDate,
  policy: Policy,
): CivilDate[] {
  if (!deadlineSpec(key).reminds) return [];
  return [...new Set(policy.deadlineReminderDays)]
    .sort((a, b) => b - a)
    .map((days) => addDays(dueOn, -days))
    .filter((day) => compareDates(day, startOn) > 0);
}

/** Whole days late on `today` for a deadline whose last day was `dueOn` (0 while not late). */
export function daysLate(dueOn: CivilDate, today: CivilDate): number {
  return Math.max(0, daysBetween(dueOn, today));
}
