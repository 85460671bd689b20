/**
 * An append-only Merkle tree in the shape of RFC 9162 §2.1 (Certificate Transparency 2.0): leaves
 * hashed as HASH(0x00 ‖ data), interior nodes as HASH(0x01 ‖ left ‖ right), the tree of n leaves
 * split at the largest power of two below n; audit paths (§2.1.3) and consistency proofs (§2.1.4)
 * with the RFC's verification algorithms. The hash is the deployment suite's (SHA-256 or SM3).
 *
 * The tree is read through a source of its perfect subtrees — level L, index i covers leaves
 * [i·2^L, (i+1)·2^L) — which never change once complete, so a store can write each once and a proof
 * needs O(log² n) of them, never every leaf.
 */

export type HashFunction = (data: Uint8Array) => Uint8Array;

/** A perfect subtree's hash: level 0 is a leaf's hash. */
export type NodeSource = (level: number, index: number) => Promise<Uint8Array>;

export interface TreeNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const leafHash = (hash: HashFunction, data: Uint8Array): Uint8Array => hash(concat(LEAF, data));

export const nodeHash = (hash: HashFunction, left: Uint8Array, right: Uint8Array): Uint8Array =>
  hash(concat(NODE, left, right));

/** MTH({}): the hash of the empty string. */
export const emptyRoot = (hash: HashFunction): Uint8Array => hash(new Uint8Array(0));

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The largest power of two smaller than n (n ≥ 2). */
function splitOf(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// Not `n & (n - 1)`: bitwise operators truncate to 32 bits, and logs grow past 2³¹ leaves.
const isPowerOfTwo = (n: number): boolean => n > 0 && Number.isInteger(Math.log2(n));

/** MTH(D[start:end]) for 0 ≤ start < end, from the source's perfect subtrees. */
export async function rangeHash(
  hash: HashFunction,
  source: NodeSource,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const n = end - start;
  if (n < 1) throw new RangeError('an empty range has no subtree');
  if (isPowerOfTwo(n) && start % n === 0) return source(Math.log2(n), start / n);
  const k = splitOf(n);
  return nodeHash(
    hash,
    await rangeHash(hash, source, start, start + k),
    await rangeHash(hash, source, start + k, end),
  );
}

/** The root of the tree of its first `size` leaves. */
export function treeRoot(hash: HashFunction, source: NodeSource, size: number): Promise<Uint8Array> {
  return size === 0 ? Promise.resolve(emptyRoot(hash)) : rangeHash(hash, source, 0, size);
}

/** PATH(m, D[n]) (RFC 9162 §2.1.3.1): the audit path of leaf m in the tree of n leaves. */
export async function inclusionProof(
  hash: HashFunction,
  source: NodeSource,
  m: number,
  n: number,
): Promise<Uint8Array[]> {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is outside a tree of ${n}`);
  const path = async (index: number, start: number, end: number): Promise<Uint8Array[]> => {
    if (end - start === 1) return [];
    const k = splitOf(end - start);
    return index < k
      ? [...(await path(index, start, start + k)), await rangeHash(hash, source, start + k, end)]
      : [...(await path(index - k, start + k, end)), await rangeHash(hash, source, start, start + k)];
  };
  return path(m, 0, n);
}

/** PROOF(m, D[n]) (RFC 9162 §2.1.4.1): that the tree of m leaves is a prefix of the tree of n. */
export async function consistencyProof(
  hash: HashFunction,
  source: NodeSource,
  m: number,
  n: number,
): Promise<Uint8Array[]> {
  if (!(m > 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} leaves to ${n}`);
  const subproof = async (
    size: number,
    start: number,
    end: number,
    whole: boolean,
  ): Promise<Uint8Array[]> => {
    if (size === end - start) return whole ? [] : [await rangeHash(hash, source, start, end)];
    const k = splitOf(end - start);
    return size <= k
      ? [...(await subproof(size, start, start + k, whole)), await rangeHash(hash, source, start + k, end)]
      : [
          ...(await subproof(size - k, start + k, end, false)),
          await rangeHash(hash, source, start, start + k),
        ];
  };
  return subproof(m, 0, n, true);
}

/** Verifies an audit path (RFC 9162 §2.1.3.2). Anything malformed is a false, never an exception. */
export function verifyInclusion(
  hash: HashFunction,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size))
    return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(hash, p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(r, root);
}

/** Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  hash: HashFunction,
  firstSize: number,
  firstRoot: Uint8Array,
  secondSize: number,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!(Number.isSafeInteger(firstSize) && Number.isSafeInteger(secondSize))) return false;
  if (firstSize < 0 || firstSize > secondSize) return false;
  if (firstSize === secondSize) return proof.length === 0 && equalBytes(firstRoot, secondRoot);
  if (firstSize === 0) return proof.length === 0 && equalBytes(firstRoot, emptyRoot(hash));
  const path = isPowerOfTwo(firstSize) ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = BigInt(firstSize - 1);
  let sn = BigInt(secondSize - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}

/**
 * The perfect subtrees leaf `index` completes, the leaf itself first: each with the left sibling
 * it pairs with, read from the source.
 */
export async function nodesCompletedBy(
  hash: HashFunction,
  source: NodeSource,
  index: number,
  leaf: Uint8Array,
): Promise<TreeNode[]> {
  const nodes: TreeNode[] = [{ level: 0, index, hash: leaf }];
  let level = 0;
  let at = index;
  let current = leaf;
  while (at % 2 === 1) {
    current = nodeHash(hash, await source(level, at - 1), current);
    level += 1;
    at = (at - 1) / 2;
    nodes.push({ level, index: at, hash: current });
  }
  return nodes;
}
