import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadStackSettings } from '@jishi/testing';
import { randomUUID } from 'node:crypto';
import { CASE_DEPARTMENT, CASE_GATE, CASE_NEXT_DEADLINE, CASE_STATUS } from '@jishi/contracts';
import { echoWorkflow } from './workflows/smoke.workflows';

const stack = loadStackSettings();

describe('the Temporal server (real, persistent, mutual TLS)', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: stack.temporal.address, tls: stack.temporal.tls() });
    nativeConnection = await NativeConnection.connect({
      address: stack.temporal.address,
      tls: stack.temporal.tls(),
    });
  });

  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
  });

  it('runs a workflow to completion on a worker inside the test, with the case search attributes', async () => {
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: stack.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('./workflows/smoke.workflows'),
    });
    const workflowId = `smoke-${randomUUID()}`;
    const deadline = new Date('2027-01-15T00:00:00Z');

    const result = await worker.runUntil(async () => {
      const handle = await client.workflow.start(echoWorkflow, {
        taskQueue,
        workflowId,
        args: ['你好 Jishi'],
        typedSearchAttributes: [
          { key: CASE_GATE, value: 'motion' },
          { key: CASE_DEPARTMENT, value: 'org-dept' },
          { key: CASE_NEXT_DEADLINE, value: deadline },
        ],
      });
      return handle.result();
    });

    expect(result).toBe(`${workflowId}: 你好 Jishi`);
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(CASE_GATE)).toBe('motion');
    expect(description.typedSearchAttributes.get(CASE_DEPARTMENT)).toBe('org-dept');
    expect(description.typedSearchAttributes.get(CASE_STATUS)).toBe('done');
    expect(description.typedSearchAttributes.get(CASE_NEXT_DEADLINE)?.toISOString()).toBe(
      deadline.toISOString(),
    );
  });

  it('has the namespace and every custom search attribute of deploy/local/stack.conf', async () => {
    const response = await connection.operatorService.listSearchAttributes({
      namespace: stack.temporal.namespace,
    });
    const registered = Object.keys(response.customAttributes ?? {});
    expect(registered).toEqual(expect.arrayContaining(Object.keys(stack.temporal.searchAttributes)));
  });
});
