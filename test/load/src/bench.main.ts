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
import { Deletions } from './clean-up';
import { type Figure, report } from './harness';

/** The driver's timers without a deadline's day of one second. */
const SLEEPING_TIMERS = DRIVER_SYSTEM_OPTIONS.timers.replace(/,?deadlineDay=[^,]*/, '');

async function main(): Promise<void> {
  // BENCH_SIZE=smoke: the smoke run's sizes, written where the smoke run's results go.
  const small = process.env['BENCH_SIZE'] === 'smoke';
  const sizes = small ? SMOKE : FULL;
  const only = new Set((process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean));
  const figures: Figure[] = [];
  const started = Date.now();
  const system = new SystemUnderTest(DRIVER_SYSTEM_OPTIONS);
  // P5's own system: its deadlines count real days, so the open cases sleep on their timers as a year
  // of probation keeps them, instead of being woken every second (a deadline's day of one second).
  const asleep = new SystemUnderTest({ ...DRIVER_SYSTEM_OPTIONS, timers: SLEEPING_TIMERS });
  // The stores P3 and P5 fill are deleted after the run's last figure, not while another is measured.
  const later = new Deletions();
  const runs: [string, SystemUnderTest | undefined, () => Promise<Figure[]>][] = [
    // A system is started once (stopping it removes its schema and keys), so each system's figures run
    // together.
    ['P1', system, async () => [await wholeCases(system, sizes)]],
    ['P2', system, () => stepLatency(system, sizes)],
    ['P4', undefined, async () => [await ledgerVerification(sizes)]],
    ['P6', undefined, async () => [await eventPipeline(sizes)]],
    // The Kafka clients side by side: only when asked for (BENCH_ONLY=K), written apart.
    ...(only.has('K')
      ? [['K', undefined, () => kafkaClients(sizes)] as [string, undefined, () => Promise<Figure[]>]]
      : []),
    ['P3', system, () => supervisorQueries(system, sizes, later)],
    // Last, on its own system: its cases are on that system's task queue, so P3's levels never count
    // them, and nothing after it waits for their deletion. (A system's archive, new to Kafka, takes
    // every fact on the topics from their beginning, so P5's archive takes P1 and P2's as well: see
    // the README.)
    ['P5', asleep, () => memoryWithOpenCases(asleep, sizes, 'asleep: deadlines in days', later)],
  ];
  const wanted = runs.filter(([id]) => only.size === 0 || only.has(id));
  // One system up at a time, started when a figure needs it.
  let up: SystemUnderTest | undefined;
  const used = new Set<SystemUnderTest>();
  try {
    for (const [id, needs, run] of wanted) {
      if (needs && needs !== up) {
        if (used.has(needs)) throw new Error(`${id} needs a system that was stopped`);
        used.add(needs);
        await up?.stop();
        up = undefined;
        await needs.start();
        up = needs;
      }
      process.stdout.write(`${id}: measuring…\n`);
      figures.push(...(await run()));
    }
  } finally {
    try {
      await up?.stop();
    } finally {
      await later.start();
    }
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
