/**
 * Removing what a figure put in Temporal's store (the P3 fill, the P5 cases): one batch deletion the
 * server runs (`worker.batcherRPS` in the local stack's dynamic settings bounds its pace), waited
 * for — until visibility counts none of them — or not; or put off until the run's last figure ends
 * (`Deletions`), so that no figure is measured while the server deletes.
 */
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { BatchOperationState } = temporal.api.enums.v1;
/** gRPC's RESOURCE_EXHAUSTED: too many batch operations under way in the namespace. */
const RESOURCE_EXHAUSTED = 8;

export async function deleteWorkflows(
  client: Client,
  namespace: string,
  jobId: string,
  visibilityQuery: string,
  wait: boolean,
): Promise<void> {
  for (const until = Date.now() + 600_000; ;) {
    try {
      await client.workflowService.startBatchOperation({
        namespace,
        jobId,
        visibilityQuery,
        reason: 'benchmark: what a figure put in the store',
        deletionOperation: {},
        maxOperationsPerSecond: 500,
      });
      break;
    } catch (err) {
      // Another batch still under way (a previous run's clean-up): asked again a little later.
      if ((err as { code?: number }).code !== RESOURCE_EXHAUSTED || Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
  if (!wait) return;
  for (const until = Date.now() + 1_800_000; ;) {
    if (Date.now() > until) throw new Error(`the batch deletion ${jobId} did not end in 30 minutes`);
    const { state, failureOperationCount } = await client.workflowService.describeBatchOperation({
      namespace,
      jobId,
    });
    if (state === BatchOperationState.BATCH_OPERATION_STATE_FAILED)
      throw new Error(`the batch deletion ${jobId} failed (${String(failureOperationCount)} not deleted)`);
    // Ended, and visibility (updated after the deletions) counts none of them any more.
    if (
      state !== BatchOperationState.BATCH_OPERATION_STATE_RUNNING &&
      (await client.workflow.count(visibilityQuery)).count === 0
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Batch deletions put off until the run's figures are measured, then started and not waited for. */
export class Deletions {
  private readonly pending: { jobId: string; visibilityQuery: string }[] = [];

  add(jobId: string, visibilityQuery: string): void {
    this.pending.push({ jobId, visibilityQuery });
  }

  /** Starts each deletion put off (the server goes on with them after the run). */
  async start(): Promise<void> {
    if (this.pending.length === 0) return;
    const stack = loadStackSettings();
    const connection = await Connection.connect({
      address: stack.temporal.address,
      tls: stack.temporal.tls(),
    });
    try {
      const client = new Client({ connection, namespace: stack.temporal.namespace });
      for (const { jobId, visibilityQuery } of this.pending.splice(0))
        await deleteWorkflows(client, stack.temporal.namespace, jobId, visibilityQuery, false);
    } finally {
      await connection.close();
    }
  }
}
