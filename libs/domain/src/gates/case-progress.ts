import type { CaseProfile } from '../classification/classification';
import { ALLOWED, DomainError, refuse, type Verdict } from '../errors/refusal';
import { isRequired } from './conditions';
import {
  GATE_KEYS,
  type GateKey,
  gateIndex,
  gateSpec,
  type StepArrival,
  type StepSpec,
  stepSpec,
} from './gates';
import { type Role, ROLE_LABELS } from './roles';

/**
 * Where a case stands: its gate, the steps done (with how often), and the facts that decide which
 * steps it needs. Immutable; every change returns a new value, so the workflow can keep it as state.
 */
export interface CaseProgress {
  readonly gate: GateKey | 'completed';
  readonly done: Readonly<Record<string, number>>;
  readonly profile: CaseProfile;
}

export function startCase(profile: CaseProfile): CaseProgress {
  return advance({ gate: 'qualification', done: {}, profile });
}

/** The required steps of a gate not yet done, for this case. */
export function missingSteps(progress: CaseProgress, gate: GateKey): StepSpec[] {
  return gateSpec(gate).steps.filter(
    (step) => isRequired(step.required, progress.profile) && !(progress.done[step.id] ?? 0),
  );
}

export function isGateComplete(progress: CaseProgress, gate: GateKey): boolean {
  return missingSteps(progress, gate).length === 0;
}

const GATE_ZH = (key: GateKey) => `${gateSpec(key).zh}（${key}）`;

/**
 * May `role` do step `stepId` now? Yes, or a refusal with a stable code: CASE.UNKNOWN_STEP,
 * CASE.COMPLETED, CASE.GATE_CLOSED, CASE.GATE_INCOMPLETE, CASE.WRONG_GATE, CASE.ROLE_NOT_ALLOWED,
 * CASE.STEP_ALREADY_DONE, CASE.STEP_OUT_OF_ORDER, CASE.STEP_CLOSED.
 */
export function decideStep(progress: CaseProgress, stepId: string, role: Role): Verdict {
  const step = stepSpec(stepId);
  if (!step) {
    return refuse('CASE.UNKNOWN_STEP', `没有名为“${stepId}”的环节`, `there is no step "${stepId}"`, {
      step: stepId,
    });
  }
  if (progress.gate === 'completed') {
    return refuse(
      'CASE.COMPLETED',
      '该事项已办结，不能再办理任何环节',
      'the case is completed; no step can be done',
      {
        step: stepId,
      },
    );
  }
  const current = gateIndex(progress.gate);
  const target = gateIndex(step.gate);
  if (target < current) {
    return refuse(
      'CASE.GATE_CLOSED',
      `“${step.zh}”属于已关闭的${GATE_ZH(step.gate)}环节，当前环节为${GATE_ZH(progress.gate)}`,
      `"${step.en}" belongs to the ${step.gate} gate, which is closed; the case is at ${progress.gate}`,
      { step: stepId, stepGate: step.gate, currentGate: progress.gate },
    );
  }
  if (target > current) {
    const missing = missingSteps(progress, progress.gate);
    if (target === current + 1) {
      return refuse(
        'CASE.GATE_INCOMPLETE',
        `${GATE_ZH(progress.gate)}环节尚未完成纪实（缺：${missing.map((s) => s.zh).join('、')}），不能进入${GATE_ZH(step.gate)}环节`,
        `the ${progress.gate} gate is not complete (missing: ${missing.map((s) => s.en).join(', ')}); ${step.gate} cannot open yet`,
        { step: stepId, currentGate: progress.gate, missing: missing.map((s) => s.id) },
      );
    }
    return refuse(
      'CASE.WRONG_GATE',
      `“${step.zh}”属于${GATE_ZH(step.gate)}环节，当前环节为${GATE_ZH(progress.gate)}，须依次办理`,
      `"${step.en}" belongs to the ${step.gate} gate; the case is at ${progress.gate}, and gates go strictly in order`,
      { step: stepId, stepGate: step.gate, currentGate: progress.gate },
    );
  }
  if (!step.roles.includes(role)) {
    return refuse(
      'CASE.ROLE_NOT_ALLOWED',
      `“${ROLE_LABELS[role]?.zh ?? role}”无权办理“${step.zh}”，应由${step.roles.map((r) => ROLE_LABELS[r].zh).join('、')}办理`,
      `the role ${role} may not do "${step.en}"; it is for ${step.roles.join(', ')}`,
      { step: stepId, role, allowed: step.roles },
    );
  }
  if (!step.repeatable && (progress.done[stepId] ?? 0) > 0) {
    return refuse('CASE.STEP_ALREADY_DONE', `“${step.zh}”已办理，不能重复`, `"${step.en}" is already done`, {
      step: stepId,
    });
  }
  const closedBy = step.closedBy.filter((id) => (progress.done[id] ?? 0) > 0);
  if (closedBy.length > 0) {
    const closer = stepSpec(closedBy[0] as string) as StepSpec;
    return refuse(
      'CASE.STEP_CLOSED',
      `“${closer.zh}”后不能再办理“${step.zh}”`,
      `"${step.en}" can no longer be done after "${closer.en}"`,
      { step: stepId, closedBy },
    );
  }
  const before = step.after.filter((id) => !(progress.done[id] ?? 0));
  if (before.length > 0) {
    const names = before.map((id) => stepSpec(id) as StepSpec);
    return refuse(
      'CASE.STEP_OUT_OF_ORDER',
      `办理“${step.zh}”前须先完成：${names.map((s) => s.zh).join('、')}`,
      `"${step.en}" needs first: ${names.map((s) => s.en).join(', ')}`,
      { step: stepId, missing: before },
    );
  }
  return ALLOWED;
}

