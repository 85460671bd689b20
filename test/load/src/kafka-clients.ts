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

/** A message of the comparison: its key, its bytes and the id its consumer reports it by. */
interface BenchMessage {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly id: string;
}

/** A member of a consumer group, consuming. */
interface Member {
  /** Resolves once the member has its partitions. */
  readonly joined: Promise<void>;
  close(): Promise<void>;
}

/** What differs between the two clients: how messages are sent and how a group's member is made. */
interface ClientAdapter {
  /** The messages sent in one request, awaited until the broker acknowledged them. */
  send(messages: readonly BenchMessage[]): Promise<void>;
  /** A new member of `groupId` reading the topic from its end, calling `took` with each message's id. */
  member(groupId: string, took: (id: string | undefined) => void): Promise<Member>;
  close(): Promise<void>;
}

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
    this.kafkajs = await this.side('kafkajs', await this.kafkajsClient());
    this.platformatic = await this.side(
      'platformatic',
      this.platformaticClient(await import('@platformatic/kafka')),
    );
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
  private batches(count: number): BenchMessage[][] {
    const messages = Array.from({ length: count }, (_, i) => ({
      key: Buffer.from(`bench-case-${i % KEYS}`),
      value: randomBytes(680),
      id: randomUUID(),
    }));
    const batches = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
    return batches;
  }

  /** The measurements, the same for either client. */
  private async side(name: string, client: ClientAdapter): Promise<Side> {
    const members: Member[] = [];
    const waiting = new Map<string, () => void>();
    const arrival = (id: string) => new Promise<void>((resolve) => waiting.set(id, resolve));
    const took = (id: string | undefined) => {
      const done = id ? waiting.get(id) : undefined;
      if (done) {
        waiting.delete(id as string);
        done();
      }
    };
    const member = async (group: string) => {
      const m = await client.member(group, took);
      members.push(m);
      return m;
    };
    const timeJoin = async (m: Promise<Member>, began: number) => {
      await (
        await m
      ).joined;
      return (performance.now() - began) / 1000;
    };
    // The throughput's group, joined and proven to consume before anything is timed.
    await (
      await member(`bench-clients-${name}-${this.run}`)
    ).joined;
    const probe = { key: Buffer.from('probe'), value: Buffer.from('p'), id: randomUUID() };
    const probed = arrival(probe.id);
    await client.send([probe]);
    await probed;
    return {
      throughput: async (count) => {
        const batches = this.batches(count);
        const all = batches.flat().map((m) => arrival(m.id));
        const began = performance.now();
        for (const batch of batches) await client.send(batch);
        await Promise.all(all);
        return count / ((performance.now() - began) / 1000);
      },
      firstJoin: async () => {
        const began = performance.now();
        const first = member(`bench-join-${name}-${randomUUID().slice(0, 8)}`);
        const seconds = await timeJoin(first, began);
        await (await first).close();
        return seconds;
      },
      secondJoin: async () => {
        const group = `bench-rejoin-${name}-${randomUUID().slice(0, 8)}`;
        const first = await member(group);
        await first.joined;
        const began = performance.now();
        const second = member(group);
        const seconds = await timeJoin(second, began);
        await (await second).close();
        await first.close();
        return seconds;
      },
      stop: async () => {
        for (const m of members) await m.close().catch(() => undefined);
        await client.close();
      },
    };
  }

  private async kafkajsClient(): Promise<ClientAdapter> {
    const producer: Producer = createProducer(this.kafka);
    await producer.connect();
    return {
      send: async (messages) => {
        await producer.send({
          topic: this.topic,
          messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { id: m.id } })),
        });
      },
      member: async (groupId, took) => {
        const consumer: Consumer = this.kafka.consumer({ groupId });
        const joined = new Promise<void>((resolve) => {
          const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
            remove();
            resolve();
          });
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [this.topic], fromBeginning: false });
        await consumer.run({ eachMessage: async ({ message }) => took(message.headers?.['id']?.toString()) });
        let closed: Promise<void> | undefined;
        return { joined, close: () => (closed ??= consumer.disconnect()) };
      },
      close: () => producer.disconnect(),
    };
  }

  private platformaticClient(pk: Platformatic): ClientAdapter {
    const sasl = this.stack.kafka.sasl();
    const base = {
      clientId: 'jishi-bench',
      bootstrapBrokers: [...this.stack.kafka.brokers],
      sasl: { mechanism: 'SCRAM-SHA-512' as const, username: sasl.username, password: sasl.password },
    };
    const producer = new pk.Producer({ ...base, idempotent: true, acks: pk.ProduceAcks.ALL });
    const idOf = (headers: Map<Buffer, Buffer>) => {
      for (const [key, value] of headers) if (key.toString() === 'id') return value.toString();
      return undefined;
    };
    return {
      send: async (messages) => {
        await producer.send({
          messages: messages.map((m) => ({
            topic: this.topic,
            key: m.key,
            value: m.value,
            headers: new Map([[Buffer.from('id'), Buffer.from(m.id)]]),
          })),
        });
      },
      member: async (groupId, took) => {
        const consumer = new pk.Consumer({ ...base, groupId });
        const joined = new Promise<void>((resolve) => consumer.once('consumer:group:join', () => resolve()));
        const stream = await consumer.consume({
          topics: [this.topic],
          mode: pk.MessagesStreamModes.COMMITTED,
          fallbackMode: pk.MessagesStreamFallbackModes.LATEST,
          autocommit: true,
        });
        stream.on('data', (message: { headers: Map<Buffer, Buffer> }) => took(idOf(message.headers)));
        let closed: Promise<void> | undefined;
        return {
          joined,
          close: () =>
            (closed ??= (async () => {
              await stream.close();
              await consumer.close();
            })()),
        };
      },
      close: () => producer.close(),
    };
  }
}
