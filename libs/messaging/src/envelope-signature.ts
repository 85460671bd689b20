import { clone, create } from '@bufbuild/protobuf';
import { type Envelope, EnvelopeError, EnvelopeSchema, EnvelopeSignatureSchema } from '@jishi/contracts';
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * What an envelope says, in a fixed order: every field that says who said what about which case, and
 * the payload's digest. The trace context and the signature are not in it: they are how the message
 * travelled and who vouched for it, and a resend of the same fact may carry others.
 */
function envelopeContent(envelope: Envelope): (string | number)[] {
  const at = envelope.occurredAt;
  const actor = envelope.actor;
  return [
    envelope.eventId,
    envelope.caseId,
    envelope.type,
    at ? `${at.seconds.toString()}.${String(at.nanos).padStart(9, '0')}` : '',
    actor?.id ?? '',
    actor?.kind ?? 0,
    actor?.role ?? '',
    actor?.unitId ?? '',
    envelope.schemaVersion,
    createHash('sha256').update(envelope.payload).digest('hex'),
  ];
}

/** The bytes a producer signs: the envelope's content ({@link envelopeContent}), the signer and its key. */
export function envelopeSigningBytes(envelope: Envelope, signer: string, keyId: string): Buffer {
  return Buffer.from(
    JSON.stringify(['jishi.envelope.v1', ...envelopeContent(envelope), signer, keyId]),
    'utf8',
  );
}

/**
 * The digest of what an envelope says and who vouched for it, as `c1:<lowercase hex SHA-256>`: its
 * content ({@link envelopeContent}) with the signer and key the signature names (none when unsigned).
 * Equal for two copies of one fact whatever trace each carries (Ed25519 signs the same bytes the same
 * way, so a signed fact sent again is equal too); different when any field of the content differs, or
 * when a copy names another signer or none. A consumer compares it to tell a redelivery from a reused
 * event id, so an unsigned or re-signed copy of a signed fact is flagged, not taken as a redelivery.
 */
export function envelopeContentDigest(envelope: Envelope): string {
  const bytes = Buffer.from(
    JSON.stringify([
      'jishi.envelope.content.v1',
      ...envelopeContent(envelope),
      envelope.signature?.signer ?? '',
      envelope.signature?.keyId ?? '',
    ]),
    'utf8',
  );
  return `c1:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A key's id: the lowercase hex SHA-256 of its public key's DER (SubjectPublicKeyInfo). */
export function partyKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A producer that signs what it writes: its principal and its Ed25519 private key. */
export interface EnvelopeSigner {
  readonly principal: string;
  readonly privateKey: KeyObject;
}

/** The envelope with the signer's signature over its signing bytes (any earlier signature replaced). */
export function signEnvelope(envelope: Envelope, signer: EnvelopeSigner): Envelope {
  const keyId = partyKeyId(createPublicKey(signer.privateKey));
  const value = sign(null, envelopeSigningBytes(envelope, signer.principal, keyId), signer.privateKey);
  const signed = clone(EnvelopeSchema, envelope);
  signed.signature = create(EnvelopeSignatureSchema, { signer: signer.principal, keyId, value });
  return signed;
}

/** A party whose signed envelopes the system takes: a member unit's system, or the gateway for people. */
export interface Party {
  readonly principal: string;
  /** The member unit the party is: what it says is that unit's. */
  readonly unit?: string;
  /** The gateway: it authenticated the person, and the unit is the person's, named in the actor. */
  readonly vouchesForPeople?: boolean;
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** What the registry file holds: `{ "parties": [{ "principal", "unit"?, "vouchesForPeople"?, "publicKey": PEM }] }`. */
interface PartyFile {
  readonly parties?: readonly {
    readonly principal?: unknown;
    readonly unit?: unknown;
    readonly vouchesForPeople?: unknown;
    readonly publicKey?: unknown;
  }[];
}

/**
 * The registered keys of the parties that sign envelopes. A signature verifies only under the key
 * registered for the principal it names: an unknown signer, another party's key, a signature that
 * does not verify or an envelope changed after signing is refused (EnvelopeError, dead-lettered).
 */
export class PartyRegistry {
  private readonly byPrincipal = new Map<string, Party[]>();

  constructor(parties: readonly Party[]) {
    for (const party of parties)
      this.byPrincipal.set(party.principal, [...(this.byPrincipal.get(party.principal) ?? []), party]);
  }

  static fromJson(text: string): PartyRegistry {
    const file = JSON.parse(text) as PartyFile;
    if (!Array.isArray(file.parties)) throw new Error('the party registry must be { "parties": [...] }');
    return new PartyRegistry(
      file.parties.map((p, i) => {
        if (typeof p.principal !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(p.principal))
          throw new Error(`party ${i}: principal must be a Kafka principal name`);
        if (
          p.unit !== undefined &&
          (typeof p.unit !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(p.unit))
        )
          throw new Error(`party ${p.principal}: unit must be a unit id`);
        if (typeof p.publicKey !== 'string') throw new Error(`party ${p.principal}: publicKey must be a PEM`);
        const publicKey = createPublicKey(p.publicKey);
        if (publicKey.asymmetricKeyType !== 'ed25519')
          throw new Error(`party ${p.principal}: the key must be Ed25519`);
        return {
          principal: p.principal,
          ...(typeof p.unit === 'string' ? { unit: p.unit } : {}),
          ...(p.vouchesForPeople === true ? { vouchesForPeople: true } : {}),
          keyId: partyKeyId(publicKey),
          publicKey,
        };
      }),
    );
  }

  static fromFile(file: string): PartyRegistry {
    return PartyRegistry.fromJson(readFileSync(file, 'utf8'));
  }

  /** The party that signed the envelope; throws EnvelopeError when the signature is missing or false. */
  verify(envelope: Envelope): Party {
    const signature = envelope.signature;
    if (!signature || signature.value.length === 0)
      throw new EnvelopeError(
        'signature',
        'is required of a party outside the services: sign with your registered key',
      );
    const party = (this.byPrincipal.get(signature.signer) ?? []).find((p) => p.keyId === signature.keyId);
    if (!party)
      throw new EnvelopeError(
        'signature.key_id',
        `names no key registered for the signer "${signature.signer}"`,
      );
    const bytes = envelopeSigningBytes(envelope, signature.signer, signature.keyId);
    if (!verify(null, bytes, party.publicKey, Buffer.from(signature.value)))
      throw new EnvelopeError('signature.value', `does not verify under the key of "${signature.signer}"`);
    return party;
  }
}
