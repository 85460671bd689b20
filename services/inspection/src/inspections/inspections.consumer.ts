import { type Envelope, Topics } from '@jishi/contracts';
import { CommandMessaging, SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InspectionsService } from './inspections.service';

/** Opens inspections from the inspection commands, and publishes the results the outbox holds. */
@Injectable()
export class InspectionsMessaging extends CommandMessaging {
  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly inspections: InspectionsService,
  ) {
    super(config, dataSource, { name: 'inspection', topic: Topics.inspectionCommands });
  }

  protected handle(envelope: Envelope, manager: EntityManager): Promise<void> {
    return this.inspections.open(envelope, manager);
  }
}
