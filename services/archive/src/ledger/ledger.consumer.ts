import { CaseFactRecordedSchema, TOPIC_SPECS, Topics } from '@jishi/contracts';
import { createKafka, createProducer, IdempotentConsumer } from '@jishi/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { FactLedgerService } from './fact-ledger.service';
import { LedgerService } from './ledger.service';

/** Consumes every topic but the dead letters and appends each message to its case's chain, once. */
@Injectable()
export class LedgerConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: IdempotentConsumer | undefined;
  private producer: Producer | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly facts: FactLedgerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-archive', ...this.config.kafka });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.consumer = new IdempotentConsumer(kafka, this.dataSource, this.producer, {
      name: 'archive',
      groupId: this.config.kafka.groupId,
      // Every topic the manifest lets the archive read: not the dead letters, nor its own tree heads.
      topics: TOPIC_SPECS.filter((t) => t.readers.includes('archive')).map((t) => t.name),
    });
    await this.consumer.start(async (envelope, manager, topic) => {
      await this.ledger.append(envelope, topic, manager);
      // The case workflow's facts are the record itself: each at its place in the case.
      if (topic === Topics.caseEvents && envelope.type === CaseFactRecordedSchema.typeName)
        await this.facts.append(envelope, manager);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.producer?.disconnect();
  }
}
