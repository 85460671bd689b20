/**
 * What every rule answers: yes, or a refusal that says which rule, in Chinese and in English.
 * Refusals are plain data so that they cross Temporal (update validators, activity results) and
 * HTTP unchanged.
 */
export interface Refusal {
  readonly ok: false;
  /** Stable code, `AREA.RULE`, listed in the rule registry (rules/registry.ts) and libs/domain/README.md. */
  readonly code: string;
  /** The reason in Simplified Chinese, for the people using the system. */
  readonly zh: string;
  /** The same reason in English. */
  readonly en: string;
  /** The facts the refusal rests on (field names, numbers, dates). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Allowed {
  readonly ok: true;
}

export type Verdict = Allowed | Refusal;

export const ALLOWED: Allowed = Object.freeze({ ok: true });

export function refuse(code: string, zh: string, en: string, details?: Record<string, unknown>): Refusal {
  return details === undefined ? { ok: false, code, zh, en } : { ok: false, code, zh, en, details };
}

/** The first refusal among verdicts, or ALLOWED. */
export function firstRefusal(verdicts: readonly Verdict[]): Verdict {
  return verdicts.find((v): v is Refusal => !v.ok) ?? ALLOWED;
}

/** Every refusal among verdicts (for checks that report all problems at once, like qualification). */
export function refusals(verdicts: readonly Verdict[]): Refusal[] {
  return verdicts.filter((v): v is Refusal => !v.ok);
}

/** An exception carrying a refusal, for code paths that cannot return a verdict (e.g. calendar lookups). */
export class DomainError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.code}: ${refusal.en}`);
    this.name = 'DomainError';
  }
}
