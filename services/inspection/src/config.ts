import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The inspection service's configuration: INSPECTION_PORT, INSPECTION_DB_*, INSPECTION_CALLERS, INSPECTION_PERSON_ASSERTION_KEY_FILE, INSPECTION_BALLOT_*, KAFKA_BROKERS. */
export function loadInspectionConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig(
    'INSPECTION',
    { port: 3102, database: 'jishi_inspection', groupId: 'jishi-inspection' },
    env,
  );
}
