import type { Envelope } from '@jishi/contracts';
import { createKafka, createProducer, IdempotentConsumer, OutboxRelay, watchKafka } from '@jishi/messaging';
import { Observability } from '@jishi/observability';
import { Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceConfig } from './service.config';

/**
 * A service's Kafka side: it consumes its command topic through the idempotent consumer and runs the
 * outbox relay that publishes its results. A service extends it with its name, its topic and what a
 * command does (`handle`, inside the transaction that marks the command processed).
 */
export abstract class CommandMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: IdempotentConsumer | undefined;
  private relay: OutboxRelay | undefined;
  private producer: Producer | undefined;
  private kafkaWatch: { stop(): Promise<void> } | undefined;
  /** The app's health and metrics: the consumer, the outbox and the broker are shown there. */
  @Inject(Observability) private readonly observability!: Observability;

  protected constructor(
    private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly options: { readonly name: string; readonly topic: string },
  ) {}

  protected abstract handle(envelope: Envelope, manager: EntityManager): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({
      clientId: `jishi-${this.options.name}`,
      brokers: this.config.kafka.brokers,
      login: this.config.kafka.login,
    });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    const logger = new Logger(this.options.name);
    this.kafkaWatch = watchKafka(kafka, this.observability);
    this.relay = new OutboxRelay(this.dataSource, kafka, {
      onFailure: (line) => logger.error(line),
      observability: this.observability,
    });
    this.relay.start();
    this.consumer = new IdempotentConsumer(kafka, this.dataSource, this.producer, {
      name: this.options.name,
      groupId: this.config.kafka.groupId,
      topics: [this.options.topic],
      observability: this.observability,
    });
    await this.consumer.start((envelope, manager) => this.handle(envelope, manager));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect();
    await this.kafkaWatch?.stop();
  }
}
