import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The voting service's configuration: VOTING_PORT, VOTING_DB_*, VOTING_CALLER_TOKENS, KAFKA_BROKERS. */
export function loadVotingConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig('VOTING', { port: 3103, database: 'jishi_voting', groupId: 'jishi-voting' }, env);
}
