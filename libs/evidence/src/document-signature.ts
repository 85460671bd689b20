import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * What a person signs when they sign a document filed for a case — a nominator their signed
 * recommendation form (署名推荐表), each member of the inspection team the team's report (考察报告
 * 由考察组成员签名): the document's digest (SHA-256 over its RFC 8785 canonical JSON, the signature
 * itself left out) bound to the case, the kind of document and the signer. The signer's own software
 * signs this text with their registered key; the gateway verifies it before the document is taken,
 * and the record keeps the signature, the key and the digest, so anyone can verify it again.
 */
export interface DocumentStatement {
  readonly caseId: string;
  readonly kind: SignedDocumentKind;
  /** The document's digest, hex. */
  readonly digest: string;
  readonly signerId: string;
}

export type SignedDocumentKind = 'nomination.form' | 'inspection.report';

export const documentSignText = (s: DocumentStatement): string =>
  `jishi.document.v1\n${s.caseId}\n${s.kind}\n${s.digest}\n${s.signerId}`;

/** The digest a document is signed over: SHA-256, hex, of its canonical JSON. */
export function documentDigest(content: unknown): string {
  const text = canonicalize(content);
  if (text === undefined) throw new Error('the document has no canonical form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fields of a signed form that are not part of what its signer signs. */
const SIGNATURE_FIELDS = ['signature', 'signatureKeyId', 'signatureSuite', 'signatureDigest'];

/** The part of a document its signer signs: its JSON, less the signature and what verifying it adds. */
export function signedPart(document: object): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).filter(([field]) => !SIGNATURE_FIELDS.includes(field)));
}
