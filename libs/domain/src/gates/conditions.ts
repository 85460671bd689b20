import type { CaseProfile } from '../classification/classification';

/** Facts a condition may test: each listed field must equal the value, or one of the values. */
export type ProfileMatch = { readonly [K in keyof CaseProfile]?: CaseProfile[K] | readonly CaseProfile[K][] };

/**
 * When a step or a record item is required. Plain data, so the catalogue can print it and a
 * supervisor can read it: `always`, `optional`, or `when` any one of the matches holds.
 */
export type Condition =
  | { readonly kind: 'always' }
  | { readonly kind: 'optional' }
  | { readonly kind: 'when'; readonly anyOf: readonly ProfileMatch[] };

export const ALWAYS: Condition = Object.freeze({ kind: 'always' });
export const OPTIONAL: Condition = Object.freeze({ kind: 'optional' });

export function when(...anyOf: ProfileMatch[]): Condition {
  return { kind: 'when', anyOf };
}

function matches(match: ProfileMatch, profile: CaseProfile): boolean {
  return (Object.keys(match) as (keyof CaseProfile)[]).every((field) => {
    const expected = match[field];
    const actual = profile[field];
    return Array.isArray(expected) ? expected.includes(actual) : expected === actual;
  });
}

/** Whether a condition makes its step or item required for a case with this profile. */
export function isRequired(condition: Condition, profile: CaseProfile): boolean {
  switch (condition.kind) {
    case 'always':
      return true;
    case 'optional':
      return false;
    case 'when':
      return condition.anyOf.some((match) => matches(match, profile));
  }
}
