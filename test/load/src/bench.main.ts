// npm run bench: every figure at full size on the running stack; writes test/load/results/full.{json,md}.
// BENCH_ONLY=P2,P6 measures only those; BENCH_SIZE=smoke measures at the smoke run's sizes.
import { DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import { eventPipeline, FULL, ledgerVerification, SMOKE, stepLatency } from './figures';
import { type Figure, report } from './harness';

async function main(): Promise<void> {
  // BENCH_SIZE=smoke: the smoke run's sizes, written where the smoke run's results go.
  const small = process.env['BENCH_SIZE'] === 'smoke';
  const sizes = small ? SMOKE : FULL;
  const only = new Set((process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean));
  const figures: Figure[] = [];
  const started = Date.now();
  const system = new SystemUnderTest(DRIVER_SYSTEM_OPTIONS);
  const runs: [string, () => Promise<Figure[]>][] = [
    ['P2', () => stepLatency(system, sizes)],
    ['P4', async () => [await ledgerVerification(sizes)]],
    ['P6', async () => [await eventPipeline(sizes)]],
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
  report(small ? 'smoke' : 'full', figures, sizes.repetitions);
  process.stdout.write(`(the run took ${Math.round((Date.now() - started) / 1000)} s)\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
