import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from './service.config';

const keyFile = join(mkdtempSync(join(tmpdir(), 'service-config-')), 'gateway-assertion.pem');
writeFileSync(
  keyFile,
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
);
const rsaFile = `${keyFile}.rsa`;
writeFileSync(
  rsaFile,
  generateKeyPairSync('rsa', { modulusLength: 1024 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
);

const defaults = { port: 3103, database: 'jishi_voting', groupId: 'jishi-voting' };

describe('service configuration', () => {
  it('reads the service’s variables with their defaults', () => {
    const config = loadServiceConfig('VOTING', defaults, {
      VOTING_DB_PASSWORD: 'pw',
      VOTING_CALLERS: `gateway=${'a'.repeat(16)}, worker=${'b'.repeat(16)}`,
      VOTING_PERSON_ASSERTION_KEY_FILE: keyFile,
      KAFKA_SASL_USERNAME: 'jishi-voting',
      KAFKA_SASL_PASSWORD: 'p'.repeat(32),
    });
    expect(config).toMatchObject({
      name: 'voting',
      port: 3103,
      database: {
        host: '127.0.0.1',
        port: 5432,
        username: 'jishi',
        password: 'pw',
        database: 'jishi_voting',
      },
      kafka: {
        brokers: ['127.0.0.1:9092'],
        groupId: 'jishi-voting',
        login: { username: 'jishi-voting', password: 'p'.repeat(32) },
      },
      callers: [
        { name: 'gateway', token: 'a'.repeat(16) },
        { name: 'worker', token: 'b'.repeat(16) },
      ],
    });
    expect(config.personAssertionKey).toContain('BEGIN PUBLIC KEY');
  });

  it('refuses to start on bad values, naming every variable at fault', () => {
    const env = {
      VOTING_PORT: 'x',
      VOTING_CALLERS: 'gateway=short',
      VOTING_PERSON_ASSERTION_KEY_FILE: rsaFile,
      VOTING_DB_SCHEMA: 'Bad-Name',
      KAFKA_BROKERS: 'nohost',
    };
    let message = '';
    try {
      loadServiceConfig('VOTING', defaults, env);
    } catch (err) {
      message = (err as Error).message;
    }
    for (const problem of [
      'VOTING_PORT must be a port number',
      'VOTING_DB_PASSWORD is required',
      'VOTING_CALLERS must be name=token pairs, each token of 16 characters or more',
      'VOTING_PERSON_ASSERTION_KEY_FILE must hold an Ed25519 public key',
      'VOTING_DB_SCHEMA must be a plain identifier',
      'KAFKA_BROKERS must be host:port',
      // Every client of Kafka logs in: a service without its principal does not start.
      'KAFKA_SASL_USERNAME is required',
      'KAFKA_SASL_PASSWORD is required',
    ]) {
      expect(message).toContain(problem);
    }
  });

  it('refuses one token for two callers, and a missing key file', () => {
    expect(() =>
      loadServiceConfig('VOTING', defaults, {
        VOTING_DB_PASSWORD: 'pw',
        VOTING_CALLERS: `gateway=${'a'.repeat(16)},worker=${'a'.repeat(16)}`,
        VOTING_PERSON_ASSERTION_KEY_FILE: '/nonexistent/key.pem',
        KAFKA_SASL_USERNAME: 'jishi-voting',
        KAFKA_SASL_PASSWORD: 'p'.repeat(32),
      }),
    ).toThrow(/gives two callers one token[\s\S]*must name a readable PEM public key/);
  });
});
