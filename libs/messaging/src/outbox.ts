import { encodeEnvelope, type Envelope } from '@jishi/contracts';
import type { KafkaMessage, Producer } from 'kafkajs';
import { cached, type Observability } from '@jishi/observability';
import { describeFailure, isTransient } from './failures';
import { sendToDeadLetter } from './idempotent-consumer';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The transactional outbox: a service writes the envelopes it must publish in the same transaction
 * as its own data (`enqueue`), and the relay publishes them afterwards, in order, marking each row.
 * A crash between publishing and marking publishes again: consumers deduplicate by event id.
 */
export async function enqueue(
  manager: EntityManager,
  topic: string,
  envelopes: readonly Envelope[],
): Promise<void> {
  for (const envelope of envelopes) {
    await manager.query(
      `INSERT INTO "outbox" ("event_id", "topic", "case_id", "envelope") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("event_id") DO NOTHING`,
      [envelope.eventId, topic, envelope.caseId, Buffer.from(encodeEnvelope(envelope))],
    );
  }
}

/** What a relay round did: rows published, rows set aside as never sendable, and a failure that stopped it. */
export interface RelayRound {
  readonly published: number;
  readonly deadLettered: number;
  readonly failure?: { readonly eventId: string; readonly error: string; readonly attempts: number };
}

export interface OutboxRelayOptions {
  readonly batchSize?: number;
  readonly intervalMs?: number;
  /** Tries of a row whose failure no retry can mend (a message too large, a topic refused) before it is set aside. */
  readonly maxAttempts?: number;
  /** How long a published row is kept before it is pruned (7 days). */
  readonly retainPublishedMs?: number;
  /** Told of every failed round and every row set aside (the service logs them; metrics count them). */
  readonly onFailure?: (what: string) => void;
  /**
   * The process's health and metrics: the outbox's depth and the age of its oldest waiting row are
   * shown there (older than `outboxMaxAgeMs`: not ready), with what it published, failed and set aside.
   */
  readonly observability?: Observability;
}

