/**
 * The role × endpoint × case matrix, generated from the gateway's own OpenAPI document: every
 * operation says who may call it (`x-jishi-roles`) or that it is public, and every role a person may
 * hold is tried on every operation on the running system. A role not listed is refused with 403
 * AUTH.ROLE_FORBIDDEN; a listed one is not refused for its role, and no answer is a 5xx, whatever the
 * parameters. A department's officer is refused another department's case. An operation added
 * without a list fails the test. Then Schemathesis (PyPI) fuzzes every operation of the document with
 * each role's token: FUZZ_REQUESTS generated requests at least (1,000 in `npm test`; `npm run fuzz`
 * sends 20,000), none answered with a 5xx or outside its declared response schema.
 */
import { SystemUnderTest } from '@jishi/e2e';
import { Client, Connection } from '@temporalio/client';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const FUZZ_REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? '1000');
/**
 * What every answer is held to: no server error, and the contract — a status it declares, a media type
 * it declares for that status, the headers it declares, a body in its schema.
 */
const CONFORMANCE_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
].join(',');
const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? String(Date.now() % 1_000_000));

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly roles?: readonly string[];
  readonly public?: boolean;
}

describe('who may call what: every role on every operation of the OpenAPI document', () => {
  const system = new SystemUnderTest({ timers: 'consultation=1h', policy: '{"consultationUnits":[]}' });
  const DEPT = 'dept-matrix';
  let operations: Operation[] = [];
  let personRoles: string[] = [];
  let caseId = '';

  const tokenOf = (
    role: string,
    unit = role === 'department_officer' || role === 'unit_leader' ? DEPT : 'org-dept',
  ) => system.token(role, unit, `${role}-matrix`);

  /** The operation's path with every parameter filled as a real request would: the real case where it names one. */
  const REAL: Readonly<Record<string, string>> = {
    '{year}': '2026',
    '{stepId}': 'qualification.conditions',
    '{updateId}': 'someone-1%2Fk1%2F0123456789abcdef',
    '{gate}': 'qualification',
  };
  const concrete = (path: string, forCase: string) =>
    path.replace('{caseId}', forCase).replace(/\{[^}]+\}/g, (p) => REAL[p] ?? 'x1');

  async function call(
    op: Operation,
    token: string,
    forCase: string,
  ): Promise<{ status: number; code?: string }> {
    const method = op.method.toUpperCase();
    const response = await fetch(`${system.gatewayUrl}${concrete(op.path, forCase)}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
      },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
    });
    const text = await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      code = undefined;
    }
    return { status: response.status, ...(code ? { code } : {}) };
  }

  beforeAll(async () => {
    await system.start();
    const document = (await (await fetch(`${system.gatewayUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { 'x-jishi-roles'?: string[]; 'x-jishi-public'?: boolean }>>;
      'x-jishi-person-roles': string[];
    };
    personRoles = document['x-jishi-person-roles'];
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        ...(op['x-jishi-roles'] ? { roles: op['x-jishi-roles'] } : {}),
        ...(op['x-jishi-public'] ? { public: true } : {}),
      })),
    );
    const started = await fetch(`${system.gatewayUrl}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenOf('department_officer')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        requestId: `req-matrix-${system.runId}`,
        departmentId: DEPT,
        title: '县统计局副局长选拔',
        posts: 1,
        committeeMembers: 7,
        recommendationParticipants: 6,
      }),
    });
    expect(started.status).toBe(201);
    caseId = ((await started.json()) as { caseId: string }).caseId;
  });

  afterAll(() => system.stop());

  it('finds every operation saying who may call it, and every role a person may hold', () => {
    expect(personRoles.length).toBeGreaterThan(10);
    expect(operations.length).toBeGreaterThan(30);
    const unlisted = operations
      .filter((op) => !op.roles && !op.public)
      .map((op) => `${op.method} ${op.path}`);
    expect(unlisted).toEqual([]);
    for (const op of operations) for (const role of op.roles ?? []) expect(personRoles).toContain(role);
  });

  it('refuses every role an operation does not list, lets through every role it lists, and answers no 5xx', async () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => !o.public)) {
      for (const role of personRoles) {
        // A case of another department's: the matrix asks about the role, not the unit.
        const reply = await call(op, tokenOf(role), caseId);
        const listed = (op.roles ?? []).includes(role);
        const where = `${role} ${op.method.toUpperCase()} ${op.path} → ${reply.status} ${reply.code ?? ''}`;
        if (reply.status >= 500) wrong.push(`5xx: ${where}`);
        else if (!listed && !(reply.status === 403 && reply.code === 'AUTH.ROLE_FORBIDDEN'))
          wrong.push(`not refused: ${where}`);
        else if (listed && reply.code === 'AUTH.ROLE_FORBIDDEN')
          wrong.push(`refused though listed: ${where}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a department’s officer and leader every operation on another department’s case', async () => {
    const wrong: string[] = [];
    const caseOperations = operations.filter((op) => op.path.includes('{caseId}'));
    expect(caseOperations.length).toBeGreaterThan(10);
    for (const op of caseOperations)
      for (const role of ['department_officer', 'unit_leader'].filter((r) => op.roles?.includes(r))) {
        const reply = await call(op, tokenOf(role, 'dept-elsewhere'), caseId);
        // Refused for the unit, or for the shape of the request before the case is looked at (an
        // upload's body that is not a file type): nothing of the case is read or told.
        if (!(reply.status === 403 && reply.code === 'AUTH.WRONG_UNIT') && ![411, 415].includes(reply.status))
          wrong.push(
            `${role} of dept-elsewhere ${op.method.toUpperCase()} ${op.path} → ${reply.status} ${reply.code ?? ''}`,
          );
      }
    expect(wrong).toEqual([]);
  });

  it('shows and opens no case another deployment runs in the same namespace (its own task queue)', async () => {
    const connection = await Connection.connect({
      address: system.stack.temporal.address,
      tls: system.stack.temporal.tls(),
    });
    const client = new Client({ connection, namespace: system.stack.temporal.namespace });
    const foreignId = `${DEPT}-foreign-${system.runId}`;
    // Another deployment's case: the same workflow type and department, on that deployment's task queue.
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: `case-${foreignId}`,
      taskQueue: `another-deployment-${system.runId}`,
      args: [],
      memo: { departmentId: DEPT },
    });
    try {
      for (const role of ['org_staff', 'minister', 'supervision_section_chief', 'department_officer']) {
        const reply = await call({ method: 'get', path: '/cases/{caseId}' }, tokenOf(role), foreignId);
        expect({ role, ...reply }).toEqual({ role, status: 404, code: 'CASE.NOT_FOUND' });
        const record = await call(
          { method: 'get', path: '/cases/{caseId}/record' },
          tokenOf(role),
          foreignId,
        );
        // Not found, or not this role's to read at all: nothing of the case either way.
        expect({ role, refused: [403, 404].includes(record.status) }).toEqual({ role, refused: true });
      }
      const listed = await fetch(`${system.gatewayUrl}/cases?limit=200`, {
        headers: { authorization: `Bearer ${tokenOf('org_staff')}` },
      });
      const ids = ((await listed.json()) as Array<{ caseId: string }>).map((c) => c.caseId);
      expect(ids).toContain(caseId);
      expect(ids).not.toContain(foreignId);
    } finally {
      await handle.terminate('the isolation test is over').catch(() => undefined);
      await connection.close();
    }
  });

  it(
    'stands Schemathesis with every role’s token: no 5xx, no status, media type, header or body outside the contract',
    async () => {
      const home = process.env['JISHI_HOME'] ?? path.join(system.stack.workspaceRoot, '.jishi');
      const tools = path.join(home, 'tools/schemathesis');
      const reports = mkdtempSync(path.join(tmpdir(), 'jishi-fuzz-'));
      const sent: Array<{ role: string; method: string; url: string; status: number }> = [];
      const failures: string[] = [];
      // Rounds over every role, each asking more examples per operation, until enough requests went out.
      for (let round = 1; sent.length < FUZZ_REQUESTS && round <= 50; round += 1) {
        for (const role of personRoles) {
          const har = path.join(reports, `${round}-${role}.har`);
          const args = [
            ...['-m', 'schemathesis.cli', 'run', `${system.gatewayUrl}/docs-json`],
            ...['--header', `Authorization: Bearer ${tokenOf(role)}`],
            ...['--checks', CONFORMANCE_CHECKS],
            ...['--phases', 'examples,fuzzing', '--max-examples', String(round * 2)],
            ...['--seed', String(FUZZ_SEED + round), '--workers', '1', '--no-shrink', '--no-color'],
            ...['--request-timeout', '90', '--report', 'har', '--report-har-path', har],
            ...['--generation-database', 'none', '--max-failures', '20'],
          ];
          const outcome = await promisify(execFile)('python3', args, {
            env: { ...process.env, PYTHONPATH: tools },
            // Schemathesis keeps a cache in its working directory: the run's own, not the workspace.
            cwd: reports,
            maxBuffer: 64 * 1024 * 1024,
            timeout: 20 * 60_000,
          }).then(
            (r) => ({ code: 0, out: r.stdout }),
            (e: { code?: number; stdout?: string; stderr?: string }) => ({
              code: e.code ?? 1,
              out: `${e.stdout ?? ''}${e.stderr ?? ''}`,
            }),
          );
          const entries = (
            JSON.parse(readFileSync(har, 'utf8')) as {
              log: {
                entries: Array<{ request: { method: string; url: string }; response: { status: number } }>;
              };
            }
          ).log.entries;
          for (const entry of entries)
            sent.push({
              role,
              method: entry.request.method,
              url: entry.request.url,
              status: entry.response.status,
            });
          if (outcome.code !== 0)
            failures.push(`${role} (seed ${FUZZ_SEED + round}):\n${outcome.out.slice(-6000)}`);
          if (sent.length >= FUZZ_REQUESTS) break;
        }
      }
      const serverErrors = sent
        .filter((r) => r.status >= 500)
        .map((r) => `${r.role} ${r.method} ${r.url} → ${r.status}`);
      process.stdout.write(
        `fuzzing: ${sent.length} requests over ${operations.length} operations, ` +
          `${new Set(sent.map((r) => r.role)).size} roles, seed ${FUZZ_SEED}, ${serverErrors.length} answered 5xx\n`,
      );
      expect(sent.length).toBeGreaterThanOrEqual(FUZZ_REQUESTS);
      expect(serverErrors).toEqual([]);
      expect(failures).toEqual([]);
    },
    60 * 60_000,
  );
});
