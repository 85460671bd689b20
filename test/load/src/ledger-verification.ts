/**
 * P4, ledger verification (纪实核验): how many facts a second the offline verifier checks — each
 * fact's bytes, digest and chain, its inclusion in the signed tree head, every sign-off's signature
 * and the head's — beside a raw loop of Node's SHA-256 and Ed25519 verify over the same bytes.
 */
import { GATE_KEYS } from '@jishi/domain';
import {
  type CaseBundle,
  chainFact,
  type FactContent,
  gateDigestText,
  GENESIS_HASH,
  inclusionProof,
  leafData,
  leafHash,
  type NodeSource,
  nodesCompletedBy,
  signatureSuite,
  signOffText,
  treeHeadText,
  treeRoot,
  verifyBundle,
} from '@jishi/evidence';
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const suite = signatureSuite('ed25519-sha256');
const hash = (data: Uint8Array) => suite.digestBytes(data);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** The five who sign off each gate's record, in order. */
const SIGNERS = [
  'recorder',
  'reviewer',
  'cadre_section_chief',
  'supervision_section_chief',
  'deputy_minister',
];

/** What the raw loop does for one bundle: the same digests over the same bytes, the same verifications. */
export interface RawWork {
  readonly digests: Buffer[];
  readonly verifications: { message: Buffer; signature: Buffer; key: KeyObject }[];
}

/**
 * A case's bundle as the archive exports it: each of the nine gates opened, `stepsPerGate` steps of
 * it recorded with their items, then signed off by five people with keys of their own; every fact in
 * the log under one signed head, with its inclusion proof.
 */