const ARRIVAL_TEXT: Readonly<Record<StepArrival, { zh: string; en: string }>> = {
  person: { zh: '由办理人本人提交', en: 'submitted by the person doing it' },
  nomination: {
    zh: '由提名推荐服务根据推荐表和推荐票生成，请通过推荐表、投票和结束推荐的接口办理',
    en: 'made by the nomination service from its forms and ballots; use those, and close the round there',
  },
  inspection: {
    zh: '由考察服务根据考察组、测评票和考察报告生成，请通过考察的相应接口办理',
    en: 'made by the inspection service from its team, appraisal ballots and report; use those',
  },
  voting: {
    zh: '由表决服务根据出席登记和无记名投票生成，请通过讨论决定会议的相应接口办理',
    en: 'made by the voting service from attendance and secret ballots; use the decision meeting’s endpoints',
  },
  member_unit: {
    zh: '由联席会议成员单位通过答复接口或本单位系统提交',
    en: 'given by the member unit through its answers endpoint or its own system',
  },
  workflow: {
    zh: '由系统按程序和时限自动办理',
    en: 'done by the system itself, by the procedure and its deadlines',
  },
};

/**
 * Whether a step may arrive this way. Each step arrives one way only (gates.ts): a step a service,
 * a member unit or the workflow brings can never be posted by a person, whatever their role, and a
 * service brings only the steps of its own gate part. Refuses with CASE.STEP_NOT_YOURS.
 */
export function checkArrival(stepId: string, arrival: StepArrival): Verdict {
  const step = stepSpec(stepId);
  if (!step || step.arrives === arrival) return ALLOWED;
  const how = ARRIVAL_TEXT[step.arrives];
  return refuse(
    'CASE.STEP_NOT_YOURS',
    `“${step.zh}”${how.zh}，不能由此提交`,
    `"${step.en}" is ${how.en}; it cannot arrive this way`,
    { step: stepId, arrives: step.arrives, arrival },
  );
}

/** Moves past every gate that is complete, so a gate with nothing required for this case opens and closes at once. */
function advance(progress: CaseProgress): CaseProgress {
  let current = progress;
  while (current.gate !== 'completed' && isGateComplete(current, current.gate)) {
    const next = GATE_KEYS[gateIndex(current.gate) + 1];
    current = { ...current, gate: next ?? 'completed' };
  }
  return current;
}

/** Records a step; throws DomainError with the refusal when decideStep refuses it. */
export function applyStep(progress: CaseProgress, stepId: string, role: Role): CaseProgress {
  const verdict = decideStep(progress, stepId, role);
  if (!verdict.ok) throw new DomainError(verdict);
  const done = { ...progress.done, [stepId]: (progress.done[stepId] ?? 0) + 1 };
  // A logged objection makes its outcome required before the gate can close.
  const profile =
    stepId === 'appointment.objection' ? { ...progress.profile, objectionsReceived: true } : progress.profile;
  return advance({ ...progress, done, profile });
}

/**
 * Adds facts learnt during the case (a candidate under a year in post, an audit found necessary).
 * Only facts that change what is required of the current or later gates may change: the record of
 * a closed gate stays as it was.
 */
export function learnFacts(progress: CaseProgress, facts: Partial<CaseProfile>): CaseProgress {
  return advance({ ...progress, profile: { ...progress.profile, ...facts } });
}
