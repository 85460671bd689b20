import { ID_PATTERN } from './ids';
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * People's access tokens: compact JWS (RFC 7515) JWTs signed with Ed25519 (`alg: EdDSA`, RFC 8037)
 * by the organization's identity provider; the gateway holds only the public key. The claims name
 * the person (`sub`), the role of @jishi/domain they act in (`role`) and their unit (`unit`).
 *
 * Written on node:crypto rather than a JWT library: the one algorithm is fixed, the checks are few
 * and explicit below, and the maintained JWT library of choice (jose 6) ships ES modules only.
 */
export interface AccessClaims {
  /** The person's id. */
  readonly sub: string;
  /** The role the person acts in. */
  readonly role: string;
  /** The person's unit (department, member unit, organization department). */
  readonly unit: string;
  /** The person's name, for the record. */
  readonly name?: string;
}

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
}

/** Why a token was refused, in the user's terms. */
export class AccessTokenError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'AccessTokenError';
  }
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
/** Leeway between the issuer's clock and ours. */
const CLOCK_SKEW_S = 60;
/** The longest an access token may live, from its issue to its expiry: a working day and some. */
export const MAX_TOKEN_LIFETIME_S = 12 * 3600;

/** Signs an access token (the identity provider's side; used by the local token tool and tests). */
export function signAccessToken(
  privateKeyPem: string,
  claims: AccessClaims,
  settings: TokenSettings & { readonly ttlSeconds?: number; readonly now?: Date },
): string {
  const iat = Math.floor((settings.now ?? new Date()).getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));
  const body = b64url(
    JSON.stringify({
      ...claims,
      iss: settings.issuer,
      aud: settings.audience,
      iat,
      exp: iat + (settings.ttlSeconds ?? 8 * 3600),
    }),
  );
  const signature = sign(null, Buffer.from(`${header}.${body}`), createPrivateKey(privateKeyPem));
  return `${header}.${body}.${b64url(signature)}`;
}

/** Checks access tokens against the identity provider's Ed25519 public key. */
export class AccessTokenVerifier {
  private readonly key: KeyObject;

  constructor(
    publicKeyPem: string,
    private readonly settings: TokenSettings,
  ) {
    this.key = createPublicKey(publicKeyPem);
    if (this.key.asymmetricKeyType !== 'ed25519') throw new Error('the access-token key must be Ed25519');
  }

  /** The token's claims, or AccessTokenError saying what is wrong with it. */
  verify(token: string, now: Date = new Date()): AccessClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
      throw new AccessTokenError('访问令牌格式不正确', 'the access token is malformed');
    }
    const [header, body, signature] = parts as [string, string, string];
    const json = (part: string): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        if (value && typeof value === 'object' && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // reported below
      }
      throw new AccessTokenError('访问令牌格式不正确', 'the access token is malformed');
    };
    // The algorithm is ours to decide, never the token's: anything but EdDSA is refused.
    if (json(header)['alg'] !== 'EdDSA') {
      throw new AccessTokenError('访问令牌签名算法不被接受', 'the access token’s algorithm is not accepted');
    }
    if (!verify(null, Buffer.from(`${header}.${body}`), this.key, Buffer.from(signature, 'base64url'))) {
      throw new AccessTokenError('访问令牌签名无效', 'the access token’s signature is invalid');
    }
    const claims = json(body);
    const seconds = Math.floor(now.getTime() / 1000);
    if (typeof claims['exp'] !== 'number' || claims['exp'] + CLOCK_SKEW_S <= seconds) {
      throw new AccessTokenError('访问令牌已过期', 'the access token has expired');
    }
    const iat = claims['iat'];
    if (typeof iat !== 'number' || !Number.isFinite(iat) || iat - CLOCK_SKEW_S > seconds) {
      throw new AccessTokenError(
        '访问令牌缺少有效的签发时间（iat）',
        'the access token lacks a valid issue time (iat), or it lies in the future',
      );
    }
    if (claims['exp'] - iat > MAX_TOKEN_LIFETIME_S) {
      throw new AccessTokenError(
        `访问令牌有效期不得超过 ${MAX_TOKEN_LIFETIME_S / 3600} 小时`,
        `an access token may live at most ${MAX_TOKEN_LIFETIME_S / 3600} hours`,
      );
    }
    if (typeof claims['nbf'] === 'number' && claims['nbf'] - CLOCK_SKEW_S > seconds) {
      throw new AccessTokenError('访问令牌尚未生效', 'the access token is not valid yet');
    }
    if (claims['iss'] !== this.settings.issuer) {
      throw new AccessTokenError('访问令牌的签发方不受信任', 'the access token’s issuer is not trusted');
    }
    const audience = claims['aud'];
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(this.settings.audience)) {
      throw new AccessTokenError(
        '访问令牌不是签发给本系统的',
        'the access token is not meant for this system',
      );
    }
    for (const field of ['sub', 'role', 'unit'] as const) {
      const value = claims[field];
      if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
        throw new AccessTokenError(`访问令牌缺少有效的 ${field}`, `the access token lacks a valid ${field}`);
      }
    }
    return {
      sub: claims['sub'] as string,
      role: claims['role'] as string,
      unit: claims['unit'] as string,
      ...(typeof claims['name'] === 'string' ? { name: claims['name'] } : {}),
    };
  }
}
