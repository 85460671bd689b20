import { encodeEnvelope, type Envelope } from '@jishi/contracts';
import type { Producer } from 'kafkajs';
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

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly options: { readonly batchSize?: number; readonly intervalMs?: number } = {},
  ) {}

  /** Publishes what is waiting, oldest first; returns how many rows it published. */
  async publishPending(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<number> {
    const rows: { id: string; topic: string; case_id: string; event_id: string; envelope: Buffer }[] =
      await this.dataSource.query(
        `SELECT "id", "topic", "case_id", "event_id", "envelope" FROM "outbox"
         WHERE "published_at" IS NULL ORDER BY "id" LIMIT $1`,
        [this.options.batchSize ?? 100],
      );
    for (const row of rows) {
      await this.producer.send({
        topic: row.topic,
        acks: -1,
        messages: [{ key: row.case_id, value: row.envelope, headers: { 'jishi-event-id': row.event_id } }],
      });
      await this.dataSource.query(`UPDATE "outbox" SET "published_at" = now() WHERE "id" = $1`, [row.id]);
    }
    return rows.length;
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.publishPending()
        .catch(() => undefined) // retried on the next tick; rows stay until published
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
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
