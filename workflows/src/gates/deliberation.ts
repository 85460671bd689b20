/**
 * Gate 4 · deliberation (酝酿), specification 2: the five-person group compares the candidates and
 * proposes one for each post, with its reasons — not necessarily the one with the most votes.
 */
import {
  checkProposals,
  checkRosterRecusal,
  type ComparisonAspect,
  type Proposal,
  type Refusal,
  setCandidate,
} from '@jishi/domain';
import { type CaseState, SERVICE } from '../case-state';

type Items = Readonly<Record<string, unknown>>;

const proposalsOf = (items: Items): Proposal[] =>
  (items['deliberation.five_person_group.proposals'] as Proposal[] | undefined) ?? [];

export function validateDeliberationStep(
  state: CaseState,
  stepId: string,
  items: Items,
): Refusal | undefined {
  if (state.version < 2 || stepId !== 'deliberation.five_person_group') return undefined;
  let verdict = checkProposals(
    proposalsOf(items),
    state.input.posts,
    state.candidatesIn('eligible'),
    (items['deliberation.five_person_group.comparison'] as ComparisonAspect[] | undefined) ?? [],
  );
  // Specification 3: nobody in the group deliberates on a relative.
  if (verdict.ok && state.version >= 3) {
    const members = (items['deliberation.five_person_group.members'] as { id: string }[] | undefined) ?? [];
    const recorder = items['deliberation.five_person_group.recorder'] as { id: string } | undefined;
    verdict = checkRosterRecusal(
      [...members, ...(recorder ? [recorder] : [])].map((p) => p.id),
      state.relatives,
      proposalsOf(items).map((p) => p.candidateId),
      'deliberation.five_person_group.members',
    );
  }
  return verdict.ok ? undefined : verdict;
}

export function afterDeliberationStep(state: CaseState, stepId: string, items: Items): void {
  if (state.version < 2 || stepId !== 'deliberation.five_person_group') return;
  const proposals = [...proposalsOf(items)].sort((a, b) => a.post - b.post);
  for (const p of proposals)
    state.progress = setCandidate(state.progress, p.candidateId, 'proposed', { post: p.post });
  // Votes inform, people choose: the record says where the proposal is not the most-voted.
  const remaining = state.ranking.filter((id) => state.candidatesIn('eligible', 'proposed').includes(id));
  const lines = proposals.map((p) => ({ p, rank: remaining.indexOf(p.candidateId) + 1 }));
  state.addFact(
    'deliberation.proposed',
    lines
      .map(
        ({ p, rank }) =>
          `职位 ${p.post}：${p.candidateId}（推荐得票第 ${rank || '—'} 位；理由：${p.reason}）/ post ${p.post}: ${p.candidateId} (rank ${rank || '—'} in the votes; ${p.reason})`,
      )
      .join('; '),
    SERVICE,
  );
}
