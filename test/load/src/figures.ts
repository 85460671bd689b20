/**
 * The figures of the benchmark suite at a size: the smoke run in `npm test` (small, to prove the
 * harness and print its table) and the full run of `npm run bench`.
 */
import type { SystemUnderTest } from '@jishi/e2e';
import { type Figure, figure, interleaved, pairs, type Target } from './harness';
import { StepLatencyBench } from './step-latency';
import { WholeCasesBench } from './whole-cases';
import { OpenCasesBench, PROCESSES } from './open-cases';
import { CpuAccount } from './cpu-account';
import { cpus } from 'node:os';
import { KafkaClientsBench } from './kafka-clients';
import { QUERY_KINDS, type QueryLatencies, SupervisorQueriesBench } from './supervisor-queries';
import { EventPipelineBench } from './event-pipeline';
import type { Deletions } from './clean-up';
import { caseBundle, rawRate, verifyRate } from './ledger-verification';

export interface Sizes {
  readonly repetitions: number;
  /** P4: cases' bundles verified in each repetition (each case 9 gates × 25 steps and their sign-offs: 243 facts). */
  readonly verifiedCases: number;
  /** P6: messages through the pipeline in each repetition. */
  readonly pipelineMessages: number;
  /** P2: steps timed in each repetition (each on a case of its own). */
  readonly steps: number;
  /** P3: the cases in the store at each level, and the queries of each kind timed in a repetition. */
  readonly storeLevels: readonly number[];
  readonly queries: number;
  /** P1: repetitions (each whole cases take long), cases driven in each, and the clients driving them at once. */
  readonly caseRepetitions: number;
  readonly cases: number;
  readonly clients: number;
  /** P5: cases open while memory is read, how long after they opened the reading starts, and the pause between reads (ms). */
  readonly openCases: number;
  readonly settleMs: number;
  readonly readEveryMs: number;
}

/** The smoke run: three repetitions prove the median, min and max are taken; the full run has five. */
export const SMOKE: Sizes = {
  repetitions: 3,
  verifiedCases: 4,
  pipelineMessages: 150,
  steps: 4,
  storeLevels: [50, 100],
  queries: 3,
  caseRepetitions: 1,
  cases: 1,
  clients: 1,
  openCases: 20,
  settleMs: 2_000,
  readEveryMs: 500,
};
export const FULL: Sizes = {
  repetitions: 5,
  verifiedCases: 200,
  pipelineMessages: 5_000,
  steps: 40,
  storeLevels: [1_000, 10_000, 100_000],
  queries: 100,
  caseRepetitions: 5,
  cases: 16,
  clients: 8,
  openCases: 10_000,
  settleMs: 10_000,
  readEveryMs: 3_000,
};

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

const thousands = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/**
 * P3: a supervisor's list, filtered list and count at each level of cases in the store (p99, and p50 at
 * the largest), beside the same visibility query through the bare client; and how each kind's p99
 * grows from the smallest level to the largest (the baseline column there: Jishi at the smallest).
 */
