/** Gate 0 · qualification (任职资格): its rules, each with its code and the words of domain.md it implements. */
import { addMonths, type CivilDate, compareDates } from '../../calendar/civil-date';
import type { PostLevel } from '../../classification/classification';
import { ALLOWED, refuse, refusals, type Refusal, type Verdict } from '../../errors/refusal';
import { DEFAULT_POLICY, MEASURE_LABELS, type MeasureKind, type Policy } from '../../policy/policy';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

const S = STATUTORY;

export const QUALIFICATION_RULES: RuleSpec[] = [
  rule(
    'qualification',
    'QUAL.WORK_YEARS',
    '工作年限不少于 5 年',
    'at least 5 years of work',
    'domain.md, 0 · Qualification: "county/division level: at least 5 years of work and 2 at the grassroots"',
  ),
  rule(
    'qualification',
    'QUAL.GRASSROOTS_YEARS',
    '基层工作经历不少于 2 年',
    'at least 2 years at the grassroots',
    'domain.md, 0 · Qualification: "county/division level: at least 5 years of work and 2 at the grassroots"',
  ),
  rule(
    'qualification',
    'QUAL.LOWER_POSTS',
    '一般应有两个以上下一级职位任职经历',
    'generally two or more posts at the level below',
    'domain.md, 0 · Qualification: "generally served in two or more posts at the level below"',
  ),
  rule(
    'qualification',
    'QUAL.DEPUTY_TO_PRINCIPAL',
    '由副职提任正职，任副职不少于 2 年',
    'deputy → principal after 2 years as deputy',
    'domain.md, 0 · Qualification: "deputy → principal after 2 years as deputy"',
  ),
  rule(
    'qualification',
    'QUAL.PRINCIPAL_TO_UPPER_DEPUTY',
    '由下级正职提任上级副职，任下级正职不少于 3 年',
    'lower principal → upper deputy after 3 years',
    'domain.md, 0 · Qualification: "lower principal → upper deputy after 3 years"',
  ),
  rule(
    'qualification',
    'QUAL.EDUCATION',
    '学历：县处级大专以上，厅局级大学本科以上',
    'education: junior college, bachelor’s from bureau level',
    'domain.md, 0 · Qualification: "education: junior college, bachelor’s from bureau level"',
  ),
  rule(
    'qualification',
    'QUAL.TRAINING',
    '已参加培训或任职一年内完成',
    'training done or completed within a year',
    'domain.md, 0 · Qualification: "training done or completed within a year"',
  ),
  rule(
    'qualification',
    'EXC.ON_PROBATION',
    '试用期内不得破格提拔',
    'no exceptional promotion while on probation',
    'domain.md, 0 · Qualification: "exceptional promotion (破格): not while on probation or within a year of the last promotion"',
  ),
  rule(
    'qualification',
    'EXC.RECENT_PROMOTION',
    '提拔不满一年不得破格提拔',
    'no exceptional promotion within a year of the last promotion',
    'domain.md, 0 · Qualification: "not while on probation or within a year of the last promotion"',
  ),
  rule(
    'qualification',
    'EXC.TWICE_ON_YEARS',
    '不得连续因任职年限破格',
    'never twice running on years-in-post',
    'domain.md, 0 · Qualification: "never twice running on years-in-post"',
  ),
  rule(
    'qualification',
    'EXC.TWO_GRADES',
    '不得越两级提拔',
    'never two grades at once',
    'domain.md, 0 · Qualification: "never two grades at once"',
  ),
  rule(
    'qualification',
    'EXC.APPROVAL_BEFORE_DECISION',
    '破格提拔须在讨论决定前经上级组织部门同意',
    'exceptional promotion approved by the upper department before the decision meeting',
    'domain.md, 0 · Qualification: "needs the upper organization department’s approval before the decision meeting"',
  ),
  rule(
    'qualification',
    'EXC.GRADE_SKIP_REPORT',
    '越级提拔须在考察前报告',
    'grade-skipping reported before inspection',
    'domain.md, 0 · Qualification: "grade-skipping must be reported before inspection"',
  ),
  rule(
    'qualification',
    'NEG.POLITICAL_DISCIPLINE',
    '违反政治纪律、政治规矩的不得列为人选',
    'political-discipline violations bar a candidate',
    'domain.md, 0 · Qualification: "the negative list (Reg. 2019 Art. 24): political-discipline violations"',
  ),
  rule(
    'qualification',
    'NEG.LOW_RECOGNITION',
    '群众公认度不高的不得列为人选',
    'low public recognition bars a candidate',
    'domain.md, 0 · Qualification: "low public recognition"',
  ),
  rule(
    'qualification',
    'NEG.ANNUAL_REVIEW',
    '上年度考核为基本称职及以下的不得列为人选',
    'last annual review "basically competent" or worse bars a candidate',
    'domain.md, 0 · Qualification: "last annual review “basically competent” or worse"',
  ),
  rule(
    'qualification',
    'NEG.CANVASSING',
    '跑官要官、拉票贿选的不得列为人选',
    'canvassing for posts or votes bars a candidate',
    'domain.md, 0 · Qualification: "canvassing for posts or votes"',
  ),
  rule(
    'qualification',
    'NEG.NAKED_OFFICIAL',
    '“裸官”不得列为考察对象（特殊岗位除外）',
    'an official whose family emigrated is barred, unless a special post',
    'domain.md, 0 · Qualification: "裸官 (unless a special post)"',
  ),
  rule(
    'qualification',
    'NEG.SANCTION_PERIOD',
    '处分影响期内不得提拔',
    'no promotion inside a sanction’s impact period',
    'domain.md, 0 · Qualification: "inside the impact period of an admonishment or sanction (warning 1 year, serious warning 18 months, removal from party post 2 years, party probation 2 years after restoration)"',
  ),
  rule(
    'qualification',
    'RECUSAL.KINSHIP',
    '夫妻、直系血亲、三代以内旁系血亲及近姻亲关系须回避',
    'recusal for spouse, direct blood relatives, collateral relatives within three generations, close in-laws',
    'domain.md, 0 · Qualification: "recusal: spouse, direct blood relatives, collateral relatives within three generations, close in-laws"',
  ),
];

