import { Client, Connection } from '@temporalio/client';
import { loadStackSettings } from '@jishi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

const stack = loadStackSettings();
const stackSh = path.join(stack.workspaceRoot, 'deploy/local/stack.sh');
const kafka = new Kafka({
  clientId: 'jishi-stack-checks',
  brokers: stack.kafka.brokers,
  sasl: stack.kafka.sasl(),
  logLevel: logLevel.NOTHING,
});

/** Runs deploy/local/stack.sh with a command and returns what it printed. */
function stackCommand(command: 'up' | 'stop' | 'status'): string {
  return execFileSync('bash', [stackSh, command], {
    cwd: stack.workspaceRoot,
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

async function withTemporal<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: stack.temporal.address, tls: stack.temporal.tls() });
  try {
    return await fn(new Client({ connection, namespace: stack.temporal.namespace }));
  } finally {
    await connection.close();
  }
}

describe('the local stack (deploy/local/stack.sh)', () => {
  it('finds everything up on a second start, and says so', () => {
    const out = stackCommand('up');
    expect(out).toContain('everything is already up');
    expect(out).not.toMatch(/started: /);
    expect(stackCommand('status')).toMatch(
      /PostgreSQL\s+healthy[\s\S]*Temporal\s+healthy[\s\S]*Kafka\s+healthy/,
    );
  });

  it("keeps Temporal's workflows and Kafka's records across a stop and a start", async () => {
    const workflowId = `restart-check-${randomUUID()}`;
    const topic = 'jishi.case.events.v1';
    // A workflow no worker will ever pick up stays open: it exists only in Temporal's store.
    await withTemporal((client) =>
      client.workflow.start('restartCheck', { taskQueue: `nobody-${randomUUID()}`, workflowId }),
    );
    const producer = kafka.producer();
    await producer.connect();
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: workflowId, value: workflowId }],
    });
    await producer.disconnect();

    const stopped = stackCommand('stop');
    expect(stopped).toContain('Kafka: stopped');
    expect(stopped).toContain('Temporal: stopped');
    expect(() => stackCommand('status')).toThrow();

    const started = stackCommand('up');
    expect(started).toMatch(/started: .*temporal.*kafka/);

    const description = await withTemporal((client) => client.workflow.getHandle(workflowId).describe());
    expect(description.status.name).toBe('RUNNING');
    await withTemporal((client) => client.workflow.getHandle(workflowId).terminate('restart check done'));

    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      const high = offsets.find((o) => o.partition === sent?.partition)?.high;
      expect(BigInt(high ?? '0')).toBeGreaterThan(BigInt(sent?.baseOffset ?? 'x'));
    } finally {
      await admin.disconnect();
    }
  });
});
