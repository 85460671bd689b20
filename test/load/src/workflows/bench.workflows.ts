/**
 * The bare engine's case: a workflow taking steps as updates, each recorded by one activity before the
 * update answers — the shape of a Jishi step (an update whose fact is handed to an activity), with
 * nothing of Jishi in it. Deterministic workflow code, as any.
 */
import {
  CancellationScope,
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

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

/**
 * What one Jishi case did, read from its workflow history in order (P1): `U` an update, `S` a signal,
 * `A` an activity scheduled, `T:<id>:<ms>` a timer started, `F:<id>` it fired, `C:<id>` it was
 * cancelled. The bare case does the same, in the same order.
 */
export type CaseScript = readonly string[];

export const factSignal = defineSignal<[string]>('fact');

/**
 * P1's bare case: walks the script. An update is taken when the walk reaches it (its handler waits
 * for that, so the client's next call follows what came before, as a Jishi driver's follows the case),
 * likewise a signal; an activity is started where Jishi's was (all awaited at the end); a timer is
 * started where Jishi's was, with its duration, waited for where Jishi's fired and cancelled where
 * Jishi's was.
 */
export async function scriptedCase(script: CaseScript): Promise<number> {
  let at = 0;
  let updates = 0;
  let signals = 0;
  const updateAt: number[] = [];
  const signalAt: number[] = [];
  script.forEach((item, i) => {
    if (item === 'U') updateAt.push(i);
    if (item === 'S') signalAt.push(i);
  });
  setHandler(stepUpdate, async () => {
    const mine = updateAt[updates] ?? Infinity;
    updates += 1;
    await condition(() => at >= mine);
    at = Math.max(at, mine + 1);
    return updates;
  });
  setHandler(factSignal, () => {
    signals += 1;
  });
  const activities: Promise<void>[] = [];
  const timers = new Map<string, { scope: CancellationScope; fired: Promise<void> }>();
  while (at < script.length) {
    const [kind, id, ms] = (script[at] as string).split(':') as [string, string?, string?];
    if (kind === 'U') {
      const index = at;
      await condition(() => at > index);
      continue;
    }
    if (kind === 'S') {
      const needed = signalAt.indexOf(at) + 1;
      await condition(() => signals >= needed);
    } else if (kind === 'A') activities.push(recordStep(`fact-${at}`));
    else if (kind === 'T') {
      const scope = new CancellationScope();
      const fired = scope.run(() => sleep(Number(ms)));
      fired.catch(() => undefined);
      timers.set(id as string, { scope, fired });
    } else if (kind === 'F') await timers.get(id as string)?.fired;
    else if (kind === 'C') timers.get(id as string)?.scope.cancel();
    at += 1;
  }
  await Promise.all(activities);
  return updates + signals;
}
