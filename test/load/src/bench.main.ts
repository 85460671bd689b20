// npm run bench: every figure at full size on the running stack; writes test/load/results/full.{json,md}.
// BENCH_ONLY=P2,P6 measures only those; BENCH_SIZE=smoke measures at the smoke run's sizes.
import { DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import {
  eventPipeline,
  FULL,
  kafkaClients,
  ledgerVerification,
  memoryWithOpenCases,
  SMOKE,
  stepLatency,
  supervisorQueries,
  wholeCases,
} from './figures';
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
    ['P1', async () => [await wholeCases(system, sizes)]],
    ['P2', () => stepLatency(system, sizes)],
    ['P4', async () => [await ledgerVerification(sizes)]],
    ['P6', async () => [await eventPipeline(sizes)]],
    // The Kafka clients side by side: only when asked for (BENCH_ONLY=K), written apart.
    ...(only.has('K') ? [['K', () => kafkaClients(sizes)] as [string, () => Promise<Figure[]>]] : []),
    ['P5', () => memoryWithOpenCases(system, sizes)],
    // Last: the store it fills is deleted in the background after the run.
    ['P3', () => supervisorQueries(system, sizes)],
  ];
  const wanted = runs.filter(([id]) => only.size === 0 || only.has(id));
  const needsSystem = wanted.some(([id]) => ['P1', 'P2', 'P3', 'P5'].includes(id));
  if (needsSystem) await system.start();
  try {
    for (const [id, run] of wanted) {
      process.stdout.write(`${id}: measuring…\n`);
      figures.push(...(await run()));
    }
  } finally {
    if (needsSystem) await system.stop();
  }
  // A run of some figures only is written apart (full-P1-P3.md), never over the last whole run.
  const name = `${small ? 'smoke' : 'full'}${only.size > 0 ? `-${[...only].join('-')}` : ''}`;
  report(name, figures, sizes.repetitions);
  process.stdout.write(`(the run took ${Math.round((Date.now() - started) / 1000)} s)\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
