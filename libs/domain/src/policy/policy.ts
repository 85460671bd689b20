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
  /**
   * How long each measure bars a candidate (影响期), in months from its decision (party probation:
   * from the restoration of party rights): from any leading post (`post`) and from promotion
   * (`promotion`). *configurable*: the defaults are the texts' (Reg. 2019 Art. 24; the party
   * discipline rules; 政务处分法 Art. 8; the rules on organizational measures).
   */
  readonly measureImpactMonths: Readonly<Record<MeasureKind, ImpactMonths>>;
  /** The first submission of the record to the supervising organ, due within this many days of the decision. *local*: Tianjin. */
  readonly firstSubmissionDays: number;
  /** Reminders of a deadline go out this many days before its last day (each a number of days). *configurable* */
  readonly deadlineReminderDays: readonly number[];
  /**
   * The probation's assessment is due within this many days after the probation's last day (it may
   * be given on that day at the earliest). *local*: the 2001 rules say only "at the end"; a month is
   * the default an organization sets its own against.
   */
  readonly probationAssessmentDays: number;
  /**
   * Each gate's record is signed, after the four signatures, at three levels: the selection
   * department's deputy in charge, its principal, the responsible unit's leader (三级签字). *local*:
   * Tianjin's practice, off by default.
   */
  readonly threeLevelSignature: boolean;
}

