/**
 * P6, the event pipeline: messages a second from a service's transaction to the consumer that takes
 * them — written to the outbox in the service's transactions, published by the outbox relay, taken
 * by an idempotent consumer (a partition's messages marked processed a batch at a time) — beside raw
 * produce → consume with the same Kafka client on the same broker. Both on topics of their own, of
 * the partitions Jishi's topics have, removed afterwards.
 */
import { ActorKind, createEnvelope, encodeEnvelope, type Envelope } from '@jishi/contracts';
import {
  createProducer,
  enqueue,
  IdempotentConsumer,
  MessagingTables1764300000000,
  OutboxDelivery1764800000000,
  OutboxRelay,
  ProcessedEventDigest1764790000000,
} from '@jishi/messaging';
import { loadStackSettings } from '@jishi/testing';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';

/** The partitions of Jishi's own topics (the case's facts, the services' commands and results). */
const PARTITIONS = 6;
/** Messages a service's transaction writes at once, and the raw producer sends at once. */
const BATCH = 50;
/** Cases the messages are keyed by: each case's messages keep their order within a partition. */
const CASES = 24;

export class EventPipelineBench {
  private readonly stack = loadStackSettings();
  private readonly kafka = new Kafka({
    clientId: 'jishi-bench',
    brokers: this.stack.kafka.brokers,
    sasl: this.stack.kafka.sasl(),
    logLevel: logLevel.NOTHING,
  });
  private readonly run = randomUUID().slice(0, 8);
  private readonly topics = {
    pipeline: `jishi.bench.pipeline-${this.run}.v1`,
    raw: `jishi.bench.raw-${this.run}.v1`,
  };
  private readonly schema = `bench_${this.run}`;
  private readonly dataSource = new DataSource({
    type: 'postgres',
    host: this.stack.postgres.host,
    port: this.stack.postgres.port,
    username: this.stack.postgres.username,
    password: this.stack.postgres.password,
    database: 'jishi_smoke',
    extra: { options: `-c search_path=${this.schema}` },
    migrations: [
      MessagingTables1764300000000,
      ProcessedEventDigest1764790000000,
      OutboxDelivery1764800000000,
    ],
  });
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;
  private consumer: IdempotentConsumer | undefined;
  private rawConsumer: Consumer | undefined;
  /** The messages awaited by the run under way, and what to call when the last has come. */
  private awaited = new Set<string>();
  private done: (() => void) | undefined;

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: Object.values(this.topics).map((topic) => ({
        topic,
        numPartitions: PARTITIONS,
        replicationFactor: 1,
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    await this.dataSource.initialize();
    await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.dataSource.runMigrations();
    // The producer as every service makes it (idempotent), for the relay and the raw baseline alike.
    this.producer = createProducer(this.kafka);
    await this.producer.connect();
    this.relay = new OutboxRelay(this.dataSource, this.kafka);
    this.relay.start();
    this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
      name: 'bench',
      groupId: `bench-pipeline-${this.run}`,
      topics: [this.topics.pipeline],
    });
    await this.joined(async () => {
      await this.consumer?.start(async (envelope) => this.took(envelope.eventId));
    }, this.topics.pipeline);
    this.rawConsumer = this.kafka.consumer({ groupId: `bench-raw-${this.run}` });
    await this.rawConsumer.connect();
    await this.rawConsumer.subscribe({ topics: [this.topics.raw], fromBeginning: true });
    await this.joined(async () => {
      await this.rawConsumer?.run({
        eachMessage: async ({ message }) => this.took(String(message.headers?.['id'] ?? '')),
      });
    }, this.topics.raw);
  }

  /** Starts a consumer and waits until it is in its group with its partitions. */
  private async joined(start: () => Promise<void>, topic: string): Promise<void> {
    const probe = `probe-${randomUUID()}`;
    const arrived = this.awaitAll([probe]);
    await start();
    if (topic === this.topics.pipeline) {
      await this.dataSource.transaction((m) => enqueue(m, topic, [this.envelope(probe, 0)]));
    } else {
      await this.producer?.send({
        topic,
        messages: [{ key: 'probe', value: Buffer.from('x'), headers: { id: probe } }],
      });
    }
    await arrived;
  }

  private took(id: string): void {
    if (this.awaited.delete(id) && this.awaited.size === 0) this.done?.();
  }

  private awaitAll(ids: readonly string[]): Promise<void> {
    this.awaited = new Set(ids);
    return new Promise<void>((resolve) => {
      this.done = resolve;
    });
  }

  private envelope(eventId: string, i: number): Envelope {
    return createEnvelope({
      eventId,
      caseId: `bench-case-${i % CASES}`,
      type: 'jishi.bench.v1.Step',
      occurredAt: new Date(),
      actor: { id: 'bench', kind: ActorKind.SERVICE },
      // A fact's size: a step with its items.
      payload: new Uint8Array(600).fill(7),
    });
  }

  /** Jishi's pipeline: `count` messages through the outbox, the relay and the idempotent consumer; messages a second. */
  async pipeline(count: number): Promise<number> {
    const envelopes = Array.from({ length: count }, (_, i) => this.envelope(randomUUID(), i));
    const arrived = this.awaitAll(envelopes.map((e) => e.eventId));
    const started = performance.now();
    for (let i = 0; i < envelopes.length; i += BATCH)
      await this.dataSource.transaction((m) =>
        enqueue(m, this.topics.pipeline, envelopes.slice(i, i + BATCH)),
      );
    await arrived;
    return count / ((performance.now() - started) / 1000);
  }

  /** The bare engine: the same bytes produced and consumed with the same client; messages a second. */
  async raw(count: number): Promise<number> {
    const messages = Array.from({ length: count }, (_, i) => {
      const envelope = this.envelope(randomUUID(), i);
      return {
        key: envelope.caseId,
        value: Buffer.from(encodeEnvelope(envelope)),
        headers: { id: envelope.eventId },
      };
    });
    const arrived = this.awaitAll(messages.map((m) => m.headers.id));
    const started = performance.now();
    for (let i = 0; i < messages.length; i += BATCH)
      await this.producer?.send({ topic: this.topics.raw, messages: messages.slice(i, i + BATCH) });
    await arrived;
    return count / ((performance.now() - started) / 1000);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.rawConsumer?.disconnect().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    if (this.dataSource.isInitialized) {
      await this.dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
      await this.dataSource.destroy();
    }
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(this.topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}
