/**
 * The Kafka client question (figures K): kafkajs 2.2.4, which the services use and which has had no
 * release since 2023, beside @platformatic/kafka (maintained, pure JavaScript; its 1.x line is the last
 * to run on Node 20), on the same broker, with the same settings: an idempotent producer waiting for
 * every replica, batches of 50, a consumer group reading from the start. Measured: produce → consume
 * (messages a second end to end, the same bytes as P6's), a new group's first member until it has its
 * partitions, and a second member joining a group until the group has rebalanced and both consume.
 */
import { createProducer } from '@jishi/messaging';
import { loadStackSettings } from '@jishi/testing';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
// An ECMAScript module (loaded with import() below); its types named for a CommonJS file.
import type * as PlatformaticKafka from '@platformatic/kafka' with { 'resolution-mode': 'import' };

type Platformatic = typeof PlatformaticKafka;

const PARTITIONS = 6;
const BATCH = 50;
const KEYS = 24;

/** One client's side of the comparison. */
interface Side {
  /** `count` messages produced in batches of 50 and consumed by a group; messages a second. */
  throughput(count: number): Promise<number>;
  /** A new group's one member: from its start until it has its partitions (s). */
  firstJoin(): Promise<number>;
  /** A second member joining a running one-member group: until the group has rebalanced and the new member has its partitions (s). */
  secondJoin(): Promise<number>;
  stop(): Promise<void>;
}

