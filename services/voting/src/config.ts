import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The voting service's configuration: VOTING_PORT, VOTING_DB_*, VOTING_CALLERS, VOTING_PERSON_ASSERTION_KEY_FILE, VOTING_BALLOT_*, KAFKA_BROKERS. */
export function loadVotingConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig('VOTING', { port: 3103, database: 'jishi_voting', groupId: 'jishi-voting' }, env);
}
