import { type Envelope, Topics } from '@jishi/contracts';
import { CommandMessaging, SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RoundsService } from './rounds.service';

/** Opens rounds from the nomination commands, and publishes the results the outbox holds. */
@Injectable()
export class RoundsMessaging extends CommandMessaging {
  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly rounds: RoundsService,
  ) {
    super(config, dataSource, { name: 'nomination', topic: Topics.nominationCommands });
  }

  protected handle(envelope: Envelope, manager: EntityManager): Promise<void> {
    return this.rounds.open(envelope, manager);
  }
}
