import { type CaseBundle, leafData, treeHeadText, verifyBundle } from './bundle';
import { chainFact, type FactContent, GENESIS_HASH } from './fact-chain';
import { inclusionProof, leafHash, type NodeSource, nodesCompletedBy, treeRoot } from './merkle';
import { gateDigestText, signOffText } from './sign-off';
import { SUITE_NAMES, signatureSuite } from './signature-suite';

/**
 * The offline verifier on a bundle made here from the same pieces the archive uses, in each suite:
 * a sound bundle verifies; each kind of tampering is named, at its fact.
 */
describe.each(SUITE_NAMES)('a case bundle verified offline (%s)', (name) => {
  const suite = signatureSuite(name);
  const hash = (data: Uint8Array) => Uint8Array.from(Buffer.from(suite.digest(data), 'hex'));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const caseId = 'c-1';
  const logKey = suite.generateKeyPair();
  const signer = suite.generateKeyPair();

  async function bundle(): Promise<CaseBundle> {
    const at = (s: number) => `2026-11-28T08:00:0${s}.000Z`;
    const base = { v: 1 as const, caseId, summary: 's', actor: { id: 'staff-1', role: 'org_staff' } };
    const contents: FactContent[] = [
      { ...base, sequence: 1, gate: 'motion', kind: 'gate.opened', occurredAt: at(1) },
      {
        ...base,
        sequence: 2,
        gate: 'motion',
        kind: 'step.recorded',
        step: { stepId: 'motion.propose', items: { 'motion.propose.reason': '工作需要' } },
        occurredAt: at(2),
      },
    ];
    let previous = GENESIS_HASH;
    const facts = contents.map((c) => {
      const f = chainFact(suite.digest, c, previous);
      previous = f.hash;
      return f;
    });
    const item = 'motion.signoff.recorder_signature';
    const digest = suite.digest(
      gateDigestText(caseId, 'motion', 2, [facts[1] as { sequence: number; contentDigest: string }]),
    );
    const signature = suite.sign(
      signOffText({ caseId, gate: 'motion', through: 2, digest, signerId: 'recorder-1', item }),
      signer.privateKey,
    );
    const keyId = suite.digest(Buffer.from(signer.publicKey, 'hex'));
    facts.push(
      chainFact(
        suite.digest,
        {
          ...base,
          actor: { id: 'recorder-1', role: 'recorder' },
          sequence: 3,
          gate: 'motion',
          kind: 'step.recorded',
          step: {
            stepId: 'motion.signoff',
            items: { [item]: { signerId: 'recorder-1', signature, through: 2, digest, keyId } },
          },
          occurredAt: at(3),
        },
        previous,
      ),
    );
    const nodes = new Map<string, Uint8Array>();
    const source: NodeSource = (level, index) =>
      Promise.resolve(nodes.get(`${level}/${index}`) as Uint8Array);
    for (const [i, f] of facts.entries())
      for (const n of await nodesCompletedBy(
        hash,
        source,
        i,
        leafHash(hash, leafData(caseId, f.sequence, f.contentDigest)),
      ))
        nodes.set(`${n.level}/${n.index}`, n.hash);
    const unsigned = {
      treeSize: 3,
      rootHash: hex(await treeRoot(hash, source, 3)),
      timestamp: at(9),
      suite: name,
    };
    return {
      format: 'jishi.bundle.v1',
      suite: name,
      caseId,
      exportedAt: at(9),
      facts: facts.map(({ sequence, content, contentDigest, previousHash, hash: h }) => ({
        sequence,
        content,
        contentDigest,
        previousHash,
        hash: h,
      })),
      head: {
        ...unsigned,
        publicKey: logKey.publicKey,
        signature: suite.sign(treeHeadText(unsigned), logKey.privateKey),
      },
      inclusion: await Promise.all(
        facts.map(async (f, i) => ({
          sequence: f.sequence,
          leafIndex: i,
          path: (await inclusionProof(hash, source, i, 3)).map(hex),
        })),
      ),
      keys: [
        { keyId, personId: 'recorder-1', suite: name, publicKey: signer.publicKey, registeredAt: at(0) },
      ],
    };
  }
  /** A bundle as someone with it in hand may change it. */
  type Editable = {
    facts: { content: string }[];
    inclusion: unknown[];
    keys: { revokedAt?: string; personId: string; publicKey: string }[];
  };
  const copy = (b: CaseBundle) => JSON.parse(JSON.stringify(b)) as Editable;
  const at = <T>(xs: T[], i: number): T => xs[i] as T;

  it('verifies a sound bundle, and names each tampering at its place', async () => {
    const sound = await bundle();
    expect(verifyBundle(sound, { logPublicKey: logKey.publicKey })).toEqual({
      valid: true,
      facts: 3,
      signatures: 1,
    });
    const problem = (b: unknown, key = logKey.publicKey) =>
      verifyBundle(b as CaseBundle, { logPublicKey: key }).problem;

    const edited = copy(sound);
    at(edited.facts, 1).content = at(edited.facts, 1).content.replace('工作需要', '另有理由');
    expect(problem(edited)).toMatchObject({ check: 'facts', sequence: 2 });

    const noProof = copy(sound);
    noProof.inclusion = noProof.inclusion.slice(0, 2);
    expect(problem(noProof)).toMatchObject({ check: 'log', sequence: 3 });

    expect(problem(sound, suite.generateKeyPair().publicKey)).toMatchObject({ check: 'head' });

    const revoked = copy(sound);
    at(revoked.keys, 0).revokedAt = '2026-11-28T08:00:02.500Z';
    expect(problem(revoked)).toMatchObject({
      check: 'signatures',
      sequence: 3,
      reason: expect.stringContaining('not in force'),
    });
    const revokedLater = copy(sound);
    at(revokedLater.keys, 0).revokedAt = '2026-11-29T00:00:00.000Z';
    expect(
      verifyBundle(revokedLater as unknown as CaseBundle, { logPublicKey: logKey.publicKey }).valid,
    ).toBe(true);

    const otherSigner = copy(sound);
    at(otherSigner.keys, 0).personId = 'chief-1';
    expect(problem(otherSigner)).toMatchObject({ check: 'signatures', sequence: 3 });

    const forgedKey = copy(sound);
    at(forgedKey.keys, 0).publicKey = suite.generateKeyPair().publicKey;
    expect(problem(forgedKey)).toMatchObject({
      check: 'signatures',
      reason: expect.stringContaining('does not verify'),
    });

    expect(problem({ format: 'something else' })).toMatchObject({ check: 'format' });
  });
});
