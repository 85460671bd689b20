/** Gate 2 · nomination (提名推荐): the nomination service runs the forms and the recommendation meeting. */
import { activities, type CaseState } from '../case-state';
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
