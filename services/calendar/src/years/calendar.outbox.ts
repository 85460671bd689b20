import { createKafka, createProducer, OutboxRelay } from '@jishi/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** Publishes the calendar's changes from the transactional outbox (the service consumes nothing). */
@Injectable()
export class CalendarOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.producer = createProducer(createKafka({ clientId: 'jishi-calendar', ...this.config.kafka }));
    await this.producer.connect();
    const logger = new Logger('calendar');
    this.relay = new OutboxRelay(this.dataSource, this.producer, { onFailure: (line) => logger.error(line) });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect();
  }
}
