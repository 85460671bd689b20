/**
 * The bare engine's case: a workflow taking steps as updates, each recorded by one activity before the
 * update answers — the shape of a Jishi step (an update whose fact is handed to an activity), with
 * nothing of Jishi in it. Deterministic workflow code, as any.
 */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export const stepUpdate = defineUpdate<number, [string]>('step');
export const endSignal = defineSignal('end');

const { recordStep } = proxyActivities<{ recordStep(step: string): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
});

export async function bareCase(): Promise<void> {
  let steps = 0;
  let ended = false;
  setHandler(stepUpdate, async (step) => {
    steps += 1;
    await recordStep(step);
    return steps;
  });
  setHandler(endSignal, () => {
    ended = true;
  });
  await condition(() => ended);
}
