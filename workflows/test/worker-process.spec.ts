import { fromBinary } from '@bufbuild/protobuf';
import {
  CASE_TASK_QUEUE,
  type CaseInput,
  CaseFactRecordedSchema,
  caseWorkflowId,
  decodeEnvelope,
  STATUS_QUERY,
  SUBMIT_STEP_UPDATE,
  type SubmitStepArgs,
  Topics,
  type CaseStatus,
} from '@jishi/contracts';
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

const stack = loadStackSettings();
const workerDir = path.resolve(__dirname, '..');

const children: ChildProcess[] = [];
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** What the test did and what the workers said, shown when the test fails. */
const trace: string[] = [];
const note = (line: string) => trace.push(`${new Date().toISOString()} ${line}`);

/** Starts the real worker app (`npm start` in workflows/) on its own task queue; resolves once it polls. */
function startWorker(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['src/worker/start.js'], {
    cwd: workerDir,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: path.join(stack.workspaceRoot, 'tsconfig.runtime.json'),
      WORKER_TASK_QUEUE: taskQueue,
      TEMPORAL_ADDRESS: stack.temporal.address,
      TEMPORAL_NAMESPACE: stack.temporal.namespace,
      ...stack.temporal.env('worker'),
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
      ...stack.kafka.env('jishi-worker'),
      // This case never reaches a working-day count, so no calendar service is started for it.
      WORKER_SERVICE_TOKEN: 'worker-process-test-caller-token',
      FORCE_COLOR: '0',
      // As deployed: its info lines (the SDK's RUNNING line is awaited), any free operations port.
      LOG_LEVEL: 'info',
      WORKER_OPS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      // Strip colours: under Nx the SDK's logger colours its output.
      output += chunk.toString().replace(ANSI_COLOUR, '');
      note(`worker ${child.pid}: ${chunk.toString().trim().slice(0, 300)}`);
      // The SDK's line of the worker's state, as JSON (the worker logs through pino).
      if (output.includes('"state":"RUNNING"')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before running:\n${output}`)));
  });
}

function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('the worker app on the real stack (the Temporal server, Kafka)', () => {
  let connection: Connection;
  let consumer: Consumer;
  const received: { eventId: string; sequence: number; kind: string }[] = [];
  const caseId = `wp-${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: stack.temporal.address, tls: stack.temporal.tls() });
    const kafka = new Kafka({
      clientId: 'worker-process-test',
      brokers: stack.kafka.brokers,
      sasl: stack.kafka.sasl(),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `worker-process-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.caseEvents, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== caseId || !message.value) return;
        const envelope = decodeEnvelope(message.value);
        const fact = fromBinary(CaseFactRecordedSchema, envelope.payload);
        received.push({ eventId: envelope.eventId, sequence: fact.sequence, kind: fact.kind });
      },
    });
  });

  afterAll(async () => {
    // A worker left behind would keep the test process alive.
    await Promise.all(children.map((child) => stopWorker(child, 'SIGKILL')));
    await consumer?.disconnect();
    await connection?.close();
  });

  it('publishes every fact to Kafka in order, and carries on after the worker is killed mid-case', async () => {
    // Each step gets a deadline of its own, so a stuck step fails with the trace instead of timing out.
    const within = <T>(ms: number, what: string, p: Promise<T>): Promise<T> =>
      Promise.race([
        p,
        new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)),
      ]);
    const taskQueue = `${CASE_TASK_QUEUE}-${randomUUID()}`;
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const input: CaseInput = {
      caseId,
      departmentId: 'dept-test',
      title: '测试事项',
      startedBy: { id: 'officer-1', role: 'department_officer' },
      posts: 1,
      committeeMembers: 9,
      recommendationParticipants: 30,
    };
    const submit = (handle: ReturnType<typeof client.workflow.getHandle>, args: SubmitStepArgs) =>
      within(40_000, args.stepId, handle.executeUpdate(SUBMIT_STEP_UPDATE, { args: [args] }));

    let worker = await within(40_000, 'starting the worker', startWorker(taskQueue)).catch((err: Error) => {
      throw new Error(`${err.message}\n--- trace ---\n${trace.join('\n')}`);
    });
    const handle = await client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    await submit(handle, {
      stepId: 'qualification.check',
      actor: { id: 'staff-1', role: 'org_staff' },
      items: {},
    });

    // Kill the worker without a chance to finish anything, then start a new one.
    await stopWorker(worker, 'SIGKILL');
    worker = await startWorker(taskQueue);
    try {
      await submit(handle, {
        stepId: 'motion.propose',
        actor: { id: 'officer-1', role: 'department_officer' },
        items: {},
      });
      await submit(handle, {
        stepId: 'motion.work_plan',
        actor: { id: 'staff-1', role: 'org_staff' },
        items: {},
      });
      const status = await handle.query<CaseStatus>(STATUS_QUERY);
      expect(status.gate).toBe('nomination');

      // Every fact the workflow counted reaches Kafka, once per event id, in sequence order.
      const deadline = Date.now() + 30_000;
      while (new Set(received.map((r) => r.eventId)).size < status.facts && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const firstOfEach = received.filter((r, i) => received.findIndex((s) => s.eventId === r.eventId) === i);
      expect(firstOfEach.map((r) => r.sequence)).toEqual(
        Array.from({ length: status.facts }, (_, i) => i + 1),
      );
      expect(firstOfEach.map((r) => r.eventId)).toEqual(
        firstOfEach.map((r) => `case-${caseId}/fact/${r.sequence}`),
      );
      expect(firstOfEach.map((r) => r.kind)).toEqual(
        expect.arrayContaining(['case.started', 'gate.opened', 'step.recorded']),
      );
    } catch (err) {
      throw new Error(
        `${err instanceof Error ? err.message : String(err)}\n--- trace ---\n${trace.join('\n')}`,
      );
    } finally {
      await handle.terminate('test done').catch(() => undefined);
      await stopWorker(worker, 'SIGTERM');
    }
  }, 150_000);
});
