import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  EnvelopeError,
  EnvelopeSchema,
} from '@jishi/contracts';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { envelopeContentDigest, PartyRegistry, signEnvelope } from './envelope-signature';

const keys = () => generateKeyPairSync('ed25519');
const audit = keys();
const petitions = keys();
const gateway = keys();
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const registry = PartyRegistry.fromJson(
  JSON.stringify({
    parties: [
      { principal: 'unit-audit', unit: 'audit', publicKey: pem(audit.publicKey) },
      { principal: 'unit-petitions', unit: 'petitions', publicKey: pem(petitions.publicKey) },
      { principal: 'jishi-gateway', vouchesForPeople: true, publicKey: pem(gateway.publicKey) },
    ],
  }),
);

/** A member unit's answer, under the trace given (none by default). */
const answer = (traceparent?: string) =>
  createEnvelope({
    eventId: 'audit/answer/c1',
    caseId: 'c1',
    type: 'jishi.consultation.v1.ConsultationAnswered',
    occurredAt: new Date('2026-11-27T08:00:00.123Z'),
    actor: { id: 'audit-system', kind: ActorKind.SERVICE, unitId: 'audit' },
    payload: new Uint8Array([1, 2, 3]),
    ...(traceparent ? { trace: { traceparent } } : {}),
  });

/** The refusal verify() throws, as field and rule. */
const refusal = (envelope: Parameters<PartyRegistry['verify']>[0]) => {
  try {
    registry.verify(envelope);
  } catch (err) {
    if (err instanceof EnvelopeError) return `${err.field}: ${err.rule}`;
    throw err;
  }
  return 'verified';
};

describe('signed envelopes of outside parties', () => {
  it('verifies a signed envelope across the wire and names its party', () => {
    const signed = signEnvelope(answer(), { principal: 'unit-audit', privateKey: audit.privateKey });
    const received = decodeEnvelope(encodeEnvelope(signed));
    expect(registry.verify(received)).toMatchObject({ principal: 'unit-audit', unit: 'audit' });
  });

  it('refuses an unsigned envelope, an unknown signer, another party’s key and a forged signature', () => {
    expect(refusal(answer())).toMatch(/^signature: is required/);
    expect(
      refusal(signEnvelope(answer(), { principal: 'unit-nobody', privateKey: audit.privateKey })),
    ).toMatch(/^signature.key_id: names no key registered for the signer "unit-nobody"/);
    // Petitions signs in audit's name: its key is not audit's.
    expect(
      refusal(signEnvelope(answer(), { principal: 'unit-audit', privateKey: petitions.privateKey })),
    ).toMatch(/^signature.key_id/);
    const forged = signEnvelope(answer(), { principal: 'unit-audit', privateKey: audit.privateKey });
    (forged.signature as { value: Uint8Array }).value = new Uint8Array(64);
    expect(refusal(forged)).toMatch(/^signature.value: does not verify/);
  });

  it('refuses an envelope changed after signing, in any field that says who said what', () => {
    const signed = () => signEnvelope(answer(), { principal: 'unit-audit', privateKey: audit.privateKey });
    const changes: ((e: ReturnType<typeof answer>) => void)[] = [
      (e) => (e.eventId = 'audit/answer/c2'),
      (e) => (e.caseId = 'c2'),
      (e) => (e.type = 'jishi.voting.v1.DecisionTallied'),
      (e) => (e.occurredAt = timestampFromDate(new Date('2026-11-28T08:00:00.123Z'))),
      (e) => ((e.actor as { unitId: string }).unitId = 'petitions'),
      (e) => (e.payload = new Uint8Array([1, 2, 4])),
      (e) => (e.schemaVersion = 2),
    ];
    for (const change of changes) {
      const e = signed();
      change(e);
      expect(refusal(e)).toMatch(/^signature.value: does not verify/);
    }
    // A signature moved to another signer's name verifies under neither.
    const moved = signed();
    (moved.signature as { signer: string }).signer = 'unit-petitions';
    expect(refusal(moved)).toMatch(/^signature.key_id/);
  });

  it('refuses a registry entry that is not an Ed25519 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() =>
      PartyRegistry.fromJson(JSON.stringify({ parties: [{ principal: 'unit-x', publicKey: pem(rsa) }] })),
    ).toThrow('the key must be Ed25519');
    expect(() => PartyRegistry.fromJson('{}')).toThrow('{ "parties": [...] }');
    expect(create(EnvelopeSchema, {}).signature).toBeUndefined();
  });
});

describe('the content digest a consumer tells redeliveries by', () => {
  const changes: ((e: ReturnType<typeof answer>) => void)[] = [
    (e) => (e.eventId = 'audit/answer/c2'),
    (e) => (e.caseId = 'c2'),
    (e) => (e.type = 'jishi.voting.v1.DecisionTallied'),
    (e) => (e.occurredAt = timestampFromDate(new Date('2026-11-27T08:00:00.124Z'))),
    (e) => ((e.actor as { id: string }).id = 'someone-else'),
    (e) => ((e.actor as { kind: ActorKind }).kind = ActorKind.PERSON),
    (e) => ((e.actor as { role: string }).role = 'recorder'),
    (e) => ((e.actor as { unitId: string }).unitId = 'petitions'),
    (e) => (e.payload = new Uint8Array([1, 2, 4])),
    (e) => (e.schemaVersion = 2),
  ];

  it('is the same for one fact sent under another trace, and for a fact its signer signed again', () => {
    const first = answer('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const retried = answer('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(encodeEnvelope(first)).not.toEqual(encodeEnvelope(retried));
    const digest = envelopeContentDigest(first);
    expect(digest).toMatch(/^c1:[0-9a-f]{64}$/);
    expect(envelopeContentDigest(decodeEnvelope(encodeEnvelope(retried)))).toBe(digest);
    expect(envelopeContentDigest(answer())).toBe(digest);
    const sign = (e: ReturnType<typeof answer>) =>
      signEnvelope(e, { principal: 'unit-audit', privateKey: audit.privateKey });
    expect(envelopeContentDigest(sign(first))).toBe(envelopeContentDigest(sign(retried)));
  });

  it('tells a signed fact from its unsigned copy and from a copy signed by another party', () => {
    const signed = signEnvelope(answer(), { principal: 'unit-audit', privateKey: audit.privateKey });
    const other = signEnvelope(answer(), { principal: 'unit-petitions', privateKey: petitions.privateKey });
    const digests = new Set([answer(), signed, other].map(envelopeContentDigest));
    expect(digests.size).toBe(3);
  });

  it('covers every field an envelope has: a new field must be placed in it or left out on purpose', () => {
    // Left out: the trace (how a copy travelled) and the signature's value (the same for the same signer).
    expect(EnvelopeSchema.fields.map((f) => f.localName)).toEqual([
      'eventId',
      'caseId',
      'type',
      'occurredAt',
      'actor',
      'schemaVersion',
      'trace',
      'payload',
      'signature',
    ]);
  });

  it('differs when any field of the content differs', () => {
    const digests = new Set([envelopeContentDigest(answer())]);
    for (const change of changes) {
      const e = answer();
      change(e);
      digests.add(envelopeContentDigest(e));
    }
    expect(digests.size).toBe(changes.length + 1);
  });
});
