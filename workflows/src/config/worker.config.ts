import { type OpsSettings, opsSettingsFromEnv } from '@jishi/observability';
import { type TemporalTls, temporalTlsFromEnv } from '@jishi/identity';
import { type KafkaLogin, kafkaLoginFromEnv } from '@jishi/messaging';

/**
 * The worker's configuration, read from the environment once at boot and checked: a worker with
 * a bad setting refuses to start and says which one.
 */
export interface WorkerConfig {
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    /** The worker's own client certificate: Temporal takes mutual TLS only. */
    readonly tls: TemporalTls;
  };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly login: KafkaLogin;
  };
  /**
   * Cases kept in memory between their tasks (`WORKER_MAX_CACHED_WORKFLOWS`, 50). A case not in the
   * cache is replayed from its history when its next task comes. Each cached case holds part of the
   * workflow thread's heap: the SDK evaluates the workflow bundle's modules for each case. That was
   * about 2 MB a case (a heap snapshot of the thread with 50 cached: 125 MB live, 10,778 module
   * objects); with the bundle trimmed to the modules the workflow uses (`worker/bundle.ts`) the
   * modules take 0.5 MB a case.
   */
  readonly maxCachedWorkflows: number;
  /**
   * The bound of the workflow thread's old generation, in MB (`WORKER_WORKFLOW_HEAP_MB`, 192). Without
   * one, V8 sizes that heap by the machine's memory (4 GB here) and lets garbage build up to it: the
   * worker's resident set grew to 1.1–1.3 GB as 10,000 cases opened (the benchmarks' P5). It must hold
   * the cache with room to spare, or the thread fails (`minHeapMb` below): with the untrimmed bundle,
   * 192 MB with a cache of 100 ran out as the cache filled.
   */
  readonly workflowHeapMb: number;
  /** The calendar service (every year's official schedule) and the caller token it takes. */
  readonly calendar: { readonly url: string; readonly token: string };
  /** Its operations port and readiness bounds (`WORKER_OPS_PORT`, 3207; `JISHI_*`). */
  readonly ops: OpsSettings;
  /** Where the Temporal SDK serves its own metrics (`WORKER_SDK_METRICS_PORT`, 3217, loopback), merged into `/metrics`. */
  readonly sdkMetricsPort: number;
}

/**
 * The least workflow heap for a cache of `cached` cases: the thread's own 64 MB and 2 MB a case. A
 * case's modules take 0.5 MB of it (measured); its state was not measured apart, so the rest is room
 * for it and the collector. The least this allows, 164 MB with the default cache of 50, held the worker
 * through the benchmarks' 10,000 cases opened (P5).
 */
export function minHeapMb(cached: number): number {
  return 64 + 2 * cached;
}

export class ConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`the worker's configuration is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadWorkerConfig(
  defaults: { taskQueue: string },
  env: NodeJS.ProcessEnv = process.env,
): WorkerConfig {
  const problems: string[] = [];
  const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
  const address = env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  if (!hostPort.test(address)) problems.push(`TEMPORAL_ADDRESS must be host:port, not "${address}"`);
  const tls = temporalTlsFromEnv(env, problems);
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  for (const broker of brokers)
    if (!hostPort.test(broker)) problems.push(`KAFKA_BROKERS has "${broker}", which is not host:port`);
  const cached = Number(env['WORKER_MAX_CACHED_WORKFLOWS'] ?? '50');
  if (!Number.isInteger(cached) || cached < 1)
    problems.push('WORKER_MAX_CACHED_WORKFLOWS must be a whole number of 1 or more');
  const calendarUrl = env['CALENDAR_URL'] ?? 'http://127.0.0.1:3105';
  if (!/^https?:\/\/[^\s/]+$/.test(calendarUrl))
    problems.push(`CALENDAR_URL must be an http(s) origin, not "${calendarUrl}"`);
  const token = env['WORKER_SERVICE_TOKEN'] ?? '';
  if (token.length < 16) problems.push('WORKER_SERVICE_TOKEN must be a token of 16 characters or more');
  const workflowHeapMb = Number(env['WORKER_WORKFLOW_HEAP_MB'] ?? '192');
  if (!Number.isInteger(workflowHeapMb) || workflowHeapMb < 64 || workflowHeapMb > 16_384)
    problems.push('WORKER_WORKFLOW_HEAP_MB must be a whole number of megabytes from 64 to 16384');
  else if (Number.isInteger(cached) && cached >= 1 && workflowHeapMb < minHeapMb(cached))
    problems.push(
      `WORKER_WORKFLOW_HEAP_MB (${workflowHeapMb}) is too small for a cache of ${cached} cases (WORKER_MAX_CACHED_WORKFLOWS): give it 2 MB a case besides its own 64 MB, at least ${minHeapMb(cached)} MB`,
    );
  const login = kafkaLoginFromEnv(env, problems);
  const ops = opsSettingsFromEnv('WORKER', 3207, env, problems);
  const sdkMetricsPort = Number(env['WORKER_SDK_METRICS_PORT'] ?? '3217');
  if (
    !/^\d+$/.test(String(env['WORKER_SDK_METRICS_PORT'] ?? '3217')) ||
    sdkMetricsPort < 1 ||
    sdkMetricsPort > 65535
  )
    problems.push('WORKER_SDK_METRICS_PORT must be a port number from 1 to 65535');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    temporal: {
      address,
      namespace: env['TEMPORAL_NAMESPACE'] ?? 'jishi',
      taskQueue: env['WORKER_TASK_QUEUE'] ?? defaults.taskQueue,
      tls,
    },
    kafka: { brokers, clientId: env['KAFKA_CLIENT_ID'] ?? 'jishi-worker', login },
    maxCachedWorkflows: cached,
    workflowHeapMb,
    calendar: { url: calendarUrl, token },
    ops,
    sdkMetricsPort,
  };
}