export async function supervisorQueries(
  system: SystemUnderTest,
  sizes: Sizes,
  /** Where the fill's deletion is put off to (the run's end); without it, started when P3 ends. */
  later?: Deletions,
): Promise<Figure[]> {
  const bench = new SupervisorQueriesBench(system);
  const levels = [...sizes.storeLevels];
  const figures: Figure[] = [];
  const p99At = new Map<string, number[]>();
  try {
    await bench.start();
    for (const level of levels) {
      const took = await bench.fill(level);
      process.stdout.write(`P3: ${level} cases in the store (${Math.round(took)} s to fill)\n`);
      for (const kind of QUERY_KINDS) {
        const { ours, bare } = await interleaved<QueryLatencies>(
          sizes.repetitions,
          () => bench.bare(kind, sizes.queries),
          () => bench.jishi(kind, sizes.queries),
        );
        const spec = (q: string) => ({
          id: 'P3',
          title: `supervisor's ${kind} with ${thousands(level)} cases, ${q} (bare: the same visibility query)`,
          unit: 'ms',
          size: `${sizes.queries} queries a repetition`,
        });
        p99At.set(
          `${kind}@${level}`,
          ours.map((l) => l.p99),
        );
        figures.push(
          figure(
            { ...spec('p99'), target: { text: '≤ 50 ms', on: 'jishi', atMost: 50 } },
            ours.map((l) => l.p99),
            bare.map((l) => l.p99),
          ),
        );
        if (level === levels[levels.length - 1])
          figures.push(
            figure(
              { ...spec('p50'), target: { text: '—', on: 'ratio' } },
              ours.map((l) => l.p50),
              bare.map((l) => l.p50),
            ),
          );
      }
    }
    const [smallest, largest] = [levels[0] as number, levels[levels.length - 1] as number];
    for (const kind of QUERY_KINDS)
      figures.push(
        figure(
          {
            id: 'P3',
            title: `supervisor's ${kind}: p99 with ${thousands(largest)} cases ÷ with ${thousands(smallest)} (baseline column: Jishi with ${thousands(smallest)})`,
            unit: 'ms',
            size: `${sizes.queries} queries a repetition`,
            target: { text: '≤ 1.5×', on: 'ratio', atMost: 1.5 },
          },
          p99At.get(`${kind}@${largest}`) as number[],
          p99At.get(`${kind}@${smallest}`) as number[],
        ),
      );
    return figures;
  } finally {
    await bench.stop(later);
  }
}

/**
 * P1: whole nine-gate cases a second through the gateway, beside the bare case of the same script (the
 * updates, signals, activities and timers of a driven case, read from its history).
 */
export async function wholeCases(system: SystemUnderTest, sizes: Sizes): Promise<Figure> {
  const bench = new WholeCasesBench(system);
  try {
    await bench.start();
    // The full run drives one case first, unmeasured, to read the bare case's script from it and warm
    // both sides; the smoke run (one repetition) reads it from its measured repetition's last case.
    const warmUp = sizes.caseRepetitions > 1;
    const ours: number[] = [];
    const bare: number[] = [];
    // Where the machine's CPU goes in the measured repetitions of each side.
    const jishiCpu = new CpuAccount(system, PROCESSES);
    const bareCpu = new CpuAccount(system, PROCESSES);
    if (warmUp) await bench.jishi(1, 1);
    else ours.push(await jishiCpu.during(() => bench.jishi(sizes.cases, sizes.clients)));
    const script = await bench.scriptOf(bench.lastCaseId as string);
    const history = await bench.historyOf(bench.lastCaseId as string);
    process.stdout.write(
      `P1: a whole case's history: ${history.events} events, ${Math.round(history.bytes / 1024)} KiB; its probation one timer (${script.filter((i) => i.startsWith('T:')).length} timers in all)\n`,
    );
    const count = (kind: string) => script.filter((item) => item.split(':')[0] === kind).length;
    if (warmUp) await bench.bare(script, 1, 1);
    else bare.push(await bareCpu.during(() => bench.bare(script, sizes.cases, sizes.clients)));
    const more = await interleaved(
      sizes.caseRepetitions - ours.length,
      () => bareCpu.during(() => bench.bare(script, sizes.cases, sizes.clients)),
      () => jishiCpu.during(() => bench.jishi(sizes.cases, sizes.clients)),
      false,
    );
    const cores = cpus().length;
    const notes = [
      jishiCpu.summary('CPU in the Jishi repetitions', cores),
      bareCpu.summary('CPU in the bare repetitions', cores),
    ];
    for (const note of notes) process.stdout.write(`P1: ${note}\n`);
    return figure(
      {
        id: 'P1',
        title: `whole nine-gate cases through the gateway (bare: a workflow of the same ${count('U')} updates, ${count('S')} signals, ${count('A')} activities and ${count('T')} timers, in the same order)`,
        unit: 'cases/s',
        size: `${sizes.cases} cases by ${sizes.clients} clients a repetition`,
        target: { text: '≥ 0.5 of the baseline', on: 'ratio', atLeast: 0.5 },
        notes,
      },
      [...ours, ...more.ours],
      [...bare, ...more.bare],
    );
  } finally {
    await bench.stop();
  }
}

