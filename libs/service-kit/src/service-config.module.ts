import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config';

/** Makes the service's checked configuration injectable everywhere as SERVICE_CONFIG. */
@Global()
@Module({})
export class ServiceConfigModule {
  static of(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
