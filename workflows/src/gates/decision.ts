/** Gate 6 · decision (讨论决定): the voting service holds the meeting and its secret ballot. */
import type { ActorRef, ServiceResultArgs } from '@jishi/contracts';
import { activities, type CaseState } from '../case-state';
import { rulesOf } from './rules';

export async function openDecision(state: CaseState): Promise<void> {
  state.nextDeadline = undefined;
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'voting',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: state.candidateIds.slice(0, 1),
    expectedMembers: state.input.committeeMembers,
    // The body that decides is the case's (standing or plenary committee, department meeting).
    body: state.progress.profile.decisionBody,
    rules: rulesOf(state),
  });
}

/** A vote that did not pass closes the case; returns whether it did. */
export function onVotingResult(state: CaseState, args: ServiceResultArgs, actor: ActorRef): boolean {
  if (args.outcome === 'passed') return false;
  state.status = 'not_appointed';
  state.addFact(
    'decision.not_passed',
    `表决未通过（${args.outcome}）/ the vote did not pass (${args.outcome})`,
    actor,
  );
  return true;
}
