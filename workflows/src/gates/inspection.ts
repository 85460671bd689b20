/**
 * Gate 3 · inspection (组织考察). Specification 1: the inspection service shortlists the best-ranked
 * nominees. Specification 2: the organization department shortlists (with its reason where it
 * departs from the votes), each shortlisted candidate's eligibility is checked, and only then does
 * the inspection service inspect the eligible.
 */
import type { StepRecordArgs } from '@jishi/contracts';
import {
  checkShortlist,
  checkShortlistChoice,
  departsFromRanking,
  fourMustsBar,
  type Refusal,
  setCandidate,
} from '@jishi/domain';
import { activities, type CaseState, SERVICE } from '../case-state';
import { rulesOf } from './rules';

type Items = Readonly<Record<string, unknown>>;

export async function openInspection(state: CaseState): Promise<void> {
  if (state.version === 2) return; // the organization department shortlists first
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

const chosenOf = (items: Items): string[] =>
  ((items['inspection.shortlist.candidates'] as { id: string }[] | undefined) ?? []).map((c) => c.id);

export function validateInspectionStep(state: CaseState, stepId: string, items: Items): Refusal | undefined {
  if (state.version !== 2 || stepId !== 'inspection.shortlist') return undefined;
  const verdict = checkShortlistChoice(
    {
      ranking: state.ranking,
      already: state.candidatesIn('shortlisted', 'eligible'),
      left: state.candidatesIn('ineligible'),
      chosen: chosenOf(items),
      ...(typeof items['inspection.shortlist.departure_reason'] === 'string'
        ? { departureReason: items['inspection.shortlist.departure_reason'] as string }
        : {}),
    },
    state.input.posts,
    state.progress.profile,
    state.policy,
  );
  return verdict.ok ? undefined : verdict;
}

export function afterInspectionStep(state: CaseState, stepId: string, items: Items): void {
  if (state.version !== 2) return;
  if (stepId === 'inspection.shortlist') {
    for (const id of chosenOf(items)) state.progress = setCandidate(state.progress, id, 'shortlisted');
    const departs = departsFromRanking(
      state.ranking,
      state.candidatesIn('shortlisted', 'eligible'),
      state.candidatesIn('ineligible'),
    );
    if (departs.length > 0)
      state.addFact(
        'shortlist.departs',
        `考察对象未按得票排序确定：${departs.join('、')}（理由见考察对象确定记录）/ the shortlist departs from the ranking: ${departs.join(', ')} (the reason is in the shortlist's record)`,
        SERVICE,
      );
  }
  if (stepId === 'qualification.check') startInspectionWhenChecked(state);
}

/**
 * Once no shortlisted candidate waits for the eligibility check, the eligible are inspected — as
 * long as there are enough of them for the posts; otherwise the case waits for another shortlisting.
 */
function startInspectionWhenChecked(state: CaseState): void {
  if (state.inspectionStarted || state.candidatesIn('shortlisted').length > 0) return;
  const eligible = state.candidatesIn('eligible');
  if (eligible.length >= state.input.posts) {
    state.due.add('inspection.start');
    return;
  }
  state.addFact(
    'shortlist.short',
    `符合资格的考察对象 ${eligible.length} 名，少于 ${state.input.posts} 个职位，须补充确定考察对象 / ${eligible.length} eligible candidate(s) for ${state.input.posts} post(s): shortlist more`,
    SERVICE,
  );
}

/** Sends the eligible shortlist to the inspection service, each checked against the negative list. */
export async function startInspection(state: CaseState): Promise<void> {
  state.inspectionStarted = true;
  const checked = (state.progress.candidates ?? []).filter((c) => c.status === 'eligible');
  const verdict = checkShortlist(
    checked.map((c) => ({
      candidateId: c.id,
      negativeListChecked: (c.done['qualification.check'] ?? 0) > 0,
    })),
    state.input.posts,
    // The ratio was held when shortlisting; candidates found ineligible since have left, and the
    // eligible must still cover every post (the one-per-post count of a changeover).
    { ...state.progress.profile, selectionType: 'changeover' },
    state.policy,
  );
  if (!verdict.ok) {
    state.addFact('input.refused', `${verdict.code}: ${verdict.zh} / ${verdict.en}`, SERVICE);
    state.inspectionStarted = false;
    return;
  }
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'inspection',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: checked.map((c) => c.id),
    expectedMembers: 0,
    rules: rulesOf(state),
    shortlisted: true,
  });
}

/**
 * Specification 2: a candidate's four musts that bar them — a concealed personal matter, or the
 * discipline organ's opinion that it affects their use — and they leave the case with the rule's code.
 */
export function afterServiceStep(state: CaseState, step: StepRecordArgs): void {
  if (state.version !== 2 || step.stepId !== 'inspection.four_musts' || step.candidateId === undefined)
    return;
  const bar = fourMustsBar(step.items);
  if (!bar) return;
  state.progress = setCandidate(state.progress, step.candidateId, 'ineligible', {
    left: { code: bar.code, zh: bar.zh, en: bar.en, gate: 'inspection' },
  });
  state.addFact('candidate.left', `${bar.code}: ${step.candidateId} ${bar.zh} / ${bar.en}`, SERVICE);
}
