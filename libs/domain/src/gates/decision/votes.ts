import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { checkDecisionQuorum, checkTally, type DecisionTally } from '../../rules/decision-appointment.rules';

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
