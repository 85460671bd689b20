/**
 * A case's record as one file a supervisor can keep and check offline (纪实档案): every fact with its
 * content and chain, the log's signed tree head with each fact's proof of inclusion in it, and the
 * signing keys of everyone who signed its gates off. `verifyBundle` checks it all and names the
 * first thing that is wrong.
 */
import { type FactContent, type StoredFact, verifyFacts } from './fact-chain';
import { type HashFunction, leafHash, verifyInclusion } from './merkle';
import { gateDigestText, signOffText } from './sign-off';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';

/** A signed tree head of the log of every case's facts. */
export interface SignedTreeHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly suite: string;
  readonly publicKey: string;
  readonly signature: string;
}

/** The text a tree head's signature is over. */
export const treeHeadText = (h: Omit<SignedTreeHead, 'signature' | 'publicKey'>): string =>
  `jishi.tree-head.v1\n${h.suite}\n${h.treeSize}\n${h.rootHash}\n${h.timestamp}`;

/** The data of a fact's leaf in the log: the case, the fact's place and its content digest. */
export const leafData = (caseId: string, sequence: number, contentDigest: string): Uint8Array =>
  Buffer.from(`jishi.leaf.v1\n${caseId}\n${sequence}\n${contentDigest}`, 'utf8');

export interface BundleKey {
  readonly keyId: string;
  readonly personId: string;
  readonly suite: string;
  readonly publicKey: string;
  readonly registeredAt: string;
  readonly revokedAt?: string;
}

export interface CaseBundle {
  readonly format: 'jishi.bundle.v1';
  readonly suite: string;
  readonly caseId: string;
  readonly exportedAt: string;
  readonly facts: readonly {
    readonly sequence: number;
    readonly content: string;
    readonly contentDigest: string;
    readonly previousHash: string;
    readonly hash: string;
  }[];
  readonly head: SignedTreeHead;
  readonly inclusion: readonly {
    readonly sequence: number;
    readonly leafIndex: number;
    readonly path: readonly string[];
  }[];
  readonly keys: readonly BundleKey[];
}

export interface BundleVerification {
  readonly valid: boolean;
  readonly facts: number;
  readonly signatures: number;
  /** The first thing that is wrong: what, and at which fact where there is one. */
  readonly problem?: { readonly check: string; readonly sequence?: number; readonly reason: string };
}

// A Buffer is a Uint8Array: no copy.
const unhex = (h: string): Uint8Array => Buffer.from(h, 'hex');

/**
 * Checks a bundle offline: the head signed by the log key (the one the supervisor pinned, else the
 * bundle's own, which proves less), the facts' chain from their bytes, each fact's inclusion in the
 * head, and each sign-off's signatures — by a key of the signer registered before and not revoked
 * before it was made, over the gate's digest as the bundle's own facts give it.
 */
