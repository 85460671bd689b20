import { nameProcess, Observability } from '@jishi/observability';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config';

/**
 * Makes the service's checked configuration injectable everywhere as SERVICE_CONFIG, and its health
 * and metrics as Observability (one per app: its parts register their checks and metrics there, and
 * main.ts serves them on the operations port).
 */
@Global()
@Module({})
export class ServiceConfigModule {
  static of(config: ServiceConfig): DynamicModule {
    // Every log line from here on names the service.
    nameProcess(config.name);
    return {
      module: ServiceConfigModule,
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: Observability, useFactory: () => new Observability(config.name, config.ops) },
      ],
      exports: [SERVICE_CONFIG, Observability],
    };
  }
}