/**
 * Publishes the outbox, oldest row first. One relay publishes at a time per database, whatever the
 * number of replicas: a round runs in a transaction holding the outbox's advisory lock and claims its
 * rows with FOR UPDATE SKIP LOCKED, so no row is published twice by two replicas and each case's rows
 * keep their order. A row that fails stops the round (the rows after it wait, in order) and its
 * failure is counted and reported; a row whose failure no retry can mend is, after `maxAttempts`, set
 * aside and sent to the dead-letter topic with the reason, and the rows after it go on. Published
 * rows are pruned after `retainPublishedMs`. Stopping waits for the round under way and polls no more.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RelayRound> | undefined;
  private stopped = true;
  private lastPrune = 0;
  private readonly counted:
    | {
        readonly published: (n: number) => void;
        readonly failed: () => void;
        readonly setAside: (n: number) => void;
      }
    | undefined;
  private removeCheck: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly options: OutboxRelayOptions = {},
  ) {
    const observability = options.observability;
    if (!observability) return;
    const depth = observability.gauge({
      name: 'jishi_outbox_pending',
      help: 'Outbox rows waiting to be published',
    });
    const age = observability.gauge({
      name: 'jishi_outbox_oldest_age_seconds',
      help: 'How long the oldest outbox row waiting to be published has waited (0: none waits)',
    });
    const rounds = observability.counter({
      name: 'jishi_outbox_rows_total',
      help: 'Outbox rows by what became of them: published, failed (an attempt), set_aside (dead-lettered)',
      labelNames: ['outcome'],
    });
    for (const outcome of ['published', 'failed', 'set_aside']) rounds.inc({ outcome }, 0);
    this.counted = {
      published: (n) => rounds.inc({ outcome: 'published' }, n),
      failed: () => rounds.inc({ outcome: 'failed' }),
      setAside: (n) => rounds.inc({ outcome: 'set_aside' }, n),
    };
    const read = cached(2_000, async () => {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS "pending", COALESCE(EXTRACT(EPOCH FROM now() - min("created_at")), 0)::float8 AS "age"
         FROM "outbox" WHERE "published_at" IS NULL AND "dead_at" IS NULL`,
      )) as { pending: number; age: number }[];
      depth.set(row?.pending ?? 0);
      age.set(row?.age ?? 0);
      return { pending: row?.pending ?? 0, oldestSeconds: Math.round(row?.age ?? 0) };
    });
    const limit = observability.settings.outboxMaxAgeMs;
    this.removeCheck = observability.addCheck('outbox', async () => {
      const waiting = await read();
      return waiting.oldestSeconds * 1000 > limit
        ? { status: 'down', details: { ...waiting, error: `a row has waited longer than ${limit / 1000} s` } }
        : { status: 'up', details: waiting };
    });
  }

  /** Publishes what is waiting, oldest first; returns how many rows it published. */
  async publishPending(): Promise<number> {
    return (await this.round()).published;
  }

  /** One round of the relay (a round under way is joined, not doubled). */
  round(): Promise<RelayRound> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<RelayRound> {
    const round = await this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) AS "locked"`,
      )) as { locked: boolean }[];
      if (!lock?.locked) return { published: 0, deadLettered: 0 }; // another replica is publishing
      const rows: OutboxRow[] = await manager.query(
        `SELECT "id", "topic", "case_id", "event_id", "envelope", "attempts" FROM "outbox"
         WHERE "published_at" IS NULL AND "dead_at" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 100],
      );
      let published = 0;
      let deadLettered = 0;
      for (const row of rows) {
        try {
          await this.producer.send({
            topic: row.topic,
            acks: -1,
            messages: [
              { key: row.case_id, value: row.envelope, headers: { 'jishi-event-id': row.event_id } },
            ],
          });
        } catch (err) {
          const attempts = row.attempts + 1;
          const error = describeFailure(err);
          if (isTransient(err) || attempts < (this.options.maxAttempts ?? 3)) {
            await manager.query(`UPDATE "outbox" SET "attempts" = $2, "last_error" = $3 WHERE "id" = $1`, [
              row.id,
              attempts,
              error,
            ]);
            return { published, deadLettered, failure: { eventId: row.event_id, error, attempts } };
          }
          // Set aside only once its dead letter is sent: otherwise it stays, and the round stops here.
          if (!(await this.deadLetter(row, error))) {
            await manager.query(`UPDATE "outbox" SET "attempts" = $2, "last_error" = $3 WHERE "id" = $1`, [
              row.id,
              attempts,
              error,
            ]);
            return { published, deadLettered, failure: { eventId: row.event_id, error, attempts } };
          }
          await manager.query(
            `UPDATE "outbox" SET "attempts" = $2, "last_error" = $3, "dead_at" = now() WHERE "id" = $1`,
            [row.id, attempts, error],
          );
          deadLettered += 1;
          continue;
        }
        await manager.query(`UPDATE "outbox" SET "published_at" = now() WHERE "id" = $1`, [row.id]);
        published += 1;
      }
      return { published, deadLettered };
    });
    this.counted?.published(round.published);
    this.counted?.setAside(round.deadLettered);
    if (round.failure) this.counted?.failed();
    if (round.failure)
      this.report(
        `outbox: ${round.failure.eventId} not published (attempt ${round.failure.attempts}): ${round.failure.error}`,
      );
    await this.prune();
    return round;
  }

  /** A row that can never be sent: its message to the dead letters, with the reason; false if even that failed. */
  private async deadLetter(row: OutboxRow, error: string): Promise<boolean> {
    const letter = (value: Buffer | null, note: string) =>
      sendToDeadLetter(this.producer, {
        topic: row.topic,
        message: {
          key: Buffer.from(row.case_id),
          value,
          headers: { 'jishi-event-id': row.event_id },
        } as unknown as KafkaMessage,
        reason: `the outbox could not publish it: ${error}${note}`,
        consumer: 'outbox',
      });
    try {
      try {
        await letter(row.envelope, '');
      } catch (err) {
        // A message the dead letters cannot hold either (too large for any topic) goes there as its
        // event id and reason; its bytes stay in the outbox table, set aside, never deleted.
        if (isTransient(err)) throw err;
        await letter(null, `; its bytes are kept in the outbox table (${describeFailure(err)})`);
      }
      this.report(`outbox: ${row.event_id} set aside after ${row.attempts + 1} attempts: ${error}`);
      return true;
    } catch (err) {
      this.report(`outbox: ${row.event_id} could not be dead-lettered, kept: ${describeFailure(err)}`);
      return false;
    }
  }

  private async prune(): Promise<void> {
    const retain = this.options.retainPublishedMs ?? 7 * 24 * 3600_000;
    if (Date.now() - this.lastPrune < Math.min(retain, 3600_000)) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM "outbox" WHERE "published_at" IS NOT NULL AND "published_at" < now() - $1 * interval '1 millisecond'`,
      [retain],
    );
  }

  private report(what: string): void {
    (this.options.onFailure ?? ((line: string) => console.error(line)))(what);
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.round()
        .catch((err: unknown) => this.report(`outbox: the round failed: ${describeFailure(err)}`))
        .finally(() => {
          // A stop that came while this round ran ends the loop here, instead of a new round
          // polling a closed database for ever (and keeping the process alive).
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 200);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.removeCheck?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly case_id: string;
  readonly event_id: string;
  readonly envelope: Buffer;
  readonly attempts: number;
}
