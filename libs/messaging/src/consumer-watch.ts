import { cached, type CheckOutcome, type Observability } from '@jishi/observability';
import type { Admin, Consumer, Kafka } from 'kafkajs';

const CRASH_WINDOW_MS = 5 * 60_000;

/**
 * Watches one consumer group for its process's readiness and metrics: whether the consumer is in its
 * group (out of it longer than the grace: down), its crashes (a crash loop: down), its lag behind the
 * topics' ends (read through the admin API: a broker it cannot reach is down; too far behind is
 * degraded), and the messages it sent to the dead-letter topic (any within the window: degraded — the
 * consumer goes on with the next message, so one poison message never takes a service out; the
 * alert JishiDeadLettersGrowing calls for someone to read them).
 */
export class ConsumerWatch {
  private joined = false;
  private outSince = Date.now();
  private joinedAt = 0;
  private lastCrash: string | undefined;
  private readonly crashes: number[] = [];
  private readonly deadLetters: number[] = [];
  private admin: Promise<Admin> | undefined;
  private readonly removers: (() => void)[] = [];
  private readonly lag: () => Promise<Map<string, number>>;
  private readonly metrics;

  constructor(
    private readonly kafka: Kafka,
    private readonly observability: Observability,
    private readonly group: {
      readonly name: string;
      readonly groupId: string;
      readonly topics: readonly string[];
    },
  ) {
    const consumer = { consumer: group.name };
    this.metrics = {
      up: observability.gauge({
        name: 'jishi_consumer_up',
        help: 'Whether the consumer is in its group and running: 1 yes, 0 no',
        labelNames: ['consumer'],
      }),
      crashes: observability.counter({
        name: 'jishi_consumer_crashes_total',
        help: 'Times the consumer crashed (kafkajs restarts it when it can)',
        labelNames: ['consumer'],
      }),
      messages: observability.counter({
        name: 'jishi_consumer_messages_total',
        help: 'Messages the consumer took, by topic and outcome (processed, duplicate, signalled, ignored, dead-letter)',
        labelNames: ['consumer', 'topic', 'outcome'],
      }),
      deadLetters: observability.counter({
        name: 'jishi_dead_letters_total',
        help: 'Messages the consumer sent to the dead-letter topic, by the topic they came from',
        labelNames: ['consumer', 'topic'],
      }),
      lag: observability.gauge({
        name: 'jishi_consumer_lag',
        help: "Messages on a topic the consumer's group has not yet committed",
        labelNames: ['consumer', 'topic'],
      }),
    };
    this.metrics.up.set(consumer, 0);
    this.metrics.crashes.inc(consumer, 0);
    for (const topic of group.topics) this.metrics.deadLetters.inc({ consumer: group.name, topic }, 0);
    this.lag = cached(5_000, () => this.readLag());
    this.removers.push(observability.addCheck(`consumer:${group.name}`, () => this.check()));
  }

