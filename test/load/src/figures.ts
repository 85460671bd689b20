/**
 * The figures of the benchmark suite at a size: the smoke run in `npm test` (small, to prove the
 * harness and print its table) and the full run of `npm run bench`.
 */
import type { SystemUnderTest } from '@jishi/e2e';
import { type Figure, figure, interleaved, pairs } from './harness';
import { StepLatencyBench } from './step-latency';
import { EventPipelineBench } from './event-pipeline';
import { caseBundle, rawRate, verifyRate } from './ledger-verification';

export interface Sizes {
  readonly repetitions: number;
  /** P4: cases' bundles verified in each repetition (each case 9 gates × 25 steps and their sign-offs: 243 facts). */
  readonly verifiedCases: number;
  /** P6: messages through the pipeline in each repetition. */
  readonly pipelineMessages: number;
  /** P2: steps timed in each repetition (each on a case of its own). */
  readonly steps: number;
}

export const SMOKE: Sizes = { repetitions: 5, verifiedCases: 4, pipelineMessages: 300, steps: 4 };
export const FULL: Sizes = { repetitions: 5, verifiedCases: 200, pipelineMessages: 5_000, steps: 40 };

/** P4: ledger verification, facts a second. */
export async function ledgerVerification(sizes: Sizes): Promise<Figure> {
  const cases = await Promise.all(
    Array.from({ length: sizes.verifiedCases }, (_, i) => caseBundle(`bench-${i}`, 25)),
  );
  const facts = cases.reduce((n, c) => n + c.bundle.facts.length, 0);
  return pairs(
    {
      id: 'P4',
      title: 'ledger verification: chain + Merkle + signatures',
      unit: 'facts/s',
      size: `${facts} facts in ${cases.length} bundles`,
      repetitions: sizes.repetitions,
      target: { text: '≥ 0.5 of raw', on: 'ratio', atLeast: 0.5 },
    },
    () => Promise.resolve(rawRate(cases)),
    () => Promise.resolve(verifyRate(cases.map((c) => c.bundle))),
  );
}

/** P6: the event pipeline, messages a second end to end. */
export async function eventPipeline(sizes: Sizes): Promise<Figure> {
  const bench = new EventPipelineBench();
  try {
    await bench.start();
    return await pairs(
      {
        id: 'P6',
        title: 'event pipeline: outbox → Kafka → idempotent consumer (kafkajs)',
        unit: 'messages/s',
        size: `${sizes.pipelineMessages} messages`,
        repetitions: sizes.repetitions,
        target: { text: '≥ 0.7 of raw', on: 'ratio', atLeast: 0.7 },
      },
      () => bench.raw(sizes.pipelineMessages),
      () => bench.pipeline(sizes.pipelineMessages),
    );
  } finally {
    await bench.stop();
  }
}

/** P2: a person's step — its latency at the gateway (p50, p99) and until its fact is sealed in the ledger. */
export async function stepLatency(system: SystemUnderTest, sizes: Sizes): Promise<Figure[]> {
  const bench = new StepLatencyBench(system);
  try {
    await bench.start();
    const { ours, bare } = await interleaved(
      sizes.repetitions,
      () => bench.bare(sizes.steps),
      () => bench.jishi(sizes.steps),
    );
    const size = `${sizes.steps} steps a repetition`;
    return [
      figure(
        {
          id: 'P2',
          title: 'a step at the gateway, p50 (bare: executeUpdate)',
          unit: 'ms',
          size,
          target: { text: '—', on: 'ratio' },
        },
        ours.map((l) => l.p50),
        bare.map((l) => l.p50),
      ),
      figure(
        {
          id: 'P2',
          title: 'a step at the gateway, p99 (bare: executeUpdate)',
          unit: 'ms',
          size,
          target: { text: '≤ 1.5× baseline', on: 'ratio', atMost: 1.5 },
        },
        ours.map((l) => l.p99),
        bare.map((l) => l.p99),
      ),
      figure(
        {
          id: 'P2',
          title: 'a step until its fact is sealed in the ledger, p99',
          unit: 'ms',
          size,
          target: { text: '≤ 500 ms', on: 'jishi', atMost: 500 },
        },
        ours.map((l) => l.sealedP99 as number),
      ),
    ];
  } finally {
    await bench.stop();
  }
}