export const EDUCATION_LEVELS = ['high_school', 'junior_college', 'bachelor', 'master', 'doctorate'] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

const LEVEL_ORDER: Record<PostLevel, number> = { section: 0, county: 1, bureau: 2 };

/** A candidate's record as the qualification check reads it. */
export interface CandidateRecord {
  readonly workYears: number;
  readonly grassrootsYears: number;
  /** Posts held at the level just below the post being filled. */
  readonly postsAtLevelBelow: number;
  readonly currentLevel: PostLevel;
  readonly currentRank: 'deputy' | 'principal';
  readonly yearsInCurrentRank: number;
  readonly education: Education;
  readonly trainingDone: boolean;
  /** When training is not done: it is scheduled to complete within this many months. */
  readonly trainingDueWithinMonths?: number;
}

/** The post being filled. */
export interface TargetPost {
  readonly level: PostLevel;
  readonly rank: 'deputy' | 'principal';
}

function years(n: number): string {
  return `${n}`;
}

/**
 * Every qualification rule the candidate fails for the post (Reg. 2014 Art. 8–9). Empty when
 * eligible. Exceptional promotion waives the years-in-rank rules, and only those: its own
 * constraints are checked by checkExceptionalPromotion.
 */
export function checkQualification(
  candidate: CandidateRecord,
  post: TargetPost,
  options: { exceptional?: boolean } = {},
): Refusal[] {
  const verdicts: Verdict[] = [];
  const atCountyOrAbove = LEVEL_ORDER[post.level] >= LEVEL_ORDER.county;
  if (atCountyOrAbove && candidate.workYears < S.minWorkYears) {
    verdicts.push(
      refuse(
        'QUAL.WORK_YEARS',
        `工作年限 ${years(candidate.workYears)} 年，不足 ${S.minWorkYears} 年`,
        `${candidate.workYears} years of work, fewer than ${S.minWorkYears}`,
        {
          workYears: candidate.workYears,
        },
      ),
    );
  }
  if (atCountyOrAbove && candidate.grassrootsYears < S.minGrassrootsYears) {
    verdicts.push(
      refuse(
        'QUAL.GRASSROOTS_YEARS',
        `基层工作经历 ${candidate.grassrootsYears} 年，不足 ${S.minGrassrootsYears} 年`,
        `${candidate.grassrootsYears} years at the grassroots, fewer than ${S.minGrassrootsYears}`,
        {
          grassrootsYears: candidate.grassrootsYears,
        },
      ),
    );
  }
  const promotionInLevel = post.level !== candidate.currentLevel || post.rank !== candidate.currentRank;
  if (
    atCountyOrAbove &&
    promotionInLevel &&
    !options.exceptional &&
    candidate.postsAtLevelBelow < S.minPostsAtLevelBelow
  ) {
    verdicts.push(
      refuse(
        'QUAL.LOWER_POSTS',
        `下一级职位任职经历 ${candidate.postsAtLevelBelow} 个，一般应有 ${S.minPostsAtLevelBelow} 个以上`,
        `${candidate.postsAtLevelBelow} post(s) at the level below; generally ${S.minPostsAtLevelBelow} or more`,
        {
          postsAtLevelBelow: candidate.postsAtLevelBelow,
        },
      ),
    );
  }
  if (!options.exceptional) {
    const sameLevel = post.level === candidate.currentLevel;
    if (
      sameLevel &&
      candidate.currentRank === 'deputy' &&
      post.rank === 'principal' &&
      candidate.yearsInCurrentRank < S.deputyToPrincipalYears
    ) {
      verdicts.push(
        refuse(
          'QUAL.DEPUTY_TO_PRINCIPAL',
          `任副职 ${candidate.yearsInCurrentRank} 年，提任正职须满 ${S.deputyToPrincipalYears} 年`,
          `${candidate.yearsInCurrentRank} years as deputy; principal needs ${S.deputyToPrincipalYears}`,
          {
            yearsInCurrentRank: candidate.yearsInCurrentRank,
          },
        ),
      );
    }
    const oneUp = LEVEL_ORDER[post.level] === LEVEL_ORDER[candidate.currentLevel] + 1;
    if (
      oneUp &&
      candidate.currentRank === 'principal' &&
      post.rank === 'deputy' &&
      candidate.yearsInCurrentRank < S.principalToUpperDeputyYears
    ) {
      verdicts.push(
        refuse(
          'QUAL.PRINCIPAL_TO_UPPER_DEPUTY',
          `任下级正职 ${candidate.yearsInCurrentRank} 年，提任上级副职须满 ${S.principalToUpperDeputyYears} 年`,
          `${candidate.yearsInCurrentRank} years as lower principal; upper deputy needs ${S.principalToUpperDeputyYears}`,
          {
            yearsInCurrentRank: candidate.yearsInCurrentRank,
          },
        ),
      );
    }
  }
  const minEducation: Education = post.level === 'bureau' ? 'bachelor' : 'junior_college';
  if (
    atCountyOrAbove &&
    EDUCATION_LEVELS.indexOf(candidate.education) < EDUCATION_LEVELS.indexOf(minEducation)
  ) {
    verdicts.push(
      refuse(
        'QUAL.EDUCATION',
        post.level === 'bureau'
          ? '厅局级职位须具有大学本科以上文化程度'
          : '县处级职位须具有大学专科以上文化程度',
        post.level === 'bureau'
          ? 'a bureau-level post needs a bachelor’s degree or higher'
          : 'a county-level post needs junior college or higher',
        {
          education: candidate.education,
          required: minEducation,
        },
      ),
    );
  }
  if (
    !candidate.trainingDone &&
    !((candidate.trainingDueWithinMonths ?? Infinity) <= S.trainingGraceMonths)
  ) {
    verdicts.push(
      refuse(
        'QUAL.TRAINING',
        '未参加任职培训，且不能在任职一年内完成',
        'no training done, and none to be completed within a year',
        {
          trainingDone: false,
        },
      ),
    );
  }
  return refusals(verdicts);
}

