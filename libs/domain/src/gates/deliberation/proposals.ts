import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { checkDeliberationComparison, type ComparisonAspect } from './deliberation.rules';

/** The five-person group's proposal of one candidate for one post, with its reason. */
export interface Proposal {
  readonly post: number;
  readonly candidateId: string;
  readonly reason: string;
}

/**
 * The five-person group's proposals (酝酿): after comparing the candidates on the five aspects, one
 * candidate for each post, each an inspected and eligible candidate, none for two posts. The group
 * need not follow the votes. Refuses with DELIB.COMPARISON, DELIB.NOT_A_CANDIDATE or
 * DELIB.PROPOSAL_PER_POST.
 */
export function checkProposals(
  proposals: readonly Proposal[],
  posts: number,
  eligible: readonly string[],
  aspects: readonly ComparisonAspect[],
): Verdict {
  const comparison = checkDeliberationComparison(eligible.length, aspects);
  if (!comparison.ok) return comparison;
  const strangers = proposals.map((p) => p.candidateId).filter((id) => !eligible.includes(id));
  if (strangers.length > 0) {
    return refuse(
      'DELIB.NOT_A_CANDIDATE',
      `${strangers.join('、')} 不是经考察且符合资格的人选，不能提交讨论决定`,
      `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not an inspected, eligible candidate`,
      { candidates: strangers },
    );
  }
  const ids = proposals.map((p) => p.candidateId);
  const postsNamed = proposals.map((p) => p.post);
  // One per post; where fewer candidates remain eligible than there are posts, one each for as
  // many posts as there are candidates (the others are left vacant at the decision).
  const needed = Math.min(posts, eligible.length);
  const wrongPosts =
    postsNamed.length !== needed ||
    postsNamed.some((n) => n < 1 || n > posts) ||
    new Set(postsNamed).size !== postsNamed.length ||
    new Set(ids).size !== ids.length;
  if (wrongPosts) {
    return refuse(
      'DELIB.PROPOSAL_PER_POST',
      `须为 ${needed} 个职位（序号 1–${posts}）各提出一名人选，一人只能对应一个职位`,
      `propose one candidate for each of ${needed} post(s) (numbered 1–${posts}), a different one for each`,
      { posts, needed, proposed: proposals.map((p) => ({ post: p.post, candidateId: p.candidateId })) },
    );
  }
  return ALLOWED;
}
