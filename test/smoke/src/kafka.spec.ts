import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  Topics,
  TOPIC_SPECS,
} from '@jishi/contracts';
import { loadStackSettings } from '@jishi/testing';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const stack = loadStackSettings();
const kafka = new Kafka({
  clientId: 'jishi-smoke',
  brokers: stack.kafka.brokers,
  sasl: stack.kafka.sasl(),
  logLevel: logLevel.NOTHING,
});

describe('Kafka broker (real, KRaft) with kafkajs', () => {
  const admin = kafka.admin();
  let consumer: Consumer | undefined;

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await consumer?.disconnect();
    await admin.disconnect();
  });

  it('lists every topic of the manifest, with its partition count', async () => {
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(TOPIC_SPECS.map((t) => t.name)));
    const { topics } = await admin.fetchTopicMetadata({ topics: TOPIC_SPECS.map((t) => t.name) });
    for (const spec of TOPIC_SPECS) {
      expect(topics.find((t) => t.name === spec.name)?.partitions).toHaveLength(spec.partitions);
    }
  });

  it('delivers an idempotently produced envelope to a consumer group, which commits its offset', async () => {
    const caseId = `smoke-${randomUUID()}`;
    const groupId = `smoke-${randomUUID()}`;
    const envelope = createEnvelope({
      eventId: randomUUID(),
      caseId,
      type: 'jishi.smoke.v1.Ping',
      occurredAt: new Date(),
      actor: { id: 'smoke-test', kind: ActorKind.SERVICE },
      payload: new TextEncoder().encode('纪实'),
    });

    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [sent] = await producer.send({
      topic: Topics.caseEvents,
      acks: -1,
      messages: [{ key: caseId, value: Buffer.from(encodeEnvelope(envelope)) }],
    });
    await producer.disconnect();
    expect(sent?.errorCode).toBe(0);

    const groupConsumer = kafka.consumer({ groupId });
    consumer = groupConsumer;
    await groupConsumer.connect();
    await groupConsumer.subscribe({ topic: Topics.caseEvents, fromBeginning: true });
    const received = await new Promise<{ partition: number; offset: string; eventId: string }>((resolve) => {
      void groupConsumer.run({
        eachMessage: async ({ partition, message }) => {
          if (message.key?.toString() !== caseId || !message.value) return;
          resolve({ partition, offset: message.offset, eventId: decodeEnvelope(message.value).eventId });
        },
      });
    });
    expect(received.eventId).toBe(envelope.eventId);
    expect(received.partition).toBe(sent?.partition);
    expect(received.offset).toBe(sent?.baseOffset);

    await groupConsumer.stop();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [Topics.caseEvents] });
    const offset = committed?.partitions.find((p) => p.partition === received.partition)?.offset;
    expect(BigInt(offset ?? '-1')).toBeGreaterThan(BigInt(received.offset));
  });
});
