import type { CaseProfile } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import { checkShortlistRatio } from './inspection.rules';

/** A shortlisting by the organization department, as `inspection.shortlist` records it. */
export interface ShortlistChoice {
  /** The nominated, in the order of the recommendation result (votes first). */
  readonly ranking: readonly string[];
  /** Candidates already on the shortlist and still in the case. */
  readonly already: readonly string[];
  /** Candidates who left the case (found ineligible): they cannot be shortlisted again. */
  readonly left: readonly string[];
  /** The candidates this shortlisting adds. */
  readonly chosen: readonly string[];
  readonly departureReason?: string;
}

/**
 * The organization department's shortlist (差额考察): only the nominated, each once, enough per post
 * by the policy; votes inform and do not decide, so the shortlist may depart from the ranking, with
 * the reason recorded (不得简单以票取人). Refuses with INSP.NOT_NOMINATED, INSP.ALREADY_SHORTLISTED,
 * INSP.SHORTLIST_RATIO or INSP.DEPARTURE_REASON.
 */
export function checkShortlistChoice(
  choice: ShortlistChoice,
  posts: number,
  profile: CaseProfile,
  policy: Policy,
): Verdict {
  const unknown = choice.chosen.filter((id) => !choice.ranking.includes(id));
  if (unknown.length > 0) {
    return refuse(
      'INSP.NOT_NOMINATED',
      `${unknown.join('、')} 未经提名推荐，不能列为考察对象`,
      `${unknown.join(', ')} ${unknown.length === 1 ? 'was' : 'were'} not nominated and cannot be shortlisted`,
      { candidates: unknown },
    );
  }
  const twice = choice.chosen.filter(
    (id, i) => choice.already.includes(id) || choice.left.includes(id) || choice.chosen.indexOf(id) !== i,
  );
  if (twice.length > 0) {
    return refuse(
      'INSP.ALREADY_SHORTLISTED',
      `${twice.join('、')} 已列为考察对象或已退出，不能重复列入`,
      `${twice.join(', ')} ${twice.length === 1 ? 'is' : 'are'} already shortlisted or left the case`,
      { candidates: twice },
    );
  }
  const shortlist = [...choice.already, ...choice.chosen];
  const ratio = checkShortlistRatio(shortlist.length, posts, profile, policy);
  if (!ratio.ok) return ratio;
  const departs = departsFromRanking(choice.ranking, shortlist, choice.left);
  if (departs.length > 0 && !(choice.departureReason ?? '').trim()) {
    return refuse(
      'INSP.DEPARTURE_REASON',
      `考察对象未按推荐得票排序确定（${departs.join('、')}），须说明理由`,
      `the shortlist departs from the ranking (${departs.join(', ')}); record why`,
      { departs },
    );
  }
  return ALLOWED;
}

/**
 * The shortlisted who are not among the first of the ranking (those who left excepted): where the
 * organization department chose otherwise than the votes.
 */
export function departsFromRanking(
  ranking: readonly string[],
  shortlist: readonly string[],
  left: readonly string[] = [],
): string[] {
  const top = ranking.filter((id) => !left.includes(id)).slice(0, shortlist.length);
  return shortlist.filter((id) => !top.includes(id));
}

/** The shortlist closes once the inspection has its candidates (CASE.STEP_CLOSED). */
export function checkShortlistOpen(inspectionStarted: boolean): Verdict {
  if (!inspectionStarted) return ALLOWED;
  return refuse(
    'CASE.STEP_CLOSED',
    '考察已开始，不能再确定考察对象',
    'the inspection has begun: no one can be shortlisted any more',
    { step: 'inspection.shortlist' },
  );
}
