import { mkdtempSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGatewayConfig } from './gateway.config';

const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'gateway-config-')), 'public.pem');
writeFileSync(keyFile, '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n');
const envelopeKeyFile = path.join(path.dirname(keyFile), 'envelope.pem');
writeFileSync(
  envelopeKeyFile,
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);
writeFileSync(
  envelopeKeyFile.replace('envelope', 'assertion'),
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
);
// Stand-ins for the CA, the gateway's certificate and key: the configuration reads the files, the TLS
// handshake (not tested here) checks what they hold.
for (const name of ['ca.pem', 'gateway.pem', 'gateway-key.pem'])
  writeFileSync(path.join(path.dirname(keyFile), name), `-----BEGIN ${name}-----\n`);
const base = {
  TEMPORAL_TLS_CA_FILE: path.join(path.dirname(keyFile), 'ca.pem'),
  TEMPORAL_TLS_CERT_FILE: path.join(path.dirname(keyFile), 'gateway.pem'),
  TEMPORAL_TLS_KEY_FILE: path.join(path.dirname(keyFile), 'gateway-key.pem'),
  GATEWAY_ENVELOPE_KEY_FILE: envelopeKeyFile,
  GATEWAY_PERSON_ASSERTION_KEY_FILE: envelopeKeyFile.replace('envelope', 'assertion'),
  GATEWAY_AUTH_PUBLIC_KEY_FILE: keyFile,
  GATEWAY_SERVICE_TOKEN: 's'.repeat(32),
  KAFKA_SASL_USERNAME: 'jishi-gateway',
  KAFKA_SASL_PASSWORD: 'k'.repeat(32),
};

describe('gateway configuration', () => {
  it('reads the defaults, the shortened timers and the organization’s policy', () => {
    const config = loadGatewayConfig({
      ...base,
      GATEWAY_CASE_TIMERS: 'announcement=5s, probation=20s',
      GATEWAY_POLICY: '{"consultationUnits":[]}',
      JISHI_MODE: 'development',
    });
    expect(config.port).toBe(3100);
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'jishi',
      taskQueue: 'jishi-cases',
      tls: { serverName: 'temporal' },
    });
    expect(config.temporal.tls.cert.toString()).toContain('gateway.pem');
    expect(config.services.voting).toBe('http://127.0.0.1:3103');
    expect(config.cases).toEqual({
      organization: 'org-dept',
      timers: { announcement: '5s', probation: '20s' },
      policy: { consultationUnits: [] },
    });
    expect(config.auth.publicKeyPem).toContain('PUBLIC KEY');
  });

  it('refuses to start on bad values, naming every variable at fault', () => {
    let message = '';
    try {
      loadGatewayConfig({
        GATEWAY_PORT: 'x',
        GATEWAY_SERVICE_TOKEN: 'short',
        GATEWAY_CASE_TIMERS: 'announcement=soon',
        GATEWAY_POLICY: '{"shortlistCandidatesPerPost":1}',
        VOTING_URL: 'voting',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const problem of [
      'GATEWAY_PORT must be a port number',
      'GATEWAY_AUTH_PUBLIC_KEY_FILE is required',
      'GATEWAY_SERVICE_TOKEN must be a token of 16 characters or more',
      'GATEWAY_CASE_TIMERS has "announcement=soon"',
      'GATEWAY_POLICY: policy shortlistCandidatesPerPost',
      'VOTING_URL must be an http(s) origin',
      'TEMPORAL_TLS_CA_FILE is required',
      'TEMPORAL_TLS_CERT_FILE is required',
      'TEMPORAL_TLS_KEY_FILE is required',
    ]) {
      expect(message).toContain(problem);
    }
  });

  it('takes shortened timers only in development: a deployment runs the periods the rules set', () => {
    expect(() => loadGatewayConfig({ ...base, GATEWAY_CASE_TIMERS: 'probation=20s' })).toThrow(
      'GATEWAY_CASE_TIMERS shortens the periods the rules set',
    );
    expect(() =>
      loadGatewayConfig({ ...base, GATEWAY_CASE_TIMERS: 'probation=20s', JISHI_MODE: 'production' }),
    ).toThrow('taken only with JISHI_MODE=development');
    expect(loadGatewayConfig({ ...base }).cases.timers).toEqual({});
  });
});
