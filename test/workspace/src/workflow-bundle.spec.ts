import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadStackSettings } from '@jishi/testing';

const stack = loadStackSettings();
const quiet = { logger: new DefaultLogger('ERROR') };

describe('@jishi/domain in Temporal workflow code', () => {
  beforeAll(() => {
    try {
      Runtime.install(quiet);
    } catch {
      // installed by an earlier test file in this process
    }
  });

  it('bundles with bundleWorkflowCode, without Node built-ins, and runs in the workflow sandbox', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/domain-probe.workflow'),
      logger: quiet.logger,
    });
    expect(bundle.code).toContain('domainProbe');
    expect(bundle.code).toContain('CASE.WRONG_GATE');

    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: stack.temporal.testServerPath } },
    });
    try {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'domain-probe',
        workflowBundle: bundle,
      });
      const result = await worker.runUntil(
        env.client.workflow.execute('domainProbe', { taskQueue: 'domain-probe', workflowId: 'domain-probe' }),
      );
      expect(result).toEqual({ gate: 'motion', refusal: 'CASE.WRONG_GATE', fifthWorkingDay: '2026-10-12' });
    } finally {
      await env.teardown();
    }
  });

  it('refuses to bundle workflow code that imports a Node built-in (the check can fail)', async () => {
    await expect(
      bundleWorkflowCode({
        workflowsPath: require.resolve('./fixtures/node-builtin.workflow'),
        logger: quiet.logger,
      }),
    ).rejects.toThrow(/Webpack finished with errors/);
  });
});
