/**
 * The benchmark suite at a small size, in `npm test`: proves the harness runs each figure on the real
 * stack and prints its table. It asserts that every number was produced, never a time: the figures
 * themselves are `npm run bench`'s.
 */
import { DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import { eventPipeline, ledgerVerification, SMOKE, stepLatency } from './figures';
import { report } from './harness';

describe('the benchmark suite, at a small size', () => {
  const system = new SystemUnderTest(DRIVER_SYSTEM_OPTIONS);

  beforeAll(async () => {
    await system.start();
  }, 600_000);

  afterAll(async () => {
    await system.stop();
  }, 300_000);

  it('measures each figure beside its baseline and prints the table', async () => {
    const figures = [
      ...(await stepLatency(system, SMOKE)),
      await ledgerVerification(SMOKE),
      await eventPipeline(SMOKE),
    ];
    const text = report('smoke', figures, SMOKE.repetitions);
    for (const figure of figures) {
      expect(figure.jishi.samples).toHaveLength(SMOKE.repetitions);
      expect(figure.jishi.samples.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      if (figure.baseline) {
        expect(figure.baseline.samples).toHaveLength(SMOKE.repetitions);
        expect(figure.ratio?.median).toEqual(expect.any(Number));
      }
      expect(text).toContain(`| ${figure.id} |`);
    }
  });
});
