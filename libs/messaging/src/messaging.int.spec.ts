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
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DEAD_LETTER_HEADERS,
  enqueue,
  IdempotentConsumer,
  MessagingTables1764300000000,
  OutboxDelivery1764800000000,
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

/**
 * Reads a topic from the start until `count` records with this key arrived (`distinct`: records of
 * `count` different event ids, a record sent twice counted once).
 */
async function readKeyed(
  topic: string,
  key: string,
  count: number,
  distinct = false,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: KafkaMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === key) messages.push(message);
        const ids = new Set(messages.map((m) => m.headers?.['jishi-event-id']?.toString()));
        if ((distinct ? ids.size : messages.length) >= count) resolve();
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
    migrations: [
      MessagingTables1764300000000,
      ProcessedEventDigest1764790000000,
      OutboxDelivery1764800000000,
    ],
  });
  let producer: Producer;
  /** Every relay a test made: each has a producer of its own, ended after the tests. */
  const relays: OutboxRelay[] = [];
  /** A consumer whose messages the tests hand it (`process`, `processBatch`), in no group. */
  const consumerOf = () =>
    new IdempotentConsumer(kafka, dataSource, producer, { name: 'test', groupId: 'unused', topics: [] });
  const relayOf = (options?: ConstructorParameters<typeof OutboxRelay>[2]) => {
    const relay = new OutboxRelay(dataSource, kafka, options);
    relays.push(relay);
    return relay;
  };

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations();
    await dataSource.query(`CREATE TABLE "seen" ("event_id" text NOT NULL)`);
    producer = createProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await producer?.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('processes a message once: a redelivery changes nothing', async () => {
    const consumer = consumerOf();
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
    const consumer = consumerOf();
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

  it('takes one fact sent again under another trace as a redelivery, and knows digests of bytes from before', async () => {
    const consumer = consumerOf();
    const key = `retried-${randomUUID()}`;
    const sent = (traceparent: string, payload = new Uint8Array([1])) => ({
      key: Buffer.from(key),
      value: Buffer.from(
        encodeEnvelope(
          createEnvelope({
            eventId: `case-${key}/fact/1`,
            caseId: key,
            type: 'jishi.test.v1.Ping',
            occurredAt: new Date('2026-11-29T08:00:00Z'),
            actor: { id: 'case-workflow', kind: ActorKind.SERVICE },
            payload,
            trace: { traceparent },
          }),
        ),
      ),
      headers: {},
    });
    // The activity sent its fact, its worker died before it completed, and the retry sent it again
    // under its own trace: the bytes differ, the fact does not.
    const first = sent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const retried = sent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(first.value.equals(retried.value)).toBe(false);
    const handled: string[] = [];
    const handler = async (env: Envelope) => void handled.push(env.eventId);
    const run = (m: typeof first, topic: string = Topics.caseEvents) =>
      consumer.process(topic, m as unknown as KafkaMessage, handler);
    expect(await run(first)).toBe('processed');
    expect(await run(retried)).toBe('duplicate');
    expect(
      await run(sent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', new Uint8Array([2]))),
    ).toBe('dead-letter');
    expect(handled).toEqual([`case-${key}/fact/1`]);

    // A row written before the content digest holds the digest of the bytes processed: the very same
    // bytes are a redelivery, anything else under that id is not.
    await dataSource.query(
      `INSERT INTO "processed_event" ("consumer", "event_id", "topic", "digest") VALUES ('test', $1, $2, $3)`,
      [`case-${key}/fact/1`, Topics.inspectionEvents, createHash('sha256').update(first.value).digest('hex')],
    );
    expect(await run(first, Topics.inspectionEvents)).toBe('duplicate');
    expect(
      await run(
        sent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', new Uint8Array([2])),
        Topics.inspectionEvents,
      ),
    ).toBe('dead-letter');
    expect(handled).toEqual([`case-${key}/fact/1`]);
  });

  it('rolls back the mark when the handler fails in a way that may pass, so the redelivery is processed', async () => {
    const consumer = consumerOf();
    const e = envelope('case-2');
    const message = {
      key: Buffer.from('case-2'),
      value: Buffer.from(encodeEnvelope(e)),
    } as KafkaMessage;
    await expect(
      consumer.process(Topics.caseEvents, message, async () => {
        // The database went away mid-transaction (the server shutting down: SQLSTATE 57P01).
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      }),
    ).rejects.toThrow('administrator command');
    expect(await consumer.process(Topics.caseEvents, message, async () => undefined)).toBe('processed');
  });

  it('sends an undecodable message to the dead-letter topic with the reason', async () => {
    const consumer = consumerOf();
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
    const relay = relayOf();
    expect(await relay.publishPending()).toBe(3);
    expect(await relay.publishPending()).toBe(0);
    const published = await readKeyed(Topics.votingEvents, caseId, 3);
    expect(published.map((m) => decodeEnvelope(m.value as Buffer).eventId)).toEqual(
      envelopes.map((e) => e.eventId),
    );
  });

  it('dead-letters a message whose handling fails the same way on every try, and goes on with the next', async () => {
    const consumer = consumerOf();
    const caseId = `poison-handler-${randomUUID()}`;
    const message = (e: Envelope) =>
      ({
        key: Buffer.from(caseId),
        value: Buffer.from(encodeEnvelope(e)),
        headers: {},
      }) as unknown as KafkaMessage;
    const [nul, outOfRange, fine] = [envelope(caseId), envelope(caseId), envelope(caseId)];
    const handler = async (env: Envelope, manager: EntityManager) => {
      await manager.query(`INSERT INTO "seen" ("event_id") VALUES ($1)`, [env.eventId]);
      // What the message holds, as a handler would store it: a text with a NUL, a time out of range.
      if (env.eventId === nul.eventId) await manager.query(`SELECT $1::text`, ['a\u0000b']);
      if (env.eventId === outOfRange.eventId) new Date(8.64e15 + 1).toISOString();
    };
    expect(await consumer.process(Topics.caseEvents, message(nul), handler)).toBe('dead-letter');
    expect(await consumer.process(Topics.caseEvents, message(outOfRange), handler)).toBe('dead-letter');
    expect(await consumer.process(Topics.caseEvents, message(fine), handler)).toBe('processed');
    // Nothing of the failed ones was kept; a redelivery of them is dead-lettered again, not taken as done.
    const seen = (await dataSource.query(`SELECT "event_id" FROM "seen" WHERE "event_id" = ANY($1)`, [
      [nul.eventId, outOfRange.eventId, fine.eventId],
    ])) as { event_id: string }[];
    expect(seen.map((r) => r.event_id)).toEqual([fine.eventId]);
    expect(await consumer.process(Topics.caseEvents, message(nul), handler)).toBe('dead-letter');
    const dead = await readKeyed(Topics.deadLetter, caseId, 3);
    const reasons = dead.map((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString());
    expect(reasons[0]).toMatch(/^the handler failed: QueryFailedError 22021: /);
    expect(reasons[1]).toMatch(/^the handler failed: RangeError: Invalid time value/);
    expect(dead.map((m) => m.headers?.[DEAD_LETTER_HEADERS.consumer]?.toString())).toEqual([
      'test',
      'test',
      'test',
    ]);
  });

  it('takes a batch in one transaction: a poison message is undone and dead-lettered alone, a failure that may pass keeps none', async () => {
    const consumer = consumerOf();
    const caseId = `batch-${randomUUID()}`;
    const message = (e: Envelope) =>
      ({
        key: Buffer.from(caseId),
        value: Buffer.from(encodeEnvelope(e)),
        headers: {},
      }) as unknown as KafkaMessage;
    const envelopes = Array.from({ length: 5 }, () => envelope(caseId));
    const poison = envelopes[2] as Envelope;
    const batch = [
      ...envelopes.slice(0, 2).map(message),
      {
        key: Buffer.from(caseId),
        value: Buffer.from('not protobuf'),
        headers: {},
      } as unknown as KafkaMessage,
      ...envelopes.slice(2).map(message),
      message(envelopes[0] as Envelope), // sent twice in one batch
    ];
    const seen = async () =>
      (
        (await dataSource.query(
          `SELECT "event_id" FROM "seen" WHERE "event_id" = ANY($1) ORDER BY "event_id"`,
          [envelopes.map((e) => e.eventId)],
        )) as { event_id: string }[]
      ).map((r) => r.event_id);
    let fail: 'none' | 'transient' = 'transient';
    const handler = async (env: Envelope, manager: EntityManager) => {
      await manager.query(`INSERT INTO "seen" ("event_id") VALUES ($1)`, [env.eventId]);
      // The poison message wrote its row, then broke a rule of the database's: its row must go.
      if (env.eventId === poison.eventId) await manager.query(`SELECT $1::text`, ['a\u0000b']);
      if (fail === 'transient' && env.eventId === envelopes[4]?.eventId)
        throw Object.assign(new Error('the database is shutting down'), { code: '57P01' });
    };
    // The last message meets a database going away: nothing of the batch is kept, nothing dead-lettered.
    await expect(consumer.processBatch(Topics.caseEvents, batch, handler)).rejects.toThrow('shutting down');
    expect(await seen()).toEqual([]);
    fail = 'none';
    expect(await consumer.processBatch(Topics.caseEvents, batch, handler)).toEqual([
      'processed',
      'processed',
      'dead-letter',
      'dead-letter',
      'processed',
      'processed',
      'duplicate',
    ]);
    const kept = envelopes.filter((e) => e !== poison).map((e) => e.eventId);
    expect(await seen()).toEqual([...kept].sort());
    // The batch delivered again changes nothing; its poison message is dead-lettered again, never taken as done.
    expect(await consumer.processBatch(Topics.caseEvents, batch, handler)).toEqual([
      'duplicate',
      'duplicate',
      'dead-letter',
      'dead-letter',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await seen()).toEqual([...kept].sort());
    // A batch of fresh messages, one known and one reusing a known id with other content: taken at once.
    const fresh = Array.from({ length: 3 }, () => envelope(caseId));
    expect(
      await consumer.processBatch(
        Topics.caseEvents,
        [
          ...fresh.map(message),
          message(envelopes[1] as Envelope),
          message({ ...(envelopes[3] as Envelope), payload: new Uint8Array([9]) }),
        ],
        handler,
      ),
    ).toEqual(['processed', 'processed', 'processed', 'duplicate', 'dead-letter']);
    const dead = await readKeyed(Topics.deadLetter, caseId, 5);
    expect(dead.map((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString().slice(0, 34))).toEqual([
      'envelope field (message): is not a',
      'the handler failed: QueryFailedErr',
      'envelope field (message): is not a',
      'the handler failed: QueryFailedErr',
      `envelope field eventId: ${envelopes[3]?.eventId}`.slice(0, 34),
    ]);
  });

  it('takes what a group member fetches in batches, across partitions, each message once', async () => {
    const topic = `jishi.test.batches-${randomUUID().slice(0, 8)}.v1`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: 'batches',
      groupId: `batches-${randomUUID()}`,
      topics: [topic],
      batchSize: 7,
    });
    const cases = Array.from({ length: 6 }, (_, i) => `batches-${i}-${randomUUID()}`);
    const envelopes = cases.flatMap((c) => Array.from({ length: 20 }, () => envelope(c)));
    // Sent after every envelope again: once each case's is taken, so was every copy before it.
    const last = cases.map((c) => envelope(c));
    const taken: string[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.start(async (env, manager) => {
      await manager.query(`INSERT INTO "seen" ("event_id") VALUES ($1)`, [env.eventId]);
      taken.push(env.eventId);
      if (last.every((e) => taken.includes(e.eventId))) done();
    });
    const send = (es: Envelope[]) =>
      producer.send({
        topic,
        acks: -1,
        messages: es.map((e) => ({ key: e.caseId, value: Buffer.from(encodeEnvelope(e)) })),
      });
    try {
      await send(envelopes);
      await send([...envelopes, ...last]); // each envelope again: a producer's retry, a replay
      await all;
      // Every message once, and a case's in the order sent.
      expect(new Set(taken).size).toBe(taken.length);
      for (const c of cases) {
        const ofCase = [...envelopes, ...last].filter((e) => e.caseId === c).map((e) => e.eventId);
        expect(taken.filter((id) => ofCase.includes(id))).toEqual(ofCase);
      }
      expect(taken).toHaveLength(envelopes.length + last.length);
      const rows = (await dataSource.query(
        `SELECT count(*)::int AS n FROM "processed_event" WHERE "consumer" = 'batches' AND "topic" = $1`,
        [topic],
      )) as { n: number }[];
      expect(rows[0]?.n).toBe(envelopes.length + last.length);
    } finally {
      await consumer.stop();
    }
  });

  it('lets two relays of one database publish every row once, in order', async () => {
    const caseId = `outbox-pair-${randomUUID()}`;
    const envelopes = Array.from({ length: 40 }, () => envelope(caseId));
    for (const e of envelopes)
      await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, [e]));
    const [one, two] = [relayOf({ batchSize: 7 }), relayOf({ batchSize: 7 })];
    let published = 0;
    for (let i = 0; i < 20 && published < envelopes.length; i++)
      published += (await Promise.all([one.publishPending(), two.publishPending()])).reduce(
        (a, b) => a + b,
        0,
      );
    expect(published).toBe(envelopes.length);
    const read = await readKeyed(Topics.votingEvents, caseId, envelopes.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(read.map((m) => decodeEnvelope(m.value as Buffer).eventId)).toEqual(
      envelopes.map((e) => e.eventId),
    );
  });

  it('sets aside a row that can never be sent, with the reason, and publishes the rows after it', async () => {
    const caseId = `outbox-poison-${randomUUID()}`;
    // Larger than the topic takes (the broker's 1 MB): no retry can send it.
    const huge = createEnvelope({
      eventId: randomUUID(),
      caseId,
      type: 'jishi.test.v1.Ping',
      occurredAt: new Date(),
      actor: { id: 'test', kind: ActorKind.SERVICE },
      payload: new Uint8Array(2 * 1024 * 1024).fill(7),
    });
    const after = envelope(caseId);
    await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, [huge, after]));
    const reported: string[] = [];
    const relay = relayOf({
      maxAttempts: 3,
      onFailure: (line) => reported.push(line),
    });
    const rounds = [await relay.round(), await relay.round(), await relay.round()];
    // Twice it stops at the row (the rows after it wait, in order), the third time sets it aside and goes on.
    expect(rounds.map((r) => [r.published, r.deadLettered, r.failure?.attempts])).toEqual([
      [0, 0, 1],
      [0, 0, 2],
      [1, 1, undefined],
    ]);
    expect(reported[0]).toMatch(
      new RegExp(
        `^outbox: ${huge.eventId} not published \\(attempt 1\\): KafkaJSProtocolError: .*larger than the max message size`,
      ),
    );
    expect(
      reported.some((line) => line.startsWith(`outbox: ${huge.eventId} set aside after 3 attempts`)),
    ).toBe(true);
    const [row] = (await dataSource.query(
      `SELECT "attempts", "last_error", "dead_at" IS NOT NULL AS "dead", "published_at" FROM "outbox" WHERE "event_id" = $1`,
      [huge.eventId],
    )) as { attempts: number; last_error: string; dead: boolean; published_at: Date | null }[];
    expect(row).toMatchObject({ attempts: 3, dead: true, published_at: null });
    expect(row?.last_error).toMatch(/larger than the max message size/);
    const [published] = await readKeyed(Topics.votingEvents, caseId, 1);
    expect(decodeEnvelope(published?.value as Buffer).eventId).toBe(after.eventId);
    expect(await relay.publishPending()).toBe(0);
  });

  it('publishes a round of many cases on several topics in one request, each case in order, and goes on at once while rows wait', async () => {
    const cases = [0, 1, 2].map((i) => `outbox-round-${i}-${randomUUID()}`);
    const topics = [Topics.votingEvents, Topics.nominationEvents];
    const written = new Map<string, string[]>();
    // 60 rows in transactions of 4, cases and topics interleaved.
    for (let i = 0; i < 60; i += 4) {
      const batch = Array.from({ length: 4 }, (_, j) => envelope(cases[(i + j) % 3] as string));
      const topic = topics[(i / 4) % 2] as string;
      await dataSource.transaction((manager) => enqueue(manager, topic, batch));
      for (const e of batch)
        written.set(`${topic} ${e.caseId}`, [...(written.get(`${topic} ${e.caseId}`) ?? []), e.eventId]);
    }
    const reported: string[] = [];
    const relay = relayOf({ batchSize: 25, intervalMs: 60_000, onFailure: (line) => reported.push(line) });
    const first = await relay.round();
    expect([first.claimed, first.published, first.failure]).toEqual([25, 25, undefined]);
    // Started, it takes the next rounds without its pause (a minute here): a whole batch was taken.
    const began = Date.now();
    relay.start();
    for (const [where, ids] of written) {
      const [topic, caseId] = where.split(' ') as [string, string];
      const read = await readKeyed(topic, caseId, ids.length);
      expect(read.map((m) => decodeEnvelope(m.value as Buffer).eventId)).toEqual(ids);
    }
    expect(Date.now() - began).toBeLessThan(30_000);
    await relay.stop();
    expect(reported).toEqual([]);
    const [left] = (await dataSource.query(
      `SELECT count(*)::int AS "n" FROM "outbox" WHERE "case_id" = ANY($1) AND "published_at" IS NULL`,
      [cases],
    )) as { n: number }[];
    expect(left?.n).toBe(0);
  });

  it('after a request the broker partly refused, sends again one by one with a new producer: nothing lost, each case in order, no row set aside for the producer’s state', async () => {
    // A topic of six partitions that takes messages of at most 2 kB: one row is too large for it.
    const topic = `jishi.test.small-${randomUUID().slice(0, 8)}.v1`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: 6,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: '2048' }],
        },
      ],
      waitForLeaders: true,
    });
    try {
      const cases = [0, 1, 2, 3, 4, 5].map((i) => `outbox-partly-${i}-${randomUUID()}`);
      const before = cases.map((c) => envelope(c));
      const big = createEnvelope({
        eventId: randomUUID(),
        caseId: cases[0] as string,
        type: 'jishi.test.v1.Ping',
        occurredAt: new Date(),
        actor: { id: 'test', kind: ActorKind.SERVICE },
        payload: new Uint8Array(4096).fill(7),
      });
      const after = cases.map((c) => envelope(c));
      await dataSource.transaction((manager) => enqueue(manager, topic, [...before, big, ...after]));
      const reported: string[] = [];
      const relay = relayOf({ maxAttempts: 2, onFailure: (line) => reported.push(line) });
      const rounds = [await relay.round(), await relay.round(), await relay.round()];
      // The first request fails; one by one, the rows before the large one go, and the round stops at
      // it; the second round sets it aside and sends the rest; the third has nothing left.
      expect(rounds.map((r) => [r.claimed, r.published, r.deadLettered, r.failure?.eventId])).toEqual([
        [13, 6, 0, big.eventId],
        [7, 6, 1, undefined],
        [0, 0, 0, undefined],
      ]);
      expect(reported.filter((line) => /SEQUENCE|PRODUCER_ID|PRODUCER_EPOCH/.test(line))).toEqual([]);
      expect(reported.some((line) => line.startsWith('outbox: 13 rows not published in one request'))).toBe(
        true,
      );
      // Every case's rows arrived in order (a row the broker took from the failed request may come twice).
      for (const [i, caseId] of cases.entries()) {
        const read = await readKeyed(topic, caseId, 2, true);
        const ids = read
          .map((m) => decodeEnvelope(m.value as Buffer).eventId)
          .filter((id, k, all) => all.indexOf(id) === k);
        expect(ids).toEqual([before[i]?.eventId, after[i]?.eventId]);
      }
      const [row] = (await dataSource.query(
        `SELECT "attempts", "dead_at" IS NOT NULL AS "dead" FROM "outbox" WHERE "event_id" = $1`,
        [big.eventId],
      )) as { attempts: number; dead: boolean }[];
      expect(row).toEqual({ attempts: 2, dead: true });
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('prunes the rows it published once they are older than it keeps them', async () => {
    const caseId = `outbox-prune-${randomUUID()}`;
    const e = envelope(caseId);
    await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, [e]));
    expect(await relayOf().publishPending()).toBe(1);
    await dataSource.query(
      `UPDATE "outbox" SET "published_at" = now() - interval '8 days' WHERE "event_id" = $1`,
      [e.eventId],
    );
    await relayOf().publishPending();
    expect(await dataSource.query(`SELECT 1 FROM "outbox" WHERE "event_id" = $1`, [e.eventId])).toEqual([]);
  });

  it('takes a batch whose one message fails for good again one by one: the others kept, that one dead-lettered', async () => {
    const consumer = consumerOf();
    const caseId = `fallback-${randomUUID()}`;
    const envelopes = Array.from({ length: 4 }, () => envelope(caseId));
    const [, swallowing, throwing] = envelopes as [Envelope, Envelope, Envelope, Envelope];
    const handler = async (env: Envelope, manager: EntityManager) => {
      await manager.query(`INSERT INTO "seen" ("event_id") VALUES ($1)`, [env.eventId]);
      // A handler that catches the database's refusal and goes on: its transaction is aborted.
      if (env.eventId === swallowing.eventId)
        await manager.query(`SELECT $1::text`, ['a\u0000b']).catch(() => undefined);
      if (env.eventId === throwing.eventId) throw new RangeError('a value out of range');
    };
    const message = (e: Envelope) =>
      ({
        key: Buffer.from(caseId),
        value: Buffer.from(encodeEnvelope(e)),
        headers: {},
      }) as unknown as KafkaMessage;
    expect(await consumer.processBatch(Topics.caseEvents, envelopes.map(message), handler)).toEqual([
      'processed',
      'dead-letter',
      'dead-letter',
      'processed',
    ]);
    const seen = (await dataSource.query(`SELECT "event_id" FROM "seen" WHERE "event_id" = ANY($1)`, [
      envelopes.map((e) => e.eventId),
    ])) as { event_id: string }[];
    expect(seen.map((r) => r.event_id).sort()).toEqual([envelopes[0]?.eventId, envelopes[3]?.eventId].sort());
    const dead = await readKeyed(Topics.deadLetter, caseId, 2);
    expect(dead.map((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString().slice(0, 40))).toEqual([
      'the handler failed: QueryFailedError 25P',
      'the handler failed: RangeError: a value ',
    ]);
  });

  it('takes a serialized consumer’s batches one at a time, whatever replica holds them', async () => {
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
      name: `serial-${randomUUID()}`,
      groupId: 'unused',
      topics: [],
      serialized: true,
    });
    const caseId = `serial-${randomUUID()}`;
    const e = envelope(caseId);
    // Another replica's batch holds the consumer's lock.
    const other = dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`SELECT pg_advisory_xact_lock(hashtext('jishi.consumer.' || $1))`, [
      (consumer as unknown as { options: { name: string } }).options.name,
    ]);
    let done = false;
    const taking = consumer
      .process(
        Topics.caseEvents,
        { key: Buffer.from(caseId), value: Buffer.from(encodeEnvelope(e)) } as KafkaMessage,
        async () => undefined,
      )
      .finally(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    await other.commitTransaction();
    await other.release();
    expect(await taking).toBe('processed');
  });

  it('publishes rows as soon as their transaction commits, not at the next poll, and gives its connection back when stopped', async () => {
    const pool = (dataSource.driver as unknown as { master: { totalCount: number } }).master;
    const relay = relayOf({ intervalMs: 600_000 });
    relay.start();
    for (let i = 0; i < 100 && !relay.listening; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.listening).toBe(true);
    const caseId = `outbox-woken-${randomUUID()}`;
    const rolledBack = envelope(caseId);
    await dataSource
      .transaction(async (manager) => {
        await enqueue(manager, Topics.votingEvents, [rolledBack]);
        throw new Error('the service’s own write failed');
      })
      .catch(() => undefined);
    const e = envelope(caseId);
    const began = Date.now();
    await dataSource.transaction((manager) => enqueue(manager, Topics.votingEvents, [e]));
    const [read] = await readKeyed(Topics.votingEvents, caseId, 1);
    // Ten minutes between polls: only the commit's notification can have started the round.
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(decodeEnvelope(read?.value as Buffer).eventId).toBe(e.eventId);
    const connections = pool.totalCount;
    await relay.stop();
    expect(relay.listening).toBe(false);
    expect(pool.totalCount).toBe(connections - 1);
  });
});
