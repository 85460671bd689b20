// Admin calls on the local Kafka broker for stack.sh: `health` asks the cluster for its metadata,
// `topics` creates every topic of the manifest libs/contracts/src/topic-manifest.json that does not exist yet (idempotent).
// Usage: node deploy/local/kafka-admin.mjs health|topics <brokers> [replicationFactor]
import { readFile } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';

const [command, brokers = '127.0.0.1:9092', localReplication = '1'] = process.argv.slice(2);
const kafka = new Kafka({
  clientId: 'jishi-stack',
  brokers: brokers.split(','),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 0 },
});
const admin = kafka.admin();

async function health() {
  const cluster = await admin.describeCluster();
  console.log(
    `cluster ${cluster.clusterId}, controller ${cluster.controller}, ${cluster.brokers.length} broker(s)`,
  );
}

async function topics() {
  const manifestUrl = new URL('../../libs/contracts/src/topic-manifest.json', import.meta.url);
  const manifest = JSON.parse(await readFile(manifestUrl, 'utf8'));
  const existing = new Set(await admin.listTopics());
  const missing = manifest.topics.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    const replicationFactor = Math.min(manifest.replicationFactor, Number(localReplication));
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  console.log(`topics: ${manifest.topics.length} in the manifest, ${missing.length} created`);
}

try {
  await admin.connect();
  if (command === 'health') await health();
  else if (command === 'topics') await topics();
  else throw new Error(`unknown command ${command}; use health or topics`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await admin.disconnect().catch(() => undefined);
}
