/**
 * Operability on the real stack: every process of Jishi tells its liveness and readiness and shows its
 * metrics on its operations port; a poison message and a broker that goes away take the consumers'
 * readiness down and raise their metrics, and both recover without anyone's help.
 */
import { Topics } from '@jishi/contracts';
import { caseProfile, profileAsItems } from '@jishi/domain';
import { type AppName, driveCase, DRIVER_SYSTEM_OPTIONS, SystemUnderTest } from '@jishi/e2e';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const run = promisify(execFile);

/** The dead letters the archive may write within the window before it is taken out of service. */
const DEAD_LETTER_WINDOW_MS = 10_000;

/** The readiness checks each process runs, and the metrics each shows beyond every process's own. */
const EXPECTED: Readonly<Record<AppName, { checks: string[]; metrics: string[] }>> = {
  archive: {
    checks: ['database', 'kafka', 'consumer:archive'],
    metrics: [
      'jishi_http_requests_total',
      'jishi_consumer_lag',
      'jishi_consumer_up',
      'jishi_dead_letters_total',
    ],
  },
  nomination: {
    checks: ['database', 'kafka', 'outbox', 'consumer:nomination'],
    metrics: [
      'jishi_http_request_duration_seconds_bucket',
      'jishi_consumer_lag',
      'jishi_outbox_pending',
      'jishi_outbox_oldest_age_seconds',
    ],
  },
  inspection: {
    checks: ['database', 'kafka', 'outbox', 'consumer:inspection'],
    metrics: ['jishi_http_requests_total', 'jishi_consumer_messages_total', 'jishi_outbox_rows_total'],
  },
  voting: {
    checks: ['database', 'kafka', 'outbox', 'consumer:voting'],
    metrics: ['jishi_http_requests_total', 'jishi_consumer_crashes_total', 'jishi_outbox_pending'],
  },
  calendar: {
    checks: ['database', 'kafka', 'outbox'],
    metrics: ['jishi_http_requests_total', 'jishi_outbox_pending'],
  },
  'signal-bridge': {
    checks: ['kafka', 'temporal', 'consumer:signal-bridge'],
    metrics: ['jishi_consumer_lag', 'jishi_consumer_messages_total', 'jishi_dead_letters_total'],
  },
  worker: {
    checks: ['kafka', 'temporal-worker'],
    // The Temporal SDK's own, merged in.
    metrics: [
      'temporal_workflow_completed_total',
      'temporal_activity_execution_latency_bucket',
      'temporal_worker_task_slots_available',
    ],
  },
  gateway: {
    checks: ['kafka', 'temporal'],
    metrics: [
      'jishi_http_requests_total',
      'jishi_case_steps_total',
      'jishi_case_refusals_total',
      'jishi_cases',
    ],
  },
};

const EVERY_PROCESS = [
  'jishi_ready',
  'jishi_check_up',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
];

interface Readiness {
  readonly status: number;
  readonly body: {
    status?: string;
    details?: Record<string, { status: string; error?: string; [key: string]: unknown }>;
  };
}