/**
 * P5: memory with many cases open: each process's resident set (and the worker's peak), read
 * `repetitions` times (3 s apart in the full run) once the cases are open and their first work done (the cases then
 * deleted from Temporal's store, so P3 counts only its own).
 */
export async function memoryWithOpenCases(
  system: SystemUnderTest,
  sizes: Sizes,
  /** How the cases wait (their system's timers), said in the row's size. */
  waiting?: string,
  /** Where the cases' deletion is put off to (the run's end); without it, waited for when P5 ends. */
  later?: Deletions,
): Promise<Figure[]> {
  const bench = new OpenCasesBench(system);
  try {
    await bench.start();
    const took = await bench.open(sizes.openCases);
    process.stdout.write(
      `P5: ${sizes.openCases} cases opened through the gateway in ${Math.round(took)} s (${(sizes.openCases / took).toFixed(1)} a second)\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, sizes.settleMs));
    const reads: ReturnType<OpenCasesBench['memory']>[] = [];
    for (let i = 0; i < sizes.repetitions; i += 1) {
      reads.push(bench.memory());
      await new Promise((resolve) => setTimeout(resolve, sizes.readEveryMs));
    }
    process.stdout.write(
      `P5: the worker's memory by its own metrics (MB): ${JSON.stringify(await bench.heap('worker'))}\n`,
    );
    const size = `${sizes.openCases} open cases${waiting ? `, ${waiting}` : ''}`;
    const row = (title: string, values: number[], target: Target) =>
      figure({ id: 'P5', title, unit: 'MB', size, target }, values);
    return [
      row(
        'worker resident set',
        reads.map((r) => r.get('worker')?.rss ?? NaN),
        { text: '≤ 512 MB', on: 'jishi', atMost: 512 },
      ),
      row(
        'worker resident set, peak',
        reads.map((r) => r.get('worker')?.peak ?? NaN),
        {
          text: '≤ 512 MB',
          on: 'jishi',
          atMost: 512,
        },
      ),
      ...PROCESSES.filter((name) => name !== 'worker').map((name) =>
        row(
          `${name} resident set`,
          reads.map((r) => r.get(name)?.rss ?? NaN),
          { text: '—', on: 'jishi' },
        ),
      ),
    ];
  } finally {
    await bench.stop(later);
  }
}

/**
 * K: the Kafka clients side by side — @platformatic/kafka in the Jishi column, kafkajs (the services'
 * client) in the baseline's: produce → consume, and the time a consumer takes to join a group.
 */
export async function kafkaClients(sizes: Sizes): Promise<Figure[]> {
  const bench = new KafkaClientsBench();
  try {
    await bench.start();
    const kafkajs = bench.kafkajs as NonNullable<typeof bench.kafkajs>;
    const platformatic = bench.platformatic as NonNullable<typeof bench.platformatic>;
    const spec = (title: string, unit: string, size: string, target: Target) => ({
      id: 'K',
      title: `${title} (Jishi column: @platformatic/kafka 1.35.0; baseline: kafkajs 2.2.4)`,
      unit,
      size,
      repetitions: sizes.repetitions,
      target,
    });
    return [
      await pairs(
        spec(
          'Kafka clients: produce → consume, end to end',
          'messages/s',
          `${sizes.pipelineMessages} messages`,
          {
            text: '—',
            on: 'ratio',
          },
        ),
        () => kafkajs.throughput(sizes.pipelineMessages),
        () => platformatic.throughput(sizes.pipelineMessages),
      ),
      await pairs(
        spec("Kafka clients: a new group's member until it has its partitions", 's', 'one member', {
          text: '—',
          on: 'ratio',
        }),
        () => kafkajs.firstJoin(),
        () => platformatic.firstJoin(),
      ),
      await pairs(
        spec('Kafka clients: a second member joining, until the group has rebalanced', 's', 'two members', {
          text: '—',
          on: 'ratio',
        }),
        () => kafkajs.secondJoin(),
        () => platformatic.secondJoin(),
      ),
    ];
  } finally {
    await bench.stop();
  }
}
