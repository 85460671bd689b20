/**
 * Refused attempts as facts of the record (M19): when the gateway refuses a person's step on a case
 * — a rule of the domain, or the workflow's own refusal — it tells the case, which records who tried
 * what and which rule refused it, so the record shows attempts to skip or forge steps. A person's
 * attempts are itemized up to a limit a day; past it one fact says so, and the rest are counted only
 * by the gateway's refusals (the case's history must not grow without bound).
 *
 * Deterministic workflow code.
 */
import type { AttemptRefusedArgs } from '@jishi/contracts';
import { type CaseState, chinaToday } from './case-state';

/** How many of one person's refused attempts a day each become a fact. */
export const REFUSALS_ITEMIZED_PER_DAY = 20;

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}…` : text);

export function onAttemptRefused(state: CaseState, args: AttemptRefusedArgs): void {
  const actor = {
    id: clip(String(args.actor.id), 128),
    role: clip(String(args.actor.role), 64),
    ...(args.actor.unitId ? { unitId: clip(String(args.actor.unitId), 64) } : {}),
  };
  const key = `${actor.id}/${chinaToday()}`;
  const count = (state.refusedAttempts.get(key) ?? 0) + 1;
  state.refusedAttempts.set(key, count);
  if (count > REFUSALS_ITEMIZED_PER_DAY + 1) return;
  if (count === REFUSALS_ITEMIZED_PER_DAY + 1) {
    state.addFact(
      'step.refused_more',
      `${actor.id} 今日被拒绝的办理尝试已逾 ${REFUSALS_ITEMIZED_PER_DAY} 次，此后当日不再逐一记入纪实 / ${actor.id} has had over ${REFUSALS_ITEMIZED_PER_DAY} attempts refused today; further ones today are not itemized`,
      actor,
    );
    return;
  }
  const stepId = clip(String(args.stepId), 100);
  const what = args.candidateId ? `${stepId}（${clip(args.candidateId, 64)}）` : stepId;
  state.addFact(
    'step.refused',
    `${clip(args.code, 64)}: ${what} — ${clip(args.zh, 300)} / ${clip(args.en, 300)}`,
    actor,
    undefined,
    {
      stepId,
      ...(args.candidateId ? { candidateId: clip(args.candidateId, 64) } : {}),
      code: clip(args.code, 64),
      ...(args.field ? { field: clip(args.field, 128) } : {}),
    },
  );
}
