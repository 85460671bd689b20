import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { AccessTokenError, AccessTokenVerifier, signAccessToken } from './access-token';

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

const settings = { issuer: 'jishi-test', audience: 'jishi-gateway' };
const claims = { sub: 'staff-1', role: 'org_staff', unit: 'org-dept' };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AccessTokenError);
    return (err as AccessTokenError).en;
  }
  throw new Error('expected the token to be refused');
}

describe('access tokens', () => {
  const keys = pem();
  const verifier = new AccessTokenVerifier(keys.publicKey, settings);

  it('accepts a token signed by the provider and returns its claims', () => {
    const token = signAccessToken(keys.privateKey, { ...claims, name: '张三' }, settings);
    expect(verifier.verify(token)).toEqual({ ...claims, name: '张三' });
  });

  it('refuses a token signed by another key, or altered after signing', () => {
    const other = signAccessToken(pem().privateKey, claims, settings);
    expect(refusal(() => verifier.verify(other))).toMatch(/signature/);
    const token = signAccessToken(keys.privateKey, claims, settings);
    const [header, , signature] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'minister', exp: 9e9 })).toString(
      'base64url',
    );
    expect(refusal(() => verifier.verify(`${header}.${promoted}.${signature}`))).toMatch(/signature/);
  });

  it('refuses another algorithm, even "none"', () => {
    const token = signAccessToken(keys.privateKey, claims, settings);
    const [, body] = token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(refusal(() => verifier.verify(`${none}.${body}.`))).toMatch(/algorithm/);
  });

  it('refuses an expired token, a foreign issuer or audience, and missing claims', () => {
    const old = signAccessToken(keys.privateKey, claims, {
      ...settings,
      ttlSeconds: 60,
      now: new Date(Date.now() - 3 * 60_000),
    });
    expect(refusal(() => verifier.verify(old))).toMatch(/expired/);
    const foreign = signAccessToken(keys.privateKey, claims, { ...settings, issuer: 'elsewhere' });
    expect(refusal(() => verifier.verify(foreign))).toMatch(/issuer/);
    const otherAudience = signAccessToken(keys.privateKey, claims, { ...settings, audience: 'other' });
    expect(refusal(() => verifier.verify(otherAudience))).toMatch(/not meant/);
    const noUnit = signAccessToken(keys.privateKey, { ...claims, unit: '' }, settings);
    expect(refusal(() => verifier.verify(noUnit))).toMatch(/unit/);
    expect(refusal(() => verifier.verify('not-a-token'))).toMatch(/malformed/);
  });

  it('refuses a token meant to live for ever, one without its issue time, and one issued in the future', () => {
    const century = signAccessToken(keys.privateKey, claims, { ...settings, ttlSeconds: 100 * 365 * 86_400 });
    expect(refusal(() => verifier.verify(century))).toMatch(/at most 12 hours/);
    expect(() =>
      verifier.verify(signAccessToken(keys.privateKey, claims, { ...settings, ttlSeconds: 12 * 3600 })),
    ).not.toThrow();
    const future = signAccessToken(keys.privateKey, claims, {
      ...settings,
      now: new Date(Date.now() + 3600_000),
    });
    expect(refusal(() => verifier.verify(future))).toMatch(/issue time/);
    // A token made without iat, signed by the real key.
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        ...claims,
        iss: settings.issuer,
        aud: settings.audience,
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    const signature = sign(
      null,
      Buffer.from(`${header}.${body}`),
      createPrivateKey(keys.privateKey),
    ).toString('base64url');
    expect(refusal(() => verifier.verify(`${header}.${body}.${signature}`))).toMatch(/issue time/);
  });

  it('takes only an Ed25519 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => new AccessTokenVerifier(rsa, settings)).toThrow(/Ed25519/);
  });
});
