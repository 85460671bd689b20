import type { CaseProfile } from '../classification/classification';
import { ALLOWED, DomainError, type Refusal, refuse, type Verdict } from '../errors/refusal';
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
import {
  CANDIDATE_STATUS_LABELS,
  type CandidateStatus,
  type Specification,
  specificationOf,
  type SpecVersion,
  type VersionedStep,
} from './spec';

/** One candidate's own record of the case (一人一表), in version 2 of the specification. */
export interface CandidateProgress {
  readonly id: string;
  readonly status: CandidateStatus;
  /** The post (1, 2, …) the candidate is proposed for, once proposed. */
  readonly post?: number;
  /** The candidate's own steps done, with how often. */
  readonly done: Readonly<Record<string, number>>;
  /** Why the candidate left the case (the rule's code and words), once they did. */
  readonly left?: { readonly code: string; readonly zh: string; readonly en: string; readonly gate: GateKey };
}

/**
 * Where a case stands: its gate, the steps done (with how often), the facts that decide which
 * steps it needs, the version of the specification it runs under and, from version 2, each
 * candidate's own record. Immutable; every change returns a new value, so the workflow can keep it
 * as state.
 */
export interface CaseProgress {
  readonly gate: GateKey | 'completed';
  readonly done: Readonly<Record<string, number>>;
  readonly profile: CaseProfile;
  /** The specification the case started under; absent is version 1. */
  readonly version?: SpecVersion;
  /** Version 2: the candidates, in the order they entered the case. */
  readonly candidates?: readonly CandidateProgress[];
}

function specOf(progress: CaseProgress): Specification {
  return specificationOf(progress.version);
}

export function startCase(profile: CaseProfile, version: SpecVersion = 1): CaseProgress {
  return advance(
    version === 1
      ? { gate: 'qualification', done: {}, profile }
      : { gate: 'qualification', done: {}, profile, version, candidates: [] },
  );
}

/** The required case steps of a gate not yet done, for this case. */
export function missingSteps(progress: CaseProgress, gate: GateKey): VersionedStep[] {
  return specOf(progress)
    .during(gate)
    .filter(
      (step) =>
        step.per === 'case' && isRequired(step.required, progress.profile) && !(progress.done[step.id] ?? 0),
    );
}

/** A candidate's required step of the gate not yet done (version 2). */
export interface MissingForCandidate {
  readonly candidateId: string;
  readonly step: VersionedStep;
}

/** The required candidate steps of a gate not yet done: one per candidate standing where the step is taken. */
export function missingForCandidates(progress: CaseProgress, gate: GateKey): MissingForCandidate[] {
  const steps = specOf(progress)
    .during(gate)
    .filter((s) => s.per === 'candidate' && isRequired(s.required, progress.profile));
  return (progress.candidates ?? []).flatMap((c) =>
    steps
      .filter((s) => s.forCandidates.includes(c.status) && !(c.done[s.id] ?? 0))
      .map((step) => ({ candidateId: c.id, step })),
  );
}

export function isGateComplete(progress: CaseProgress, gate: GateKey): boolean {
  return missingSteps(progress, gate).length === 0 && missingForCandidates(progress, gate).length === 0;
}

const GATE_ZH = (key: GateKey) => `${gateSpec(key).zh}（${key}）`;

function candidateOf(progress: CaseProgress, id: string | undefined): CandidateProgress | undefined {
  return id === undefined ? undefined : progress.candidates?.find((c) => c.id === id);
}

/** Whether a step named in `after` is done: by this candidate, or (a candidate step before a case step) by every candidate it is for. */
function isDone(progress: CaseProgress, stepId: string, candidate: CandidateProgress | undefined): boolean {
  const step = specOf(progress).step(stepId);
  if (!step || step.per === 'case') return (progress.done[stepId] ?? 0) > 0;
  if (candidate) return (candidate.done[stepId] ?? 0) > 0;
  const candidates = progress.candidates ?? [];
  return (
    candidates.some((c) => (c.done[stepId] ?? 0) > 0) &&
    !candidates.some((c) => step.forCandidates.includes(c.status) && !(c.done[stepId] ?? 0))
  );
}

