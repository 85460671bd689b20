import { refuse, type Refusal } from '../errors/refusal';

/** A ratio such as two thirds. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * The numbers that domain.md marks *local* or *configurable*: each has the default given there and
 * may be overridden per organization. Rules read them from here, never from a constant.
 * Statutory numbers (the Regulations') are in statutory.ts.
 */
export interface Policy {
  /** Competitive inspection: candidates per post on the shortlist (差额考察, "2 选 1"). *configurable* */
  readonly shortlistCandidatesPerPost: number;
  /** Quorum of a recommendation meeting, of the expected participants. *local* */
  readonly recommendationMeetingQuorum: Fraction;
  /** Inspection notice (考察预告) published this many working days ahead, at least and at most. *local* */
  readonly inspectionNoticeWorkingDays: { readonly min: number; readonly max: number };
  /** The upper department's reply to a motion that needs its approval, due in working days. *local* */
  readonly upperApprovalReplyWorkingDays: number;
  /** Each consulted unit answers in writing within this many working days. *configurable* */
  readonly consultationDeadlineWorkingDays: number;
  /** Joint-meeting member units consulted on every case besides the mandatory ones. *configurable* */
  readonly consultationUnits: readonly string[];
  /** Length of the public announcement in working days; the Regulations' minimum is 5. */
  readonly announcementWorkingDays: number;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  shortlistCandidatesPerPost: 2,
  recommendationMeetingQuorum: Object.freeze({ numerator: 2, denominator: 3 }),
  inspectionNoticeWorkingDays: Object.freeze({ min: 1, max: 3 }),
  upperApprovalReplyWorkingDays: 10,
  consultationDeadlineWorkingDays: 5,
  consultationUnits: Object.freeze(['inspection', 'audit', 'procuratorate', 'petitions', 'public_security']),
  announcementWorkingDays: 5,
});

/** Where each policy value comes from in domain.md. */
export const POLICY_SOURCES: Readonly<Record<keyof Policy, string>> = {
  shortlistCandidatesPerPost: 'domain.md, Inspection: "two candidates per post by default (*configurable*)"',
  recommendationMeetingQuorum: 'domain.md, Nomination: "meeting quorum two thirds of the expected (*local*)"',
  inspectionNoticeWorkingDays: 'domain.md, Inspection: "notice published 1–3 working days ahead (*local*)"',
  upperApprovalReplyWorkingDays: 'domain.md, Motion: "the reply is due in 10 working days (*local*)"',
  consultationDeadlineWorkingDays:
    'domain.md, Consultation: "Each answers in writing by a deadline (*configurable*)"',
  consultationUnits:
    'domain.md, Consultation: "inspection, audit, procuratorate, petitions, public security and the other joint-meeting member units as configured"',
  announcementWorkingDays: 'domain.md, Appointment: "public announcement of at least 5 working days"',
};

function positiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

/**
 * The organization's policy: the defaults with its overrides, each checked. Returns the refusals
 * (code POLICY.INVALID) instead of a policy when an override breaks its rule.
 */
export function resolvePolicy(overrides: Partial<Policy> = {}): Policy | Refusal[] {
  const policy: Policy = { ...DEFAULT_POLICY, ...overrides };
  const problems: Refusal[] = [];
  const bad = (field: keyof Policy, zh: string, en: string) =>
    problems.push(refuse('POLICY.INVALID', `配置项 ${field}：${zh}`, `policy ${field}: ${en}`, { field }));

  if (!positiveInteger(policy.shortlistCandidatesPerPost) || policy.shortlistCandidatesPerPost < 2) {
    bad(
      'shortlistCandidatesPerPost',
      '差额考察每个职位至少 2 名人选',
      'competitive inspection needs at least 2 per post',
    );
  }
  const q = policy.recommendationMeetingQuorum;
  if (!positiveInteger(q.numerator) || !positiveInteger(q.denominator) || q.numerator > q.denominator) {
    bad('recommendationMeetingQuorum', '须为不大于 1 的正分数', 'must be a positive fraction of at most 1');
  }
  const n = policy.inspectionNoticeWorkingDays;
  if (!positiveInteger(n.min) || !positiveInteger(n.max) || n.min > n.max) {
    bad(
      'inspectionNoticeWorkingDays',
      '须为 1 以上且最小值不大于最大值',
      'min and max must be 1 or more, min ≤ max',
    );
  }
  if (!positiveInteger(policy.upperApprovalReplyWorkingDays)) {
    bad('upperApprovalReplyWorkingDays', '须为正整数', 'must be a whole number of 1 or more');
  }
  if (!positiveInteger(policy.consultationDeadlineWorkingDays)) {
    bad('consultationDeadlineWorkingDays', '须为正整数', 'must be a whole number of 1 or more');
  }
  if (!positiveInteger(policy.announcementWorkingDays) || policy.announcementWorkingDays < 5) {
    bad(
      'announcementWorkingDays',
      '任前公示不少于 5 个工作日',
      'the announcement lasts at least 5 working days',
    );
  }
  if (new Set(policy.consultationUnits).size !== policy.consultationUnits.length) {
    bad('consultationUnits', '单位不得重复', 'lists a unit twice');
  }
  return problems.length > 0 ? problems : policy;
}
