/**
 * The record form (纪实表) of one candidate, read from a case's facts: the gates as sections, each
 * recorded item with its value, who recorded it and when, who reviewed the gate's record (复核) and
 * the signatures in order with their times — the layout of the seed's practice. The form is derived
 * from the facts alone, so anyone holding the case's bundle derives the same form, and the verifier
 * checks a form kept beside the bundle against it.
 */
import {
  dataItem,
  GATE_KEYS,
  gateSpec,
  type GateKey,
  ROLE_LABELS,
  type Role,
  specificationOf,
  SPEC_VERSIONS,
  stepSpec,
} from '@jishi/domain';
import type { FactContent } from './fact-chain';

export interface FormEntry {
  readonly sequence: number;
  readonly stepId: string;
  readonly zh: string;
  readonly en: string;
  readonly candidateId?: string;
  readonly items: readonly {
    readonly key: string;
    readonly zh: string;
    readonly en: string;
    readonly value: string;
  }[];
  readonly recordedBy: { readonly id: string; readonly role: string; readonly zh: string };
  readonly recordedAt: string;
}

export interface FormSignature {
  readonly sequence: number;
  readonly item: string;
  readonly zh: string;
  readonly en: string;
  readonly signerId: string;
  readonly keyId: string;
  readonly through: number;
  readonly digest: string;
  readonly signedAt: string;
}

export interface FormSection {
  readonly gate: GateKey;
  readonly zh: string;
  readonly en: string;
  readonly entries: readonly FormEntry[];
  /** What happened in the gate besides steps (gates opened, deadlines, a candidate leaving). */
  readonly events: readonly {
    readonly sequence: number;
    readonly kind: string;
    readonly summary: string;
    readonly at: string;
  }[];
  /** Attempts the rules refused in this gate (M19), counted; each is a fact of the bundle. */
  readonly refused: number;
  readonly recorder?: string;
  readonly reviewer?: string;
  readonly reviewedOn?: string;
  readonly signatures: readonly FormSignature[];
}

export interface RecordForm {
  readonly format: 'jishi.record-form.v1';
  readonly caseId: string;
  readonly title: string;
  readonly candidateId: string;
  readonly candidateName?: string;
  /** The last fact the form reads, and its hash in the case's chain. */
  readonly through: { readonly sequence: number; readonly hash: string };
  readonly sections: readonly FormSection[];
}

const yesNo: Record<string, string> = { yes: '是', no: '否', true: '是', false: '否' };

