/**
 * The heads a supervisor kept from jishi.ledger.heads.v1, checked as a series: each signed by the
 * pinned log key, and each later one an extension of the one before (an RFC 9162 consistency proof
 * from the archive, GET /ledger/consistency). A log rewritten and re-signed since a head was kept —
 * a fork — fails here, named by the two heads between which it happened; two different heads of the
 * same size are a fork with no proof needed.
 */
import { type SignedTreeHead, treeHeadText } from './bundle';
import { type HashFunction, verifyConsistency } from './merkle';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  /** Lowercase hex hashes, as the archive serves them. */
  readonly proof: readonly string[];
}

export interface HeadSeriesVerification {
  readonly valid: boolean;
  readonly heads: number;
  readonly problem?: {
    readonly check: 'head' | 'fork';
    readonly reason: string;
    readonly from?: number;
    readonly to?: number;
  };
}

const unhex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

export function verifyHeadSeries(
  heads: readonly SignedTreeHead[],
  proofs: readonly ConsistencyProof[],
  logPublicKey: string,
): HeadSeriesVerification {
  const sorted = [...heads].sort((a, b) => a.treeSize - b.treeSize);
  const wrong = (problem: HeadSeriesVerification['problem']): HeadSeriesVerification => ({
    valid: false,
    heads: heads.length,
    ...(problem ? { problem } : {}),
  });
  if (sorted.length < 2)
    return wrong({ check: 'head', reason: 'a series needs two heads or more to say the log only grew' });
  if (new Set(sorted.map((h) => h.suite)).size > 1)
    return wrong({ check: 'head', reason: 'the heads are not all of one suite' });
  for (const h of sorted) {
    if (
      h.publicKey !== logPublicKey ||
      !(SUITE_NAMES as readonly string[]).includes(h.suite) ||
      !signatureSuite(h.suite as SuiteName).verify(treeHeadText(h), h.signature, logPublicKey)
    )
      return wrong({
        check: 'head',
        reason: `the head of size ${h.treeSize} is not signed by the log key`,
        to: h.treeSize,
      });
  }
  for (let i = 1; i < sorted.length; i += 1) {
    const a = sorted[i - 1] as SignedTreeHead;
    const b = sorted[i] as SignedTreeHead;
    if (Date.parse(b.timestamp) < Date.parse(a.timestamp))
      return wrong({
        check: 'fork',
        reason: `the head of size ${b.treeSize} is older than the smaller head of size ${a.treeSize}`,
        from: a.treeSize,
        to: b.treeSize,
      });
    if (a.treeSize === b.treeSize) {
      if (a.rootHash !== b.rootHash)
        return wrong({
          check: 'fork',
          reason: `two heads of size ${a.treeSize} with different roots: the log was forked`,
          from: a.treeSize,
          to: b.treeSize,
        });
      continue;
    }
    const suite = signatureSuite(b.suite as SuiteName);
    const hash: HashFunction = (data) => suite.digestBytes(data);
    const proof = proofs.find((p) => p.from === a.treeSize && p.to === b.treeSize);
    if (
      !proof ||
      !verifyConsistency(
        hash,
        a.treeSize,
        unhex(a.rootHash),
        b.treeSize,
        unhex(b.rootHash),
        proof.proof.map(unhex),
      )
    )
      return wrong({
        check: 'fork',
        reason: `the head of size ${b.treeSize} is not proved an extension of the head of size ${a.treeSize}: the log was rewritten between them`,
        from: a.treeSize,
        to: b.treeSize,
      });
  }
  return { valid: true, heads: heads.length };
}
