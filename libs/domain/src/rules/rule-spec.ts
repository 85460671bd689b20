import type { GateKey } from '../gates/gates';

/** One rule of the domain: its stable code, what it says, and the line of domain.md it implements. */
export interface RuleSpec {
  readonly code: string;
  /** The gate the rule belongs to, or `record` / `case` / `calendar` / `policy` for rules across gates. */
  readonly area: GateKey | 'record' | 'case' | 'calendar' | 'policy';
  readonly zh: string;
  readonly en: string;
  /** The words of domain.md (or the seed, or the Regulations) the rule implements. */
  readonly source: string;
  /**
   * For a rule that decides rather than refuses (an outcome, a deadline, a status), the exported
   * function that implements it; a rule without it refuses with its code.
   */
  readonly implementedBy?: string;
}

export function rule(
  area: RuleSpec['area'],
  code: string,
  zh: string,
  en: string,
  source: string,
  implementedBy?: string,
): RuleSpec {
  return implementedBy === undefined
    ? { code, area, zh, en, source }
    : { code, area, zh, en, source, implementedBy };
}
