import { Topics } from '@jishi/contracts';
import { createKafka, createProducer, IdempotentConsumer, OutboxRelay } from '@jishi/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { InspectionsService } from './inspections.service';

/** Opens inspections from the inspection commands, and publishes the results the outbox holds. */
@Injectable()
export class InspectionsMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: IdempotentConsumer | undefined;
  private relay: OutboxRelay | undefined;
  private producer: Producer | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inspections: InspectionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-inspection', brokers: this.config.kafka.brokers });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.relay = new OutboxRelay(this.dataSource, this.producer);
    this.relay.start();
    this.consumer = new IdempotentConsumer(kafka, this.dataSource, this.producer, {
      name: 'inspection',
      groupId: this.config.kafka.groupId,
      topics: [Topics.inspectionCommands],
    });
    await this.consumer.start((envelope, manager) => this.inspections.open(envelope, manager));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect();
  }
}
