import { temporalTlsOption } from '@jishi/identity';
import { createKafka, createProducer } from '@jishi/messaging';
import { Client, Connection } from '@temporalio/client';
import { SignalBridge } from './bridge/signal-bridge';
import { loadBridgeConfig } from './config';

async function main(): Promise<void> {
  const config = loadBridgeConfig();
  const kafka = createKafka({ clientId: 'jishi-signal-bridge', ...config.kafka });
  const producer = createProducer(kafka);
  await producer.connect();
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: temporalTlsOption(config.temporal.tls),
  });
  const bridge = new SignalBridge(
    kafka,
    producer,
    new Client({ connection, namespace: config.temporal.namespace }),
    config.kafka.groupId,
    config.parties,
  );
  const stop = async () => {
    await bridge.stop();
    await producer.disconnect();
    await connection.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
  await bridge.start();
  console.log(
    `jishi signal bridge: Kafka ${config.kafka.brokers.join(',')} → Temporal ${config.temporal.address}/${config.temporal.namespace}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
