/**
 * The benchmark suite at a small size, in `npm test`: proves the harness runs each figure on the real
 * stack and prints its table. It asserts that every number was produced, never a time: the figures
 * themselves are `npm run bench`'s. The case's timers are shorter than the full run's (the
 * announcement 2 s, the probation 1 s), to keep the run short.
 */
import { DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import {
  eventPipeline,
  ledgerVerification,
  memoryWithOpenCases,
  SMOKE,
  stepLatency,
  supervisorQueries,
  wholeCases,
} from './figures';
import { type Figure, report } from './harness';

describe('the benchmark suite, at a small size', () => {
  const system = new SystemUnderTest({
    ...DRIVER_SYSTEM_OPTIONS,
    timers: 'announcement=2s,probation=1s,consultation=1h,deadlineDay=1s',
  });
  const figures: Figure[] = [];

  beforeAll(async () => {
    await system.start();
  }, 600_000);

  afterAll(async () => {
    await system.stop();
  }, 300_000);

  /** Each repetition's number produced, finite and positive, with its baseline's and the ratio. */
  function produced(measured: readonly Figure[], repetitions = SMOKE.repetitions): void {
    expect(measured.length).toBeGreaterThan(0);
    for (const figure of measured) {
      expect(figure.jishi.samples).toHaveLength(repetitions);
      expect(figure.jishi.samples.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      if (figure.baseline) {
        expect(figure.baseline.samples).toHaveLength(repetitions);
        expect(figure.ratio?.median).toEqual(expect.any(Number));
      }
      figures.push(figure);
    }
  }

  // Whole cases take long: the smoke run drives them in one repetition.
  it('P1: whole cases beside the bare case of the same script', async () => {
    produced([await wholeCases(system, SMOKE)], SMOKE.caseRepetitions);
  }, 480_000);

  it('P2: a step at the gateway and until it is sealed', async () => {
    produced(await stepLatency(system, SMOKE));
  }, 240_000);

  it('P4: ledger verification beside raw cryptography', async () => {
    produced([await ledgerVerification(SMOKE)]);
  }, 240_000);

  it('P6: the event pipeline beside raw Kafka', async () => {
    produced([await eventPipeline(SMOKE)]);
  }, 240_000);

  it('P5: memory with open cases', async () => {
    produced(await memoryWithOpenCases(system, SMOKE));
  }, 240_000);

  it('P3: a supervisor’s queries at two levels of cases in the store', async () => {
    produced(await supervisorQueries(system, SMOKE));
  }, 240_000);

  it('prints the table of every figure', () => {
    const text = report('smoke', figures, SMOKE.repetitions);
    for (const id of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) expect(text).toContain(`| ${id} |`);
  });
});