/**
 * May `role` do step `stepId` now (for `candidateId`, where the step is a candidate's)? Yes, or a
 * refusal with a stable code: CASE.UNKNOWN_STEP, CASE.COMPLETED, CASE.GATE_CLOSED,
 * CASE.GATE_INCOMPLETE, CASE.WRONG_GATE, CASE.ROLE_NOT_ALLOWED, CAND.REQUIRED, CAND.UNKNOWN,
 * CAND.NOT_PER_CANDIDATE, CAND.NOT_IN_SCOPE, CASE.STEP_ALREADY_DONE, CASE.STEP_OUT_OF_ORDER,
 * CASE.STEP_CLOSED.
 */
export function decideStep(
  progress: CaseProgress,
  stepId: string,
  role: Role,
  candidateId?: string,
): Verdict {
  const step = specOf(progress).step(stepId);
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
  const target = gateIndex(step.during);
  if (target < current) {
    return refuse(
      'CASE.GATE_CLOSED',
      `“${step.zh}”属于已关闭的${GATE_ZH(step.during)}环节，当前环节为${GATE_ZH(progress.gate)}`,
      `"${step.en}" belongs to the ${step.during} gate, which is closed; the case is at ${progress.gate}`,
      { step: stepId, stepGate: step.during, currentGate: progress.gate },
    );
  }
  if (target > current) {
    const missing = [
      ...missingSteps(progress, progress.gate),
      ...missingForCandidates(progress, progress.gate).map((m) => m.step),
    ].filter((s, i, all) => all.indexOf(s) === i);
    if (target === current + 1) {
      return refuse(
        'CASE.GATE_INCOMPLETE',
        `${GATE_ZH(progress.gate)}环节尚未完成纪实（缺：${missing.map((s) => s.zh).join('、')}），不能进入${GATE_ZH(step.during)}环节`,
        `the ${progress.gate} gate is not complete (missing: ${missing.map((s) => s.en).join(', ')}); ${step.during} cannot open yet`,
        { step: stepId, currentGate: progress.gate, missing: missing.map((s) => s.id) },
      );
    }
    return refuse(
      'CASE.WRONG_GATE',
      `“${step.zh}”属于${GATE_ZH(step.during)}环节，当前环节为${GATE_ZH(progress.gate)}，须依次办理`,
      `"${step.en}" belongs to the ${step.during} gate; the case is at ${progress.gate}, and gates go strictly in order`,
      { step: stepId, stepGate: step.during, currentGate: progress.gate },
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
  const candidate = step.per === 'candidate' ? candidateOf(progress, candidateId) : undefined;
  if ((progress.version ?? 1) >= 2) {
    const refusal = checkCandidate(progress, step, candidateId, candidate);
    if (refusal) return refusal;
  }
  const done = candidate ? candidate.done : progress.done;
  if (!step.repeatable && (done[stepId] ?? 0) > 0) {
    return refuse('CASE.STEP_ALREADY_DONE', `“${step.zh}”已办理，不能重复`, `"${step.en}" is already done`, {
      step: stepId,
      ...(candidate ? { candidateId: candidate.id } : {}),
    });
  }
  const closedBy = step.closedBy.filter((id) => (progress.done[id] ?? 0) > 0);
  if (closedBy.length > 0) {
    const closer = specOf(progress).step(closedBy[0] as string) as StepSpec;
    return refuse(
      'CASE.STEP_CLOSED',
      `“${closer.zh}”后不能再办理“${step.zh}”`,
      `"${step.en}" can no longer be done after "${closer.en}"`,
      { step: stepId, closedBy },
    );
  }
  const before = step.after.filter((id) => !isDone(progress, id, candidate));
  if (before.length > 0) {
    const names = before.map((id) => specOf(progress).step(id) as StepSpec);
    return refuse(
      'CASE.STEP_OUT_OF_ORDER',
      `办理“${step.zh}”前须先完成：${names.map((s) => s.zh).join('、')}`,
      `"${step.en}" needs first: ${names.map((s) => s.en).join(', ')}`,
      { step: stepId, missing: before },
    );
  }
  return ALLOWED;
}

/** Version 2: a candidate's step names a candidate who stands where the step is taken; a case step names none. */
function checkCandidate(
  progress: CaseProgress,
  step: VersionedStep,
  candidateId: string | undefined,
  candidate: CandidateProgress | undefined,
): Refusal | undefined {
  if (step.per === 'case') {
    if (candidateId === undefined) return undefined;
    return refuse(
      'CAND.NOT_PER_CANDIDATE',
      `“${step.zh}”是整个事项的环节，不针对单个人选，请勿指定人选`,
      `"${step.en}" is a step of the whole case, not of one candidate; name no candidate`,
      { step: step.id, candidateId },
    );
  }
  if (candidateId === undefined || candidateId.trim() === '') {
    return refuse(
      'CAND.REQUIRED',
      `“${step.zh}”须针对某一人选办理，请指定人选（candidateId）`,
      `"${step.en}" is done for one candidate; name the candidate (candidateId)`,
      { step: step.id },
    );
  }
  if (!candidate) {
    return refuse(
      'CAND.UNKNOWN',
      `本事项没有人选“${candidateId}”`,
      `the case has no candidate "${candidateId}"`,
      { step: step.id, candidateId },
    );
  }
  if (!step.forCandidates.includes(candidate.status)) {
    const label = CANDIDATE_STATUS_LABELS[candidate.status];
    return refuse(
      'CAND.NOT_IN_SCOPE',
      `人选“${candidateId}”当前为“${label.zh}”，不能办理“${step.zh}”（适用于：${step.forCandidates.map((s) => CANDIDATE_STATUS_LABELS[s].zh).join('、')}）`,
      `the candidate "${candidateId}" is ${label.en}; "${step.en}" is for candidates who are ${step.forCandidates.map((s) => CANDIDATE_STATUS_LABELS[s].en).join(' or ')}`,
      { step: step.id, candidateId, status: candidate.status, forCandidates: step.forCandidates },
    );
  }
  return undefined;
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
export function checkArrival(stepId: string, arrival: StepArrival, version?: SpecVersion): Verdict {
  const step = version === undefined ? stepSpec(stepId) : specificationOf(version).step(stepId);
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

/** Records a step (for a candidate, where it is a candidate's); throws DomainError with the refusal when decideStep refuses it. */
export function applyStep(
  progress: CaseProgress,
  stepId: string,
  role: Role,
  candidateId?: string,
): CaseProgress {
  const verdict = decideStep(progress, stepId, role, candidateId);
  if (!verdict.ok) throw new DomainError(verdict);
  // A logged objection makes its outcome required before the gate can close.
  const profile =
    stepId === 'appointment.objection' ? { ...progress.profile, objectionsReceived: true } : progress.profile;
  const step = specOf(progress).step(stepId) as VersionedStep;
  if (step.per === 'candidate' && candidateId !== undefined) {
    const candidates = (progress.candidates ?? []).map((c) =>
      c.id === candidateId ? { ...c, done: { ...c.done, [stepId]: (c.done[stepId] ?? 0) + 1 } } : c,
    );
    // From specification 3 a candidate's own step may be the one that completes the gate (a talk
    // after the second submission); before it, a candidate step never moved the gate.
    const next = { ...progress, candidates, profile };
    return (progress.version ?? 1) >= 3 ? advance(next) : next;
  }
  const done = { ...progress.done, [stepId]: (progress.done[stepId] ?? 0) + 1 };
  return advance({ ...progress, done, profile });
}

/**
 * Version 2: moves a candidate to a new standing (shortlisted, found eligible or not, proposed for a
 * post, passed …), adding them when new; a candidate who leaves keeps why. The gate moves on when
 * that completes it.
 */
export function setCandidate(
  progress: CaseProgress,
  candidateId: string,
  status: CandidateStatus,
  extra: {
    readonly post?: number;
    readonly left?: CandidateProgress['left'];
    /** Steps the candidate takes again (a decision reconsidered is voted on anew). */
    readonly again?: readonly string[];
  } = {},
): CaseProgress {
  const { again = [], ...fields } = extra;
  const candidates = progress.candidates ?? [];
  const known = candidates.some((c) => c.id === candidateId);
  const next = known
    ? candidates.map((c) =>
        c.id === candidateId
          ? {
              ...c,
              status,
              ...fields,
              done: Object.fromEntries(Object.entries(c.done).filter(([step]) => !again.includes(step))),
            }
          : c,
      )
    : [...candidates, { id: candidateId, status, done: {}, ...fields }];
  return advance({ ...progress, candidates: next });
}

/**
 * Adds facts learnt during the case (a candidate under a year in post, an audit found necessary).
 * Only facts that change what is required of the current or later gates may change: the record of
 * a closed gate stays as it was.
 */
export function learnFacts(progress: CaseProgress, facts: Partial<CaseProfile>): CaseProgress {
  return advance({ ...progress, profile: { ...progress.profile, ...facts } });
}
