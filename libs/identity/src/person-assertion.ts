import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { ID_PATTERN } from './ids';

/**
 * The person a service acts for, as the gateway vouches for them: the gateway authenticates people
 * (their access token) and checks their role, unit and case; then, for each call it makes to a service
 * on a person's behalf, it signs a short-lived assertion naming the person and binding the call — the
 * service it is meant for, the method, the path with its query and a SHA-256 digest of the body — so
 * that it proves nothing about any other call. A compact JWS (RFC 7515), EdDSA over Ed25519 (RFC 8037),
 * with the claim names of RFC 9449 for the request (`htm`, `htu`) and `bdh` for the body's digest.
 *
 * Services take who acted from here only, never from a body; they record it and check it against
 * their rosters.
 */
export interface AssertedPerson {
  /** The person's id. */
  readonly id: string;
  /** The role they act in. */
  readonly role: string;
  /** Their unit. */
  readonly unitId: string;
  /** Their name, for the record, where the identity provider gives it. */
  readonly name?: string;
}

/** The call an assertion is for. */
export interface AssertedCall {
  /** The service's name (`voting`, `inspection`, …): the assertion's audience. */
  readonly audience: string;
  readonly method: string;
  /** The path with its query, as the service receives it. */
  readonly path: string;
  /** The body's bytes as sent (none: the empty body). */
  readonly body?: Uint8Array | string;
}

/** The header that carries the assertion. */
export const PERSON_ASSERTION_HEADER = 'x-jishi-person';

/** How long an assertion is good for: one call, made at once. */
export const PERSON_ASSERTION_TTL_S = 60;
const CLOCK_SKEW_S = 30;
/** The digest named by `bdh` when a body is streamed and the service checks its own digest of it. */
export const STREAMED_BODY = 'streamed';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
export const bodyDigest = (body: Uint8Array | string | undefined): string =>
  createHash('sha256')
    .update(body ?? '')
    .digest('base64url');

/** Signs the assertion for one call (the gateway's side). */
export function signPersonAssertion(
  privateKey: KeyObject | string,
  person: AssertedPerson,
  call: AssertedCall & { readonly streamed?: boolean; readonly now?: Date },
): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const iat = Math.floor((call.now ?? new Date()).getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'jishi-person+jwt' }));
  const body = b64url(
    JSON.stringify({
      sub: person.id,
      role: person.role,
      unit: person.unitId,
      ...(person.name ? { name: person.name } : {}),
      aud: call.audience,
      htm: call.method.toUpperCase(),
      htu: call.path,
      bdh: call.streamed ? STREAMED_BODY : bodyDigest(call.body),
      iat,
      exp: iat + PERSON_ASSERTION_TTL_S,
      jti: randomUUID(),
    }),
  );
  return `${header}.${body}.${b64url(sign(null, Buffer.from(`${header}.${body}`), key))}`;
}

/** Why an assertion was refused (the deployment's fault or an attack, never a person's mistake). */
export class PersonAssertionError extends Error {
  override readonly name = 'PersonAssertionError';
}

/**
 * Checks assertions against the gateway's public key, for one service. An assertion is taken once:
 * its id is remembered until it expires, so a captured call cannot be replayed.
 */
export class PersonAssertionVerifier {
  private readonly key: KeyObject;
  private readonly seen = new Map<string, number>();

  constructor(
    publicKeyPem: string,
    private readonly audience: string,
  ) {
    this.key = createPublicKey(publicKeyPem);
    if (this.key.asymmetricKeyType !== 'ed25519') throw new Error('the person-assertion key must be Ed25519');
  }

  /** The person, or PersonAssertionError naming what is wrong. */
  verify(
    token: string,
    call: Omit<AssertedCall, 'audience'>,
    options: { readonly streamedBody?: boolean; readonly now?: Date } = {},
  ): AssertedPerson {
    return this.verifyOnce(token, call, options).person;
  }

  /**
   * Like `verify`, with the assertion's id and expiry, for a service that records the ids it has
   * taken where all its replicas see them (this verifier remembers them in its own process only).
   */
  verifyOnce(
    token: string,
    call: Omit<AssertedCall, 'audience'>,
    options: { readonly streamedBody?: boolean; readonly now?: Date } = {},
  ): { person: AssertedPerson; jti: string; expiresAt: Date } {
    const now = options.now ?? new Date();
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)))
      throw new PersonAssertionError('the person assertion is malformed');
    const [header, body, signature] = parts as [string, string, string];
    const json = (part: string): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        if (value && typeof value === 'object' && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // reported below
      }
      throw new PersonAssertionError('the person assertion is malformed');
    };
    const head = json(header);
    if (head['alg'] !== 'EdDSA' || head['typ'] !== 'jishi-person+jwt')
      throw new PersonAssertionError('the person assertion is not an EdDSA person assertion');
    if (!verify(null, Buffer.from(`${header}.${body}`), this.key, Buffer.from(signature, 'base64url')))
      throw new PersonAssertionError('the person assertion’s signature is not the gateway’s');
    const c = json(body);
    const seconds = Math.floor(now.getTime() / 1000);
    const exp = c['exp'];
    const iat = c['iat'];
    if (typeof exp !== 'number' || typeof iat !== 'number' || exp - iat > PERSON_ASSERTION_TTL_S)
      throw new PersonAssertionError('the person assertion’s lifetime is wrong');
    if (exp + CLOCK_SKEW_S <= seconds || iat - CLOCK_SKEW_S > seconds)
      throw new PersonAssertionError('the person assertion has expired or is not valid yet');
    if (c['aud'] !== this.audience)
      throw new PersonAssertionError('the person assertion is for another service');
    if (c['htm'] !== call.method.toUpperCase() || c['htu'] !== call.path)
      throw new PersonAssertionError('the person assertion is for another call');
    // A streamed body is taken only where the endpoint says its body is one (an upload).
    const bodyBound = c['bdh'] === bodyDigest(call.body);
    if (!bodyBound && !(options.streamedBody && c['bdh'] === STREAMED_BODY))
      throw new PersonAssertionError('the person assertion is for another body');
    for (const field of ['sub', 'role', 'unit'] as const) {
      if (typeof c[field] !== 'string' || !ID_PATTERN.test(c[field]))
        throw new PersonAssertionError(`the person assertion lacks a valid ${field}`);
    }
    const jti = c['jti'];
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64)
      throw new PersonAssertionError('the person assertion lacks its id');
    this.forgetExpired(seconds);
    if (this.seen.has(jti)) throw new PersonAssertionError('the person assertion was used before');
    this.seen.set(jti, exp + CLOCK_SKEW_S);
    return {
      person: {
        id: c['sub'] as string,
        role: c['role'] as string,
        unitId: c['unit'] as string,
        ...(typeof c['name'] === 'string' && c['name'] !== '' ? { name: c['name'].slice(0, 128) } : {}),
      },
      jti,
      expiresAt: new Date((exp + CLOCK_SKEW_S) * 1000),
    };
  }

  private forgetExpired(seconds: number): void {
    if (this.seen.size < 1024) return;
    for (const [jti, until] of this.seen) if (until <= seconds) this.seen.delete(jti);
  }
}
