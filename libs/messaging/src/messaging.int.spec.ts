import 'reflect-metadata';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
  Topics,
} from '@jishi/contracts';
import { loadStackSettings } from '@jishi/testing';
import { Kafka, type KafkaMessage, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DEAD_LETTER_HEADERS,
  enqueue,
  IdempotentConsumer,
  MessagingTables1764300000000,
  ProcessedEventDigest1764790000000,
  OutboxRelay,
} from './index';
import { createProducer } from './kafka';

const stack = loadStackSettings();
const kafka = new Kafka({
  clientId: 'messaging-test',
  brokers: stack.kafka.brokers,
  sasl: stack.kafka.sasl(),
  logLevel: logLevel.NOTHING,
});

function envelope(caseId: string, eventId: string = randomUUID()): Envelope {
  return createEnvelope({
    eventId,
    caseId,
    type: 'jishi.test.v1.Ping',
    occurredAt: new Date(),
    actor: { id: 'test', kind: ActorKind.SERVICE },
    payload: new Uint8Array([1]),
  });
}

/** Reads a topic from the start until `count` records with this key arrived. */
async function readKeyed(topic: string, key: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: KafkaMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === key) messages.push(message);
        if (messages.length >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

describe('messaging on the real stack (PostgreSQL, Kafka)', () => {
  const schema = `messaging_${randomUUID().replace(/-/g, '')}`;
  const dataSource = new DataSource({
    type: 'postgres',
    host: stack.postgres.host,
    port: stack.postgres.port,
    username: stack.postgres.username,
    password: stack.postgres.password,
    database: 'jishi_smoke',
    extra: { options: `-c search_path=${schema}` },
    migrations: [MessagingTables1764300000000, ProcessedEventDigest1764790000000],
  });
  let producer: Producer;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations();
    await dataSource.query(`CREATE TABLE "seen" ("event_id" text NOT NULL)`);
    producer = createProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('processes a message once: a redelivery changes nothing', async () => {
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: 'test',
      groupId: 'unused',
      topics: [],
    });
    const e = envelope('case-1');
    const message = {
      key: Buffer.from('case-1'),
      value: Buffer.from(encodeEnvelope(e)),
    } as KafkaMessage;
    const handler = async (env: Envelope, manager: EntityManager) => {
      await manager.query(`INSERT INTO "seen" ("event_id") VALUES ($1)`, [env.eventId]);
    };
    expect(await consumer.process(Topics.caseEvents, message, handler)).toBe('processed');
    expect(await consumer.process(Topics.caseEvents, message, handler)).toBe('duplicate');
    expect(await dataSource.query(`SELECT "event_id" FROM "seen"`)).toEqual([{ event_id: e.eventId }]);
  });

  it('tells a reused event id from a redelivery: other content under a known id is dead-lettered, never dropped', async () => {
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: 'test',
      groupId: 'unused',
      topics: [],
    });
    const key = `reused-${randomUUID()}`;
    const eventId = `voting/${key}/tally`;
    const real = {
      key: Buffer.from(key),
      value: Buffer.from(encodeEnvelope(envelope(key, eventId))),
      headers: {},
    };
    const forged = {
      key: Buffer.from(key),
      value: Buffer.from(encodeEnvelope({ ...envelope(key, eventId), payload: new Uint8Array([6, 6, 6]) })),
      headers: {},
    };
    const handled: string[] = [];
    const handler = async (env: Envelope) => void handled.push(Buffer.from(env.payload).toString('hex'));
    expect(await consumer.process(Topics.votingEvents, real as unknown as KafkaMessage, handler)).toBe(
      'processed',
    );
    expect(await consumer.process(Topics.votingEvents, real as unknown as KafkaMessage, handler)).toBe(
      'duplicate',
    );
    expect(await consumer.process(Topics.votingEvents, forged as unknown as KafkaMessage, handler)).toBe(
      'dead-letter',
    );
    expect(handled).toEqual(['01']);
    const [dead] = await readKeyed(Topics.deadLetter, key, 1);
    expect(dead?.headers?.[DEAD_LETTER_HEADERS.reason]?.toString()).toContain('not a redelivery');
    // The same id on another topic is another event.
    expect(await consumer.process(Topics.nominationEvents, forged as unknown as KafkaMessage, handler)).toBe(
      'processed',
    );
  });

  it('rolls back the mark when the handler fails, so the redelivery is processed', async () => {
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: 'test',
      groupId: 'unused',
      topics: [],
    });
    const e = envelope('case-2');
    const message = {
      key: Buffer.from('case-2'),
      value: Buffer.from(encodeEnvelope(e)),
    } as KafkaMessage;
    await expect(
      consumer.process(Topics.caseEvents, message, async () => {
        throw new Error('database hiccup');
      }),
    ).rejects.toThrow('database hiccup');
    expect(await consumer.process(Topics.caseEvents, message, async () => undefined)).toBe('processed');
  });

  it('sends an undecodable message to the dead-letter topic with the reason', async () => {
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: 'test',
      groupId: 'unused',
      topics: [],
    });
    const key = `poison-${randomUUID()}`;
    const message = {
      key: Buffer.from(key),
      value: Buffer.from('not protobuf at all'),
      headers: {},
    } as unknown as KafkaMessage;
    expect(await consumer.process(Topics.caseEvents, message, async () => undefined)).toBe('dead-letter');
    const [dead] = await readKeyed(Topics.deadLetter, key, 1);
    expect(dead?.headers?.[DEAD_LETTER_HEADERS.reason]?.toString()).toContain('envelope field');
    expect(dead?.headers?.[DEAD_LETTER_HEADERS.topic]?.toString()).toBe(Topics.caseEvents);
  });

  it('publishes what the outbox holds, in order, once', async () => {
    const caseId = `outbox-${randomUUID()}`;
    const envelopes = [envelope(caseId), envelope(caseId), envelope(caseId)];
    await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, envelopes));
    await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, envelopes.slice(0, 1))); // same ids: ignored
    const relay = new OutboxRelay(dataSource, producer);
    expect(await relay.publishPending()).toBe(3);
    expect(await relay.publishPending()).toBe(0);
    const published = await readKeyed(Topics.votingEvents, caseId, 3);
    expect(published.map((m) => decodeEnvelope(m.value as Buffer).eventId)).toEqual(
      envelopes.map((e) => e.eventId),
    );
  });
});