/** The last promotion of a candidate, as the exceptional-promotion check reads it. */
export interface PromotionHistory {
  readonly onProbation: boolean;
  readonly lastPromotionOn?: CivilDate;
  /** The last promotion was exceptional because of years in post. */
  readonly lastWasExceptionalOnYears: boolean;
}

/**
 * The constraints on exceptional promotion (破格): not on probation, not within a year of the last
 * promotion, never twice running on years-in-post, never two grades at once.
 */
export function checkExceptionalPromotion(
  history: PromotionHistory,
  from: { level: PostLevel; rank: 'deputy' | 'principal' },
  to: TargetPost,
  on: CivilDate,
  options: { onYearsInPost: boolean },
): Refusal[] {
  const verdicts: Verdict[] = [];
  if (history.onProbation)
    verdicts.push(
      refuse(
        'EXC.ON_PROBATION',
        '人选尚在试用期内，不得破格提拔',
        'the candidate is on probation; no exceptional promotion',
      ),
    );
  if (
    history.lastPromotionOn &&
    compareDates(on, addMonths(history.lastPromotionOn, S.exceptionalMinMonthsSincePromotion)) < 0
  ) {
    verdicts.push(
      refuse(
        'EXC.RECENT_PROMOTION',
        `上次提拔于 ${history.lastPromotionOn}，不满一年不得破格提拔`,
        `last promoted on ${history.lastPromotionOn}, under a year ago`,
        {
          lastPromotionOn: history.lastPromotionOn,
        },
      ),
    );
  }
  if (options.onYearsInPost && history.lastWasExceptionalOnYears) {
    verdicts.push(
      refuse(
        'EXC.TWICE_ON_YEARS',
        '上次提拔已因任职年限破格，不得连续破格',
        'the last promotion was already exceptional on years in post',
      ),
    );
  }
  const grades = (level: PostLevel, rank: 'deputy' | 'principal') =>
    LEVEL_ORDER[level] * 2 + (rank === 'principal' ? 1 : 0);
  if (grades(to.level, to.rank) - grades(from.level, from.rank) > 2) {
    verdicts.push(refuse('EXC.TWO_GRADES', '不得越两级提拔', 'a promotion may not skip two grades'));
  }
  return refusals(verdicts);
}

