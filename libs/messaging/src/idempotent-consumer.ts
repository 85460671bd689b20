import { decodeEnvelope, type Envelope, EnvelopeError, Topics } from '@jishi/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { createHash } from 'node:crypto';
import { contextFrom, inSpan, loggerFor, type Observability, SpanKind } from '@jishi/observability';
import { ConsumerWatch } from './consumer-watch';
import { envelopeContentDigest } from './envelope-signature';
import { describeFailure, isTransient } from './failures';
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
 * the topic, event id and digest of the envelope's content (`envelopeContentDigest`: not its trace
 * or signature) are recorded in `processed_event` in the same
 * database transaction as the handler's writes, so a redelivered message finds them and changes
 * nothing, while a message reusing a known id with other content goes to the dead-letter topic. A
 * message that cannot be decoded, that the handler rejects as invalid, or whose handling fails in a way
 * no retry can mend (a value the database refuses, a handler's own error on what the message holds)
 * goes there too, with the reason; none is dropped silently, and none holds its partition for ever.
 * A failure that may pass (the database or broker away: `isTransient`) is thrown, and Kafka redelivers.
 */
export class IdempotentConsumer {
  private consumer: Consumer | undefined;
  private watch: ConsumerWatch | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly deadLetters: Producer,
    private readonly options: {
      readonly name: string;
      readonly groupId: string;
      readonly topics: readonly string[];
      /** The process's health and metrics: the group's state, lag and dead letters are shown there. */
      readonly observability?: Observability;
    },
  ) {}

  async start(handler: EnvelopeHandler): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId });
    this.consumer = consumer;
    if (this.options.observability) {
      this.watch = new ConsumerWatch(this.kafka, this.options.observability, this.options);
      this.watch.attach(consumer);
    }
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        // Handled first, then counted: a counter that is absent must not skip the handling.
        const outcome = await this.process(topic, message, handler);
        this.watch?.took(topic, outcome);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.watch?.stop();
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
    // What the message says, not its bytes: a fact sent again (an activity retried after its send)
    // carries the trace of the retry, and is the same fact.
    const digest = envelopeContentDigest(envelope);
    // The message's span continues the trace of the step that caused it (the envelope's trace context).
    return inSpan(
      `consume ${topic}`,
      { kind: SpanKind.CONSUMER, attributes: consumeAttributes(topic, envelope) },
      contextFrom(envelope.trace),
      async (span) => {
        try {
          const outcome = await this.dataSource.transaction(async (manager) => {
            const inserted: unknown[] = await manager.query(
              `INSERT INTO "processed_event" ("consumer", "event_id", "topic", "digest") VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING "event_id"`,
              [this.options.name, envelope.eventId, topic, digest],
            );
            if (inserted.length === 0) {
              const [known] = (await manager.query(
                `SELECT "digest" FROM "processed_event" WHERE "consumer" = $1 AND "topic" = $2 AND "event_id" = $3`,
                [this.options.name, topic, envelope.eventId],
              )) as { digest: string | null }[];
              // The same id with other content is not a redelivery: someone reused or forged it.
              return isSameContent(known?.digest, digest, message.value as Buffer) ? 'duplicate' : 'reused';
            }
            await handler(envelope, manager, topic);
            return 'processed';
          });
          span.setAttribute('jishi.outcome', outcome);
          if (outcome !== 'reused') return outcome;
          await this.deadLetter(
            topic,
            message,
            new EnvelopeError(
              'eventId',
              `${envelope.eventId} was processed before with other content; this message is not a redelivery`,
            ),
          );
          return 'dead-letter';
        } catch (err) {
          // What would fail the same way on every delivery goes to the dead letters with its reason (the
          // transaction rolled back: nothing of it was kept); what may pass is thrown, and Kafka redelivers.
          if (!isTransient(err)) {
            await this.deadLetter(
              topic,
              message,
              err instanceof EnvelopeError ? err : new Error(`the handler failed: ${describeFailure(err)}`),
            );
            return 'dead-letter';
          }
          throw err;
        }
      },
    );
  }

  private deadLetter(topic: string, message: KafkaMessage, err: unknown): Promise<void> {
    return sendToDeadLetter(this.deadLetters, { topic, message, reason: err, consumer: this.options.name });
  }
}

/**
 * Whether a known event's stored digest is this message's content. Rows written before the content
 * digest hold the SHA-256 of the bytes that were processed (64 hex digits, no `c1:`), rows before any
 * digest hold none: a redelivery of the very same bytes is still a redelivery, and an unknown digest
 * can tell nothing apart.
 */
function isSameContent(known: string | null | undefined, contentDigest: string, bytes: Buffer): boolean {
  if (known === undefined || known === null || known === contentDigest) return true;
  if (known.startsWith('c1:')) return false;
  return known === createHash('sha256').update(bytes).digest('hex');
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
  const reason = what.reason instanceof Error ? what.reason.message : String(what.reason);
  await producer.send({
    topic: Topics.deadLetter,
    acks: -1,
    messages: [
      {
        key: what.message.key,
        value: what.message.value,
        headers: {
          ...what.message.headers,
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.topic]: what.topic,
          [DEAD_LETTER_HEADERS.consumer]: what.consumer,
        },
      },
    ],
  });
  // Said where operators read: which consumer, from which topic and offset, why (never the content).
  loggerFor('dead-letters').warn(
    {
      consumer: what.consumer,
      topic: what.topic,
      offset: what.message.offset,
      key: what.message.key?.toString('utf8').slice(0, 200),
      reason,
    },
    `a message from ${what.topic} went to the dead letters: ${reason}`,
  );
}

/** What a consumer's span says of the message it handles: the topic, the event, the case, the type. */
export function consumeAttributes(topic: string, envelope: Envelope): Record<string, string> {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.message.id': envelope.eventId,
    'jishi.case_id': envelope.caseId,
    'jishi.message_type': envelope.type,
  };
}