export async function caseBundle(
  caseId: string,
  stepsPerGate: number,
): Promise<{ bundle: CaseBundle; raw: RawWork }> {
  const logKey = suite.generateKeyPair();
  const signers = SIGNERS.map((role) => ({ role, id: `${role}-1`, ...suite.generateKeyPair() }));
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const raw: RawWork = { digests: [], verifications: [] };
  const contents: FactContent[] = [];
  const facts: ReturnType<typeof chainFact>[] = [];
  let previous = GENESIS_HASH;
  const add = (content: FactContent) => {
    const fact = chainFact(suite.digest, content, previous);
    previous = fact.hash;
    contents.push(content);
    facts.push(fact);
    // The verifier's digests of this fact: its content, its chain link, its leaf.
    raw.digests.push(Buffer.from(fact.content, 'utf8'));
    raw.digests.push(Buffer.from(`jishi.fact.v1\n${fact.previousHash}\n${fact.contentDigest}`, 'utf8'));
    raw.digests.push(
      Buffer.concat([Buffer.from([0]), Buffer.from(leafData(caseId, fact.sequence, fact.contentDigest))]),
    );
    return fact;
  };
  const base = (sequence: number, gate: string) => ({
    v: 1 as const,
    caseId,
    sequence,
    gate,
    occurredAt: at(sequence),
  });
  for (const gate of GATE_KEYS) {
    add({
      ...base(facts.length + 1, gate),
      kind: 'gate.opened',
      summary: `${gate} opened`,
      actor: { id: 'worker', role: 'system' },
    });
    const steps: { sequence: number; contentDigest: string }[] = [];
    for (let s = 0; s < stepsPerGate; s += 1) {
      const sequence = facts.length + 1;
      const fact = add({
        ...base(sequence, gate),
        kind: 'step.recorded',
        summary: `${gate}.step_${s} recorded`,
        actor: { id: 'staff-1', role: 'org_staff' },
        step: {
          stepId: `${gate}.step_${s}`,
          candidateId: 'cand-a',
          items: {
            [`${gate}.step_${s}.opinion`]:
              '经研究，同意按程序办理。该同志政治素质好，工作实绩突出，群众公认度高。',
            [`${gate}.step_${s}.date`]: '2026-03-01',
            [`${gate}.step_${s}.count`]: s,
            [`${gate}.step_${s}.document`]: { name: '会议记录.pdf', sha256: 'ab'.repeat(32) },
          },
        },
      });
      steps.push(fact);
    }
    const through = facts.length;
    const digest = suite.digest(gateDigestText(caseId, gate, through, steps));
    const items: Record<string, unknown> = {};
    for (const signer of signers) {
      const item = `${gate}.signoff.${signer.role}_signature`;
      const text = signOffText({ caseId, gate, through, digest, signerId: signer.id, item });
      const signature = suite.sign(text, signer.privateKey);
      items[item] = {
        signerId: signer.id,
        signature,
        through,
        digest,
        keyId: suite.digest(Buffer.from(signer.publicKey, 'hex')),
      };
      raw.verifications.push({
        message: Buffer.from(text, 'utf8'),
        signature: Buffer.from(signature, 'hex'),
        key: ed25519Key(signer.publicKey),
      });
    }
    add({
      ...base(facts.length + 1, gate),
      kind: 'step.recorded',
      summary: `${gate} signed off`,
      actor: { id: 'recorder-1', role: 'recorder' },
      step: { stepId: `${gate}.signoff`, items },
    });
  }
  // The log: every fact a leaf, the head over all of them.
  const nodes = new Map<string, Uint8Array>();
  const source: NodeSource = (level, index) => Promise.resolve(nodes.get(`${level}/${index}`) as Uint8Array);
  for (const [i, f] of facts.entries())
    for (const n of await nodesCompletedBy(
      hash,
      source,
      i,
      leafHash(hash, leafData(caseId, f.sequence, f.contentDigest)),
    ))
      nodes.set(`${n.level}/${n.index}`, n.hash);
  const size = facts.length;
  const unsigned = {
    treeSize: size,
    rootHash: hex(await treeRoot(hash, source, size)),
    timestamp: at(size + 1),
    suite: suite.name,
  };
  const headSignature = suite.sign(treeHeadText(unsigned), logKey.privateKey);
  raw.verifications.push({
    message: Buffer.from(treeHeadText(unsigned), 'utf8'),
    signature: Buffer.from(headSignature, 'hex'),
    key: ed25519Key(logKey.publicKey),
  });
  const inclusion = await Promise.all(
    facts.map(async (f, i) => {
      const path = (await inclusionProof(hash, source, i, size)).map(hex);
      // Each step up the audit path: one digest over the two children.
      for (const p of path)
        raw.digests.push(Buffer.concat([Buffer.from([1]), Buffer.from(p, 'hex'), Buffer.from(p, 'hex')]));
      return { sequence: f.sequence, leafIndex: i, path };
    }),
  );
  // The digests each signature's gate digest is taken over.
  for (const gate of GATE_KEYS) {
    const steps = facts.filter(
      (f) => f.gate === gate && f.stepId !== `${gate}.signoff` && f.kind === 'step.recorded',
    );
    const text = gateDigestText(caseId, gate, Math.max(...steps.map((s) => s.sequence)), steps);
    for (let k = 0; k < SIGNERS.length; k += 1) raw.digests.push(Buffer.from(text, 'utf8'));
  }
  const bundle: CaseBundle = {
    format: 'jishi.bundle.v1',
    suite: suite.name,
    caseId,
    exportedAt: at(size + 2),
    facts: facts.map(({ sequence, content, contentDigest, previousHash, hash: h }) => ({
      sequence,
      content,
      contentDigest,
      previousHash,
      hash: h,
    })),
    head: { ...unsigned, publicKey: logKey.publicKey, signature: headSignature },
    inclusion,
    keys: signers.map((s) => ({
      keyId: suite.digest(Buffer.from(s.publicKey, 'hex')),
      personId: s.id,
      suite: suite.name,
      publicKey: s.publicKey,
      registeredAt: at(0),
    })),
  };
  return { bundle, raw };
}

const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ed25519Key = (publicKey: string) =>
  createPublicKey({ key: Buffer.concat([SPKI, Buffer.from(publicKey, 'hex')]), format: 'der', type: 'spki' });

/** Facts a second through the verifier (Jishi's figure). */
export function verifyRate(bundles: readonly CaseBundle[]): number {
  const started = performance.now();
  let facts = 0;
  for (const bundle of bundles) {
    const verdict = verifyBundle(bundle, { logPublicKey: bundle.head.publicKey });
    if (!verdict.valid)
      throw new Error(`the benchmark's bundle does not verify: ${JSON.stringify(verdict.problem)}`);
    facts += verdict.facts;
  }
  return facts / ((performance.now() - started) / 1000);
}

/** Facts a second through the raw loop over the same bytes (the baseline). */
export function rawRate(bundles: readonly { bundle: CaseBundle; raw: RawWork }[]): number {
  const started = performance.now();
  let facts = 0;
  for (const { bundle, raw } of bundles) {
    for (const bytes of raw.digests) createHash('sha256').update(bytes).digest();
    for (const v of raw.verifications)
      if (!verify(null, v.message, v.key, v.signature)) throw new Error('a raw verification failed');
    facts += bundle.facts.length;
  }
  return facts / ((performance.now() - started) / 1000);
}
