import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { checkDecisionQuorum, checkTally, type DecisionTally } from './decision.rules';

/** What a meeting decided on one candidate: passed, or not passed; a meeting without quorum decides nothing. */
export type CandidateVote = 'passed' | 'not_passed';

/**
 * Whether a meeting can decide (at least two thirds of the members present): `void` when it cannot
 * (the items come back at a later meeting, the case goes on).
 */
export function meetingOutcome(expected: number, present: number): 'quorate' | 'void' {
  return checkDecisionQuorum(expected, present).ok ? 'quorate' : 'void';
}

/**
 * The vote on one candidate: passed with more than half of the **expected** members agreeing,
 * otherwise not passed (not "deferred": deferral is decided before voting).
 */
export function decideCandidateVote(t: DecisionTally): CandidateVote {
  if (!checkTally(t).ok) throw new Error(`the tally does not add up: ${JSON.stringify(t)}`);
  return t.agree * 2 > t.expected ? 'passed' : 'not_passed';
}

/** A deferral needs its reason (views differ widely, or new facts to check). Refuses DEC.DEFERRAL_REASON. */
export function checkDeferralReason(reason: string | undefined): Verdict {
  if ((reason ?? '').trim().length > 0) return ALLOWED;
  return refuse(
    'DEC.DEFERRAL_REASON',
    '暂缓表决须说明理由（意见分歧较大或有重要情况需要进一步了解核实）',
    'a deferral needs its reason (views differ widely, or important new facts need checking)',
  );
}

/** A candidate as the decision gate sees them: where they stand and the post they were proposed for. */
interface Standing {
  readonly id: string;
  readonly status: string;
  readonly post?: number;
}

/** The posts (1…posts) with no candidate passed and none still to be voted on. */
export function openPosts(candidates: readonly Standing[], posts: number): number[] {
  const taken = new Set(
    candidates.filter((c) => c.status === 'passed' || c.status === 'proposed').map((c) => c.post),
  );
  return Array.from({ length: posts }, (_, i) => i + 1).filter((post) => !taken.has(post));
}

/**
 * Another candidate proposed for a post whose candidate did not pass: only for such a post
 * (DEC.POST_NOT_OPEN).
 */
export function checkNewProposal(candidates: readonly Standing[], posts: number, post: number): Verdict {
  const open = openPosts(candidates, posts);
  if (open.includes(post)) return ALLOWED;
  return refuse(
    'DEC.POST_NOT_OPEN',
    `职位 ${post} 已有通过或待表决的人选（可另行提出人选的职位：${open.join('、') || '无'}）`,
    `post ${post} has a candidate passed or to be voted on (posts open to another proposal: ${open.join(', ') || 'none'})`,
    { post, open },
  );
}

/**
 * The record is first submitted only once every post is settled: a candidate passed for it, or the
 * organization's conclusion recorded (DEC.POSTS_UNFILLED); a conclusion fits what passed — leave
 * posts vacant only when someone passed, end the case only when no one did (DEC.CONCLUSION).
 */
export function checkPostsSettled(
  candidates: readonly Standing[],
  posts: number,
  concluded: boolean,
): Verdict {
  const open = openPosts(candidates, posts);
  // A conclusion leaves posts vacant beside a passed candidate; with no one passed nothing is settled.
  const settled = concluded && candidates.some((c) => c.status === 'passed');
  if (open.length === 0 || settled) return ALLOWED;
  return refuse(
    'DEC.POSTS_UNFILLED',
    `职位 ${open.join('、')} 无通过人选：须另行提出人选，或记录处理结果（空缺或终止）`,
    `post(s) ${open.join(', ')} have no candidate passed: propose another, or record what is done (left vacant, or the case ended)`,
    { open },
  );
}

export function checkConclusion(candidates: readonly Standing[], outcome: unknown): Verdict {
  const passed = candidates.some((c) => c.status === 'passed');
  if ((outcome === 'leave_vacant' && passed) || (outcome === 'end_case' && !passed)) return ALLOWED;
  return refuse(
    'DEC.CONCLUSION',
    passed ? '已有人选通过，其余职位只能空缺，不能终止事项' : '没有人选通过，只能终止事项（或另行提出人选）',
    passed
      ? 'a candidate has passed: the other posts are left vacant, the case is not ended'
      : 'no candidate has passed: the case ends (or another candidate is proposed)',
    { outcome, passed },
  );
}

/**
 * Reconsideration (复议) brings a decided candidate back to the vote only while their post is theirs:
 * no other candidate passed or is to be voted on for it (DEC.POST_NOT_OPEN).
 */
export function checkReconsiderable(candidates: readonly Standing[], candidateId: string): Verdict {
  const candidate = candidates.find((c) => c.id === candidateId);
  const rivals = candidates.filter(
    (c) =>
      c.id !== candidateId &&
      c.post !== undefined &&
      c.post === candidate?.post &&
      (c.status === 'passed' || c.status === 'proposed'),
  );
  if (rivals.length === 0) return ALLOWED;
  return refuse(
    'DEC.POST_NOT_OPEN',
    `职位 ${candidate?.post} 已由 ${rivals.map((r) => r.id).join('、')} 通过或待表决，不能对 ${candidateId} 复议`,
    `post ${candidate?.post} is taken by ${rivals.map((r) => r.id).join(', ')} (passed or to be voted on): ${candidateId} cannot be reconsidered`,
    { post: candidate?.post, rivals: rivals.map((r) => r.id) },
  );
}
