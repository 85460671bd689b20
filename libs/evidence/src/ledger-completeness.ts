/**
 * Completeness (完整度) and fill rate (填写率) read from the ledger, against the record-item catalogue
 * (Nanchuan's measure): for each case, the required items of every gate it reached that its facts
 * fill, and each candidate's items in the steps they took; then summed by department, gate and
 * period for supervisors. The profile that decides which items are required is the one the
 * organization department confirmed on the record (`qualification.profile`).
 */
import {
  type Completeness,
  CURRENT_SPEC_VERSION,
  caseProfile,
  chinaDateOf,
  DATA_ITEMS,
  filledItemKeys,
  GATE_KEYS,
  type GateKey,
  isRequired,
  measureCompleteness,
  profileFromItems,
  specificationOf,
} from '@jishi/domain';
import type { FactContent } from './fact-chain';

export interface CaseLedgerCompleteness extends Completeness {
  readonly caseId: string;
  readonly department: string;
  /** The day the case started, China time. */
  readonly startedOn: string;
  /** Whether any step is on the record (the fill rate counts these). */
  readonly hasRecord: boolean;
  /** The gates the case reached, each measured; gates it never reached are not counted. */
  readonly byGate: Readonly<Partial<Record<GateKey, Completeness>>>;
  readonly candidates: Readonly<Record<string, Completeness>>;
}

const THREE_LEVEL = /\.signoff\.(selection_deputy|selection_principal|responsible_unit_leader)_signature$/;

/** A case's completeness from its facts (those of `case.started`, `gate.opened` and `step.recorded` suffice). */
export function caseLedgerCompleteness(facts: readonly FactContent[]): CaseLedgerCompleteness {
  const started = facts.find((f) => f.kind === 'case.started');
  const steps = facts.filter((f) => f.kind === 'step.recorded' && f.step !== undefined);
  const profile = caseProfile(
    Object.assign(
      {},
      ...steps
        .filter((f) => f.step?.stepId === 'qualification.profile')
        .map((f) => profileFromItems(f.step?.items ?? {})),
    ),
  );
  const spec = specificationOf(CURRENT_SPEC_VERSION);
  const perCandidate = new Set(spec.steps.filter((s) => s.per === 'candidate').map((s) => s.id));
  const reached = new Set<string>([
    'qualification',
    ...facts.filter((f) => f.kind === 'gate.opened').map((f) => f.gate),
  ]);
  const caseFilled = new Set<string>();
  const candidateFilled = new Map<string, Set<string>>();
  const candidateSteps = new Map<string, Set<string>>();
  for (const f of steps) {
    const step = f.step as NonNullable<FactContent['step']>;
    const c = step.candidateId;
    if (c === undefined) for (const key of filledItemKeys(step.items)) caseFilled.add(key);
    else {
      const into = candidateFilled.get(c) ?? new Set<string>();
      for (const key of filledItemKeys(step.items)) into.add(key);
      candidateFilled.set(c, into);
      candidateSteps.set(c, (candidateSteps.get(c) ?? new Set<string>()).add(step.stepId));
    }
  }
  // The three-level signature counts only where the organization asks for it: where any is on record.
  const threeLevel = [...caseFilled].some((k) => THREE_LEVEL.test(k));
  const required = DATA_ITEMS.filter(
    (i) =>
      !i.computed &&
      isRequired(i.required, profile) &&
      reached.has(i.gate) &&
      !perCandidate.has(i.step) &&
      (spec.step(i.step) !== undefined || i.step.endsWith('.signoff')) &&
      (threeLevel || !THREE_LEVEL.test(i.key)),
  );
  const byGate: Partial<Record<GateKey, Completeness>> = {};
  for (const gate of GATE_KEYS)
    if (reached.has(gate))
      byGate[gate] = measureCompleteness(
        required.filter((i) => i.gate === gate),
        caseFilled,
      );
  const candidates = Object.fromEntries(
    [...candidateSteps].map(([c, taken]) => [
      c,
      measureCompleteness(
        DATA_ITEMS.filter((i) => !i.computed && taken.has(i.step) && isRequired(i.required, profile)),
        candidateFilled.get(c) ?? new Set(),
      ),
    ]),
  );
  return {
    ...measureCompleteness(required, caseFilled),
    caseId: started?.caseId ?? facts[0]?.caseId ?? '',
    department: started?.actor.unitId ?? '',
    startedOn: started ? chinaDateOf(Date.parse(started.occurredAt)) : '',
    hasRecord: steps.length > 0,
    byGate,
    candidates,
  };
}

export interface CompletenessSummary {
  readonly cases: number;
  /** Cases with a record over cases (填写率). */
  readonly fillRate: number;
  /** Filled required items over required items, all cases together (完整度). */
  readonly completeness: number;
  readonly required: number;
  readonly filled: number;
  readonly byGate: Readonly<Partial<Record<GateKey, { required: number; filled: number; ratio: number }>>>;
}

/** Sums cases: fill rate, completeness overall and by gate. */
export function summarizeCompleteness(cases: readonly CaseLedgerCompleteness[]): CompletenessSummary {
  const ratio = (filled: number, required: number) => (required === 0 ? 1 : filled / required);
  const byGate: Partial<Record<GateKey, { required: number; filled: number; ratio: number }>> = {};
  for (const gate of GATE_KEYS) {
    const measured = cases.map((c) => c.byGate[gate]).filter((g): g is Completeness => g !== undefined);
    if (measured.length === 0) continue;
    const required = measured.reduce((n, g) => n + g.required, 0);
    const filled = measured.reduce((n, g) => n + g.filled, 0);
    byGate[gate] = { required, filled, ratio: ratio(filled, required) };
  }
  const required = cases.reduce((n, c) => n + c.required, 0);
  const filled = cases.reduce((n, c) => n + c.filled, 0);
  return {
    cases: cases.length,
    fillRate: ratio(cases.filter((c) => c.hasRecord).length, cases.length),
    completeness: ratio(filled, required),
    required,
    filled,
    byGate,
  };
}
