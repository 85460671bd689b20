import { type CivilDate, yearsBetween } from '../../calendar/civil-date';
import type { CaseProfile, PostLevel } from '../../classification/classification';
import { refuse, type Refusal } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import {
  type CandidateRecord,
  checkExceptionalPromotion,
  checkNegativeList,
  checkQualification,
  type Education,
  type IntegrityFacts,
  type Sanction,
  type TargetPost,
} from './qualification.rules';

/** A candidate's eligibility for the post: eligible, or every rule that bars them. */
export interface Eligibility {
  readonly conclusion: 'eligible' | 'ineligible';
  /** Every rule the candidate fails (qualification and the negative list), each with its code. */
  readonly grounds: readonly Refusal[];
}

type Items = Readonly<Record<string, unknown>>;

const CHECK = 'qualification.check';
const CONDITIONS = 'qualification.conditions';

/** The post's conditions as set at the qualification gate (`qualification.conditions`). */
export function targetPostOf(conditions: Items): TargetPost {
  return {
    level: conditions[`${CONDITIONS}.level`] as PostLevel,
    rank: conditions[`${CONDITIONS}.rank`] as TargetPost['rank'],
  };
}

/** The candidate's record as the qualification check reads it, from the items of `qualification.check`. */
export function candidateRecordOf(items: Items, on: CivilDate): CandidateRecord {
  const training = items[`${CHECK}.training`];
  const rankSince = items[`${CHECK}.current_rank_since`];
  return {
    workYears: items[`${CHECK}.work_years`] as number,
    grassrootsYears: items[`${CHECK}.grassroots_years`] as number,
    postsAtLevelBelow: items[`${CHECK}.posts_at_level_below`] as number,
    currentLevel: items[`${CHECK}.current_level`] as PostLevel,
    currentRank: items[`${CHECK}.current_rank`] as CandidateRecord['currentRank'],
    yearsInCurrentRank: typeof rankSince === 'string' ? yearsBetween(rankSince, on) : 0,
    education: items[`${CHECK}.education`] as Education,
    trainingDone: training === 'done',
    ...(training === 'within_a_year' ? { trainingDueWithinMonths: 12 } : {}),
  };
}

/** The negative list's facts, from the items of `qualification.check`. */
export function integrityFactsOf(items: Items): IntegrityFacts {
  const yes = (key: string) => items[`${CHECK}.${key}`] === 'yes';
  const measures = items[`${CHECK}.measures`];
  return {
    politicalDisciplineViolation: yes('political_discipline'),
    lowRecognition: yes('low_recognition'),
    lastAnnualReview: items[`${CHECK}.last_annual_review`] as IntegrityFacts['lastAnnualReview'],
    canvassing: yes('canvassing'),
    nakedOfficial: yes('naked_official'),
    specialPost: yes('special_post'),
    sanctions: Array.isArray(measures) ? (measures as Sanction[]) : [],
  };
}

/**
 * A candidate's eligibility for the post on `on` (Reg. 2014 Art. 8–9; Reg. 2019 Art. 24): the
 * post's conditions, the candidate's record and the negative list with the policy's impact periods
 * (a promotion is barred longer than a lateral move). Exceptional promotion waives the years-in-rank
 * rules only.
 */
export function decideEligibility(
  check: Items,
  conditions: Items,
  profile: CaseProfile,
  policy: Policy,
  on: CivilDate,
): Eligibility {
  const candidate = candidateRecordOf(check, on);
  const post = targetPostOf(conditions);
  const yes = (key: string) => check[`${CHECK}.${key}`] === 'yes';
  const lastPromotionOn = check[`${CHECK}.last_promotion_on`];
  const grounds = [
    ...checkQualification(candidate, post, { exceptional: profile.exceptionalPromotion }),
    // Exceptional promotion (破格) has constraints of its own, from the candidate's promotion history.
    ...(profile.exceptionalPromotion
      ? checkExceptionalPromotion(
          {
            onProbation: yes('on_probation'),
            ...(typeof lastPromotionOn === 'string' ? { lastPromotionOn } : {}),
            lastWasExceptionalOnYears: yes('last_exceptional_on_years'),
          },
          { level: candidate.currentLevel, rank: candidate.currentRank },
          post,
          on,
          { onYearsInPost: yes('exceptional_on_years') },
        )
      : []),
    ...checkNegativeList(integrityFactsOf(check), on, policy, profile.promotion),
  ];
  return { conclusion: grounds.length === 0 ? 'eligible' : 'ineligible', grounds };
}

/** The refusal a candidate found ineligible leaves the case with: every ground, the first one's code. */
export function ineligibleRefusal(candidateId: string, grounds: readonly Refusal[]): Refusal {
  const first = grounds[0] as Refusal;
  return refuse(
    first.code,
    `人选 ${candidateId} 不符合任职资格：${grounds.map((g) => g.zh).join('；')}`,
    `candidate ${candidateId} is not eligible: ${grounds.map((g) => g.en).join('; ')}`,
    { candidateId, codes: grounds.map((g) => g.code) },
  );
}

/** The upper department's reply on an exceptional promotion: a rejection ends that path (EXC.APPROVAL_REJECTED). */
export function checkExceptionalReply(reply: unknown): Refusal | undefined {
  if (reply !== 'rejected') return undefined;
  return refuse(
    'EXC.APPROVAL_REJECTED',
    '上级组织部门不同意破格提拔，该人选不能按破格提拔讨论决定',
    'the upper department rejected the exceptional promotion: the candidate cannot be decided on that path',
  );
}
