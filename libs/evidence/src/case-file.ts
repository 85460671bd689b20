/**
 * A case's file (纪实档案) as one zip: the bundle, each candidate's record form (JSON and PDF) and
 * every attachment the facts name, under its SHA-256 digest. `verifyCaseFile` checks the bundle as
 * `verifyBundle` does, then that each form is the one the facts give, and that each attachment is
 * there and hashes to the digest its fact recorded — naming the first thing that is wrong.
 */
import { attachmentsNamed } from '@jishi/domain';
import canonicalize from 'canonicalize';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { type BundleVerification, type CaseBundle, verifyBundle } from './bundle';
import type { FactContent } from './fact-chain';
import { candidatesOf, recordForm } from './record-form';

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
  try {
    files = unzipSync(zip);
  } catch {
    return wrong('format', 'not a zip file');
  }
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
    if (canonicalize(kept) !== canonicalize(recordForm(facts, candidate, hashes)))
      return fail('forms', `${name} is not the form the case’s facts give`);
    const pdf = files[`forms/${candidate}.pdf`];
    if (!pdf || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-')
      return fail('forms', `forms/${candidate}.pdf is missing or not a PDF`);
  }

  // The attachments: each one a fact names, its bytes hashing to the recorded digest.
  const named = new Map<string, number>();
  for (const f of facts)
    for (const a of attachmentsNamed(f.step?.items ?? {}))
      if (!named.has(a.sha256)) named.set(a.sha256, f.sequence);
  for (const [sha256, sequence] of named) {
    const bytes = files[`attachments/${sha256}`];
    if (!bytes)
      return fail('attachments', `the attachment ${sha256} named at fact ${sequence} is missing`, sequence);
    if (createHash('sha256').update(bytes).digest('hex') !== sha256)
      return fail(
        'attachments',
        `the attachment ${sha256} named at fact ${sequence} does not hash to its digest`,
        sequence,
      );
  }
  for (const name of Object.keys(files).filter((n) => n.startsWith('attachments/')))
    if (!named.has(name.slice('attachments/'.length)))
      return fail('attachments', `${name} is named by no fact of the case`);
  return { ...checked, forms: candidates.length, attachments: named.size };
}
