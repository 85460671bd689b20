import { decodeEnvelope, type Envelope, EnvelopeError, Topics } from '@jishi/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { createHash } from 'node:crypto';
import { contextFrom, inSpan, loggerFor, type Observability, SpanKind } from '@jishi/observability';
import { ConsumerWatch } from './consumer-watch';
import { envelopeContentDigest } from './envelope-signature';
import { describeFailure, isTransient } from './failures';
import { assertPositiveInteger } from './options';
import type { DataSource, EntityManager } from 'typeorm';

/** Handles one envelope inside the transaction that also marks it processed. */
export type EnvelopeHandler = (envelope: Envelope, manager: EntityManager, topic: string) => Promise<void>;

/** What became of a message a consumer took. */
export type Outcome = 'processed' | 'duplicate' | 'dead-letter';

/** A message that decoded, and what a message became inside its batch's transaction. */
type Taken = { readonly message: KafkaMessage; readonly envelope: Envelope };
type Kept = 'processed' | 'duplicate' | { readonly reason: unknown };

/** The same id with other content is not a redelivery: someone reused or forged it. */
function reusedId(envelope: Envelope): EnvelopeError {
  return new EnvelopeError(
    'eventId',
    `${envelope.eventId} was processed before with other content; this message is not a redelivery`,
  );
}

/** Savepoints (subtransactions) of one transaction when a batch is taken one message at a time. */
const SAVEPOINTS_PER_TRANSACTION = 50;

/** Messages of a partition taken in one transaction, by default. */
const DEFAULT_BATCH_SIZE = 100;

export const DEAD_LETTER_HEADERS = {
  reason: 'jishi-dead-letter-reason',
  topic: 'jishi-dead-letter-topic',
  consumer: 'jishi-dead-letter-consumer',
} as const;