  /** Follows a consumer's events; call before `run`. */
  attach(consumer: Consumer): void {
    const out = () => {
      if (this.joined) this.outSince = Date.now();
      this.joined = false;
      this.metrics.up.set({ consumer: this.group.name }, 0);
    };
    this.removers.push(
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.joined = true;
        this.joinedAt = Date.now();
        this.metrics.up.set({ consumer: this.group.name }, 1);
      }),
      consumer.on(consumer.events.CRASH, (event) => {
        out();
        this.crashes.push(Date.now());
        this.lastCrash = event.payload.error?.message ?? String(event.payload.error);
        this.metrics.crashes.inc({ consumer: this.group.name });
        // A crash kafkajs does not restart from: the consumer is gone for good; only a restart mends it.
        if (event.payload.restart === false)
          this.observability.markBroken(
            `the consumer ${this.group.name} crashed and will not restart: ${this.lastCrash}`,
          );
      }),
      consumer.on(consumer.events.REBALANCING, out),
      consumer.on(consumer.events.DISCONNECT, out),
      consumer.on(consumer.events.STOP, out),
    );
  }

  /** Counts what became of one message. */
  took(topic: string, outcome: string): void {
    this.metrics.messages.inc({ consumer: this.group.name, topic, outcome });
    if (outcome === 'dead-letter') {
      this.deadLetters.push(Date.now());
      this.metrics.deadLetters.inc({ consumer: this.group.name, topic });
    }
  }

  async stop(): Promise<void> {
    for (const remove of this.removers.splice(0)) remove();
    await (await this.admin?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  private async check(): Promise<CheckOutcome> {
    const settings = this.observability.settings;
    const now = Date.now();
    prune(this.crashes, now - CRASH_WINDOW_MS);
    prune(this.deadLetters, now - settings.deadLetterWindowMs);
    const details: Record<string, unknown> = {
      joined: this.joined,
      crashes: this.crashes.length,
      deadLetters: this.deadLetters.length,
      ...(this.lastCrash && this.crashes.length > 0 ? { lastCrash: this.lastCrash } : {}),
    };
    let lag: Map<string, number>;
    try {
      lag = await this.lag();
    } catch (err) {
      return { status: 'down', details: { ...details, error: `the lag cannot be read: ${message(err)}` } };
    }
    const total = [...lag.values()].reduce((a, b) => a + b, 0);
    details['lag'] = total;
    if (!this.joined && now - this.outSince > settings.consumerGraceMs)
      return {
        status: 'down',
        details: { ...details, error: `out of its group for ${Math.round((now - this.outSince) / 1000)} s` },
      };
    // A crash loop: crashing again and again, not back in its group for long since (a consumer that
    // rejoined after a broker's outage and stayed is not in one, whatever it crashed meanwhile).
    const settled = this.joined && now - this.joinedAt > settings.consumerGraceMs;
    if (this.crashes.length >= settings.consumerCrashLimit && !settled)
      return {
        status: 'down',
        details: { ...details, error: `crashed ${this.crashes.length} times in 5 minutes` },
      };
    if (
      total > settings.consumerMaxLag ||
      this.deadLetters.length > 0 ||
      this.crashes.length > 0 ||
      !this.joined
    )
      return { status: 'degraded', details };
    return { status: 'up', details };
  }

  /** The group's lag on each topic: the topic's end offsets less the group's committed ones. */
  private async readLag(): Promise<Map<string, number>> {
    const admin = await (this.admin ??= connectAdmin(this.kafka, () => (this.admin = undefined)));
    const committed = await admin.fetchOffsets({
      groupId: this.group.groupId,
      topics: [...this.group.topics],
    });
    const lag = new Map<string, number>();
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      let behind = 0;
      for (const end of ends) {
        const at = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = Number(at) >= 0 ? Number(at) : Number(end.low);
        behind += Math.max(0, Number(end.high) - from);
      }
      lag.set(topic, behind);
      this.metrics.lag.set({ consumer: this.group.name, topic }, behind);
    }
    return lag;
  }
}

/**
 * A process's reach to Kafka as a readiness check (`kafka`): the cluster described through the admin
 * API within the check's deadline, read at most every 5 s.
 */
export function watchKafka(kafka: Kafka, observability: Observability): { stop(): Promise<void> } {
  let admin: Promise<Admin> | undefined;
  const describe = cached(5_000, async () =>
    (await (admin ??= connectAdmin(kafka, () => (admin = undefined)))).describeCluster(),
  );
  const remove = observability.addCheck('kafka', async () => {
    try {
      const cluster = await describe();
      return { status: 'up', details: { brokers: cluster.brokers.length } };
    } catch (err) {
      return { status: 'down', details: { error: message(err) } };
    }
  });
  return {
    async stop() {
      remove();
      await (await admin?.catch(() => undefined))?.disconnect().catch(() => undefined);
    },
  };
}

/** One admin client, connected once; a connection that failed is forgotten (`forget`), so the next try makes one. */
function connectAdmin(kafka: Kafka, forget: () => void): Promise<Admin> {
  const admin = kafka.admin();
  return admin.connect().then(
    () => admin,
    async (err: unknown) => {
      forget();
      await admin.disconnect().catch(() => undefined);
      throw err;
    },
  );
}

function prune(times: number[], before: number): void {
  while (times.length > 0 && (times[0] as number) < before) times.shift();
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
