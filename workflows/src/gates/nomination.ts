/** Gate 2 · nomination (提名推荐): the nomination service runs the forms and the recommendation meeting. */
import { setCandidate } from '@jishi/domain';
import { activities, type CaseState, chinaToday } from '../case-state';
import { rulesOf } from './rules';

export async function openNomination(state: CaseState): Promise<void> {
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'nomination',
    posts: state.input.posts,
    expectedParticipants: state.input.recommendationParticipants,
    candidateIds: [],
    expectedMembers: 0,
    rules: rulesOf(state),
  });
}

/**
 * Specification 2: the recommendation result names the nominated in the order of their votes — an
 * input the record keeps; the organization department shortlists from them.
 */
export function onNominated(state: CaseState, ranking: readonly string[]): void {
  state.ranking = [...ranking];
  state.nominatedOn = chinaToday();
  for (const id of ranking) {
    if (!(state.progress.candidates ?? []).some((c) => c.id === id))
      state.progress = setCandidate(state.progress, id, 'nominated');
  }
}
