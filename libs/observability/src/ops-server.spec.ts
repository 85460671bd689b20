import {
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

describe('the operations settings', () => {
  it('name each value out of range', () => {
    const problems: string[] = [];
    opsSettingsFromEnv(
      'ARCHIVE',
      3204,
      { ARCHIVE_OPS_PORT: '70000', JISHI_DEAD_LETTER_LIMIT: '0', JISHI_OPS_HOST: 'a b' },
      problems,
    );
    expect(problems).toEqual([
      'JISHI_OPS_HOST must be a host name or address, not "a b"',
      'ARCHIVE_OPS_PORT must be a whole number from 0 to 65535, not "70000"',
      'JISHI_DEAD_LETTER_LIMIT must be a whole number from 1 to 1000000, not "0"',
    ]);
  });

  it('default to the process port and the documented bounds', () => {
    const settings = opsSettingsFromEnv('GATEWAY', 3200, {}, []);
    expect(settings).toMatchObject({
      host: '127.0.0.1',
      port: 3200,
      deadLetterLimit: 10,
      outboxMaxAgeMs: 60_000,
    });
  });
});
