// Workflows for the smoke tests only. Workflow code: no I/O, time only through the sandbox.
import { sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/** Sets the case search attributes the namespace must know, and echoes its input. */
export async function echoWorkflow(text: string): Promise<string> {
  upsertSearchAttributes({ CaseStatus: ['done'] });
  return `${workflowInfo().workflowId}: ${text}`;
}

/** Holds a durable timer of a whole year and reports the workflow time it observed across it. */
export async function yearTimerWorkflow(): Promise<{ startedAt: number; endedAt: number }> {
  const startedAt = Date.now();
  await sleep('365 days');
  return { startedAt, endedAt: Date.now() };
}
