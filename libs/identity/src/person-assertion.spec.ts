import { generateKeyPairSync } from 'node:crypto';
import { PersonAssertionVerifier, signPersonAssertion } from './person-assertion';

const gateway = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const publicPem = gateway.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const person = { id: 'voter-1', role: 'voter', unitId: 'standing-committee', name: '张三' };
const call = {
  audience: 'voting',
  method: 'POST',
  path: '/meetings/c-1/ballots',
  body: '{"choice":"agree"}',
};

describe('person assertions', () => {
  it('names the person for the one call it was signed for, once', () => {
    const verifier = new PersonAssertionVerifier(publicPem, 'voting');
    const token = signPersonAssertion(gateway.privateKey, person, call);
    expect(verifier.verify(token, call)).toEqual(person);
    // The same assertion again is a replay.
    expect(() => verifier.verify(token, call)).toThrow('used before');
  });

  it.each([
    ['another service', { ...call, audience: 'nomination' }, 'another service'],
    ['another path', { ...call, path: '/meetings/c-2/ballots' }, 'another call'],
    ['another method', { ...call, method: 'PUT' }, 'another call'],
    ['another body', { ...call, body: '{"choice":"disagree"}' }, 'another body'],
  ])('refuses an assertion made for %s', (_, signedFor, reason) => {
    const verifier = new PersonAssertionVerifier(publicPem, 'voting');
    const token = signPersonAssertion(gateway.privateKey, person, signedFor);
    expect(() => verifier.verify(token, call)).toThrow(reason);
  });

  it('refuses an assertion signed by any other key, expired, or altered', () => {
    const verifier = new PersonAssertionVerifier(publicPem, 'voting');
    expect(() => verifier.verify(signPersonAssertion(other.privateKey, person, call), call)).toThrow(
      'not the gateway',
    );
    const old = signPersonAssertion(gateway.privateKey, person, {
      ...call,
      now: new Date(Date.now() - 120_000),
    });
    expect(() => verifier.verify(old, call)).toThrow('expired');
    expect(() =>
      verifier.verify(signPersonAssertion(gateway.privateKey, person, call), call, {
        now: new Date(Date.now() + 120_000),
      }),
    ).toThrow('expired');
    const [h, b, s] = signPersonAssertion(gateway.privateKey, person, call).split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(b, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'voter-2' })).toString('base64url');
    expect(() => verifier.verify(`${h}.${altered}.${s}`, call)).toThrow('not the gateway');
    expect(() => verifier.verify('not.a-token', call)).toThrow('malformed');
  });

  it('accepts any body for a streamed call only where the endpoint streams its body', () => {
    const verifier = new PersonAssertionVerifier(publicPem, 'voting');
    const token = signPersonAssertion(gateway.privateKey, person, { ...call, streamed: true });
    expect(() => verifier.verify(token, { ...call, body: 'whatever arrives' })).toThrow('another body');
    expect(verifier.verify(token, { ...call, body: 'whatever arrives' }, { streamedBody: true }).id).toBe(
      'voter-1',
    );
  });
});