export class KafkaClientsBench {
  private readonly stack = loadStackSettings();
  private readonly run = randomUUID().slice(0, 8);
  readonly topic = `jishi.bench.clients-${this.run}.v1`;
  private readonly kafka = new Kafka({
    clientId: 'jishi-bench',
    brokers: this.stack.kafka.brokers,
    sasl: this.stack.kafka.sasl(),
    logLevel: logLevel.NOTHING,
  });
  kafkajs: Side | undefined;
  platformatic: Side | undefined;

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: this.topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    this.kafkajs = await this.kafkajsSide();
    this.platformatic = await this.platformaticSide(await import('@platformatic/kafka'));
  }

  async stop(): Promise<void> {
    await this.kafkajs?.stop().catch(() => undefined);
    await this.platformatic?.stop().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [this.topic] }).catch(() => undefined);
    await admin.disconnect();
  }

  /** The same bytes each time: P6's message size (a step's envelope), keyed by case. */
  private batches(count: number): { key: Buffer; value: Buffer; id: string }[][] {
    const messages = Array.from({ length: count }, (_, i) => ({
      key: Buffer.from(`bench-case-${i % KEYS}`),
      value: randomBytes(680),
      id: randomUUID(),
    }));
    const batches = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
    return batches;
  }

  private async kafkajsSide(): Promise<Side> {
    const producer: Producer = createProducer(this.kafka);
    await producer.connect();
    const consumers: Consumer[] = [];
    const waiting = new Map<string, () => void>();
    const took = (id: string | undefined) => {
      const done = id ? waiting.get(id) : undefined;
      if (done) {
        waiting.delete(id as string);
        done();
      }
    };
    /** A member of the group, consuming; `joinedGroup` resolves once it has its partitions. */
    const member = async (groupId: string) => {
      const consumer = this.kafka.consumer({ groupId });
      consumers.push(consumer);
      const joinedGroup = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [this.topic], fromBeginning: false });
      await consumer.run({ eachMessage: async ({ message }) => took(message.headers?.['id']?.toString()) });
      return { consumer, joinedGroup };
    };
    /** A message sent and awaited until the group's member takes it. */
    const probe = async (): Promise<void> => {
      const id = randomUUID();
      const arrived = new Promise<void>((resolve) => waiting.set(id, resolve));
      await producer.send({
        topic: this.topic,
        messages: [{ key: id, value: Buffer.from('p'), headers: { id } }],
      });
      await arrived;
    };
    const throughputGroup = `bench-clients-kafkajs-${this.run}`;
    const throughputMember = await member(throughputGroup);
    await throughputMember.joinedGroup;
    await probe();
    return {
      throughput: async (count) => {
        const batches = this.batches(count);
        const all = batches.flat().map((m) => new Promise<void>((resolve) => waiting.set(m.id, resolve)));
        const began = performance.now();
        for (const batch of batches)
          await producer.send({
            topic: this.topic,
            messages: batch.map((m) => ({ key: m.key, value: m.value, headers: { id: m.id } })),
          });
        await Promise.all(all);
        return count / ((performance.now() - began) / 1000);
      },
      firstJoin: async () => {
        const began = performance.now();
        const m = await member(`bench-join-kafkajs-${randomUUID().slice(0, 8)}`);
        await m.joinedGroup;
        const took = (performance.now() - began) / 1000;
        await m.consumer.disconnect();
        return took;
      },
      secondJoin: async () => {
        const group = `bench-rejoin-kafkajs-${randomUUID().slice(0, 8)}`;
        const first = await member(group);
        await first.joinedGroup;
        const began = performance.now();
        const second = await member(group);
        await second.joinedGroup;
        const took = (performance.now() - began) / 1000;
        await second.consumer.disconnect();
        await first.consumer.disconnect();
        return took;
      },
      stop: async () => {
        for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
        await producer.disconnect();
      },
    };
  }

  private async platformaticSide(pk: Platformatic): Promise<Side> {
    const sasl = this.stack.kafka.sasl();
    const base = {
      clientId: 'jishi-bench',
      bootstrapBrokers: [...this.stack.kafka.brokers],
      sasl: { mechanism: 'SCRAM-SHA-512' as const, username: sasl.username, password: sasl.password },
    };
    const producer = new pk.Producer({ ...base, idempotent: true, acks: pk.ProduceAcks.ALL });
    const consumers: { close(): Promise<void> }[] = [];
    const waiting = new Map<string, () => void>();
    const took = (id: string | undefined) => {
      const done = id ? waiting.get(id) : undefined;
      if (done) {
        waiting.delete(id as string);
        done();
      }
    };
    const idOf = (headers: Map<Buffer, Buffer>) => {
      for (const [key, value] of headers) if (key.toString() === 'id') return value.toString();
      return undefined;
    };
    /** A member of the group, consuming; resolves once it has joined (its partitions assigned). */
    const member = async (groupId: string) => {
      const consumer = new pk.Consumer({ ...base, groupId });
      consumers.push(consumer);
      const joinedGroup = new Promise<void>((resolve) =>
        consumer.once('consumer:group:join', () => resolve()),
      );
      const stream = await consumer.consume({
        topics: [this.topic],
        mode: pk.MessagesStreamModes.COMMITTED,
        fallbackMode: pk.MessagesStreamFallbackModes.LATEST,
        autocommit: true,
      });
      stream.on('data', (message: { headers: Map<Buffer, Buffer> }) => took(idOf(message.headers)));
      return { consumer, stream, joinedGroup };
    };
    const probe = async (): Promise<void> => {
      const id = randomUUID();
      const arrived = new Promise<void>((resolve) => waiting.set(id, resolve));
      await producer.send({
        messages: [
          {
            topic: this.topic,
            key: Buffer.from(id),
            value: Buffer.from('p'),
            headers: new Map([[Buffer.from('id'), Buffer.from(id)]]),
          },
        ],
      });
      await arrived;
    };
    const throughputMember = await member(`bench-clients-platformatic-${this.run}`);
    await throughputMember.joinedGroup;
    await probe();
    const close = async (m: Awaited<ReturnType<typeof member>>) => {
      await m.stream.close();
      await m.consumer.close();
    };
    return {
      throughput: async (count) => {
        const batches = this.batches(count);
        const all = batches.flat().map((m) => new Promise<void>((resolve) => waiting.set(m.id, resolve)));
        const began = performance.now();
        for (const batch of batches)
          await producer.send({
            messages: batch.map((m) => ({
              topic: this.topic,
              key: m.key,
              value: m.value,
              headers: new Map([[Buffer.from('id'), Buffer.from(m.id)]]),
            })),
          });
        await Promise.all(all);
        return count / ((performance.now() - began) / 1000);
      },
      firstJoin: async () => {
        const began = performance.now();
        const m = await member(`bench-join-platformatic-${randomUUID().slice(0, 8)}`);
        await m.joinedGroup;
        const took = (performance.now() - began) / 1000;
        await close(m);
        return took;
      },
      secondJoin: async () => {
        const group = `bench-rejoin-platformatic-${randomUUID().slice(0, 8)}`;
        const first = await member(group);
        await first.joinedGroup;
        const began = performance.now();
        const second = await member(group);
        await second.joinedGroup;
        const took = (performance.now() - began) / 1000;
        await close(second);
        await close(first);
        return took;
      },
      stop: async () => {
        await close(throughputMember).catch(() => undefined);
        for (const consumer of consumers) await consumer.close().catch(() => undefined);
        await producer.close();
      },
    };
  }
}
