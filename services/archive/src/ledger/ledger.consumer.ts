import { CaseFactRecordedSchema, TOPIC_SPECS, Topics } from '@jishi/contracts';
import {
  admit,
  createKafka,
  createProducer,
  IdempotentConsumer,
  TOPIC_BINDINGS,
  watchKafka,
} from '@jishi/messaging';
import { Observability } from '@jishi/observability';
import { SERVICE_CONFIG } from '@jishi/service-kit';
import type { ArchiveConfig } from '../config';
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
  private kafkaWatch: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ArchiveConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly facts: FactLedgerService,
    private readonly observability: Observability,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-archive', ...this.config.kafka });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.kafkaWatch = watchKafka(kafka, this.observability);
    this.consumer = new IdempotentConsumer(kafka, this.dataSource, this.producer, {
      observability: this.observability,
      name: 'archive',
      groupId: this.config.kafka.groupId,
      // Every topic the manifest lets the archive read: not the dead letters, nor its own tree heads.
      topics: TOPIC_SPECS.filter((t) => t.readers.includes('archive')).map((t) => t.name),
      // Every fact locks its case's chain and the log's one row: replicas take turns by batch, or
      // two batches holding them in different orders would deadlock.
      serialized: true,
    });
    await this.consumer.start(async (envelope, manager, topic) => {
      // What an outside party writes goes on the record only as the signal bridge takes it: signed by
      // its registered key, of its topic's type, for its own unit, under event ids of its own — so a
      // unit cannot take an id that a case's fact or another party's answer will carry.
      const binding = TOPIC_BINDINGS[topic];
      if (binding && 'signed' in binding.speaker) admit(topic, envelope, this.config.parties);
      await this.ledger.append(envelope, topic, manager);
      // The case workflow's facts are the record itself: each at its place in the case.
      if (topic === Topics.caseEvents && envelope.type === CaseFactRecordedSchema.typeName)
        await this.facts.append(envelope, manager);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.producer?.disconnect();
    await this.kafkaWatch?.stop();
  }
}