/** A recorded value as a person reads it on the form. */
export function formValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return yesNo[value] ?? value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map(formValue).join('；');
  const o = value as Record<string, unknown>;
  if (typeof o['signature'] === 'string')
    return `${String(o['signerId'])} 电子签名（密钥 ${String(o['keyId']).slice(0, 16)}…）`;
  if (typeof o['sha256'] === 'string')
    return `${String(o['name'] ?? '')}（SHA-256 ${String(o['sha256']).slice(0, 16)}…）`;
  if (typeof o['name'] === 'string' && typeof o['id'] === 'string')
    return o['name'] === o['id'] ? o['id'] : `${o['name']}（${o['id']}）`;
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${formValue(v)}`)
    .join('，');
}

function stepLabel(stepId: string): { zh: string; en: string } {
  const spec =
    stepSpec(stepId) ??
    SPEC_VERSIONS.map((v) => specificationOf(v).step(stepId)).find((s) => s !== undefined);
  if (spec) return { zh: spec.zh, en: spec.en };
  if (stepId.endsWith('.signoff')) return { zh: '环节纪实签字', en: 'sign-off of the gate’s record' };
  return { zh: stepId, en: stepId };
}

function person(value: unknown): string | undefined {
  return value === undefined ? undefined : formValue(value);
}

/**
 * The form of one candidate: the case's own facts and the candidate's, gate by gate, through the
 * last fact given. `hashes` are the chain's hashes by sequence (the form names where it stops).
 */
export function recordForm(
  facts: readonly FactContent[],
  candidateId: string,
  hashes: ReadonlyMap<number, string>,
): RecordForm {
  const started = facts.find((f) => f.kind === 'case.started');
  const mine = (f: FactContent) => {
    const c = f.step?.candidateId ?? f.refused?.candidateId;
    return c === undefined || c === candidateId;
  };
  const named = facts.find(
    (f) => f.step?.candidateId === candidateId && f.step.items['qualification.check.candidate_name'],
  )?.step?.items['qualification.check.candidate_name'] as { name?: string } | undefined;
  const sections: FormSection[] = GATE_KEYS.map((gate) => {
    const spec = gateSpec(gate);
    const inGate = facts.filter((f) => f.gate === gate && mine(f));
    const steps = inGate.filter((f) => f.kind === 'step.recorded' && f.step !== undefined);
    const signOffs = steps.filter((f) => f.step?.stepId === `${gate}.signoff`);
    const signOffItems = Object.assign({}, ...signOffs.map((f) => f.step?.items)) as Record<string, unknown>;
    const signatures: FormSignature[] = signOffs.flatMap((f) =>
      Object.entries(f.step?.items ?? {})
        .filter(([key]) => key.endsWith('_signature'))
        .map(([key, v]) => {
          const s = v as { signerId: string; keyId: string; through: number; digest: string };
          const label = dataItem(key);
          return {
            sequence: f.sequence,
            item: key,
            zh: label?.zh ?? key,
            en: label?.en ?? key,
            signerId: s.signerId,
            keyId: s.keyId,
            through: s.through,
            digest: s.digest,
            signedAt: f.occurredAt,
          };
        }),
    );
    const recorder = person(signOffItems[`${gate}.signoff.recorder`]);
    const reviewer = person(signOffItems[`${gate}.signoff.reviewer`]);
    const reviewedOn = signOffItems[`${gate}.signoff.reviewed_on`];
    return {
      gate,
      zh: spec.zh,
      en: spec.en,
      entries: steps
        .filter((f) => !f.step?.stepId.endsWith('.signoff'))
        .map((f) => {
          const step = f.step as NonNullable<FactContent['step']>;
          const role = f.actor.role as Role;
          return {
            sequence: f.sequence,
            stepId: step.stepId,
            ...stepLabel(step.stepId),
            ...(step.candidateId === undefined ? {} : { candidateId: step.candidateId }),
            items: Object.entries(step.items).map(([key, value]) => {
              const label = dataItem(key);
              return { key, zh: label?.zh ?? key, en: label?.en ?? key, value: formValue(value) };
            }),
            recordedBy: { id: f.actor.id, role: f.actor.role, zh: ROLE_LABELS[role]?.zh ?? f.actor.role },
            recordedAt: f.occurredAt,
          };
        }),
      events: inGate
        .filter((f) => f.step === undefined && f.kind !== 'step.refused' && f.kind !== 'input.refused')
        .map((f) => ({ sequence: f.sequence, kind: f.kind, summary: f.summary, at: f.occurredAt })),
      refused: inGate.filter((f) => f.kind === 'step.refused' || f.kind === 'input.refused').length,
      ...(recorder === undefined ? {} : { recorder }),
      ...(reviewer === undefined ? {} : { reviewer }),
      ...(typeof reviewedOn === 'string' ? { reviewedOn } : {}),
      signatures,
    };
  });
  const last = facts.at(-1);
  return {
    format: 'jishi.record-form.v1',
    caseId: started?.caseId ?? last?.caseId ?? '',
    title: started?.summary ?? '',
    candidateId,
    ...(typeof named?.name === 'string' ? { candidateName: named.name } : {}),
    through: { sequence: last?.sequence ?? 0, hash: hashes.get(last?.sequence ?? 0) ?? '' },
    sections,
  };
}

/** The candidates a case's facts name, in the order they first appear. */
export function candidatesOf(facts: readonly FactContent[]): string[] {
  const seen = new Set<string>();
  for (const f of facts) {
    const c = f.step?.candidateId;
    if (c !== undefined) seen.add(c);
  }
  return [...seen];
}