/** Exceptional promotion needs the upper department's approval before the decision meeting. */
export function checkExceptionalApproval(
  approvedOn: CivilDate | undefined,
  decisionMeetingOn: CivilDate,
): Verdict {
  if (approvedOn && compareDates(approvedOn, decisionMeetingOn) <= 0) return ALLOWED;
  return refuse(
    'EXC.APPROVAL_BEFORE_DECISION',
    '破格提拔须在讨论决定前经上级组织部门同意',
    'an exceptional promotion needs the upper department’s approval before the decision meeting',
    {
      approvedOn: approvedOn ?? null,
      decisionMeetingOn,
    },
  );
}

/** Grade-skipping must be reported before inspection starts. */
export function checkGradeSkipReport(
  reportedOn: CivilDate | undefined,
  inspectionStartsOn: CivilDate,
): Verdict {
  if (reportedOn && compareDates(reportedOn, inspectionStartsOn) < 0) return ALLOWED;
  return refuse(
    'EXC.GRADE_SKIP_REPORT',
    '越级提拔须在考察前向上级组织部门报告',
    'grade-skipping must be reported before inspection',
    {
      reportedOn: reportedOn ?? null,
      inspectionStartsOn,
    },
  );
}

/** Party sanctions (党纪处分): the first measures the negative list knew; see MEASURE_KINDS for all. */
export const SANCTION_KINDS = [
  'warning',
  'serious_warning',
  'removal_from_party_post',
  'party_probation',
] as const satisfies readonly MeasureKind[];
export type SanctionKind = (typeof SANCTION_KINDS)[number];

/** A measure taken against a candidate: admonishment, organizational measure, party or government sanction. */
export interface Sanction {
  readonly kind: MeasureKind;
  readonly decidedOn: CivilDate;
  /** Party probation: the day party rights were restored; the impact period runs from then. */
  readonly restoredOn?: CivilDate;
}

export interface IntegrityFacts {
  readonly politicalDisciplineViolation: boolean;
  readonly lowRecognition: boolean;
  readonly lastAnnualReview: 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
  readonly canvassing: boolean;
  readonly nakedOfficial: boolean;
  readonly specialPost: boolean;
  readonly sanctions: readonly Sanction[];
}

/**
 * The last day a measure bars the candidate: its impact period (the policy's table) from its
 * decision (party probation: from the restoration of party rights). A promotion is barred for the
 * promotion period, any other appointment to a leading post for the post period.
 */
export function sanctionImpactEnds(
  sanction: Sanction,
  policy: Policy = DEFAULT_POLICY,
  promotion = true,
): CivilDate {
  const from = sanction.kind === 'party_probation' ? sanction.restoredOn : sanction.decidedOn;
  if (!from) throw new Error('party probation needs the date party rights were restored');
  const impact = policy.measureImpactMonths[sanction.kind];
  return addMonths(from, promotion ? impact.promotion : impact.post);
}

