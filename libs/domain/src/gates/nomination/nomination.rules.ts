/** Gate 2 · nomination (提名推荐): its rules, each with its code and the words of domain.md it implements. */
import { addMonths, type CivilDate, compareDates } from '../../calendar/civil-date';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Fraction, Policy } from '../../policy/policy';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

export const NOMINATION_RULES: RuleSpec[] = [
  rule(
    'nomination',
    'NOM.SECRETARY_AS_ORGANIZATION',
    '书记提名归入组织提名',
    'a party secretary’s nomination is filed as the organization’s',
    'domain.md, 2 · Nomination: "a party secretary’s nomination is filed as the organization’s"',
    'filedNominationSubject',
  ),
  rule(
    'nomination',
    'NOM.FIRST_NOMINATOR',
    '首提责任人：个人署名推荐为推荐人，单位党组织推荐为其主要领导，组织提名为组织部主要领导',
    'first nominator: the signer, the unit’s principal leader, or the organization department’s principal leader',
    'domain.md, 2 · Nomination: "the first nominator is the signer, the unit’s principal leader, or the organization department’s principal leader respectively"',
    'firstNominator',
  ),
  rule(
    'nomination',
    'NOM.VAGUE_REASON',
    '推荐理由须具体，不得仅写“工作需要”之类',
    'a nomination reason must be specific; "work needs" and the like are refused',
    'domain.md, 2 · Nomination: "a reason must be specific — “工作需要” (work needs) and the like are refused"',
  ),
  rule(
    'nomination',
    'NOM.FORM_INCOMPLETE',
    '署名推荐表须填写人选、理由、主要特点和不足、是否亲属关系并签名',
    'the signed recommendation form: candidate, reason, strengths and weaknesses, kinship declared, signature',
    'domain.md, 2 · Nomination: "the signed recommendation form: candidate, reason, main strengths and weaknesses, kinship declared, signature"',
  ),
  rule(
    'nomination',
    'NOM.REFERENCE_CANDIDATES',
    '参考人选应多于职位数',
    'reference candidates outnumber the posts',
    'domain.md, 2 · Nomination: "reference candidates outnumber the posts"',
  ),
  rule(
    'nomination',
    'NOM.MEETING_QUORUM',
    '推荐会议实到人数不少于应到人数的三分之二',
    'a recommendation meeting needs two thirds of the expected present',
    'domain.md, 2 · Nomination: "meeting quorum two thirds of the expected (*local*)"',
  ),
  rule(
    'nomination',
    'NOM.RESULT_EXPIRED',
    '民主推荐结果一年内有效，针对特定职位的只用于该职位',
    'recommendation results are valid one year, a post-specific result only for that post',
    'domain.md, 2 · Nomination: "results valid one year (a post-specific result only for that post)"',
  ),
  rule(
    'nomination',
    'NOM.VOTES_ALONE',
    '不得简单以票取人',
    'never decided by votes alone',
    'domain.md, 2 · Nomination: "never decided by votes alone"',
  ),
];
/**
 * Phrases that say nothing about the candidate. A reason made only of these (and filler) is vague:
 * "工作需要" and the like are refused (seed §四(二)2).
 */
export const VAGUE_REASON_PHRASES = [
  '根据工作需要',
  '因工作需要',
  '出于工作需要',
  '工作需要',
  '工作需求',
  '岗位需要',
  '组织需要',
  '事业发展需要',
  '班子建设需要',
  '经研究',
  '经组织研究',
  '拟推荐',
  '推荐',
  '同意',
  '该同志',
  '此人',
  '提名',
  '提拔',
  '任用',
  '人选',
  '为',
  '担任',
  '建议',
  '表现较好',
  '表现良好',
  '表现突出',
  '综合考虑',
  '符合条件',
  '符合任职条件',
  '无',
] as const;

/** Specific reasons name facts: the minimum of meaningful characters left once vague phrases are removed. */
export const MIN_SPECIFIC_REASON_CHARS = 10;

/** Refuses a nomination reason that is empty, or vague once its stock phrases are taken out. */
export function checkNominationReason(reason: string): Verdict {
  let meaningful = reason.replace(/[\s\p{P}\p{S}]/gu, '');
  for (const phrase of [...VAGUE_REASON_PHRASES].sort((a, b) => b.length - a.length)) {
    meaningful = meaningful.split(phrase).join('');
  }
  if ([...meaningful].length >= MIN_SPECIFIC_REASON_CHARS) return ALLOWED;
  return refuse(
    'NOM.VAGUE_REASON',
    '推荐理由过于笼统，须写明具体事实（如工作实绩、岗位匹配条件），不得仅写“工作需要”之类',
    'the nomination reason is vague; state specific facts (record, fit for the post), not "work needs" and the like',
    { reason },
  );
}

