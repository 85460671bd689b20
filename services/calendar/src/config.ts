import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';

/** The calendar service's configuration: CALENDAR_PORT, CALENDAR_DB_*, CALENDAR_CALLERS, CALENDAR_PERSON_ASSERTION_KEY_FILE, KAFKA_BROKERS. */
export function loadCalendarConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadServiceConfig(
    'CALENDAR',
    { port: 3105, database: 'jishi_calendar', groupId: 'jishi-calendar' },
    env,
  );
}
