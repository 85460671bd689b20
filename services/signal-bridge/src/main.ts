import { Logger } from '@nestjs/common';
import { temporalTlsOption } from '@jishi/identity';
import { createKafka, createProducer, watchKafka } from '@jishi/messaging';
import {
  cached,
  NestLines,
  nameProcess,
  Observability,
  rootLogger,
  startOpsServer,
  startTracing,
} from '@jishi/observability';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { SignalBridge } from './bridge/signal-bridge';
import { loadBridgeConfig } from './config';

async function main(): Promise<void> {
  nameProcess('signal-bridge');
  startTracing('signal-bridge');
  const config = loadBridgeConfig();
  const observability = new Observability('signal-bridge', config.ops);
  const kafka = createKafka({ clientId: 'jishi-signal-bridge', ...config.kafka });
  const producer = createProducer(kafka);
  await producer.connect();
  const kafkaWatch = watchKafka(kafka, observability);
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: temporalTlsOption(config.temporal.tls),
  });
  // Temporal's frontend serving, asked through its gRPC health service (at most every 5 s).
  const temporalHealth = cached(5_000, () =>
    connection.withDeadline(Date.now() + 2_000, () => connection.healthService.check({})),
  );
  observability.addCheck('temporal', async () => {
    try {
      const { status } = await temporalHealth();
      return status === 1
        ? { status: 'up', details: { namespace: config.temporal.namespace } }
        : {
            status: 'down',
            details: { error: `Temporal's frontend is not serving (status ${status ?? '?'})` },
          };
    } catch (err) {
      return { status: 'down', details: { error: err instanceof Error ? err.message : String(err) } };
    }
  });
  const bridge = new SignalBridge(
    kafka,
    producer,
    new Client({
      connection,
      namespace: config.temporal.namespace,
      interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    }),
    config.kafka.groupId,
    config.parties,
    observability,
  );
  let stopping = false;
  const stop = async () => {
    stopping = true;
    // Readiness says so first; then the parts stop; the operations port closes last.
    observability.drain();
    await bridge.stop();
    await producer.disconnect();
    await kafkaWatch.stop();
    await connection.close();
    await observability.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
  await bridge.start();
  // Told to stop while starting: nothing more is opened.
  if (stopping) return;
  // Nest's lines (the operations port's) as this process's JSON lines.
  Logger.overrideLogger(new NestLines());
  const ops = await startOpsServer(observability);
  rootLogger.info(
    `jishi signal bridge: Kafka ${config.kafka.brokers.join(',')} → Temporal ${config.temporal.address}/${config.temporal.namespace} (health and metrics: ${ops.url})`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
