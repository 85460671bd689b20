import { Topics } from '@jishi/contracts';
import { createKafka, createProducer, IdempotentConsumer, OutboxRelay } from '@jishi/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { RoundsService } from './rounds.service';

/** Opens rounds from the nomination commands, and publishes the results the outbox holds. */
@Injectable()
export class RoundsMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: IdempotentConsumer | undefined;
  private relay: OutboxRelay | undefined;
  private producer: Producer | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-nomination', brokers: this.config.kafka.brokers });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.relay = new OutboxRelay(this.dataSource, this.producer);
    this.relay.start();
    this.consumer = new IdempotentConsumer(kafka, this.dataSource, this.producer, {
      name: 'nomination',
      groupId: this.config.kafka.groupId,
      topics: [Topics.nominationCommands],
    });
    await this.consumer.start((envelope, manager) => this.rounds.open(envelope, manager));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect();
  }
}
