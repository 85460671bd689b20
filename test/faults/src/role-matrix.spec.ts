/**
 * The role × endpoint × case matrix, generated from the gateway's own OpenAPI document: every
 * operation says who may call it (`x-jishi-roles`) or that it is public, and every role a person may
 * hold is tried on every operation on the running system. A role not listed is refused with 403
 * AUTH.ROLE_FORBIDDEN; a listed one is not refused for its role, and no answer is a 5xx, whatever the
 * parameters. A department's officer is refused another department's case. An operation added
 * without a list fails the test.
 */
import { SystemUnderTest } from '@jishi/e2e';

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
});
