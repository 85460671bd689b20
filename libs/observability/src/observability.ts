import {
  collectDefaultMetrics,
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  type Metric,
  Registry,
} from 'prom-client';

/** What a readiness check found: `degraded` still serves (200), `down` takes the process out (503). */
export interface CheckOutcome {
  readonly status: 'up' | 'degraded' | 'down';
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A readiness check: quick (it is given a deadline), never throwing for what it reports. */
export type ReadinessCheck = () => Promise<CheckOutcome>;

/** Where a process shows its health and metrics, and the bounds its readiness holds it to. */
export interface OpsSettings {
  /** The address of the operations port (`127.0.0.1`; in deployment the pod's, reachable by monitoring only). */
  readonly host: string;
  /** The operations port: `/health/live`, `/health/ready`, `/metrics` (0: any free port). */
  readonly port: number;
  /** Dead letters written within this window make the process degraded, never down (5 min). */
  readonly deadLetterWindowMs: number;
  /** The oldest unpublished outbox row may wait this long before the process is not ready (60 s). */
  readonly outboxMaxAgeMs: number;
  /** A consumer this many messages behind is degraded (10,000). */
  readonly consumerMaxLag: number;
  /** A consumer out of its group for longer than this is down (30 s; a rebalance takes less). */
  readonly consumerGraceMs: number;
  /** This many crashes of a consumer within 5 minutes is a crash loop: down (3). */
  readonly consumerCrashLimit: number;
}

/**
 * The operations settings of a process: `<PREFIX>_OPS_PORT` (default `defaultPort`), and, shared by
 * every process, `JISHI_OPS_HOST`, `JISHI_DEAD_LETTER_WINDOW_MS`,
 * `JISHI_OUTBOX_MAX_AGE_MS`, `JISHI_CONSUMER_MAX_LAG`, `JISHI_CONSUMER_GRACE_MS`,
 * `JISHI_CONSUMER_CRASH_LIMIT`. A value that is not a whole number in range is added to `problems`.
 */
export function opsSettingsFromEnv(
  prefix: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv,
  problems: string[],
): OpsSettings {
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  };
  const host = env['JISHI_OPS_HOST'] ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host))
    problems.push(`JISHI_OPS_HOST must be a host name or address, not "${host}"`);
  return {
    host,
    port: whole(`${prefix}_OPS_PORT`, defaultPort, 0, 65535),
    deadLetterWindowMs: whole('JISHI_DEAD_LETTER_WINDOW_MS', 300_000, 1_000, 86_400_000),
    outboxMaxAgeMs: whole('JISHI_OUTBOX_MAX_AGE_MS', 60_000, 1_000, 86_400_000),
    consumerMaxLag: whole('JISHI_CONSUMER_MAX_LAG', 10_000, 1, 1_000_000_000),
    consumerGraceMs: whole('JISHI_CONSUMER_GRACE_MS', 30_000, 0, 3_600_000),
    consumerCrashLimit: whole('JISHI_CONSUMER_CRASH_LIMIT', 3, 1, 1_000),
  };
}

/** The settings a process without configuration of its own (a test) runs with. */
export const DEFAULT_OPS_SETTINGS: OpsSettings = opsSettingsFromEnv('JISHI', 0, {}, []);

const CHECK_DEADLINE_MS = 3_000;

/**
 * One process's health and metrics: its Prometheus registry (with Node's own process metrics), the
 * readiness checks its parts register (database, Kafka, Temporal, consumers, outbox, dead letters),
 * and any metrics text a part serves itself (the Temporal SDK's). The operations port serves it.
 */
export class Observability {
  readonly registry = new Registry();
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly texts: (() => Promise<string>)[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private broken: string | undefined;
  private draining = false;
  private readonly checkUp: Gauge<'check'>;
  private readonly ready: Gauge;

  constructor(
    readonly processName: string,
    readonly settings: OpsSettings = DEFAULT_OPS_SETTINGS,
  ) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
    this.checkUp = this.gauge({
      name: 'jishi_check_up',
      help: 'Each readiness check at the last look: 1 up or degraded, 0 down',
      labelNames: ['check'],
    });
    this.ready = this.gauge({ name: 'jishi_ready', help: 'Whether the process is ready: 1 yes, 0 no' });
  }

  counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    return this.existing(config.name) ?? new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
    return this.existing(config.name) ?? new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    return this.existing(config.name) ?? new Histogram({ ...config, registers: [this.registry] });
  }

  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as (Metric & M) | undefined;
  }

  /** Adds a readiness check under a name; returns what removes it (a part that stops). */
  addCheck(name: string, check: ReadinessCheck): () => void {
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) {
        this.checks.delete(name);
        this.checkUp.remove(name);
      }
    };
  }

  /** Adds metrics a part serves as text of its own (appended to `/metrics`). */
  addMetricsText(source: () => Promise<string>): void {
    this.texts.push(source);
  }

  /**
   * Marks the process as broken beyond what it mends itself (a consumer kafkajs will not restart):
   * liveness fails from now on, so the process is restarted.
   */
  markBroken(reason: string): void {
    this.broken ??= reason;
  }

  /** Why the process is broken, if it is: `/health/live` answers 503 with it. */
  get brokenBecause(): string | undefined {
    return this.broken;
  }

  /** The process is stopping: readiness says so (503) before its parts stop and their checks go. */
  drain(): void {
    this.draining = true;
  }

  /** Every check, run at once, each within its deadline; a check that throws or is late is down. */
  async evaluate(): Promise<Record<string, CheckOutcome>> {
    if (this.draining) {
      this.ready.set(0);
      return { process: { status: 'down', details: { error: 'the process is shutting down' } } };
    }
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckOutcome]> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const late = new Promise<CheckOutcome>((resolve) => {
            timer = setTimeout(
              () =>
                resolve({ status: 'down', details: { error: `no answer within ${CHECK_DEADLINE_MS} ms` } }),
              CHECK_DEADLINE_MS,
            );
          });
          return [name, await Promise.race([check(), late])];
        } catch (err) {
          return [
            name,
            { status: 'down', details: { error: err instanceof Error ? err.message : String(err) } },
          ];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    for (const [name, outcome] of entries)
      this.checkUp.set({ check: name }, outcome.status === 'down' ? 0 : 1);
    this.ready.set(entries.every(([, o]) => o.status !== 'down') ? 1 : 0);
    return Object.fromEntries(entries);
  }

  /** The Prometheus text: this registry (the checks evaluated first), then each part's own text. */
  async metrics(): Promise<string> {
    await this.evaluate();
    const parts = [await this.registry.metrics()];
    for (const text of this.texts) {
      try {
        parts.push(await text());
      } catch {
        // A part whose own metrics cannot be read now leaves them out of this scrape; its check says why.
      }
    }
    return parts.join('\n');
  }

  /** Adds what closes with the process's parts (its operations port). */
  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * Caches an expensive reading for `ttlMs` after it settles, sharing one reading among concurrent
 * callers: a reading under way is never doubled, however long it takes (a broker that does not
 * answer), and a failed one is not kept (the next caller reads again).
 */
export function cached<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let value: { settledAt: number | undefined; promise: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!value || (value.settledAt !== undefined && now - value.settledAt > ttlMs)) {
      const promise = read();
      const entry: { settledAt: number | undefined; promise: Promise<T> } = { settledAt: undefined, promise };
      value = entry;
      promise.then(
        () => (entry.settledAt = Date.now()),
        () => {
          if (value === entry) value = undefined;
        },
      );
    }
    return value.promise;
  };
}