/** A sample's value in Prometheus text: the first line of the metric whose labels include all given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('operability: health that tells the truth, metrics on every process', () => {
  const system = new SystemUnderTest({
    ...DRIVER_SYSTEM_OPTIONS,
    env: {
      // A dead letter keeps the archive degraded for a window a test can wait out.
      archive: { JISHI_DEAD_LETTER_WINDOW_MS: String(DEAD_LETTER_WINDOW_MS) },
    },
  });
  const stackSh = path.join(system.stack.workspaceRoot, 'deploy/local/stack.sh');
  const log = (line: string) => process.stdout.write(`[operability] ${line}\n`);

  const readiness = async (name: AppName): Promise<Readiness> => {
    try {
      const response = await fetch(`${system.opsUrl(name)}/health/ready`, {
        signal: AbortSignal.timeout(10_000),
      });
      return { status: response.status, body: (await response.json()) as Readiness['body'] };
    } catch (err) {
      return { status: 0, body: { status: `no answer: ${(err as Error).message}` } };
    }
  };
  const metrics = async (name: AppName): Promise<string> =>
    (await fetch(`${system.opsUrl(name)}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const waitFor = async <T>(
    what: string,
    read: () => Promise<T>,
    until: (value: T) => boolean,
    ms = 120_000,
  ) => {
    const deadline = Date.now() + ms;
    let last: T = await read();
    while (!until(last)) {
      if (Date.now() > deadline)
        throw new Error(`${what}: not seen within ${ms / 1000} s; last: ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      last = await read();
    }
    return last;
  };

  beforeAll(async () => {
    await system.start();
  }, 600_000);

  afterAll(async () => {
    // Whatever the test did to it, the stack is up again for the suites after this one.
    await run('bash', [stackSh, 'up'], { env: { ...process.env, JISHI_NO_INSTALL: '1' } }).catch(
      () => undefined,
    );
    await system.stop();
  }, 300_000);

  it('every process is live and ready with its checks, and shows the metrics of what it does after a case', async () => {
    const { caseId } = await driveCase(system, { label: 'operability', log });
    // Steps no specification has, one under a real gate's name: refused, and counted as such, under
    // no label of the client's making (a made-up name never becomes a series of its own).
    for (const step of ['no.such-step', `qualification.made-up-${system.runId}`]) {
      const refused = await fetch(`${system.gatewayUrl}/cases/${caseId}/steps/${step}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${system.token('org_staff', 'org-dept')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: {} }),
      });
      expect(refused.status).toBe(404);
    }

    for (const name of Object.keys(EXPECTED) as AppName[]) {
      const live = await fetch(`${system.opsUrl(name)}/health/live`);
      expect({ name, status: live.status }).toEqual({ name, status: 200 });
      // Ready once its consumers have caught up with the case's messages.
      const ready = await waitFor(
        `${name} ready`,
        () => readiness(name),
        (r) => r.status === 200,
        60_000,
      );
      expect({ name, checks: Object.keys(ready.body.details ?? {}).sort() }).toEqual({
        name,
        checks: [...EXPECTED[name].checks].sort(),
      });
      const text = await metrics(name);
      for (const metric of [...EVERY_PROCESS, ...EXPECTED[name].metrics])
        expect({ name, metric, shown: new RegExp(`^${metric}[{ ]`, 'm').test(text) }).toEqual({
          name,
          metric,
          shown: true,
        });
      expect({ name, ready: sample(text, 'jishi_ready') }).toEqual({ name, ready: 1 });
    }

    // Every metric the alert rules and the dashboard in deploy/monitoring query is one a process shows
    // (but Prometheus' own `up`, and the SDK's count of failed workflow tasks: shown once one fails).
    const shown = new Set<string>();
    for (const name of Object.keys(EXPECTED) as AppName[])
      for (const line of (await metrics(name)).split('\n'))
        if (/^[a-z0-9_]+[{ ]/.test(line)) shown.add((/^[a-z0-9_]+/.exec(line) as RegExpExecArray)[0]);
    const monitoring = path.join(system.stack.workspaceRoot, 'deploy/monitoring');
    const queried = new Set(
      [
        readFileSync(path.join(monitoring, 'alerts.yml'), 'utf8'),
        readFileSync(path.join(monitoring, 'grafana/jishi.json'), 'utf8'),
      ]
        .flatMap((text) => text.match(/\b(?:jishi|temporal|process|nodejs)_[a-z0-9_]+/g) ?? [])
        .filter((metric) => metric !== 'temporal_workflow_task_execution_failed_total'),
    );
    expect(queried.size).toBeGreaterThan(15);
    expect([...queried].filter((metric) => !shown.has(metric))).toEqual([]);

    // The contract the gateway serves is the one committed (services/gateway/openapi.json).
    const served = (await (await fetch(`${system.gatewayUrl}/docs-json`)).json()) as unknown;
    const committed = JSON.parse(
      readFileSync(path.join(system.stack.workspaceRoot, 'services/gateway/openapi.json'), 'utf8'),
    ) as unknown;
    expect(served).toEqual(committed);

    // What the case did, counted where it happened.
    const gateway = await metrics('gateway');
    expect(
      sample(gateway, 'jishi_case_steps_total', { gate: 'qualification', outcome: 'accepted' }),
    ).toBeGreaterThan(0);
    expect(
      sample(gateway, 'jishi_case_refusals_total', { gate: '(unknown)', code: 'CASE.UNKNOWN_STEP' }),
    ).toBe(2);
    expect(gateway).not.toContain(`made-up-${system.runId}`);
    expect(
      sample(gateway, 'jishi_http_requests_total', {
        method: 'POST',
        route: '/cases/:caseId/steps/:stepId',
        status: '404',
      }),
    ).toBe(2);
    // The cases are counted in the background every 30 s: the completed one shows by the next count.
    await waitFor(
      'the completed case counted',
      async () => sample(await metrics('gateway'), 'jishi_cases', { gate: 'closed', status: 'completed' }),
      (count) => (count ?? 0) >= 1,
      45_000,
    );
    const archive = await metrics('archive');
    expect(
      sample(archive, 'jishi_consumer_messages_total', { topic: Topics.caseEvents, outcome: 'processed' }),
    ).toBeGreaterThan(10);
    expect(sample(archive, 'jishi_consumer_lag', { topic: Topics.caseEvents })).toBe(0);
    const worker = await metrics('worker');
    expect(sample(worker, 'temporal_workflow_completed_total')).toBeGreaterThanOrEqual(1);
  });

  it('every process logs JSON lines, a request under one id from the gateway to the service, and no names', async () => {
    const requestId = `operability-${system.runId}`;
    const response = await fetch(`${system.gatewayUrl}/calendar/years`, {
      headers: {
        authorization: `Bearer ${system.token('org_staff', 'org-dept')}`,
        'x-request-id': requestId,
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    // An id that is no id is not taken: the gateway gives the request one of its own.
    const odd = await fetch(`${system.gatewayUrl}/health`, {
      headers: { 'x-request-id': 'a b {"forged":1}' },
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const linesOf = (name: AppName) =>
      readFileSync(system.logFile(name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
    for (const name of Object.keys(EXPECTED) as AppName[]) {
      const lines = linesOf(name);
      expect(lines.length).toBeGreaterThan(5);
      const notJson = lines.filter((line) => {
        try {
          return typeof (JSON.parse(line) as { level?: unknown }).level !== 'string';
        } catch {
          return true;
        }
      });
      expect({ name, notJson: notJson.slice(0, 3) }).toEqual({ name, notJson: [] });
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect({ name, named: parsed.every((l) => l['process'] === name) }).toEqual({ name, named: true });
      // The people of the case by name (the rolls carry them): never in a log.
      for (const personal of ['参加人员1', '考察组成员1', '测评人员1', '常委1'])
        expect({ name, personal, logged: lines.some((l) => l.includes(personal)) }).toEqual({
          name,
          personal,
          logged: false,
        });
    }
    // The access line at the gateway and at the service it called, under the one id.
    const access = (name: AppName) =>
      linesOf(name)
        .map(
          (line) =>
            JSON.parse(line) as {
              reqId?: string;
              req?: { method: string; path: string };
              res?: { statusCode: number };
              route?: string;
            },
        )
        .filter((l) => l.reqId === requestId && l.res);
    expect(access('gateway')).toEqual([
      expect.objectContaining({
        req: expect.objectContaining({ method: 'GET', path: '/calendar/years' }),
        res: { statusCode: 200 },
        route: '/calendar/years',
      }),
    ]);
    expect(access('calendar')).toEqual([
      expect.objectContaining({ res: { statusCode: 200 }, route: '/calendar/years' }),
    ]);
    // A step's access line names its case and step.
    const step = linesOf('gateway')
      .map((line) => JSON.parse(line) as { route?: string; caseId?: string; step?: string })
      .find((l) => l.route === '/cases/:caseId/steps/:stepId');
    expect(step).toMatchObject({ caseId: expect.stringMatching(/^dept-e2e-/), step: expect.any(String) });
  });

  it('follows one step by the trace id its answer names: the gateway, the workflow, its activity, Kafka and the archive', async () => {
    const officer = system.token('department_officer', 'dept-trace');
    const staff = system.token('org_staff', 'org-dept');
    const started = await fetch(`${system.gatewayUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        requestId: `trace-${system.runId}`,
        departmentId: 'dept-trace',
        title: '县交通运输局副局长选拔',
        posts: 1,
        committeeMembers: 3,
        recommendationParticipants: 1,
        profile: { recommendationByTalks: false },
      }),
    });
    expect(started.status).toBe(201);
    const { caseId } = (await started.json()) as { caseId: string };
    await waitFor(
      'the case at its qualification gate',
      async () =>
        (await (
          await fetch(`${system.gatewayUrl}/cases/${caseId}`, {
            headers: { authorization: `Bearer ${staff}` },
          })
        ).json()) as { gate?: string },
      (s) => s.gate === 'qualification',
    );
    const step = await fetch(`${system.gatewayUrl}/cases/${caseId}/steps/qualification.profile`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${staff}`,
        'content-type': 'application/json',
        'idempotency-key': `trace-${system.runId}`,
      },
      body: JSON.stringify({ items: profileAsItems(caseProfile({ recommendationByTalks: false })) }),
    });
    expect([200, 202]).toContain(step.status);
    const traceId = step.headers.get('x-trace-id') ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // The trace as each process wrote it (spans are logged in batches, within a second or so).
    interface SpanLine {
      span: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: string;
        attributes: Record<string, unknown>;
      };
    }
    const spansOf = (name: AppName) =>
      readFileSync(system.logFile(name), 'utf8')
        .split('\n')
        .filter((line) => line.includes(traceId))
        .map((line) => (JSON.parse(line) as SpanLine).span)
        .filter((span) => span?.traceId === traceId);
    const trace = await waitFor(
      'the step’s trace in the gateway, the worker and the archive',
      async () => ({ gateway: spansOf('gateway'), worker: spansOf('worker'), archive: spansOf('archive') }),
      (t) =>
        t.archive.some((s) => s.name === `consume ${Topics.caseEvents}`) &&
        t.worker.some((s) => s.name.startsWith('RunActivity:publishCaseFact')),
      60_000,
    );
    const names = (spans: SpanLine['span'][]) => spans.map((s) => s.name);
    // The request at the gateway, its update to the workflow, the workflow's handling of it.
    expect(names(trace.gateway)).toEqual(
      expect.arrayContaining([
        'POST /cases/:caseId/steps/:stepId',
        expect.stringMatching(/^StartWorkflowUpdate:/),
      ]),
    );
    expect(names(trace.worker)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HandleUpdate:/),
        expect.stringMatching(/^StartActivity:publishCaseFact/),
        expect.stringMatching(/^RunActivity:publishCaseFact/),
      ]),
    );
    // The fact's message consumed by the archive, in the same trace, naming the case.
    const consumed = trace.archive.find((s) => s.name === `consume ${Topics.caseEvents}`);
    expect(consumed).toMatchObject({ kind: 'CONSUMER', attributes: { 'jishi.case_id': caseId } });
    // One trace, not four: every span's parent is a span of the trace, but the request's own.
    const all = [...trace.gateway, ...trace.worker, ...trace.archive];
    const ids = new Set(all.map((s) => s.spanId));
    const roots = all.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(names(roots)).toEqual(['POST /cases/:caseId/steps/:stepId']);
  });

  it('a poison message raises the dead letters and the log says so; the archive stays in service, degraded for the window', async () => {
    const before =
      sample(await metrics('archive'), 'jishi_dead_letters_total', { topic: Topics.caseEvents }) ?? 0;
    const kafka = new Kafka({
      clientId: 'faults-operability',
      brokers: system.stack.kafka.brokers,
      sasl: system.stack.kafka.sasl(),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: Topics.caseEvents,
      messages: [{ key: `poison-${system.runId}`, value: randomBytes(64) }],
    });
    await producer.disconnect();

    await waitFor(
      'the dead letter counted',
      async () => sample(await metrics('archive'), 'jishi_dead_letters_total', { topic: Topics.caseEvents }),
      (count) => count === before + 1,
    );
    // One poison message never takes a service out: the consumer went on with the next message.
    const degraded = await readiness('archive');
    expect(degraded.status).toBe(200);
    expect(degraded.body.details?.['consumer:archive']).toMatchObject({ status: 'up', degraded: true });
    expect(Number(degraded.body.details?.['consumer:archive']?.['deadLetters'])).toBeGreaterThanOrEqual(1);
    expect(sample(await metrics('archive'), 'jishi_check_up', { check: 'consumer:archive' })).toBe(1);
    // Said in the archive's log, with the reason and where it came from (never its content).
    const said = readFileSync(system.logFile('archive'), 'utf8')
      .split('\n')
      .filter(
        (line) => line.includes('"component":"dead-letters"') && line.includes(`poison-${system.runId}`),
      )
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(said).toEqual([
      expect.objectContaining({
        level: 'warn',
        consumer: 'archive',
        topic: Topics.caseEvents,
        reason: expect.any(String),
      }),
    ]);

    // The window passes and nothing more fails: no longer degraded.
    const clear = await waitFor(
      'the archive no longer degraded',
      () => readiness('archive'),
      (r) => r.status === 200 && r.body.details?.['consumer:archive']?.['degraded'] === false,
      DEAD_LETTER_WINDOW_MS + 30_000,
    );
    expect(clear.body.details?.['consumer:archive']).toMatchObject({ status: 'up', deadLetters: 0 });
  });

  it('the broker away takes every consumer out of service and shows it in the metrics; back, they recover', async () => {
    const consumers: AppName[] = ['archive', 'nomination', 'signal-bridge'];
    log('halting Kafka');
    await run('bash', [stackSh, 'halt', 'kafka']);
    try {
      for (const name of consumers) {
        const down = await waitFor(
          `${name} not ready without Kafka`,
          () => readiness(name),
          (r) => r.status === 503,
          90_000,
        );
        expect({ name, kafka: down.body.details?.['kafka']?.status }).toEqual({ name, kafka: 'down' });
        const text = await metrics(name);
        expect({ name, kafkaUp: sample(text, 'jishi_check_up', { check: 'kafka' }) }).toEqual({
          name,
          kafkaUp: 0,
        });
        expect({ name, ready: sample(text, 'jishi_ready') }).toEqual({ name, ready: 0 });
      }
      // The gateway cannot take steps without Kafka either, and says so on its public health.
      await waitFor(
        'the gateway unavailable',
        async () => (await fetch(`${system.gatewayUrl}/health`)).status,
        (s) => s === 503,
      );
    } finally {
      log('starting Kafka again');
      await run('bash', [stackSh, 'up'], { env: { ...process.env, JISHI_NO_INSTALL: '1' } });
    }
    for (const name of Object.keys(EXPECTED) as AppName[]) {
      const ready = await waitFor(
        `${name} ready again`,
        () => readiness(name),
        (r) => r.status === 200,
        180_000,
      );
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
    }
    expect((await fetch(`${system.gatewayUrl}/health`)).status).toBe(200);
  });
});
