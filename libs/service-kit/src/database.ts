import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { ServiceConfig } from './service.config';

/**
 * A service's PostgreSQL connection: its own database (or a schema of its own in tests), its
 * committed migrations run at boot, never `synchronize`.
 */
export function databaseOptions(
  config: ServiceConfig,
  parts: { entities?: DataSourceOptions['entities']; migrations: (new () => MigrationInterface)[] },
): DataSourceOptions {
  const { schema, ...database } = config.database;
  return {
    type: 'postgres',
    ...database,
    ...(schema ? { extra: { options: `-c search_path=${schema}` } } : {}),
    entities: parts.entities ?? [],
    migrations: parts.migrations,
    migrationsRun: true,
    synchronize: false,
  };
}
