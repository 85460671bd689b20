import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The nomination service's configuration: NOMINATION_PORT, NOMINATION_DB_*, NOMINATION_CALLER_TOKENS, KAFKA_BROKERS. */
export function loadNominationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig(
    'NOMINATION',
    { port: 3101, database: 'jishi_nomination', groupId: 'jishi-nomination' },
    env,
  );
}
