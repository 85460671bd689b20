import { loadServiceConfig } from './service.config';

const defaults = { port: 3103, database: 'jishi_voting', groupId: 'jishi-voting' };

describe('service configuration', () => {
  it('reads the service’s variables with their defaults', () => {
    const config = loadServiceConfig('VOTING', defaults, {
      VOTING_DB_PASSWORD: 'pw',
      VOTING_CALLER_TOKENS: 'a'.repeat(16),
      KAFKA_SASL_USERNAME: 'jishi-voting',
      KAFKA_SASL_PASSWORD: 'p'.repeat(32),
    });
    expect(config).toMatchObject({
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
      callerTokens: ['a'.repeat(16)],
    });
  });

  it('refuses to start on bad values, naming every variable at fault', () => {
    const env = {
      VOTING_PORT: 'x',
      VOTING_CALLER_TOKENS: 'short',
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
      'VOTING_CALLER_TOKENS must hold tokens of 16 characters or more',
      'VOTING_DB_SCHEMA must be a plain identifier',
      'KAFKA_BROKERS must be host:port',
      // Every client of Kafka logs in: a service without its principal does not start.
      'KAFKA_SASL_USERNAME is required',
      'KAFKA_SASL_PASSWORD is required',
    ]) {
      expect(message).toContain(problem);
    }
  });
});
