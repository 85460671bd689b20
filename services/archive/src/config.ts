import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The archive's configuration: ARCHIVE_PORT, ARCHIVE_DB_*, ARCHIVE_CALLER_TOKENS, KAFKA_BROKERS. */
export function loadArchiveConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig(
    'ARCHIVE',
    { port: 3104, database: 'jishi_archive', groupId: 'jishi-archive' },
    env,
  );
}