/** The negative list (Reg. 2019 Art. 24): every ground that bars the candidate on `on`. */
export function checkNegativeList(
  facts: IntegrityFacts,
  on: CivilDate,
  policy: Policy = DEFAULT_POLICY,
  promotion = true,
): Refusal[] {
  const verdicts: Verdict[] = [];
  if (facts.politicalDisciplineViolation)
    verdicts.push(
      refuse('NEG.POLITICAL_DISCIPLINE', '有违反政治纪律、政治规矩的行为', 'political-discipline violation'),
    );
  if (facts.lowRecognition)
    verdicts.push(refuse('NEG.LOW_RECOGNITION', '群众公认度不高', 'low public recognition'));
  if (facts.lastAnnualReview === 'basically_competent' || facts.lastAnnualReview === 'incompetent') {
    verdicts.push(
      refuse(
        'NEG.ANNUAL_REVIEW',
        '上年度考核结果为基本称职及以下',
        'last annual review "basically competent" or worse',
        { lastAnnualReview: facts.lastAnnualReview },
      ),
    );
  }
  if (facts.canvassing)
    verdicts.push(refuse('NEG.CANVASSING', '有跑官要官、拉票贿选行为', 'canvassing for posts or votes'));
  if (facts.nakedOfficial && !facts.specialPost)
    verdicts.push(
      refuse(
        'NEG.NAKED_OFFICIAL',
        '配偶已移居国（境）外，或没有配偶但子女均已移居国（境）外',
        'spouse (or, with none, all children) emigrated; not a special post',
      ),
    );
  for (const sanction of facts.sanctions) {
    const ends = sanctionImpactEnds(sanction, policy, promotion);
    if (compareDates(on, ends) < 0) {
      const label = MEASURE_LABELS[sanction.kind];
      verdicts.push(
        refuse(
          'NEG.SANCTION_PERIOD',
          `受到${label.zh}（${sanction.kind === 'party_probation' ? `${sanction.restoredOn} 恢复党员权利` : sanction.decidedOn}），影响期至 ${ends} 止，期内不得${promotion ? '提拔' : '任用'}`,
          `inside the impact period of ${label.en} (${sanction.kind}) until ${ends}: no ${promotion ? 'promotion' : 'appointment'} before then`,
          {
            kind: sanction.kind,
            ends,
          },
        ),
      );
    }
  }
  return refusals(verdicts);
}

export const KINSHIPS = [
  'spouse',
  'direct_blood',
  'collateral_within_three',
  'close_in_law',
  'other',
  'none',
] as const;
export type Kinship = (typeof KINSHIPS)[number];

const RECUSAL_KINSHIPS: readonly Kinship[] = [
  'spouse',
  'direct_blood',
  'collateral_within_three',
  'close_in_law',
];

/** Recusal (回避): kin may not decide on, inspect or supervise each other. */
export function checkRecusal(kinship: Kinship, who: { personId: string; candidateId: string }): Verdict {
  // Fails closed: a kinship that is not one of KINSHIPS ("Spouse ", a typo) is taken as one that requires recusal.
  const known = (KINSHIPS as readonly string[]).includes(kinship);
  if (known && !RECUSAL_KINSHIPS.includes(kinship)) return ALLOWED;
  return refuse(
    'RECUSAL.KINSHIP',
    '与人选有夫妻、直系血亲、三代以内旁系血亲或近姻亲关系，须回避',
    'related to the candidate by a kinship that requires recusal',
    {
      ...who,
      kinship,
    },
  );
}

/**
 * Recusal across a roster (those who deliberate on, vote on or record a decision about candidates):
 * nobody on it is a relative the candidates' checks declared. Refuses RECUSAL.KINSHIP, naming both.
 */
export function checkRosterRecusal(
  roster: readonly string[],
  relatives: Readonly<Record<string, readonly string[]>>,
  candidates: readonly string[],
  field: string,
): Verdict {
  for (const candidateId of candidates) {
    const related = roster.find((personId) => (relatives[candidateId] ?? []).includes(personId));
    if (related !== undefined) {
      return refuse(
        'RECUSAL.KINSHIP',
        `${related} 是人选 ${candidateId} 须回避的亲属，不能参与对其的酝酿、讨论或表决`,
        `${related} is a relative of the candidate ${candidateId} and must recuse themselves from deliberating or deciding on them`,
        { field, personId: related, candidateId },
      );
    }
  }
  return ALLOWED;
}
