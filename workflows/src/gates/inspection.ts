/** Gate 3 · inspection (组织考察): the inspection service runs the team, appraisal, four musts and report. */
import { activities, type CaseState } from '../case-state';
import { rulesOf } from './rules';

export async function openInspection(state: CaseState): Promise<void> {
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'inspection',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: state.candidateIds,
    expectedMembers: 0,
    rules: rulesOf(state),
  });
}
