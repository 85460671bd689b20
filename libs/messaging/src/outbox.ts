import { encodeEnvelope, type Envelope } from '@jishi/contracts';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { cached, type Observability } from '@jishi/observability';
import { describeFailure, isTransient } from './failures';
import { createProducer } from './kafka';
import { assertPositiveInteger } from './options';
import { sendToDeadLetter } from './idempotent-consumer';
import type { Pool, PoolClient } from 'pg';
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
  // One statement for many rows (ids in the order given); a repeated event id is written once.
  for (let from = 0; from < envelopes.length; from += ENQUEUE_ROWS) {
    const chunk = envelopes.slice(from, from + ENQUEUE_ROWS);
    // The relays listening on this schema's outbox are woken when the transaction commits (a
    // notification is delivered on commit, never if it rolls back; several in one are sent once).
    await manager.query(
      `WITH "written" AS (
         INSERT INTO "outbox" ("event_id", "topic", "case_id", "envelope") VALUES ${chunk
           .map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`)
           .join(', ')}
         ON CONFLICT ("event_id") DO NOTHING RETURNING 1)
       SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) WHERE EXISTS (SELECT 1 FROM "written")`,
      chunk.flatMap((e) => [e.eventId, topic, e.caseId, Buffer.from(encodeEnvelope(e))]),
    );
  }
}

/** The channel `enqueue` notifies, with the outbox's schema as payload, and relays listen on. */
export const OUTBOX_CHANNEL = 'jishi_outbox';

/** Rows one INSERT writes (four parameters each, far below PostgreSQL's 65,535). */
const ENQUEUE_ROWS = 1_000;

/**
 * kafkajs' errors that say the producer's own state (its id, epoch or sequence numbers) no longer
 * matches the broker's: not the message's fault, so never counted toward setting a row aside; a new
 * producer sends it again.
 */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

function producerStateError(err: unknown): boolean {
  for (let e = err as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && PRODUCER_STATE_ERRORS.has(e.type)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** What a relay round did: rows published, rows set aside as never sendable, and a failure that stopped it. */
export interface RelayRound {
  /** Rows the round took from the outbox (a round that took a whole batch is followed at once by the next). */
  readonly claimed: number;
  readonly published: number;
  readonly deadLettered: number;
  readonly failure?: { readonly eventId: string; readonly error: string; readonly attempts: number };
}

export interface OutboxRelayOptions {
  readonly batchSize?: number;
  /**
   * The pause between rounds when nothing wakes the relay (1 s; rows written wake it at once), and
   * after a failed round, which no commit cuts short.
   */
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
 * keep their order.
 *
 * A round sends the rows it claimed in one request (each case's rows in order, in its partition). If
 * that fails, the relay sends them again one by one, in order: a row that fails stops the round (the
 * rows after it wait, in order) and its failure is counted and reported; a row whose failure no retry
 * can mend is, after `maxAttempts`, set aside and sent to the dead-letter topic with the reason, and
 * the rows after it go on. Rows of the failed request that the broker took are sent again (consumers
 * take an event once, by its id).
 *
 * The relay has a producer of its own, and after any failed send it starts a new one: an idempotent
 * producer's sequence numbers after a failed request may no longer match the broker's, and every
 * later send of the old producer would be refused. A round that took a whole batch is followed at once
 * by the next; otherwise the relay waits until a transaction that wrote rows commits (it listens for
 * `enqueue`'s notification) or `intervalMs` passes; after a failed round it waits `intervalMs` whatever
 * commits meanwhile. Published rows are pruned after
 * `retainPublishedMs`. Stopping waits for the round under way and polls no more.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  /** A commit woke the relay while a round ran: the next round starts when it ends. */
  private woken = false;
  /** The pause under way follows a failed round: a wake-up does not cut it short. */
  private failurePause = false;
  /** The connection that listens for commits to the outbox, and the timer that listens again. */
  private listener: PoolClient | undefined;
  private listenPending = false;
  private relistenTimer: NodeJS.Timeout | undefined;
  private readonly released = new WeakSet<PoolClient>();
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
  /** The relay's own producer, made when first needed and again after a failed send. */
  private producer: Producer | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly options: OutboxRelayOptions = {},
  ) {
    assertPositiveInteger('the outbox relay', 'batchSize', options.batchSize);
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
    let requestFailure: string | undefined;
    const round = await this.dataSource.transaction(async (manager): Promise<RelayRound> => {
      const [lock] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) AS "locked"`,
      )) as { locked: boolean }[];
      if (!lock?.locked) return { claimed: 0, published: 0, deadLettered: 0 }; // another replica is publishing
      const rows: OutboxRow[] = await manager.query(
        `SELECT "id", "topic", "case_id", "event_id", "envelope", "attempts" FROM "outbox"
         WHERE "published_at" IS NULL AND "dead_at" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 100],
      );
      const claimed = rows.length;
      if (claimed === 0) return { claimed, published: 0, deadLettered: 0 };
      // Every row in one request: the usual way.
      let failed: unknown;
      try {
        await this.send(rows);
      } catch (err) {
        failed = err;
        if (claimed > 1) requestFailure = describeFailure(err);
      }
      // Sent: marked published. (The database failing here fails the round: the rows are sent again.)
      if (failed === undefined) {
        await manager.query(`UPDATE "outbox" SET "published_at" = now() WHERE "id" = ANY($1)`, [
          rows.map((row) => row.id),
        ]);
        return { claimed, published: claimed, deadLettered: 0 };
      }
      // The request failed: the rows one by one, with a new producer, to find the one that fails (a
      // round of one row has its answer already).
      let published = 0;
      let deadLettered = 0;
      for (const row of rows) {
        try {
          if (claimed > 1) await this.send([row]);
          else throw failed;
        } catch (err) {
          const attempts = row.attempts + 1;
          const error = describeFailure(err);
          const producerState = producerStateError(err);
          if (isTransient(err) || producerState || attempts < (this.options.maxAttempts ?? 3)) {
            await manager.query(`UPDATE "outbox" SET "attempts" = $2, "last_error" = $3 WHERE "id" = $1`, [
              row.id,
              // The producer's state is not the row's fault: not counted toward setting it aside.
              producerState ? row.attempts : attempts,
              error,
            ]);
            return { claimed, published, deadLettered, failure: { eventId: row.event_id, error, attempts } };
          }
          // Set aside only once its dead letter is sent: otherwise it stays, and the round stops here.
          if (!(await this.deadLetter(row, error))) {
            await manager.query(`UPDATE "outbox" SET "attempts" = $2, "last_error" = $3 WHERE "id" = $1`, [
              row.id,
              attempts,
              error,
            ]);
            return { claimed, published, deadLettered, failure: { eventId: row.event_id, error, attempts } };
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
      return { claimed, published, deadLettered };
    });
    this.counted?.published(round.published);
    this.counted?.setAside(round.deadLettered);
    if (round.failure) this.counted?.failed();
    if (round.failure)
      this.report(
        `outbox: ${round.failure.eventId} not published (attempt ${round.failure.attempts}): ${round.failure.error}`,
      );
    if (requestFailure !== undefined)
      this.report(
        `outbox: ${round.claimed} rows not published in one request (${requestFailure}); sent one by one: ${round.published} published, ${round.deadLettered} set aside`,
      );
    await this.prune();
    return round;
  }

  /**
   * Rows sent in one request (by topic; each case's rows in order, in its partition), awaited until
   * every replica has them. A failed send ends the producer: the next send starts a new one.
   */
  private async send(rows: readonly OutboxRow[]): Promise<void> {
    const producer = await this.connected();
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, of]) => ({
          topic,
          messages: of.map((row) => ({
            key: row.case_id,
            value: row.envelope,
            headers: { 'jishi-event-id': row.event_id },
          })),
        })),
      });
    } catch (err) {
      await this.discardProducer();
      throw err;
    }
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    // Its sends give up after a few retries (about 10 s) instead of kafkajs' endless ones for an
    // idempotent producer: a broker away or a topic missing fails the round, which releases the
    // outbox's locks, reports it and tries again after the pause, with a new producer.
    const producer = createProducer(this.kafka, { retries: 5 });
    try {
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
    this.producer = producer;
    return producer;
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /** A row that can never be sent: its message to the dead letters, with the reason; false if even that failed. */
  private async deadLetter(row: OutboxRow, error: string): Promise<boolean> {
    const letter = async (value: Buffer | null, note: string) =>
      sendToDeadLetter(await this.connected(), {
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
      await this.discardProducer();
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
    void this.listen();
    this.tick();
  }

  /** Whether the relay listens for commits now (rows are then published without waiting for a poll). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /**
   * One round, then the next: at once after a whole batch or a wake-up, else after `intervalMs` (and
   * after a failed round always, so that a row that cannot be sent is not tried again on every commit).
   */
  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.running) {
      // A round asked for from outside is under way, and may have read the outbox before the commit
      // that woke the relay: the relay's own round follows it.
      void this.running
        .catch(() => undefined)
        .then(() => {
          if (!this.stopped && this.timer === undefined && !this.running) this.tick();
        });
      return;
    }
    this.woken = false;
    const batchSize = this.options.batchSize ?? 100;
    const pause = this.options.intervalMs ?? 1_000;
    this.failurePause = false;
    void this.round()
      .then((round) => (round.failure ? 'failed' : round.claimed === batchSize ? 'full' : 'done'))
      .catch((err: unknown) => {
        this.report(`outbox: the round failed: ${describeFailure(err)}`);
        return 'failed' as const;
      })
      .then((ended) => {
        // A stop that came while this round ran ends the loop here, instead of a new round
        // polling a closed database for ever (and keeping the process alive).
        if (this.stopped) return;
        this.failurePause = ended === 'failed';
        const delay = ended === 'full' || (ended === 'done' && this.woken) ? 0 : pause;
        this.timer = setTimeout(this.tick, delay);
      });
  };

  /**
   * A transaction wrote rows: a round now, or right after the one under way. A pause after a failed
   * round is kept (commits must not turn a broker that refuses into a round on every commit): the
   * round after it takes the new rows.
   */
  private wake(): void {
    if (this.stopped) return;
    if (this.timer === undefined || this.failurePause) {
      this.woken = true;
      return;
    }
    clearTimeout(this.timer);
    this.tick();
  }

  /**
   * Listens for the notification `enqueue` sends on commit, on a connection of its own (taken from the
   * pool for good), so that rows are published as soon as they are written rather than at the next
   * poll. Without PostgreSQL's pool (or while the connection is lost) the relay polls every
   * `intervalMs`, says so, and listens again later.
   */
  private async listen(): Promise<void> {
    const pool = (this.dataSource as { driver?: { master?: Partial<Pool> } }).driver?.master;
    if (this.stopped || this.listener || this.listenPending || typeof pool?.connect !== 'function') return;
    this.listenPending = true;
    let client: PoolClient | undefined;
    try {
      client = await pool.connect();
      const listening = client;
      // At once: a connection lost with no listener for its error would end the process.
      const lost = (err?: Error) => this.unlisten(listening, err ?? new Error('the connection ended'));
      listening.on('error', lost);
      listening.on('end', lost);
      const [{ schema }] = (await listening.query('SELECT current_schema() AS "schema"')).rows as [
        { schema: string },
      ];
      listening.on('notification', (n) => {
        if (n.channel === OUTBOX_CHANNEL && n.payload === schema) this.wake();
      });
      await listening.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped || this.released.has(listening)) return this.unlisten(listening);
      this.listener = listening;
      this.wake(); // rows written while nothing listened are published now
    } catch (err) {
      const failure = err instanceof Error ? err : new Error(String(err));
      if (client) this.unlisten(client, failure);
      else this.relisten(failure);
    } finally {
      this.listenPending = false;
    }
  }

  /** Gives the listening connection up (closed, not returned to the pool: it still listens). */
  private unlisten(client: PoolClient, err?: Error): void {
    if (this.listener === client) this.listener = undefined;
    if (this.released.has(client)) return;
    this.released.add(client);
    client.removeAllListeners('notification');
    try {
      client.release(err ?? true);
    } catch {
      // released already by the pool on its error: nothing more to give back
    }
    if (err) this.relisten(err);
  }

  private relisten(err: Error): void {
    if (this.stopped) return;
    this.report(
      `outbox: not listening for commits (${describeFailure(err)}); polling every ${this.options.intervalMs ?? 1_000} ms, listening again in ${RELISTEN_MS / 1000} s`,
    );
    this.relistenTimer = setTimeout(() => void this.listen(), RELISTEN_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.removeCheck?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    if (this.listener) this.unlisten(this.listener);
    await this.running?.catch(() => undefined);
    await this.discardProducer();
  }
}

/** How long a relay whose listening connection failed waits before listening again (it polls meanwhile). */
const RELISTEN_MS = 5_000;

interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly case_id: string;
  readonly event_id: string;
  readonly envelope: Buffer;
  readonly attempts: number;
}
