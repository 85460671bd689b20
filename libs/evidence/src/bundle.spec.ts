import { unzipSync, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { type CaseBundle, leafData, treeHeadText, verifyBundle } from './bundle';
import { caseFileManifest, MANIFEST, verifyCaseFile } from './case-file';
import { recordForm } from './record-form';
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
  const plan = Buffer.from('%PDF-1.7 工作方案', 'utf8');
  const planDigest = createHash('sha256').update(plan).digest('hex');

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
        step: {
          stepId: 'motion.propose',
          candidateId: 'cand-a',
          items: {
            'motion.propose.reason': '工作需要',
            'motion.work_plan.document': { name: '工作方案.pdf', sha256: planDigest },
          },
        },
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
  it('verifies the case’s zip file: its forms are those the facts give, its attachments hash to their digests', async () => {
    const sound = await bundle();
    const facts = sound.facts.map((f) => JSON.parse(f.content) as FactContent);
    const form = recordForm(facts, 'cand-a', new Map(sound.facts.map((f) => [f.sequence, f.hash])));
    const exported: Record<string, Uint8Array> = {
      'bundle.json': Buffer.from(JSON.stringify(sound)),
      'forms/cand-a.json': Buffer.from(JSON.stringify(form)),
      'forms/cand-a.pdf': Buffer.from('%PDF-1.7'),
      [`attachments/${planDigest}`]: plan,
    };
    const files = (over: Record<string, Uint8Array | undefined> = {}) => {
      const all: Record<string, Uint8Array | undefined> = {
        'bundle.json': Buffer.from(JSON.stringify(sound)),
        'forms/cand-a.json': Buffer.from(JSON.stringify(form)),
        'forms/cand-a.pdf': Buffer.from('%PDF-1.7'),
        [`attachments/${planDigest}`]: plan,
        ...over,
      };
      const kept = Object.fromEntries(
        Object.entries(all).filter((e): e is [string, Uint8Array] => e[1] !== undefined),
      );
      // The manifest the archive signs: over the files as exported, before any tampering.
      const manifest = caseFileManifest(caseId, sound.exportedAt, exported, (text) => ({
        suite: name,
        publicKey: logKey.publicKey,
        signature: suite.sign(text, logKey.privateKey),
      }));
      return zipSync({ ...kept, [MANIFEST]: Buffer.from(JSON.stringify(manifest)) });
    };
    const check = (zip: Uint8Array) => verifyCaseFile(zip, { logPublicKey: logKey.publicKey });
    expect(check(files())).toEqual({ valid: true, facts: 3, signatures: 1, forms: 1, attachments: 1 });
    // An attachment changed after the fact recorded it, or missing.
    expect(
      check(files({ [`attachments/${planDigest}`]: Buffer.from('%PDF-1.7 另一方案') })).problem,
    ).toMatchObject({
      check: 'attachments',
      sequence: 2,
    });
    expect(check(files({ [`attachments/${planDigest}`]: undefined })).problem).toMatchObject({
      check: 'attachments',
      sequence: 2,
    });
    // A form edited away from the facts, missing, or for nobody.
    const edited = JSON.stringify(form).replace('工作需要', '另有理由');
    expect(check(files({ 'forms/cand-a.json': Buffer.from(edited) })).problem).toMatchObject({
      check: 'forms',
    });
    expect(check(files({ 'forms/cand-a.json': undefined })).problem).toMatchObject({ check: 'forms' });
    expect(check(files({ 'forms/cand-x.json': Buffer.from('{}') })).problem).toMatchObject({
      check: 'forms',
    });
    // A file slipped in that no fact names; a bundle tampered inside the zip; not a zip at all.
    expect(check(files({ [`attachments/${'0'.repeat(64)}`]: Buffer.from('x') })).problem).toMatchObject({
      check: 'attachments',
    });
    const tampered = JSON.parse(JSON.stringify(sound)) as { facts: { content: string }[] };
    (tampered.facts[1] as { content: string }).content = (
      tampered.facts[1] as { content: string }
    ).content.replace('工作需要', '另有理由');
    expect(check(files({ 'bundle.json': Buffer.from(JSON.stringify(tampered)) })).problem).toMatchObject({
      check: 'facts',
      sequence: 2,
    });
    expect(check(Buffer.from('not a zip')).problem).toMatchObject({ check: 'format' });
    // The PDF replaced by another, a file added, the manifest re-signed by another key: the manifest
    // names them; a form's labels alone differing (the catalogue's wording changed since) do not.
    expect(check(files({ 'forms/cand-a.pdf': Buffer.from('%PDF-1.7 forged') })).problem).toEqual({
      check: 'manifest',
      reason: 'forms/cand-a.pdf is not the file the archive exported',
    });
    expect(check(files({ 'notes.txt': Buffer.from('x') })).problem).toMatchObject({ check: 'manifest' });
    const relabelled = JSON.stringify(form).replace('"zh":"动议"', '"zh":"动议环节"');
    expect(relabelled).not.toBe(JSON.stringify(form));
    expect(
      check(
        zipSync({
          ...unzipSync(files()),
          'forms/cand-a.json': Buffer.from(relabelled),
          [MANIFEST]: Buffer.from(
            JSON.stringify(
              caseFileManifest(
                caseId,
                sound.exportedAt,
                { ...exported, 'forms/cand-a.json': Buffer.from(relabelled) },
                (t) => ({
                  suite: name,
                  publicKey: logKey.publicKey,
                  signature: suite.sign(t, logKey.privateKey),
                }),
              ),
            ),
          ),
        }),
      ),
    ).toMatchObject({ valid: true });
    const other = suite.generateKeyPair();
    expect(
      check(
        zipSync({
          ...unzipSync(files()),
          [MANIFEST]: Buffer.from(
            JSON.stringify(
              caseFileManifest(caseId, sound.exportedAt, exported, (t) => ({
                suite: name,
                publicKey: other.publicKey,
                signature: suite.sign(t, other.privateKey),
              })),
            ),
          ),
        }),
      ).problem,
    ).toMatchObject({ check: 'manifest' });
  });
});
