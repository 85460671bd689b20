/**
 * The sign-off of each gate's record (纪实的复核与签字), specification 4: once a gate is done, its
 * record is filled and signed by the recorder of its layer, reviewed against the originals by
 * someone else, then signed in order — cadre section chief, supervision section chief, deputy
 * minister in charge — and at three levels where the organization's policy asks for it. The case is
 * archived (its workflow ends) only when every gate it went through is signed off.
 *
 * Each signature is the step `<gate>.signoff`, posted by the signer; the rules of
 * rules/record.rules.ts decide whose turn it is.
 */
import type { ActorRef } from '@jishi/contracts';
import {
  checkGateDone,
  checkNextSignOff,
  checkOwnSignature,
  chinaDateOf,
  dataItem,
  GATE_KEYS,
  type GateKey,
  gateSpec,
  type GivenSignOff,
  type Refusal,
  refuse,
  type Role,
  signOffGate,
  specificationOf,
  signOffSlots,
  signOffStepId,
  type SignOffSlot,
  validateItemValue,
} from '@jishi/domain';
import { condition } from '@temporalio/workflow';
import type { CaseState } from '../case-state';

type Items = Readonly<Record<string, unknown>>;

/** The gate a step signs off, where the case's specification signs off its gates. */
export function signOffOf(state: CaseState, stepId: string): GateKey | undefined {
  return state.version >= 4 ? signOffGate(stepId) : undefined;
}

/** The case's work is over (every gate passed, or closed without appointment): only sign-off is left. */
function ended(state: CaseState): boolean {
  return state.status !== 'running' || state.progress.gate === 'completed';
}

/**
 * Whether the case went through the gate: it opened it, or a step of it was done (a gate can be
 * passed by steps taken while the main loop was busy, before it saw the gate open).
 */
export function wentThrough(state: CaseState, gate: GateKey): boolean {
  if (state.openedGates.has(gate)) return true;
  const candidates = state.progress.candidates ?? [];
  return specificationOf(state.version)
    .during(gate)
    .some((s) => (state.progress.done[s.id] ?? 0) > 0 || candidates.some((c) => (c.done[s.id] ?? 0) > 0));
}

/** Whether the gate is done, so its record can be signed off: passed, or the gate where the case ended. */
function isDone(state: CaseState, gate: GateKey): boolean {
  return checkGateDone(gate, {
    opened: wentThrough(state, gate),
    ended: ended(state),
    currentGate: state.progress.gate,
  }).ok;
}

function slotsOf(state: CaseState, gate: GateKey): SignOffSlot[] {
  return signOffSlots(gate, state.policy.threeLevelSignature);
}

/** The gates done whose record is not signed off yet, in order. */
export function owedSignOffs(state: CaseState): GateKey[] {
  return GATE_KEYS.filter(
    (gate) => isDone(state, gate) && (state.signOffs[gate]?.length ?? 0) < slotsOf(state, gate).length,
  );
}

/** The roles whose signature each gate waits for now. */
export function signOffWaitingOn(state: CaseState): Role[] {
  return owedSignOffs(state).flatMap(
    (gate) => slotsOf(state, gate)[state.signOffs[gate]?.length ?? 0]?.roles ?? [],
  );
}

/** Refuses a signature that is not this person's to give now, or whose items are not theirs. */
export function validateSignOff(
  state: CaseState,
  gate: GateKey,
  actor: ActorRef,
  items: Items,
  candidateId: string | undefined,
): Refusal | undefined {
  const stepId = signOffStepId(gate);
  if (candidateId !== undefined) {
    return refuse(
      'CAND.NOT_PER_CANDIDATE',
      `“${gateSpec(gate).zh}环节纪实签字”是整个事项的，不针对单个人选，请勿指定人选`,
      `the sign-off of the ${gate} gate is the case’s, not one candidate’s; name no candidate`,
      { step: stepId, candidateId },
    );
  }
  const done = checkGateDone(gate, {
    opened: wentThrough(state, gate),
    ended: ended(state),
    currentGate: state.progress.gate,
  });
  if (!done.ok) return done;
  const signed = state.signOffs[gate] ?? [];
  const turn = checkNextSignOff(
    gate,
    signed,
    { role: actor.role as Role, personId: actor.id },
    state.policy.threeLevelSignature,
    gate === 'inspection' ? state.inspectionTeam : undefined,
  );
  if (!turn.ok) return turn;
  const slot = slotsOf(state, gate)[signed.length] as SignOffSlot;
  for (const key of Object.keys(items)) {
    if (!slot.items.includes(key)) {
      return refuse(
        'CATALOGUE.UNKNOWN_ITEM',
        `此次签字只填写：${slot.items.join('、')}；“${key}”不由您填写`,
        `this signature fills only ${slot.items.join(', ')}; "${key}" is not yours to fill`,
        { key, step: stepId },
      );
    }
  }
  for (const key of slot.items) {
    const value = items[key];
    if (value === undefined) {
      const item = dataItem(key);
      return refuse(
        'CATALOGUE.MISSING_ITEM',
        `签字须填写“${item?.zh ?? key}”`,
        `the signature needs "${item?.en ?? key}"`,
        { key, step: stepId },
      );
    }
    const valid = validateItemValue(key, value);
    if (!valid.ok) return valid;
    const type = dataItem(key)?.type;
    const named =
      type === 'signature'
        ? (value as { signerId?: unknown }).signerId
        : type === 'person'
          ? (value as { id?: unknown }).id
          : undefined;
    if (type === 'signature' || type === 'person') {
      const own = checkOwnSignature(actor.id, key, named);
      if (!own.ok) return own;
    }
    if (type === 'date' && String(value) > chinaDateOf(Date.now())) {
      return refuse(
        'CATALOGUE.INVALID_VALUE',
        `“${dataItem(key)?.zh ?? key}”不能晚于今天`,
        `"${dataItem(key)?.en ?? key}" cannot be after today`,
        { key, value },
      );
    }
  }
  return undefined;
}

/** Records a signature given, in its place. */
export function recordSignOff(state: CaseState, gate: GateKey, actor: ActorRef, items: Items): number {
  const signed = state.signOffs[gate] ?? [];
  const slot = slotsOf(state, gate)[signed.length] as SignOffSlot;
  const role = actor.role as Role;
  const given: GivenSignOff = {
    role: signed.length === 0 ? 'recorder' : role,
    personId: actor.id,
    actedAs: role,
  };
  state.signOffs[gate] = [...signed, given];
  const complete = state.signOffs[gate].length === slotsOf(state, gate).length;
  const zh = `${gateSpec(gate).zh}环节纪实：${slot.zh}签字（第 ${signed.length + 1} 位）${complete ? '，签字完毕' : ''}`;
  const en = `${gate} gate’s record: signed by the ${slot.en} (${signed.length + 1} of ${slotsOf(state, gate).length})${complete ? ', signed off' : ''}`;
  return state.addFact('step.recorded', `${zh} / ${en}`, actor, { stepId: signOffStepId(gate), items });
}

/** After the last gate (or the case's close): waits until every gate it went through is signed off. */
export async function awaitSignOff(state: CaseState): Promise<void> {
  while (owedSignOffs(state).length > 0) {
    await state.flush();
    state.refresh();
    state.refreshAwaiting();
    await condition(() => state.published < state.facts.length || owedSignOffs(state).length === 0);
  }
}