/** The signed recommendation form (署名推荐表). */
export interface RecommendationForm {
  readonly candidateId: string;
  readonly reason: string;
  readonly strengths: string;
  readonly weaknesses: string;
  /** Whether the nominator declared a kinship with the candidate (yes or no, never left out). */
  readonly kinshipDeclared: boolean | undefined;
  readonly signature: string;
}

export function checkRecommendationForm(form: RecommendationForm): Verdict {
  const missing: string[] = [];
  if (form.candidateId.trim() === '') missing.push('candidateId');
  if (form.strengths.trim() === '') missing.push('strengths');
  if (form.weaknesses.trim() === '') missing.push('weaknesses');
  if (form.kinshipDeclared === undefined) missing.push('kinshipDeclared');
  if (form.signature.trim() === '') missing.push('signature');
  if (missing.length > 0) {
    return refuse(
      'NOM.FORM_INCOMPLETE',
      `署名推荐表缺少：${missing.join('、')}`,
      `the signed recommendation form lacks: ${missing.join(', ')}`,
      {
        missing,
      },
    );
  }
  return checkNominationReason(form.reason);
}

export function checkReferenceCandidates(candidates: number, posts: number): Verdict {
  if (candidates > posts) return ALLOWED;
  return refuse(
    'NOM.REFERENCE_CANDIDATES',
    `参考人选 ${candidates} 名，应多于职位数 ${posts}`,
    `${candidates} reference candidates; they must outnumber the ${posts} post(s)`,
    {
      candidates,
      posts,
    },
  );
}

/** `present` is at least `fraction` of `expected` (exactly two thirds counts), in whole numbers. */
export function reachesFraction(present: number, expected: number, fraction: Fraction): boolean {
  return present * fraction.denominator >= expected * fraction.numerator;
}

function assertCounts(counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number of 0 or more, not ${value}`);
  }
}

export function checkRecommendationQuorum(expected: number, present: number, policy: Policy): Verdict {
  assertCounts({ expected, present });
  if (
    expected > 0 &&
    present <= expected &&
    reachesFraction(present, expected, policy.recommendationMeetingQuorum)
  )
    return ALLOWED;
  const q = policy.recommendationMeetingQuorum;
  if (present > expected) {
    // More ballots than people on the roll is not a quorum question: the roll or the count is wrong.
    return refuse(
      'NOM.MEETING_QUORUM',
      `推荐会议应到 ${expected} 人，实到却记为 ${present} 人，超过应到人数；请核对参会名单和计票`,
      `the recommendation meeting counts ${present} present of ${expected} expected, more than the roll; check the roll and the count`,
      { expected, present },
    );
  }
  return refuse(
    'NOM.MEETING_QUORUM',
    `推荐会议应到 ${expected} 人、实到 ${present} 人，未达到应到人数的 ${q.numerator}/${q.denominator}`,
    `the recommendation meeting had ${present} of ${expected} expected, short of ${q.numerator}/${q.denominator}`,
    { expected, present },
  );
}

export interface RecommendationResult {
  readonly heldOn: CivilDate;
  /** A result for one named post is used only for that post. */
  readonly forPost?: string;
}

export function checkRecommendationResultValid(
  result: RecommendationResult,
  on: CivilDate,
  post: string,
): Verdict {
  if (result.forPost !== undefined && result.forPost !== post) {
    return refuse(
      'NOM.RESULT_EXPIRED',
      `该推荐结果针对“${result.forPost}”职位，不能用于“${post}”`,
      `the result was for the post ${result.forPost}, not ${post}`,
      {
        forPost: result.forPost,
        post,
      },
    );
  }
  const expires = addMonths(result.heldOn, STATUTORY.recommendationValidityMonths);
  if (compareDates(on, expires) < 0) return ALLOWED;
  return refuse(
    'NOM.RESULT_EXPIRED',
    `推荐结果产生于 ${result.heldOn}，已超过一年有效期`,
    `the result of ${result.heldOn} is over a year old`,
    {
      heldOn: result.heldOn,
      expires,
    },
  );
}

/** What the determination of candidates rests on; votes alone are not enough. */
export const DETERMINATION_BASES = [
  'votes',
  'performance',
  'appraisal',
  'post_fit',
  'deliberation',
  'public_support',
] as const;
export type DeterminationBasis = (typeof DETERMINATION_BASES)[number];

export function checkNotByVotesAlone(bases: readonly DeterminationBasis[]): Verdict {
  if (bases.some((b) => b !== 'votes')) return ALLOWED;
  return refuse(
    'NOM.VOTES_ALONE',
    '确定人选不得简单以票取人，须综合考虑工作实绩、岗位匹配等',
    'candidates are never chosen by votes alone; name the other grounds',
    {
      bases,
    },
  );
}
