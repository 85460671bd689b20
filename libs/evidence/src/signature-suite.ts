/**
 * The deployment's cryptographic suite: one digest and one signature scheme for every fact, tree
 * head and sign-off of the record. `ed25519-sha256` (RFC 8032, FIPS 180-4) through Node's OpenSSL;
 * `sm2-sm3` (GM/T 0003 signatures, GM/T 0004 digests: what Chinese government systems are expected
 * to use) with SM3 from Node's OpenSSL and SM2 from sm-crypto-v2, whose curve arithmetic is
 * @noble/curves' (Node's API cannot make SM2 signatures: it signs with ECDSA on the SM2 curve and
 * has no distinguishing identifier).
 *
 * Keys and signatures travel as lowercase hex: an Ed25519 public key is its 32 bytes, a private key
 * its 32-byte seed; an SM2 public key is the uncompressed point (04 ‖ x ‖ y), a private key its
 * 32-byte scalar, a signature r ‖ s. SM2 signs with the standard's default identifier
 * (1234567812345678) and the SM3 hash of Z_A ‖ M, as GM/T 0009 prescribes when none is agreed.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

export const SUITE_NAMES = ['ed25519-sha256', 'sm2-sm3'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface SignatureSuite {
  readonly name: SuiteName;
  /** The suite's digest of the bytes, lowercase hex. */
  digest(data: Uint8Array | string): string;
  /** The same digest as bytes: for the Merkle tree's nodes, hashed from other digests' bytes. */
  digestBytes(data: Uint8Array | string): Uint8Array;
  /** A new key pair, hex. */
  generateKeyPair(): { readonly publicKey: string; readonly privateKey: string };
  /** The public key of a private key, hex. */
  publicKeyOf(privateKey: string): string;
  /** Whether the text is a public key of this suite. */
  isPublicKey(publicKey: string): boolean;
  /** The signature of the message by the private key, hex. */
  sign(message: Uint8Array | string, privateKey: string): string;
  /** Whether the signature is the public key's over the message; false for anything malformed. */
  verify(message: Uint8Array | string, signature: string, publicKey: string): boolean;
}

const HEX = /^(?:[0-9a-f]{2})+$/;
const bytes = (data: Uint8Array | string): Buffer =>
  typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
/** The bytes as Node's crypto takes them: a text as UTF-8, bytes as they are (not copied). */
const view = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? Buffer.from(data, 'utf8') : data;

/** Ed25519's key objects from raw hex: the fixed DER prefixes of RFC 8410 before the raw bytes. */
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Public keys already imported, by their hex: a record's signatures are by a few people's keys, and
 * importing a key costs more than verifying with it. Bounded, the oldest dropped first.
 */
const PUBLIC_KEYS = new Map<string, KeyObject>();
const PUBLIC_KEYS_KEPT = 4096;

function ed25519Public(publicKey: string): KeyObject {
  const known = PUBLIC_KEYS.get(publicKey);
  if (known) return known;
  const raw = Buffer.from(publicKey, 'hex');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI, raw]), format: 'der', type: 'spki' });
  if (PUBLIC_KEYS.size >= PUBLIC_KEYS_KEPT) PUBLIC_KEYS.delete(PUBLIC_KEYS.keys().next().value as string);
  PUBLIC_KEYS.set(publicKey, key);
  return key;
}

function ed25519Private(privateKey: string) {
  if (!/^[0-9a-f]{64}$/.test(privateKey)) throw new Error('an Ed25519 private key is 32 bytes in hex');
  const raw = Buffer.from(privateKey, 'hex');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, raw]), format: 'der', type: 'pkcs8' });
}

const ed25519: SignatureSuite = {
  name: 'ed25519-sha256',
  digest: (data) => createHash('sha256').update(view(data)).digest('hex'),
  digestBytes: (data) => createHash('sha256').update(view(data)).digest(),
  generateKeyPair() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return {
      publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'),
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('hex'),
    };
  },
  publicKeyOf: (privateKey) =>
    createPublicKey(ed25519Private(privateKey))
      .export({ format: 'der', type: 'spki' })
      .subarray(-32)
      .toString('hex'),
  isPublicKey(publicKey) {
    if (!HEX.test(publicKey) || publicKey.length !== 64) return false;
    try {
      ed25519Public(publicKey);
      return true;
    } catch {
      return false;
    }
  },
  sign: (message, privateKey) => sign(null, view(message), ed25519Private(privateKey)).toString('hex'),
  verify(message, signature, publicKey) {
    if (!HEX.test(signature) || signature.length !== 128 || !ed25519.isPublicKey(publicKey)) return false;
    try {
      return verify(null, view(message), ed25519Public(publicKey), Buffer.from(signature, 'hex'));
    } catch {
      return false;
    }
  },
};

const SM2_OPTIONS = { hash: true, userId: '1234567812345678' } as const;

const sm2sm3: SignatureSuite = {
  name: 'sm2-sm3',
  digest: (data) => createHash('sm3').update(view(data)).digest('hex'),
  digestBytes: (data) => createHash('sm3').update(view(data)).digest(),
  generateKeyPair() {
    const { publicKey, privateKey } = sm2.generateKeyPairHex();
    return { publicKey: publicKey.toLowerCase(), privateKey: privateKey.toLowerCase() };
  },
  publicKeyOf(privateKey) {
    if (!/^[0-9a-f]{64}$/.test(privateKey)) throw new Error('an SM2 private key is 32 bytes in hex');
    return sm2.getPublicKeyFromPrivateKey(privateKey).toLowerCase();
  },
  isPublicKey(publicKey) {
    if (!HEX.test(publicKey) || publicKey.length !== 130 || !publicKey.startsWith('04')) return false;
    try {
      return sm2.verifyPublicKey(publicKey);
    } catch {
      return false;
    }
  },
  sign: (message, privateKey) => sm2.doSignature(bytes(message), privateKey, SM2_OPTIONS).toLowerCase(),
  verify(message, signature, publicKey) {
    if (!HEX.test(signature) || signature.length !== 128 || !sm2sm3.isPublicKey(publicKey)) return false;
    try {
      return sm2.doVerifySignature(bytes(message), signature, publicKey, SM2_OPTIONS);
    } catch {
      return false;
    }
  },
};

export const SIGNATURE_SUITES: Readonly<Record<SuiteName, SignatureSuite>> = {
  'ed25519-sha256': ed25519,
  'sm2-sm3': sm2sm3,
};

export function signatureSuite(name: SuiteName): SignatureSuite {
  return SIGNATURE_SUITES[name];
}
