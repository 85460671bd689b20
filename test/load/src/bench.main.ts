// npm run bench: every figure at full size on the running stack; writes test/load/results/full.{json,md}.
import { DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import { eventPipeline, FULL, ledgerVerification, stepLatency } from './figures';
import { type Figure, report } from './harness';

async function main(): Promise<void> {
  const only = new Set((process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean));
  const figures: Figure[] = [];
  const started = Date.now();
  const system = new SystemUnderTest(DRIVER_SYSTEM_OPTIONS);
  const runs: [string, () => Promise<Figure[]>][] = [
    ['P2', () => stepLatency(system, FULL)],
    ['P4', async () => [await ledgerVerification(FULL)]],
    ['P6', async () => [await eventPipeline(FULL)]],
  ];
  const wanted = runs.filter(([id]) => only.size === 0 || only.has(id));
  const needsSystem = wanted.some(([id]) => id === 'P2');
  if (needsSystem) await system.start();
  try {
    for (const [id, run] of wanted) {
      process.stdout.write(`${id}: measuring…\n`);
      figures.push(...(await run()));
    }
  } finally {
    if (needsSystem) await system.stop();
  }
  report('full', figures, FULL.repetitions);
  process.stdout.write(`(the run took ${Math.round((Date.now() - started) / 1000)} s)\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
