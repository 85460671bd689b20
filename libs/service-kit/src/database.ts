import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import type { ServiceConfig } from './service.config';

/**
 * A service's PostgreSQL connection: its own database (or a schema of its own in tests), its
 * committed migrations run at boot, never `synchronize` — by the service itself, or, where the tables'
 * owner is configured apart (`migrator`), by the owner before the service starts (`migrateAsOwner`).
 */
export function databaseOptions(
  config: ServiceConfig,
  parts: { entities?: DataSourceOptions['entities']; migrations: (new () => MigrationInterface)[] },
): DataSourceOptions {
  const { schema, migrator, ...database } = config.database;
  return {
    type: 'postgres',
    ...database,
    ...(schema ? { extra: { options: `-c search_path=${schema}` } } : {}),
    entities: parts.entities ?? [],
    migrations: parts.migrations,
    migrationsRun: migrator === undefined,
    synchronize: false,
  };
}

/** Runs the service's migrations as the tables' owner, when the service logs in as another role. */
export async function migrateAsOwner(
  config: ServiceConfig,
  migrations: (new () => MigrationInterface)[],
): Promise<void> {
  const { migrator } = config.database;
  if (!migrator) return;
  const owner = new DataSource({
    ...databaseOptions(config, { migrations }),
    username: migrator.username,
    password: migrator.password,
    migrationsRun: false,
  } as DataSourceOptions);
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
  } finally {
    await owner.destroy();
  }
}
