/**
 * What a person signs when they sign a gate's record off (复核签字): the gate's digest — the suite's
 * digest over the gate's recorded steps up to a fact of the case — bound to the case, the gate, that
 * fact, the signer and the place they sign in. The archive computes the digest; the signer's own
 * software signs this text with their registered key; the gateway verifies it before the sign-off is
 * recorded, and anyone can verify it again from the record.
 */
export interface SignOffStatement {
  readonly caseId: string;
  readonly gate: string;
  /** The last fact of the case the digest covers. */
  readonly through: number;
  /** The gate's digest, hex. */
  readonly digest: string;
  readonly signerId: string;
  /** The record item signed, e.g. `motion.signoff.recorder_signature`. */
  readonly item: string;
}

export const signOffText = (s: SignOffStatement): string =>
  `jishi.signoff.v1\n${s.caseId}\n${s.gate}\n${s.through}\n${s.digest}\n${s.signerId}\n${s.item}`;

/** The text a gate's digest is taken over: each of the gate's recorded steps, by its place and content digest. */
export const gateDigestText = (
  caseId: string,
  gate: string,
  through: number,
  facts: readonly { readonly sequence: number; readonly contentDigest: string }[],
): string =>
  [
    `jishi.gate.v1`,
    caseId,
    gate,
    String(through),
    ...facts.map((f) => `${f.sequence} ${f.contentDigest}`),
  ].join('\n');
