import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The nomination service's configuration: NOMINATION_PORT, NOMINATION_DB_*, NOMINATION_CALLERS, NOMINATION_PERSON_ASSERTION_KEY_FILE, NOMINATION_BALLOT_*, KAFKA_BROKERS. */
export function loadNominationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig(
    'NOMINATION',
    { port: 3101, database: 'jishi_nomination', groupId: 'jishi-nomination' },
    env,
  );
}
