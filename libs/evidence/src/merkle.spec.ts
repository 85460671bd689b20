import { createHash } from 'node:crypto';
import {
  consistencyProof,
  type HashFunction,
  inclusionProof,
  leafHash,
  type NodeSource,
  nodesCompletedBy,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const sha256: HashFunction = (data) => createHash('sha256').update(data).digest();
const sm3: HashFunction = (data) => createHash('sm3').update(data).digest();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/** A log in memory: each perfect subtree written once, as the archive stores them. */
async function logOf(hash: HashFunction, data: readonly Uint8Array[]) {
  const nodes = new Map<string, Uint8Array>();
  const source: NodeSource = (level, index) => {
    const node = nodes.get(`${level}/${index}`);
    return node ? Promise.resolve(node) : Promise.reject(new Error(`no node ${level}/${index}`));
  };
  for (const [index, d] of data.entries()) {
    for (const node of await nodesCompletedBy(hash, source, index, leafHash(hash, d))) {
      expect(nodes.has(`${node.level}/${node.index}`)).toBe(false); // each written once
      nodes.set(`${node.level}/${node.index}`, node.hash);
    }
  }
  return { source, leaves: data.map((d) => leafHash(hash, d)) };
}

/** A second implementation, written literally from RFC 9162 §2.1 over the data itself. */
const reference = (hash: HashFunction) => {
  const k = (n: number) => {
    let p = 1;
    while (p * 2 < n) p *= 2;
    return p;
  };
  const mth = (d: readonly Uint8Array[]): Uint8Array =>
    d.length === 0
      ? hash(new Uint8Array(0))
      : d.length === 1
        ? hash(Uint8Array.from([0, ...(d[0] as Uint8Array)]))
        : hash(Uint8Array.from([1, ...mth(d.slice(0, k(d.length))), ...mth(d.slice(k(d.length)))]));
  const path = (m: number, d: readonly Uint8Array[]): Uint8Array[] => {
    if (d.length === 1) return [];
    const s = k(d.length);
    return m < s
      ? [...path(m, d.slice(0, s)), mth(d.slice(s))]
      : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
  };
  const subproof = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [mth(d)];
    const s = k(d.length);
    return m <= s
      ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
      : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
  };
  return { mth, path, proof: (m: number, d: readonly Uint8Array[]) => subproof(m, d, true) };
};

describe('the Merkle log (RFC 9162 §2.1)', () => {
  // Certificate Transparency's published test data: eight leaves, the root of every prefix, and
  // audit paths and consistency proofs among them.
  const DATA = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map(unhex);
  const ROOTS = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const PATHS: [number, number, string[]][] = [
    [0, 1, []],
    [
      0,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      5,
      8,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [
      1,
      5,
      [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
  ];
  const PROOFS: [number, number, string[]][] = [
    [1, 1, []],
    [
      1,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      6,
      8,
      [
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [
      2,
      5,
      [
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
  ];

  it('computes the published root of every prefix of the test data', async () => {
    const log = await logOf(sha256, DATA);
    for (const [n, root] of ROOTS.entries()) expect(hex(await treeRoot(sha256, log.source, n))).toBe(root);
  });

  it('gives the published audit paths and consistency proofs, and verifies them', async () => {
    const log = await logOf(sha256, DATA);
    for (const [m, n, expected] of PATHS) {
      const proof = await inclusionProof(sha256, log.source, m, n);
      expect(proof.map(hex)).toEqual(expected);
      expect(
        verifyInclusion(sha256, m, n, log.leaves[m] as Uint8Array, proof, unhex(ROOTS[n] as string)),
      ).toBe(true);
    }
    for (const [m, n, expected] of PROOFS) {
      const proof = await consistencyProof(sha256, log.source, m, n);
      expect(proof.map(hex)).toEqual(expected);
      expect(
        verifyConsistency(sha256, m, unhex(ROOTS[m] as string), n, unhex(ROOTS[n] as string), proof),
      ).toBe(true);
    }
  });

  it.each([
    ['SHA-256', sha256],
    ['SM3', sm3],
  ])('agrees with a literal second implementation on every tree up to 33 leaves (%s)', async (_, hash) => {
    const data = Array.from({ length: 33 }, (_, i) => Uint8Array.from(Buffer.from(`事实 ${i}`)));
    const log = await logOf(hash, data);
    const ref = reference(hash);
    for (let n = 1; n <= 33; n++) {
      const root = await treeRoot(hash, log.source, n);
      expect(hex(root)).toBe(hex(ref.mth(data.slice(0, n))));
      for (let m = 0; m < n; m++) {
        const path = await inclusionProof(hash, log.source, m, n);
        expect(path.map(hex)).toEqual(ref.path(m, data.slice(0, n)).map(hex));
        const leaf = log.leaves[m] as Uint8Array;
        expect(verifyInclusion(hash, m, n, leaf, path, root)).toBe(true);
        expect(verifyInclusion(hash, m, n, log.leaves[(m + 1) % 33] as Uint8Array, path, root)).toBe(false);
        if (path.length > 0) expect(verifyInclusion(hash, m, n, leaf, path.slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(hash, m, n, leaf, [...path, root], root)).toBe(false);
      }
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(hash, log.source, m, n);
        expect(proof.map(hex)).toEqual(ref.proof(m, data.slice(0, n)).map(hex));
        const first = await treeRoot(hash, log.source, m);
        expect(verifyConsistency(hash, m, first, n, root, proof)).toBe(true);
        if (m < n) {
          // A head that is not a prefix of the later one: a forked log.
          const forked = ref.mth([...data.slice(0, m - 1), Uint8Array.of(0xff)]);
          expect(verifyConsistency(hash, m, forked, n, root, proof)).toBe(false);
          expect(verifyConsistency(hash, m, first, n, first, proof)).toBe(false);
        }
      }
    }
  });

  it('refuses what is not a proof: a leaf outside the tree, a shrinking log, flipped bytes', async () => {
    const log = await logOf(sha256, DATA);
    const root = unhex(ROOTS[8] as string);
    const proof = await inclusionProof(sha256, log.source, 5, 8);
    expect(verifyInclusion(sha256, 8, 8, log.leaves[5] as Uint8Array, proof, root)).toBe(false);
    expect(verifyInclusion(sha256, -1, 8, log.leaves[5] as Uint8Array, proof, root)).toBe(false);
    const flipped = proof.map((p, i) => (i === 1 ? Uint8Array.from(p, (b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(verifyInclusion(sha256, 5, 8, log.leaves[5] as Uint8Array, flipped, root)).toBe(false);
    expect(verifyConsistency(sha256, 8, root, 6, unhex(ROOTS[6] as string), [])).toBe(false);
    expect(verifyConsistency(sha256, 8, root, 8, root, [])).toBe(true);
    expect(verifyConsistency(sha256, 0, unhex(ROOTS[0] as string), 8, root, [])).toBe(true);
    await expect(inclusionProof(sha256, log.source, 8, 8)).rejects.toThrow(/outside/);
    await expect(consistencyProof(sha256, log.source, 0, 8)).rejects.toThrow(/no consistency proof/);
  });
});
