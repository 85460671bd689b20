import { GENESIS_HASH } from '@jishi/evidence';
import { createHash } from 'node:crypto';

/** The hash that precedes the first entry of every case's chain: the facts' chain's own. */
export { GENESIS_HASH };

/** The fields of a ledger entry that its hash covers. */
export interface ChainFields {
  readonly caseId: string;
  readonly sequence: number;
  readonly eventId: string;
  readonly topic: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly actorRole: string;
  /** SHA-256 of the payload bytes, hex. */
  readonly payloadDigest: string;
  readonly previousHash: string;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The entry's hash: SHA-256 over its fields in a fixed order, so any change to one changes the hash. */
export function entryHash(fields: ChainFields): string {
  const canonical = JSON.stringify([
    fields.caseId,
    fields.sequence,
    fields.eventId,
    fields.topic,
    fields.type,
    fields.occurredAt,
    fields.actorId,
    fields.actorRole,
    fields.payloadDigest,
    fields.previousHash,
  ]);
  return sha256Hex(canonical);
}

export interface Verification {
  readonly valid: boolean;
  readonly entries: number;
  /** The sequence of the first entry that does not fit the chain. */
  readonly brokenAt?: number;
  readonly reason?: string;
}

/**
 * Checks a case's chain: sequences from 1 without gaps, each linked to the previous, each hash
 * right, and — where the stored payload is given — the payload itself re-hashed, so a payload
 * edited in place is found even when its recorded digest was left alone.
 */
export function verifyChain(
  entries: readonly (ChainFields & { readonly hash: string; readonly payload?: Uint8Array })[],
): Verification {
  let previous = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const broken = (reason: string): Verification => ({
      valid: false,
      entries: entries.length,
      brokenAt: entry.sequence,
      reason,
    });
    if (entry.sequence !== i + 1) return broken(`expected sequence ${i + 1}`);
    if (entry.payload !== undefined && sha256Hex(entry.payload) !== entry.payloadDigest)
      return broken('its payload does not match its digest');
    if (entry.previousHash !== previous) return broken('not linked to the previous entry');
    if (entryHash(entry) !== entry.hash) return broken('its hash does not match its contents');
    previous = entry.hash;
  }
  return { valid: true, entries: entries.length };
}