export function verifyBundle(
  bundle: CaseBundle,
  options: { logPublicKey?: string } = {},
): BundleVerification {
  let signatures = 0;
  const facts = Array.isArray(bundle?.facts) ? bundle.facts : [];
  const wrong = (check: string, reason: string, sequence?: number): BundleVerification => ({
    valid: false,
    facts: facts.length,
    signatures,
    problem: { check, reason, ...(sequence === undefined ? {} : { sequence }) },
  });
  if (bundle?.format !== 'jishi.bundle.v1')
    return wrong('format', 'not a Jishi case bundle (jishi.bundle.v1)');
  if (!(SUITE_NAMES as readonly string[]).includes(bundle.suite))
    return wrong('format', `unknown suite ${bundle.suite}`);
  const suite = signatureSuite(bundle.suite as SuiteName);
  const hash: HashFunction = (data) => suite.digestBytes(data);
  const { head, caseId } = bundle;

  // The head: signed by the log key.
  const logKey = options.logPublicKey ?? head?.publicKey;
  if (
    !head ||
    head.publicKey !== logKey ||
    head.suite !== suite.name ||
    !suite.verify(treeHeadText(head), head.signature, logKey)
  )
    return wrong('head', 'the tree head is not signed by the log key');

  // The facts: their bytes, digests and chain.
  let contents: FactContent[];
  try {
    contents = facts.map((f) => JSON.parse(f.content) as FactContent);
  } catch {
    return wrong('facts', 'a fact’s content is not JSON');
  }
  const stored: StoredFact[] = facts.map((f, i) => {
    const c = contents[i] as FactContent;
    return {
      caseId: c.caseId,
      sequence: f.sequence,
      gate: c.gate,
      kind: c.kind,
      stepId: c.step?.stepId ?? null,
      candidateId: c.step?.candidateId ?? c.refused?.candidateId ?? null,
      actorId: c.actor?.id,
      actorRole: c.actor?.role,
      occurredAt: c.occurredAt,
      content: f.content,
      contentDigest: f.contentDigest,
      previousHash: f.previousHash,
      hash: f.hash,
    };
  });
  const chain = verifyFacts(suite.digest, caseId, stored);
  if (!chain.valid) return wrong('facts', chain.reason ?? 'the chain does not hold', chain.brokenAt);

  // Each fact in the log, under the head.
  const proofs = new Map((bundle.inclusion ?? []).map((p) => [p.sequence, p]));
  for (const f of facts) {
    const proof = proofs.get(f.sequence);
    const leaf = leafHash(hash, leafData(caseId, f.sequence, f.contentDigest));
    if (
      !proof ||
      !Array.isArray(proof.path) ||
      !verifyInclusion(
        hash,
        proof.leafIndex,
        head.treeSize,
        leaf,
        proof.path.map(unhex),
        unhex(head.rootHash),
      )
    )
      return wrong(
        'log',
        `fact ${f.sequence} is not proved in the signed tree head ${head.treeSize}`,
        f.sequence,
      );
  }

  // Each sign-off's signatures. A gate's steps, found once; the digest a sign-off signs, computed once
  // for all who sign the same (each signer's own is compared with it).
  const keys = new Map((bundle.keys ?? []).map((k) => [k.keyId, k]));
  const stepsOf = new Map<string, StoredFact[]>();
  for (const f of stored)
    if (f.kind === 'step.recorded' && f.gate !== undefined) {
      const list = stepsOf.get(f.gate) ?? [];
      list.push(f);
      stepsOf.set(f.gate, list);
    }
  const gateDigests = new Map<string, string>();
  for (const [i, content] of contents.entries()) {
    const stepId = content.step?.stepId ?? '';
    if (!stepId.endsWith('.signoff')) continue;
    const gate = stepId.slice(0, -'.signoff'.length);
    for (const [item, value] of Object.entries(content.step?.items ?? {})) {
      if (!item.endsWith('_signature')) continue;
      signatures += 1;
      const sequence = (facts[i] as { sequence: number }).sequence;
      const s = (value ?? {}) as {
        signerId?: string;
        signature?: string;
        through?: number;
        digest?: string;
        keyId?: string;
      };
      const key = keys.get(s.keyId ?? '');
      if (!key || key.personId !== s.signerId || key.publicKey === undefined)
        return wrong('signatures', `${item}: the key it names is not ${String(s.signerId)}’s`, sequence);
      const at = Date.parse(content.occurredAt);
      if (
        Date.parse(key.registeredAt) > at ||
        (key.revokedAt !== undefined && Date.parse(key.revokedAt) <= at)
      )
        return wrong('signatures', `${item}: the key was not in force when it signed`, sequence);
      const through = s.through ?? 0;
      const signed = `${gate}\n${stepId}\n${through}`;
      let digest = gateDigests.get(signed);
      if (digest === undefined) {
        const covered = (stepsOf.get(gate) ?? []).filter((f) => f.stepId !== stepId && f.sequence <= through);
        digest = suite.digest(gateDigestText(caseId, gate, through, covered));
        gateDigests.set(signed, digest);
      }
      if (digest !== s.digest)
        return wrong('signatures', `${item}: the digest it signed is not the gate’s record`, sequence);
      const text = signOffText({
        caseId,
        gate,
        through: s.through ?? 0,
        digest,
        signerId: s.signerId ?? '',
        item,
      });
      if (!suite.verify(text, s.signature ?? '', key.publicKey))
        return wrong('signatures', `${item}: the signature does not verify`, sequence);
    }
  }
  return { valid: true, facts: facts.length, signatures };
}