/** Measures that bar a candidate for a time: admonishment, organizational measures, party and government sanctions. */
export const MEASURE_KINDS = [
  'admonishment',
  'transferred',
  'removed_from_office',
  'demoted',
  'ordered_to_resign',
  'warning',
  'serious_warning',
  'removal_from_party_post',
  'party_probation',
  'gov_warning',
  'gov_demerit',
  'gov_major_demerit',
  'gov_demotion',
  'gov_dismissal',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** Months a measure bars a candidate from a leading post and from promotion. */
export interface ImpactMonths {
  readonly post: number;
  readonly promotion: number;
}

/** The measures' names, for people. */
export const MEASURE_LABELS: Readonly<Record<MeasureKind, { zh: string; en: string }>> = {
  admonishment: { zh: '诫勉', en: 'admonishment' },
  transferred: { zh: '调离岗位', en: 'transferred from the post' },
  removed_from_office: { zh: '免职', en: 'removed from office' },
  demoted: { zh: '降职', en: 'demoted' },
  ordered_to_resign: { zh: '责令辞职或引咎辞职', en: 'ordered or choosing to resign' },
  warning: { zh: '党内警告', en: 'party warning' },
  serious_warning: { zh: '党内严重警告', en: 'serious party warning' },
  removal_from_party_post: { zh: '撤销党内职务', en: 'removal from party post' },
  party_probation: { zh: '留党察看', en: 'party probation' },
  gov_warning: { zh: '政务警告', en: 'government warning' },
  gov_demerit: { zh: '记过', en: 'demerit' },
  gov_major_demerit: { zh: '记大过', en: 'major demerit' },
  gov_demotion: { zh: '降级', en: 'demotion in grade' },
  gov_dismissal: { zh: '撤职', en: 'dismissal from post' },
};

const months = (post: number, promotion = post): ImpactMonths => Object.freeze({ post, promotion });

export const DEFAULT_POLICY: Policy = Object.freeze({
  shortlistCandidatesPerPost: 2,
  recommendationMeetingQuorum: Object.freeze({ numerator: 2, denominator: 3 }),
  inspectionNoticeWorkingDays: Object.freeze({ min: 1, max: 3 }),
  upperApprovalReplyWorkingDays: 10,
  consultationDeadlineWorkingDays: 5,
  consultationUnits: Object.freeze(['inspection', 'audit', 'procuratorate', 'petitions', 'public_security']),
  announcementWorkingDays: 5,
  measureImpactMonths: Object.freeze({
    admonishment: months(6),
    transferred: months(12),
    removed_from_office: months(12, 24),
    demoted: months(24),
    ordered_to_resign: months(12, 24),
    warning: months(12),
    serious_warning: months(18),
    removal_from_party_post: months(24),
    party_probation: months(24),
    gov_warning: months(6),
    gov_demerit: months(12),
    gov_major_demerit: months(18),
    gov_demotion: months(24),
    gov_dismissal: months(24),
  }),
  threeLevelSignature: false,
  firstSubmissionDays: 5,
  deadlineReminderDays: Object.freeze([2, 1]),
  probationAssessmentDays: 30,
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
  measureImpactMonths:
    'domain.md, 0 · Qualification: "Impact periods (a configurable table; defaults from the texts …)"',
  firstSubmissionDays:
    'domain.md, 6 · Decision: "the first submission of the record to the supervising organ is due within 5 days of the decision (Tianjin practice: *local*, configurable, with its counting rule)"',
  deadlineReminderDays:
    'domain.md, the deadlines of the gates (Motion, Consultation, Decision): each reminds its owner before it falls due — 2 and 1 days before by default, *configurable*',
  probationAssessmentDays:
    'domain.md, 8 · Probation: "assessed at the end" — the rules give no number of days: 30 after the last day by default, *local*',
  threeLevelSignature:
    'domain.md, Keeping the record: "Tianjin adds a three-level signature: the selection department’s deputy in charge, its principal, and the leader of the responsible unit"',
};

function positiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

/**
 * The organization's policy: the defaults with its overrides, each checked. Returns the refusals
 * (code POLICY.INVALID) instead of a policy when an override breaks its rule.
 */
export function resolvePolicy(
  overrides: Partial<Policy> = {},
  options: {
    /**
     * Also refuse what the rules of earlier releases took: unknown fields, a ratio over 5 or in
     * finer steps than tenths, unit ids outside the id pattern. Off only to replay a case that
     * started under them.
     */
    readonly strict?: boolean;
  } = {},
): Policy | Refusal[] {
  const strict = options.strict ?? true;
  const policy: Policy = {
    ...DEFAULT_POLICY,
    ...overrides,
    // A table given in part keeps the defaults for the measures it does not name.
    measureImpactMonths: {
      ...DEFAULT_POLICY.measureImpactMonths,
      ...(typeof overrides.measureImpactMonths === 'object' ? overrides.measureImpactMonths : {}),
    },
  };
  const problems: Refusal[] = [];
  const bad = (field: keyof Policy, zh: string, en: string) =>
    problems.push(refuse('POLICY.INVALID', `配置项 ${field}：${zh}`, `policy ${field}: ${en}`, { field }));

  // Competitive inspection: more candidates than posts (1.5 is three for two posts), in tenths.
  const ratio = policy.shortlistCandidatesPerPost;
  const inTenths = Math.abs(ratio * 10 - Math.round(ratio * 10)) < 1e-9;
  if (typeof ratio !== 'number' || !(ratio > 1) || (strict && (ratio > 5 || !inTenths))) {
    bad(
      'shortlistCandidatesPerPost',
      '差额考察人选须多于职位数（大于 1、不超过 5，至多一位小数）',
      'competitive inspection needs more candidates than posts (over 1, at most 5, in tenths)',
    );
  }
  const q = policy.recommendationMeetingQuorum ?? {};
  if (!positiveInteger(q.numerator) || !positiveInteger(q.denominator) || q.numerator > q.denominator) {
    bad('recommendationMeetingQuorum', '须为不大于 1 的正分数', 'must be a positive fraction of at most 1');
  }
  const n = policy.inspectionNoticeWorkingDays ?? {};
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
  if (
    !Array.isArray(policy.consultationUnits) ||
    (strict &&
      policy.consultationUnits.some(
        (u) => typeof u !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(u),
      ))
  ) {
    bad('consultationUnits', '须为成员单位编号的列表', 'must be a list of member unit ids');
  } else if (new Set(policy.consultationUnits).size !== policy.consultationUnits.length) {
    bad('consultationUnits', '单位不得重复', 'lists a unit twice');
  }
  if (!positiveInteger(policy.firstSubmissionDays)) {
    bad('firstSubmissionDays', '须为正整数', 'must be a whole number of 1 or more');
  }
  const reminders = policy.deadlineReminderDays;
  if (
    !Array.isArray(reminders) ||
    reminders.length > 5 ||
    reminders.some((d) => !positiveInteger(d) || d > 30) ||
    new Set(reminders).size !== reminders.length
  ) {
    bad(
      'deadlineReminderDays',
      '须为 1 至 30 之间互不相同的天数，最多 5 个',
      'must be up to 5 distinct whole days of 1 to 30',
    );
  }
  if (!positiveInteger(policy.probationAssessmentDays) || policy.probationAssessmentDays > 366) {
    bad('probationAssessmentDays', '须为 1 至 366 之间的整数', 'must be a whole number of 1 to 366');
  }
  if (typeof policy.threeLevelSignature !== 'boolean') {
    bad('threeLevelSignature', '须为 true 或 false', 'must be true or false');
  }
  for (const field of Object.keys(overrides)) {
    if (!Object.hasOwn(DEFAULT_POLICY, field))
      bad(field as keyof Policy, '没有该配置项', 'there is no such policy field');
  }
  for (const [kind, impact] of Object.entries(policy.measureImpactMonths)) {
    if (!(MEASURE_KINDS as readonly string[]).includes(kind)) {
      bad('measureImpactMonths', `没有名为 ${kind} 的处理或处分`, `there is no measure ${kind}`);
    } else if (
      typeof impact !== 'object' ||
      impact === null ||
      !Number.isInteger(impact.post) ||
      !Number.isInteger(impact.promotion) ||
      impact.post < 0 ||
      impact.promotion < impact.post
    ) {
      bad(
        'measureImpactMonths',
        `${kind} 的影响期须为整月数，且不得提拔的期限不短于不得任职的期限`,
        `${kind}: whole months, the promotion bar no shorter than the post bar`,
      );
    }
  }
  return problems.length > 0 ? problems : policy;
}
