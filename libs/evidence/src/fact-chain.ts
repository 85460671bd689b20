/**
 * The case's facts as the ledger keeps them (全程纪实): each fact of the case workflow, in the
 * workflow's own numbering, with its content — gate, step, candidate, kind, the record items, who
 * acted, when — serialized canonically (RFC 8785, JSON Canonicalization Scheme) so that the same
 * fact always has the same bytes, and chained per case: each fact's hash covers its content's digest
 * and the previous fact's hash. Rebuilding the ledger from the topics therefore gives the same bytes.
 */
import canonicalize from 'canonicalize';
/** The hash that precedes the first fact of every case's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The deployment suite's digest of a text, hex (SHA-256 or SM3). */
export type Digest = (text: string) => string;

/** What a fact says, as the ledger keeps it. */
export interface FactContent {
  /** The form of this content; a later form gets a new number, never a new meaning for this one. */
  readonly v: 1;
  readonly caseId: string;
  readonly sequence: number;
  /** The gate the fact belongs to: its step's gate, or where the case stood. */
  readonly gate: string;
  readonly kind: string;
  readonly summary: string;
  readonly step?: {
    readonly stepId: string;
    readonly candidateId?: string;
    readonly items: Readonly<Record<string, unknown>>;
    /** The people who acted in a service's step (absent where the step names none). */
    readonly actors?: readonly { readonly id: string; readonly role: string; readonly unitId?: string }[];
  };
  /** The attempt a rule refused (a `step.refused` fact): who is the actor, what and which rule here. */
  readonly refused?: {
    readonly stepId: string;
    readonly candidateId?: string;
    readonly code: string;
    readonly field?: string;
  };
  readonly actor: { readonly id: string; readonly role: string; readonly unitId?: string };
  /** ISO date-time, the workflow's time. */
  readonly occurredAt: string;
}

/** The bytes a fact's digest is taken over: its content, canonically serialized. */
export function factBytes(content: FactContent): string {
  const text = canonicalize(content);
  if (text === undefined) throw new Error('a fact has no canonical form');
  return text;
}

/** A fact's hash: over a label, the previous fact's hash and this fact's content digest. */
export function factHash(digest: Digest, previousHash: string, contentDigest: string): string {
  return digest(`jishi.fact.v1\n${previousHash}\n${contentDigest}`);
}

/** One fact as stored: its canonical content, the columns read from it, and its place in the chain. */
export interface StoredFact {
  readonly caseId: string;
  readonly sequence: number;
  readonly gate: string;
  readonly kind: string;
  readonly stepId: string | null;
  readonly candidateId: string | null;
  readonly actorId: string;
  readonly actorRole: string;
  readonly occurredAt: string;
  readonly content: string;
  readonly contentDigest: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** The columns a fact is found by, read from its content. */
export function columnsOf(content: FactContent) {
  return {
    caseId: content.caseId,
    sequence: content.sequence,
    gate: content.gate,
    kind: content.kind,
    stepId: content.step?.stepId ?? null,
    candidateId: content.step?.candidateId ?? content.refused?.candidateId ?? null,
    actorId: content.actor.id,
    actorRole: content.actor.role,
    occurredAt: content.occurredAt,
  };
}

/** Chains a fact after `previousHash`. */
export function chainFact(digest: Digest, content: FactContent, previousHash: string): StoredFact {
  const bytes = factBytes(content);
  const contentDigest = digest(bytes);
  return {
    ...columnsOf(content),
    content: bytes,
    contentDigest,
    previousHash,
    hash: factHash(digest, previousHash, contentDigest),
  };
}

export interface FactVerification {
  readonly valid: boolean;
  /** How many facts were checked. */
  readonly facts: number;
  /** The sequence of the first fact that is wrong (or missing). */
  readonly brokenAt?: number;
  readonly reason?: string;
}

const COLUMNS = [
  'caseId',
  'sequence',
  'gate',
  'kind',
  'stepId',
  'candidateId',
  'actorId',
  'actorRole',
  'occurredAt',
] as const;

/**
 * Checks a case's facts from their stored bytes, trusting no stored digest: each content re-hashed
 * and re-serialized, the columns it is found by equal to what it says, the workflow's numbering
 * from 1 without a gap, each fact linked to the one before. Names the first fact that is wrong.
 */
export function verifyFacts(digest: Digest, caseId: string, facts: readonly StoredFact[]): FactVerification {
  let previous = GENESIS_HASH;
  for (const [i, fact] of facts.entries()) {
    const expected = i + 1;
    const broken = (reason: string, at = fact.sequence): FactVerification => ({
      valid: false,
      facts: facts.length,
      brokenAt: at,
      reason,
    });
    if (fact.sequence !== expected) {
      return broken(
        fact.sequence > expected
          ? `fact ${expected} is missing`
          : `fact ${fact.sequence} stands where fact ${expected} should`,
        Math.min(fact.sequence, expected),
      );
    }
    let content: FactContent;
    try {
      content = JSON.parse(fact.content) as FactContent;
    } catch {
      return broken('its content is not the JSON it was recorded as');
    }
    if (factBytes(content) !== fact.content) return broken('its content is not in its recorded form');
    if (digest(fact.content) !== fact.contentDigest) return broken('its content does not match its digest');
    if (content.caseId !== caseId) return broken('its content belongs to another case');
    const columns = columnsOf(content);
    const differs = COLUMNS.find((c) => columns[c] !== fact[c]);
    if (differs) return broken(`its ${differs} column differs from its content`);
    if (fact.previousHash !== previous) return broken('it is not linked to the fact before it');
    if (factHash(digest, previous, fact.contentDigest) !== fact.hash)
      return broken('its hash does not match');
    previous = fact.hash;
  }
  return { valid: true, facts: facts.length };
}