/**
 * Consumes topics as a consumer group and hands each envelope to a handler exactly once in effect:
 * the topic, event id and digest of the envelope's content (`envelopeContentDigest`: not its trace or
 * signature) are recorded in `processed_event` in the same database transaction as the handler's
 * writes, so a redelivered message finds them and changes nothing, while a message reusing a known id
 * with other content goes to the dead-letter topic. A message that cannot be decoded, that the handler
 * rejects as invalid, or whose handling fails in a way no retry can mend (a value the database refuses,
 * a handler's own error on what the message holds) goes there too, with the reason; none is dropped
 * silently, and none holds its partition for ever. A failure that may pass (the database or broker
 * away: `isTransient`) is thrown, and Kafka redelivers. A partition's messages are taken up to
 * `batchSize` at a time in one transaction, each under its own savepoint (`processBatch`).
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
      /** At most this many messages of a partition are taken in one transaction (default 100). */
      readonly batchSize?: number;
      /** One batch at a time across the consumer's replicas (see `serialize`). */
      readonly serialized?: boolean;
    },
  ) {
    assertPositiveInteger(`the consumer ${options.name}`, 'batchSize', options.batchSize);
  }

  async start(handler: EnvelopeHandler): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId });
    this.consumer = consumer;
    if (this.options.observability) {
      this.watch = new ConsumerWatch(this.kafka, this.options.observability, this.options);
      this.watch.attach(consumer);
    }
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    const chunk = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    await consumer.run({
      // Offsets are resolved here, message by message once its transaction committed: a batch left
      // half-way (the group rebalanced, the consumer stops) resumes after the last one resolved.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let from = 0; from < batch.messages.length; from += chunk) {
          if (!isRunning() || isStale()) return;
          const messages = batch.messages.slice(from, from + chunk);
          const outcomes = await this.processBatch(batch.topic, messages, handler);
          messages.forEach((message, i) => {
            resolveOffset(message.offset);
            // Handled first, then counted: a counter that is absent must not skip the handling.
            this.watch?.took(batch.topic, outcomes[i] as string);
          });
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.watch?.stop();
  }

  /** Processes one message; exposed for tests that redeliver by hand. Returns what happened. */
  async process(topic: string, message: KafkaMessage, handler: EnvelopeHandler): Promise<Outcome> {
    const [outcome] = await this.processBatch(topic, [message], handler);
    return outcome as Outcome;
  }

  /**
   * Processes messages of one partition, in order, in one database transaction: one commit (one wait
   * for the disk) marks them all. When one of them fails in a way no retry mends, the batch is taken
   * again with each message under a savepoint of its own, so that what its handler wrote is undone
   * alone and it goes to the dead letters while the others are kept. A failure that may pass rolls the
   * whole transaction back and is thrown: Kafka redelivers the messages, and none of them was kept.
   * The dead letters are sent once the transaction committed; if that send fails, the error is thrown
   * and the redelivered messages are duplicates, or dead-lettered again. Returns each one's outcome.
   */
  async processBatch(
    topic: string,
    messages: readonly KafkaMessage[],
    handler: EnvelopeHandler,
  ): Promise<Outcome[]> {
    const decoded = messages.map((message) => {
      try {
        if (!message.value) throw new EnvelopeError('(message)', 'is empty');
        return { message, envelope: decodeEnvelope(message.value) };
      } catch (err) {
        return { message, refused: err };
      }
    });
    const refused: { message: KafkaMessage; reason: unknown }[] = [];
    const outcomes: Outcome[] = [];
    const taken = decoded.filter((d) => d.envelope !== undefined);
    const kept: Kept[] =
      taken.length === 0
        ? []
        : ((await this.allAtOnce(topic, taken as Taken[], handler)) ??
          (await this.oneByOne(topic, taken as Taken[], handler)));
    let next = 0;
    for (const d of decoded) {
      if (d.envelope === undefined) {
        refused.push({ message: d.message, reason: d.refused });
        outcomes.push('dead-letter');
        continue;
      }
      const outcome = kept[next++];
      if (outcome === 'processed' || outcome === 'duplicate') outcomes.push(outcome);
      else {
        refused.push({ message: d.message, reason: outcome?.reason });
        outcomes.push('dead-letter');
      }
    }
    for (const { message, reason } of refused) await this.deadLetter(topic, message, reason);
    return outcomes;
  }

  /**
   * The batch as it mostly is, every message taken: their processed marks in one statement, then each
   * one's handler, all in one transaction. A copy of an earlier message of the batch (the relay sends
   * again after a failed request) is told by its content, as a redelivery is. Undefined when one
   * message failed in a way no retry mends: the transaction rolled back, and the batch is taken again
   * one message at a time, each under a savepoint. A failure that may pass is thrown.
   */
  private async allAtOnce(
    topic: string,
    taken: Taken[],
    handler: EnvelopeHandler,
  ): Promise<Kept[] | undefined> {
    const digests = taken.map((t) => envelopeContentDigest(t.envelope));
    // Each id once, at its first place in the batch.
    const first = new Map<string, number>();
    taken.forEach((t, i) => {
      if (!first.has(t.envelope.eventId)) first.set(t.envelope.eventId, i);
    });
    const ids = [...first.keys()];
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.serialize(manager);
        const inserted = new Set(
          (
            (await manager.query(
              `INSERT INTO "processed_event" ("consumer", "event_id", "topic", "digest")
               SELECT $1, "id", $2, "digest" FROM unnest($3::text[], $4::text[]) AS "m" ("id", "digest")
               ON CONFLICT DO NOTHING RETURNING "event_id"`,
              [this.options.name, topic, ids, ids.map((id) => digests[first.get(id) as number])],
            )) as { event_id: string }[]
          ).map((r) => r.event_id),
        );
        const known = ids.filter((id) => !inserted.has(id));
        const knownDigests = new Map(
          known.length === 0
            ? []
            : (
                (await manager.query(
                  `SELECT "event_id", "digest" FROM "processed_event"
                   WHERE "consumer" = $1 AND "topic" = $2 AND "event_id" = ANY($3::text[])`,
                  [this.options.name, topic, known],
                )) as { event_id: string; digest: string | null }[]
              ).map((r) => [r.event_id, r.digest]),
        );
        const each: Kept[] = [];
        for (const [i, { message, envelope }] of taken.entries()) {
          each.push(
            await inSpan(
              `consume ${topic}`,
              { kind: SpanKind.CONSUMER, attributes: consumeAttributes(topic, envelope) },
              contextFrom(envelope.trace),
              async (span) => {
                const id = envelope.eventId;
                let outcome: Kept;
                if (inserted.has(id) && first.get(id) === i) {
                  await handler(envelope, manager, topic);
                  outcome = 'processed';
                } else {
                  // What is on the record for this id: this batch's first copy, or what was there before.
                  const recorded = inserted.has(id) ? digests[first.get(id) as number] : knownDigests.get(id);
                  outcome = isSameContent(recorded, digests[i] as string, message.value as Buffer)
                    ? 'duplicate'
                    : { reason: reusedId(envelope) };
                }
                span.setAttribute('jishi.outcome', typeof outcome === 'string' ? outcome : 'dead-letter');
                return outcome;
              },
            ),
          );
        }
        // A handler that caught a database error and went on left the transaction aborted: its
        // COMMIT would roll everything back in silence while the offsets move on. Asked once more,
        // the database says so, and the batch is taken one message at a time.
        await manager.query('SELECT 1');
        return each;
      });
    } catch (err) {
      if (isTransient(err)) throw err;
      loggerFor('consumer').warn(
        { consumer: this.options.name, topic, messages: taken.length, reason: describeFailure(err) },
        `a batch of ${topic} is taken again one message at a time: ${describeFailure(err)}`,
      );
      return undefined;
    }
  }

  /**
   * The batch one message at a time, each under a savepoint, in transactions of at most
   * `SAVEPOINTS_PER_TRANSACTION` (PostgreSQL keeps 64 subtransactions of a transaction in its cache;
   * beyond them every session's visibility checks read them from disk while the transaction lasts).
   */
  private async oneByOne(topic: string, taken: Taken[], handler: EnvelopeHandler): Promise<Kept[]> {
    const each: Kept[] = [];
    for (let from = 0; from < taken.length; from += SAVEPOINTS_PER_TRANSACTION) {
      each.push(
        ...(await this.dataSource.transaction(async (manager) => {
          await this.serialize(manager);
          const part: Kept[] = [];
          for (const { message, envelope } of taken.slice(from, from + SAVEPOINTS_PER_TRANSACTION))
            part.push(await this.inSavepoint(topic, message, envelope, manager, handler));
          return part;
        })),
      );
    }
    return each;
  }

  /**
   * With `serialized`, one batch of this consumer at a time across its replicas (a transaction-scoped
   * advisory lock): handlers that lock rows shared by every message (the archive's log) would
   * otherwise hold them in different orders in two replicas' batches, and deadlock.
   */
  private async serialize(manager: EntityManager): Promise<void> {
    if (this.options.serialized)
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('jishi.consumer.' || $1))`, [
        this.options.name,
      ]);
  }

  /** One message inside the batch's transaction: its processed mark and its handler's writes, or neither. */
  private inSavepoint(
    topic: string,
    message: KafkaMessage,
    envelope: Envelope,
    manager: EntityManager,
    handler: EnvelopeHandler,
  ): Promise<'processed' | 'duplicate' | { reason: unknown }> {
    // What the message says, not its bytes: a fact sent again (an activity retried after its send)
    // carries the trace of the retry, and is the same fact.
    const digest = envelopeContentDigest(envelope);
    // The message's span continues the trace of the step that caused it (the envelope's trace context).
    return inSpan(
      `consume ${topic}`,
      { kind: SpanKind.CONSUMER, attributes: consumeAttributes(topic, envelope) },
      contextFrom(envelope.trace),
      async (span) => {
        await manager.query(`SAVEPOINT "jishi_message"`);
        try {
          const inserted: unknown[] = await manager.query(
            `INSERT INTO "processed_event" ("consumer", "event_id", "topic", "digest") VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING "event_id"`,
            [this.options.name, envelope.eventId, topic, digest],
          );
          let outcome: 'processed' | 'duplicate' | { reason: unknown };
          if (inserted.length > 0) {
            await handler(envelope, manager, topic);
            outcome = 'processed';
          } else {
            const [known] = (await manager.query(
              `SELECT "digest" FROM "processed_event" WHERE "consumer" = $1 AND "topic" = $2 AND "event_id" = $3`,
              [this.options.name, topic, envelope.eventId],
            )) as { digest: string | null }[];
            // The same id with other content is not a redelivery: someone reused or forged it.
            outcome = isSameContent(known?.digest, digest, message.value as Buffer)
              ? 'duplicate'
              : { reason: reusedId(envelope) };
          }
          await manager.query(`RELEASE SAVEPOINT "jishi_message"`);
          span.setAttribute('jishi.outcome', typeof outcome === 'string' ? outcome : 'dead-letter');
          return outcome;
        } catch (err) {
          // What may pass is thrown: the whole transaction rolls back, and Kafka redelivers.
          if (isTransient(err)) throw err;
          // What would fail the same way on every delivery goes to the dead letters with its reason;
          // nothing this message's handler wrote is kept, what the others wrote is.
          await manager.query(`ROLLBACK TO SAVEPOINT "jishi_message"`);
          span.setAttribute('jishi.outcome', 'dead-letter');
          return {
            reason:
              err instanceof EnvelopeError ? err : new Error(`the handler failed: ${describeFailure(err)}`),
          };
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
 * digest hold the SHA-256 of the bytes that were processed (64 hex digits, no `c1:`): the very same
 * bytes are still a redelivery. Rows from before any digest hold none, and can tell nothing apart.
 */
function isSameContent(known: string | null | undefined, contentDigest: string, bytes: Buffer): boolean {
  // No row although its id conflicted: nothing to compare with, so never taken as a redelivery.
  if (known === undefined) return false;
  if (known === null || known === contentDigest) return true;
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
