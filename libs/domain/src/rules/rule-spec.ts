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
}

export function rule(area: RuleSpec['area'], code: string, zh: string, en: string, source: string): RuleSpec {
  return { code, area, zh, en, source };
}
