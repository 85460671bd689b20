import { createKafka, OutboxRelay, watchKafka } from '@jishi/messaging';
import { Observability } from '@jishi/observability';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Publishes the calendar's changes from the transactional outbox (the service consumes nothing). */
@Injectable()
export class CalendarOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private kafkaWatch: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly observability: Observability,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-calendar', ...this.config.kafka });
    this.kafkaWatch = watchKafka(kafka, this.observability);
    const logger = new Logger('calendar');
    this.relay = new OutboxRelay(this.dataSource, kafka, {
      onFailure: (line) => logger.error(line),
      observability: this.observability,
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.kafkaWatch?.stop();
  }
}
