import { type Envelope, Topics } from '@jishi/contracts';
import { CommandMessaging, SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { MeetingsService } from './meetings.service';

/** Opens meetings from the voting commands, and publishes the tallies the outbox holds. */
@Injectable()
export class MeetingsMessaging extends CommandMessaging {
  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly meetings: MeetingsService,
  ) {
    super(config, dataSource, { name: 'voting', topic: Topics.votingCommands });
  }

  protected handle(envelope: Envelope, manager: EntityManager): Promise<void> {
    return this.meetings.open(envelope, manager);
  }
}
