import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadStackSettings } from '@jishi/testing';
import { yearTimerWorkflow } from './workflows/smoke.workflows';

const stack = loadStackSettings();
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

describe('Temporal time-skipping test server (installed binary, no download)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: stack.temporal.testServerPath } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('completes a workflow that holds a one-year durable timer', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'smoke-time-skipping',
      workflowsPath: require.resolve('./workflows/smoke.workflows'),
    });
    const wallStart = Date.now();
    const { startedAt, endedAt } = await worker.runUntil(
      env.client.workflow.execute(yearTimerWorkflow, {
        taskQueue: 'smoke-time-skipping',
        workflowId: 'smoke-year-timer',
      }),
    );
    // Workflow time crossed the whole year, while far less than a year passed on the wall clock.
    expect(endedAt - startedAt).toBeGreaterThanOrEqual(YEAR_MS);
    expect(Date.now() - wallStart).toBeLessThan(YEAR_MS / 1000);
  });
});
