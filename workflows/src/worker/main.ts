// The worker app: runs the case workflow and its activities on the jishi-cases task queue.
import { Logger } from '@nestjs/common';
import { CASE_TASK_QUEUE } from '@jishi/contracts';
import { temporalTlsOption } from '@jishi/identity';
import { createKafka, createProducer, EnvelopePublisher, watchKafka } from '@jishi/messaging';
import {
  cached,
  NestLines,
  nameProcess,
  Observability,
  rootLogger,
  startOpsServer,
  startTracing,
} from '@jishi/observability';
import { CalendarClient } from '@jishi/service-kit';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { setFlagsFromString } from 'node:v8';
import { createCaseActivities } from '../activities/case.activities';
import { loadWorkerConfig } from '../config/worker.config';
import { bundleInChild } from './bundle';
import { tracedWorkerOptions } from './tracing';

async function main(): Promise<void> {
  nameProcess('worker');
  const tracing = startTracing('worker');
  const config = loadWorkerConfig({ taskQueue: CASE_TASK_QUEUE });
  const observability = new Observability('worker', config.ops);
  // The Temporal SDK's own metrics (workflow and activity tasks, polls, cache, sticky queues), served by
  // its core on loopback and merged into the worker's /metrics, in Prometheus' conventions.
  const sdkMetrics = `127.0.0.1:${config.sdkMetricsPort}`;
  const sdkLog = rootLogger.child({ component: 'temporal' });
  Runtime.install({
    // The SDK's lines (and the workflow's and activities' through its logger) as the process's JSON lines.
    logger: new DefaultLogger('INFO', (entry) => {
      const level =
        entry.level === 'WARN'
          ? 'warn'
          : entry.level === 'ERROR'
            ? 'error'
            : entry.level === 'DEBUG' || entry.level === 'TRACE'
              ? 'debug'
              : 'info';
      sdkLog[level]({ ...entry.meta }, entry.message);
    }),
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: sdkMetrics, countersTotalSuffix: true, useSecondsForDurations: true },
        globalTags: { process: 'worker' },
      },
    },
  });
  observability.addMetricsText(async () => (await fetch(`http://${sdkMetrics}/metrics`)).text());
  const kafka = createKafka(config.kafka);
  const producer = createProducer(kafka);
  await producer.connect();
  const kafkaWatch = watchKafka(kafka, observability);
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    tls: temporalTlsOption(config.temporal.tls),
  });
  // The bundle made in a child process, whose memory goes with it (see bundle.ts); it holds the
  // tracing interceptors' workflow side, so the options name only the activities' interceptors.
  const { interceptors, sinks } = tracedWorkerOptions(tracing);
  // The workflow thread's heap bounded before the SDK creates it: V8's flags are read by each new
  // isolate, so this bounds the thread that runs the cases and leaves this one's heap as it is.
  setFlagsFromString(`--max-old-space-size=${config.workflowHeapMb}`);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { code: await bundleInChild() },
    interceptors: { activity: interceptors.activity ?? [] },
    sinks,
    activities: createCaseActivities({
      publisher: new EnvelopePublisher(producer),
      calendar: new CalendarClient(config.calendar.url, config.calendar.token),
    }),
    maxCachedWorkflows: config.maxCachedWorkflows,
  });
  // Ready while the worker polls its task queue and Temporal's frontend serves (its gRPC health
  // service, asked at most every 5 s); a worker that failed or is draining is not.
  const temporalHealth = cached(5_000, () =>
    connection.withDeadline(Date.now() + 2_000, () => connection.healthService.check({})),
  );
  observability.addCheck('temporal-worker', async () => {
    const state = worker.getState();
    if (state !== 'RUNNING')
      return { status: 'down', details: { state, error: `the worker is ${state.toLowerCase()}` } };
    try {
      const { status } = await temporalHealth();
      return status === 1
        ? { status: 'up', details: { state, taskQueue: config.temporal.taskQueue } }
        : {
            status: 'down',
            details: { state, error: `Temporal's frontend is not serving (status ${status ?? '?'})` },
          };
    } catch (err) {
      return { status: 'down', details: { state, error: err instanceof Error ? err.message : String(err) } };
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      // Readiness says so first; the worker then finishes its tasks and stops.
      observability.drain();
      worker.shutdown();
    });
  // Nest's lines (the operations port's) as this process's JSON lines.
  Logger.overrideLogger(new NestLines());
  const ops = await startOpsServer(observability);
  rootLogger.info(
    `jishi worker: task queue ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace}, ${config.maxCachedWorkflows} cases cached in a workflow heap of ${config.workflowHeapMb} MB (health and metrics: ${ops.url})`,
  );
  try {
    await worker.run();
  } finally {
    await producer.disconnect();
    await kafkaWatch.stop();
    await connection.close();
    await observability.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
