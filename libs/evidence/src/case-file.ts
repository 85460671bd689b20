/**
 * A case's file (纪实档案) as one zip: the bundle, each candidate's record form (JSON and PDF), every
 * attachment the facts name under its SHA-256 digest, and a manifest of every file's digest signed
 * by the archive's log key. `verifyCaseFile` checks that the zip holds exactly the files of the
 * manifest, each once and unchanged (the PDFs too), the bundle as `verifyBundle` does, that each
 * form says what the facts give (its labels aside, which follow the catalogue's wording), and that
 * each attachment hashes to the digest its fact recorded — naming the first thing that is wrong.
 */
import { attachmentsNamed } from '@jishi/domain';
import canonicalize from 'canonicalize';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { type BundleVerification, type CaseBundle, verifyBundle } from './bundle';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';
import type { FactContent } from './fact-chain';
import { candidatesOf, recordForm } from './record-form';

export const MANIFEST = 'manifest.json';

/** Every file of a case's zip but the manifest, by name, with its SHA-256; signed by the log key. */
export interface CaseFileManifest {
  readonly format: 'jishi.case-file.v1';
  readonly caseId: string;
  readonly exportedAt: string;
  readonly files: Readonly<Record<string, string>>;
  readonly suite: string;
  readonly publicKey: string;
  readonly signature: string;
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The text a manifest's signature is over. */
export function manifestText(m: Pick<CaseFileManifest, 'caseId' | 'exportedAt' | 'files'>): string {
  return `jishi.case-file.v1\n${m.caseId}\n${m.exportedAt}\n${sha256Of(Buffer.from(canonicalize(m.files) ?? '', 'utf8'))}`;
}

/** The manifest of a case's files, signed with the given signer (the archive's log key). */
export function caseFileManifest(
  caseId: string,
  exportedAt: string,
  files: Readonly<Record<string, Uint8Array>>,
  sign: (text: string) => { suite: string; publicKey: string; signature: string },
): CaseFileManifest {
  const digests = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sha256Of(bytes)]));
  return {
    format: 'jishi.case-file.v1',
    caseId,
    exportedAt,
    files: digests,
    ...sign(manifestText({ caseId, exportedAt, files: digests })),
  };
}

/** The attachments a case's facts name: each digest, with the fact that names it first. */
export function attachmentsOfFacts(facts: readonly FactContent[]): Map<string, number> {
  const named = new Map<string, number>();
  for (const f of facts)
    for (const a of attachmentsNamed(f.step?.items ?? {}))
      if (!named.has(a.sha256)) named.set(a.sha256, f.sequence);
  return named;
}

/** A form with the catalogue's wording left out: what the facts alone say. */
function factsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(factsOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'zh' && k !== 'en')
      .map(([k, v]) => [k, factsOf(v)]),
  );
}

export interface CaseFileVerification extends BundleVerification {
  readonly forms?: number;
  readonly attachments?: number;
}

export function verifyCaseFile(
  zip: Uint8Array,
  options: { logPublicKey?: string } = {},
): CaseFileVerification {
  const wrong = (check: string, reason: string, sequence?: number): CaseFileVerification => ({
    valid: false,
    facts: 0,
    signatures: 0,
    problem: { check, reason, ...(sequence === undefined ? {} : { sequence }) },
  });
  let files: Record<string, Uint8Array>;
  const names: string[] = [];
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        return !file.name.endsWith('/');
      },
    });
  } catch {
    return wrong('format', 'not a zip file');
  }
  // Each name once: a second entry of a name would show one reader one file and another another.
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return wrong('format', `${twice} is in the zip twice`);
  const text = (name: string) => Buffer.from(files[name] as Uint8Array).toString('utf8');
  if (!files['bundle.json']) return wrong('format', 'the file holds no bundle.json');
  let bundle: CaseBundle;
  try {
    bundle = JSON.parse(text('bundle.json')) as CaseBundle;
  } catch {
    return wrong('format', 'bundle.json is not JSON');
  }
  const checked = verifyBundle(bundle, options);
  if (!checked.valid) return checked;
  const fail = (check: string, reason: string, sequence?: number): CaseFileVerification => ({
    ...checked,
    valid: false,
    problem: { check, reason, ...(sequence === undefined ? {} : { sequence }) },
  });

  // The forms: one per candidate, each the form the facts give.
  const facts = bundle.facts.map((f) => JSON.parse(f.content) as FactContent);
  const hashes = new Map(bundle.facts.map((f) => [f.sequence, f.hash]));
  const candidates = candidatesOf(facts);
  for (const name of Object.keys(files).filter((n) => n.startsWith('forms/') && n.endsWith('.json'))) {
    const candidate = name.slice('forms/'.length, -'.json'.length);
    if (!candidates.includes(candidate))
      return fail('forms', `${name} is the form of no candidate of the case`);
  }
  for (const candidate of candidates) {
    const name = `forms/${candidate}.json`;
    if (!files[name]) return fail('forms', `${name} is missing`);
    let kept: unknown;
    try {
      kept = JSON.parse(text(name));
    } catch {
      return fail('forms', `${name} is not JSON`);
    }
    if (canonicalize(factsOf(kept)) !== canonicalize(factsOf(recordForm(facts, candidate, hashes))))
      return fail('forms', `${name} is not the form the case’s facts give`);
    const pdf = files[`forms/${candidate}.pdf`];
    if (!pdf || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-')
      return fail('forms', `forms/${candidate}.pdf is missing or not a PDF`);
  }

  // The attachments: each one a fact names, its bytes hashing to the recorded digest.
  const named = attachmentsOfFacts(facts);
  for (const [sha256, sequence] of named) {
    const bytes = files[`attachments/${sha256}`];
    if (!bytes)
      return fail('attachments', `the attachment ${sha256} named at fact ${sequence} is missing`, sequence);
    if (sha256Of(bytes) !== sha256)
      return fail(
        'attachments',
        `the attachment ${sha256} named at fact ${sequence} does not hash to its digest`,
        sequence,
      );
  }
  for (const name of Object.keys(files).filter((n) => n.startsWith('attachments/')))
    if (!named.has(name.slice('attachments/'.length)))
      return fail('attachments', `${name} is named by no fact of the case`);
  // The manifest: signed by the log key, naming exactly the zip's files, each unchanged.
  let manifest: CaseFileManifest;
  try {
    manifest = JSON.parse(text(MANIFEST)) as CaseFileManifest;
  } catch {
    return fail('manifest', `${MANIFEST} is missing or not JSON`);
  }
  const logKey = options.logPublicKey ?? bundle.head.publicKey;
  const listed = manifest?.files && typeof manifest.files === 'object' ? manifest.files : {};
  if (
    manifest?.format !== 'jishi.case-file.v1' ||
    manifest.caseId !== bundle.caseId ||
    manifest.publicKey !== logKey ||
    !(SUITE_NAMES as readonly string[]).includes(manifest.suite) ||
    !signatureSuite(manifest.suite as SuiteName).verify(manifestText(manifest), manifest.signature, logKey)
  )
    return fail('manifest', 'the manifest is not signed by the log key');
  for (const name of Object.keys(files).filter((n) => n !== MANIFEST)) {
    if (listed[name] === undefined) return fail('manifest', `${name} is not in the manifest`);
    if (listed[name] !== sha256Of(files[name] as Uint8Array))
      return fail('manifest', `${name} is not the file the archive exported`);
  }
  for (const name of Object.keys(listed)) if (!files[name]) return fail('manifest', `${name} is missing`);
  return { ...checked, forms: candidates.length, attachments: named.size };
}
