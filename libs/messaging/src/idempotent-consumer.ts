import { decodeEnvelope, type Envelope, EnvelopeError, Topics } from '@jishi/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';

/** Handles one envelope inside the transaction that also marks it processed. */
export type EnvelopeHandler = (envelope: Envelope, manager: EntityManager, topic: string) => Promise<void>;

export const DEAD_LETTER_HEADERS = {
  reason: 'jishi-dead-letter-reason',
  topic: 'jishi-dead-letter-topic',
  consumer: 'jishi-dead-letter-consumer',
} as const;

/**
 * Consumes topics as a consumer group and hands each envelope to a handler exactly once in effect:
 * the event id is recorded in `processed_event` in the same database transaction as the handler's
 * writes, so a redelivered message finds its id and changes nothing. A message that cannot be
 * decoded, or that the handler rejects as invalid, goes to the dead-letter topic with the reason;
 * it is never dropped silently. Other errors are thrown, so Kafka redelivers the message.
 */
export class IdempotentConsumer {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly deadLetters: Producer,
    private readonly options: {
      readonly name: string;
      readonly groupId: string;
      readonly topics: readonly string[];
    },
  ) {}

  async start(handler: EnvelopeHandler): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        await this.process(topic, message, handler);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Processes one message; exposed for tests that redeliver by hand. Returns what happened. */
  async process(
    topic: string,
    message: KafkaMessage,
    handler: EnvelopeHandler,
  ): Promise<'processed' | 'duplicate' | 'dead-letter'> {
    let envelope: Envelope;
    try {
      if (!message.value) throw new EnvelopeError('(message)', 'is empty');
      envelope = decodeEnvelope(message.value);
    } catch (err) {
      await this.deadLetter(topic, message, err);
      return 'dead-letter';
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO "processed_event" ("consumer", "event_id", "topic") VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING "event_id"`,
          [this.options.name, envelope.eventId, topic],
        );
        if (inserted.length === 0) return 'duplicate';
        await handler(envelope, manager, topic);
        return 'processed';
      });
    } catch (err) {
      if (err instanceof EnvelopeError) {
        await this.deadLetter(topic, message, err);
        return 'dead-letter';
      }
      throw err;
    }
  }

  private deadLetter(topic: string, message: KafkaMessage, err: unknown): Promise<void> {
    return sendToDeadLetter(this.deadLetters, { topic, message, reason: err, consumer: this.options.name });
  }
}

/** Sends a message no consumer could process to the dead-letter topic, with the reason and where it came from. */
export async function sendToDeadLetter(
  producer: Producer,
  what: {
    readonly topic: string;
    readonly message: KafkaMessage;
    readonly reason: unknown;
    readonly consumer: string;
  },
): Promise<void> {
  await producer.send({
    topic: Topics.deadLetter,
    acks: -1,
    messages: [
      {
        key: what.message.key,
        value: what.message.value,
        headers: {
          ...what.message.headers,
          [DEAD_LETTER_HEADERS.reason]:
            what.reason instanceof Error ? what.reason.message : String(what.reason),
          [DEAD_LETTER_HEADERS.topic]: what.topic,
          [DEAD_LETTER_HEADERS.consumer]: what.consumer,
        },
      },
    ],
  });
}
