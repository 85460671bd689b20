import { httpLogging } from '@jishi/observability';
import {
  MessagingTables1764300000000,
  OutboxDelivery1764800000000,
  ProcessedEventDigest1764790000000,
} from '@jishi/messaging';
import type { DynamicModule, ModuleMetadata, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { databaseOptions } from './database';
import { ServiceConfigModule } from './service-config.module';
import { ServiceHealth } from './service-health';
import { PersonAssertionsUsed1764830000000 } from './used-assertions.migration';
import type { ServiceConfig } from './service.config';

/** Every migration of a service: the messaging tables and the assertions taken, then its own. */
export function serviceMigrations(own: (new () => MigrationInterface)[]): (new () => MigrationInterface)[] {
  return [
    MessagingTables1764300000000,
    ProcessedEventDigest1764790000000,
    OutboxDelivery1764800000000,
    PersonAssertionsUsed1764830000000,
    ...own,
  ];
}

/**
 * A service's root module: its checked configuration, its own database with the messaging tables
 * (outbox, processed events) and its own committed migrations, and its parts.
 */
export function serviceModule(
  module: Type<unknown>,
  config: ServiceConfig,
  parts: {
    readonly migrations: (new () => MigrationInterface)[];
    readonly entities?: DataSourceOptions['entities'];
    readonly imports?: ModuleMetadata['imports'];
    readonly controllers?: ModuleMetadata['controllers'];
    readonly providers?: ModuleMetadata['providers'];
  },
): DynamicModule {
  return {
    module,
    imports: [
      ServiceConfigModule.of(config),
      TypeOrmModule.forRoot(
        databaseOptions(config, {
          ...(parts.entities ? { entities: parts.entities } : {}),
          migrations: serviceMigrations(parts.migrations),
        }),
      ),
      // Logs as JSON lines through pino, each request's with its id, and an access line per request.
      httpLogging(),
      ...(parts.imports ?? []),
    ],
    controllers: parts.controllers ?? [],
    providers: [ServiceHealth, ...(parts.providers ?? [])],
  };
}
