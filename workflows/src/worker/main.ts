// The worker app: runs the case workflow and its activities on the jishi-cases task queue.
import { CASE_TASK_QUEUE } from '@jishi/contracts';
import { temporalTlsOption } from '@jishi/identity';
import { createKafka, createProducer, EnvelopePublisher } from '@jishi/messaging';
import { CalendarClient } from '@jishi/service-kit';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createCaseActivities } from '../activities/case.activities';
import { loadWorkerConfig } from '../config/worker.config';

async function main(): Promise<void> {
  const config = loadWorkerConfig({ taskQueue: CASE_TASK_QUEUE });
  const producer = createProducer(createKafka(config.kafka));
  await producer.connect();
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    tls: temporalTlsOption(config.temporal.tls),
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createCaseActivities({
      publisher: new EnvelopePublisher(producer),
      calendar: new CalendarClient(config.calendar.url, config.calendar.token),
    }),
    maxCachedWorkflows: config.maxCachedWorkflows,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  console.log(
    `jishi worker: task queue ${config.temporal.taskQueue} on ${config.temporal.address}/${config.temporal.namespace}`,
  );
  try {
    await worker.run();
  } finally {
    await producer.disconnect();
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
