import {
  cached,
  Observability,
  opsSettingsFromEnv,
  startOpsServer,
  type OpsServer,
  type CheckOutcome,
} from './index';

describe('the operations port', () => {
  let observability: Observability;
  let ops: OpsServer;
  let kafka: CheckOutcome;

  beforeAll(async () => {
    observability = new Observability('test', { ...opsSettingsFromEnv('TEST', 0, {}, []), port: 0 });
    observability.addCheck('database', async () => ({ status: 'up' }));
    observability.addCheck('kafka', async () => kafka);
    observability.addMetricsText(
      async () => '# HELP sdk_metric x\n# TYPE sdk_metric counter\nsdk_metric 3\n',
    );
    ops = await startOpsServer(observability);
  });
  afterAll(() => ops.close());

  it('is live whatever its checks say', async () => {
    kafka = { status: 'down', details: { error: 'no broker' } };
    const response = await fetch(`${ops.url}/health/live`);
    expect(response.status).toBe(200);
  });

  it('is ready only while no check is down, and says which is and why', async () => {
    kafka = { status: 'up', details: { lag: 0 } };
    let response = await fetch(`${ops.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });

    kafka = { status: 'degraded', details: { lag: 20_000 } };
    response = await fetch(`${ops.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      info: { kafka: { status: 'up', degraded: true, lag: 20_000 } },
    });

    kafka = { status: 'down', details: { error: 'no broker' } };
    response = await fetch(`${ops.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'error',
      error: { kafka: { status: 'down', error: 'no broker' } },
      info: { database: { status: 'up' } },
    });
  });

  it('takes a check that throws or does not answer as down', async () => {
    const remove = observability.addCheck('slow', () => new Promise(() => undefined));
    const removeThrowing = observability.addCheck('throwing', async () => {
      throw new Error('refused');
    });
    kafka = { status: 'up' };
    const outcomes = await observability.evaluate();
    expect(outcomes['slow']).toMatchObject({ status: 'down' });
    expect(outcomes['throwing']).toEqual({ status: 'down', details: { error: 'refused' } });
    remove();
    removeThrowing();
    expect(Object.keys(await observability.evaluate()).sort()).toEqual(['database', 'kafka']);
  });

  it('shows its metrics with the checks, the process and what parts serve themselves', async () => {
    kafka = { status: 'down', details: {} };
    const response = await fetch(`${ops.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('jishi_check_up{check="kafka",process="test"} 0');
    expect(text).toContain('jishi_check_up{check="database",process="test"} 1');
    expect(text).toContain('jishi_ready{process="test"} 0');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('sdk_metric 3');
  });
});

describe('a process that stops or breaks', () => {
  it('is not ready once it drains, and not live once broken, saying why', async () => {
    const observability = new Observability('breaking', {
      ...opsSettingsFromEnv('TEST', 0, {}, []),
      port: 0,
    });
    observability.addCheck('database', async () => ({ status: 'up' }));
    const ops = await startOpsServer(observability);
    try {
      expect((await fetch(`${ops.url}/health/ready`)).status).toBe(200);
      observability.markBroken('the consumer x crashed and will not restart');
      const live = await fetch(`${ops.url}/health/live`);
      expect(live.status).toBe(503);
      expect(await live.json()).toMatchObject({
        error: { process: { error: 'the consumer x crashed and will not restart' } },
      });
      observability.drain();
      const ready = await fetch(`${ops.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        error: { process: { error: 'the process is shutting down' } },
      });
    } finally {
      await observability.close();
    }
  });
});

describe('a cached reading', () => {
  it('is shared while under way however long it takes, kept for its time once settled, and not kept failed', async () => {
    let reads = 0;
    let release: (v: number) => void = () => undefined;
    const read = cached(50, () => {
      reads += 1;
      return reads === 2
        ? Promise.reject(new Error('away'))
        : new Promise<number>((resolve) => (release = resolve));
    });
    const first = read();
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Past its time, but still under way: the same reading.
    expect(read()).toBe(first);
    release(1);
    expect(await first).toBe(1);
    expect(read()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(read()).rejects.toThrow('away');
    // The failure is not kept.
    const third = read();
    expect(reads).toBe(3);
    release(3);
    expect(await third).toBe(3);
  });
});

describe('the operations settings', () => {
  it('name each value out of range', () => {
    const problems: string[] = [];
    opsSettingsFromEnv(
      'ARCHIVE',
      3204,
      { ARCHIVE_OPS_PORT: '70000', JISHI_DEAD_LETTER_WINDOW_MS: '10', JISHI_OPS_HOST: 'a b' },
      problems,
    );
    expect(problems).toEqual([
      'JISHI_OPS_HOST must be a host name or address, not "a b"',
      'ARCHIVE_OPS_PORT must be a whole number from 0 to 65535, not "70000"',
      'JISHI_DEAD_LETTER_WINDOW_MS must be a whole number from 1000 to 86400000, not "10"',
    ]);
  });

  it('default to the process port and the documented bounds', () => {
    const settings = opsSettingsFromEnv('GATEWAY', 3200, {}, []);
    expect(settings).toMatchObject({
      host: '127.0.0.1',
      port: 3200,
      deadLetterWindowMs: 300_000,
      outboxMaxAgeMs: 60_000,
    });
  });
});
