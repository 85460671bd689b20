import {
  type CaseBundle,
  factHash,
  leafHash,
  documentDigest,
  documentSignText,
  signatureSuite,
  signOffText,
  verifyBundle,
  verifyCaseFile,
  verifyInclusion,
  verifySubmission,
} from '@jishi/evidence';
import { unzipSync, zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { signEnvelope } from '@jishi/messaging';
import { mkdirSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CalendarYearChangedSchema,
  CaseFactRecordedSchema,
  DeadlineNoticeSchema,
  caseWorkflowId,
  type CaseStatus,
  ConsultationAnsweredSchema,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type SupervisionSubmission,
  SupervisionSubmissionSchema,
  Topics,
} from '@jishi/contracts';
import {
  addDays,
  caseProfile,
  chinaDateOf,
  CURRENT_SPEC_VERSION,
  dayOfWeek,
  GATE_KEYS,
  type GateKey,
  profileAsItems,
  ROLES,
  signOffSlots,
  type SignOffSlot,
  specificationOf,
  WorkingCalendar,
  yearOf,
} from '@jishi/domain';
import { eligibleCheck, exampleItems, type SampleAttachments } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import { noticeFor } from './case-driver';
import { KafkaProbe } from './kafka-replay';
import { type AppName, SystemUnderTest } from './system';

/**
 * One case through all nine gates, end to end: the whole system as its own processes on the real
 * stack, driven only through the gateway's HTTP API (and one member unit answering on its topic).
 */
describe('a case through all nine gates, end to end', () => {
  const system = new SystemUnderTest({
    timers: 'announcement=8s,probation=6s,consultation=1h,deadlineDay=1s',
    // No organization-chosen member units: the three the rules always require.
    // Three shortlisted for two posts is enough here (差额考察, more candidates than posts).
    policy: '{"consultationUnits":[],"shortlistCandidatesPerPost":1.5}',
  });
  const probe = new KafkaProbe(system.stack.kafka.brokers, system.stack.kafka.sasl());
  let temporal: Connection;
  let client: Client;

  const DEPT = 'dept-e2e';
  /** The organization department's administrator who loads the year's schedule, this run's own. */
  const ADMIN = `admin-${system.runId}`;
  const UNITS = ['candidate_unit_party_body', 'candidate_unit_personnel', 'discipline_inspection'];
  const VOTERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  const CANDIDATES = ['cand-a', 'cand-b', 'cand-c', 'cand-d'];
  let tokens: Record<string, string>;
  let caseId = '';
  /** The case's files in the attachment store: the record's items name them by digest. */
  let files: SampleAttachments;
  const MINUTES = Buffer.from('%PDF-1.4\n% 会议记录 / minutes of the meeting\n', 'utf8');
  const RECORDING = Buffer.from('OggS\u0000 会议录音 / recording of the meeting', 'utf8');
  const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** The keys the nominators and the inspection team sign their documents with. */
  const DOCUMENT_SUITE = signatureSuite('ed25519-sha256');
  const DOCUMENT_KEYS = new Map<string, { publicKey: string; privateKey: string }>();
  /** The digest of the inspection report as its team signed it. */
  let reportDigestSigned = '';

  interface Reply {
    status: number;
    body: Record<string, unknown> & { code?: string };
  }

  async function api(token: string | null, method: string, path: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${system.gatewayUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // As a careful client does: every step submitted once per key (a repeatable step requires one).
        ...(method === 'POST' && /\/steps\//.test(path) ? { 'idempotency-key': randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Reply['body']) : {} };
  }

  const status = async (): Promise<CaseStatus> => {
    let reply = await api(tokens['staff'] as string, 'GET', `/cases/${caseId}`);
    // While the case's worker is away (the walk kills it), the status is 503 — not a request that
    // hangs; a client asks again.
    for (let i = 0; i < 120 && reply.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      reply = await api(tokens['staff'] as string, 'GET', `/cases/${caseId}`);
    }
    expect(reply.status).toBe(200);
    return reply.body as unknown as CaseStatus;
  };

  async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 240 && !ok(value); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      value = await read();
    }
    if (!ok(value)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    return value;
  }

  const atGate = (gate: string) => until(`the ${gate} gate`, status, (s) => s.gate === gate);
  /** The member units a case waits on, among everyone it waits on. */
  const unitsAwaited = (s: CaseStatus) => s.waitingOn.filter((w) => (UNITS as readonly string[]).includes(w));

  const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const wd = (date: string) => WEEKDAYS[dayOfWeek(date)] as string;

  /** Years the calendar covers now, as the gateway lists them. */
  async function coveredYears(): Promise<number[]> {
    const reply = await expectOk(api(tokens['officer'] as string, 'GET', '/calendar/years'), 200);
    return (reply as unknown as { year: number }[]).map((y) => y.year);
  }

  /** The administrator previews and loads a year's notice through the gateway; returns when it was loaded. */
  async function loadYear(year: number): Promise<number> {
    const text = noticeFor(year);
    const preview = await expectOk(
      api(tokens['admin'] as string, 'POST', '/calendar/notices/preview', { text }),
      200,
    );
    expect(preview).toMatchObject({ year, kind: 'annual', current: { origin: 'none' } });
    expect(preview['holidays']).toEqual(expect.arrayContaining([`${year}-01-01`, `${year}-10-07`]));
    const loadedAt = Date.now();
    const loaded = await expectOk(api(tokens['admin'] as string, 'POST', '/calendar/years', { text }), 201);
    expect(loaded).toMatchObject({
      year,
      origin: 'loaded',
      version: 1,
      loadedBy: { id: ADMIN, role: 'org_admin' },
    });
    return loadedAt;
  }

  /** The case's facts as the workflow published them, in order. */
  async function publishedFacts() {
    return (await probe.keyed(Topics.caseEvents, caseId))
      .map((m) => fromBinary(CaseFactRecordedSchema, decodeEnvelope(m.value as Buffer).payload))
      .sort((a, b) => a.sequence - b.sequence);
  }

  async function step(
    who: string,
    stepId: string,
    items: Record<string, unknown> = {},
    candidateId?: string,
  ): Promise<void> {
    const reply = await api(tokens[who] as string, 'POST', `/cases/${caseId}/steps/${stepId}`, {
      items,
      ...(candidateId === undefined ? {} : { candidateId }),
    });
    if (reply.status !== 200)
      throw new Error(`${stepId} by ${who}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  async function expectOk(reply: Promise<Reply>, statusCode: number): Promise<Reply['body']> {
    const r = await reply;
    if (r.status !== statusCode)
      throw new Error(`expected ${statusCode}, got ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  beforeAll(async () => {
    await system.start();
    await probe.connect();
    temporal = await Connection.connect({
      address: system.stack.temporal.address,
      tls: system.stack.temporal.tls(),
    });
    client = new Client({ connection: temporal, namespace: system.stack.temporal.namespace });
    tokens = {
      officer: system.token('department_officer', DEPT, 'officer-1'),
      otherOfficer: system.token('department_officer', 'dept-elsewhere', 'officer-9'),
      staff: system.token('org_staff', 'org-dept', 'staff-1'),
      chief: system.token('cadre_section_chief', 'org-dept', 'chief-1'),
      minister: system.token('minister', 'org-dept', 'minister-1'),
      deputy: system.token('deputy_minister', 'org-dept', 'deputy-1'),
      inspector: system.token('inspection_team_member', 'org-dept', 'inspector-1'),
      inspector2: system.token('inspection_team_member', 'org-dept', 'inspector-2'),
      recorder: system.token('recorder', 'org-dept', 'recorder-1'),
      reviewer: system.token('reviewer', 'org-dept', 'reviewer-1'),
      supervision: system.token('supervision_section_chief', 'org-dept', 'supervision-1'),
      supervisor: system.token('supervisor', 'supervision', 'supervisor-1'),
      admin: system.token('org_admin', 'org-dept', ADMIN),
      ...Object.fromEntries(VOTERS.map((m) => [m, system.token('voter', 'committee', m)])),
      ...Object.fromEntries(UNITS.map((u) => [u, system.token('member_unit', u, `${u}-desk`)])),
    };
  });

  afterAll(async () => {
    // A case left running by a failed run would wait for a worker that is gone: end it.
    if (caseId && client) {
      const handle = client.workflow.getHandle(caseWorkflowId(caseId));
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('end-to-end run over');
    }
    await temporal?.close();
    await probe.disconnect();
    await system.stop();
  });

  const start = {
    requestId: `req-${system.runId}`,
    departmentId: DEPT,
    title: '县交通运输局副局长选拔',
    posts: 2,
    committeeMembers: 7,
    recommendationParticipants: 6,
    // The nomination service reports meetings, not individual talks.
    profile: { recommendationByTalks: false },
  };

  it('starts a case once per portal request, and refuses what a portal may not do', async () => {
    const first = await expectOk(api(tokens['officer'] as string, 'POST', '/cases', start), 201);
    caseId = first['caseId'] as string;
    expect(first['created']).toBe(true);
    const again = await expectOk(api(tokens['officer'] as string, 'POST', '/cases', start), 200);
    expect(again).toEqual({ caseId, created: false });
    const reused = await api(tokens['officer'] as string, 'POST', '/cases', { ...start, title: '另一事项' });
    expect(reused).toMatchObject({ status: 409, body: { code: 'CASE.REQUEST_REUSED', field: 'requestId' } });
    const otherDept = await api(tokens['otherOfficer'] as string, 'POST', '/cases', start);
    expect(otherDept).toMatchObject({ status: 403, body: { code: 'AUTH.WRONG_UNIT' } });
    const bad = await api(tokens['officer'] as string, 'POST', '/cases', { ...start, posts: 0 });
    expect(bad).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'posts' } });
    expect(bad.body['zh']).toContain('posts');
    const badProfile = await api(tokens['officer'] as string, 'POST', '/cases', {
      ...start,
      requestId: 'req-bad',
      profile: { postLevel: 'galaxy' },
    });
    expect(badProfile).toMatchObject({ status: 400, body: { field: 'profile.postLevel' } });
    const notJson = await api(tokens['officer'] as string, 'POST', '/cases', '{"requestId":');
    expect(notJson).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID' } });
    const voter = await api(tokens['m1'] as string, 'POST', '/cases', start);
    expect(voter).toMatchObject({ status: 403, body: { code: 'AUTH.ROLE_FORBIDDEN' } });
    expect((await status()).gate).toBe('qualification');
  });

  it('refuses unauthenticated, foreign and out-of-unit callers', async () => {
    expect(await api(null, 'GET', `/cases/${caseId}`)).toMatchObject({
      status: 401,
      body: { code: 'AUTH.UNAUTHENTICATED' },
    });
    expect(await api(system.foreignToken('org_staff', 'org-dept'), 'GET', `/cases/${caseId}`)).toMatchObject({
      status: 401,
      body: { code: 'AUTH.INVALID_TOKEN' },
    });
    expect(await api(tokens['otherOfficer'] as string, 'GET', `/cases/${caseId}`)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.WRONG_UNIT' },
    });
    expect(await api(tokens['m1'] as string, 'GET', `/cases/${caseId}`)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.ROLE_FORBIDDEN' },
    });
    expect(
      await api(
        tokens['supervisor'] as string,
        'POST',
        `/cases/${caseId}/steps/qualification.conditions`,
        {},
      ),
    ).toMatchObject({
      status: 403,
      body: { code: 'CASE.ROLE_NOT_ALLOWED' },
    });
    expect(await api(tokens['officer'] as string, 'GET', `/cases/${caseId}`)).toMatchObject({ status: 200 });
    expect(await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}`)).toMatchObject({
      status: 200,
    });
    expect(await api(tokens['staff'] as string, 'GET', '/cases/no-such-case')).toMatchObject({
      status: 404,
      body: { code: 'CASE.NOT_FOUND' },
    });
    // Every participation endpoint refuses the roles it is not for, before anything reaches a service.
    const refused: [string, string, string][] = [
      ['m1', 'POST', 'nomination/forms'],
      ['staff', 'POST', 'nomination/ballots'],
      ['m1', 'POST', 'nomination/close'],
      ['officer', 'PUT', 'inspection/team'],
      ['inspector', 'PUT', 'inspection/notice'],
      ['staff', 'POST', 'inspection/appraisals'],
      ['m1', 'PUT', 'inspection/report'],
      ['supervisor', 'POST', 'inspection/close'],
      ['staff', 'POST', 'decision/ballots'],
      ['m1', 'POST', 'decision/attendance'],
      ['supervisor', 'POST', 'decision/close'],
      ['officer', 'GET', 'record'],
      ['m1', 'GET', 'decision'],
    ];
    for (const [who, method, path] of refused) {
      const reply = await api(
        tokens[who] as string,
        method,
        `/cases/${caseId}/${path}`,
        method === 'GET' ? undefined : {},
      );
      expect({ who, path, ...reply }).toMatchObject({
        who,
        path,
        status: 403,
        body: { code: 'AUTH.ROLE_FORBIDDEN' },
      });
    }
    expect(
      await api(tokens['otherOfficer'] as string, 'POST', `/cases/${caseId}/nomination/forms`, {}),
    ).toMatchObject({ status: 403, body: { code: 'AUTH.WRONG_UNIT' } });

    // Lists: the organization and supervisors see every department; an officer only their own.
    const listed = await until(
      'the case in the list',
      () => api(tokens['supervisor'] as string, 'GET', `/cases?department=${DEPT}`),
      (r) => r.status === 200 && (r.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId),
    );
    expect(
      (listed.body as unknown as { caseId: string; title: string }[]).find((c) => c.caseId === caseId),
    ).toMatchObject({
      departmentId: DEPT,
      title: start.title,
      status: 'running',
      awaiting: ['org_staff', 'recorder'],
    });
    const elsewhere = await api(tokens['otherOfficer'] as string, 'GET', '/cases');
    expect(elsewhere.status).toBe(200);
    expect((elsewhere.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId)).toBe(false);
    expect(await api(tokens['otherOfficer'] as string, 'GET', `/cases?department=${DEPT}`)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.WRONG_UNIT' },
    });
    expect(await api(tokens['staff'] as string, 'GET', `/cases?status=maybe`)).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'status' },
    });
    // The count: the list's filters, within the same reach.
    const all = await api(tokens['supervisor'] as string, 'GET', `/cases?department=${DEPT}&limit=200`);
    const counted = await api(tokens['supervisor'] as string, 'GET', `/cases/count?department=${DEPT}`);
    expect(counted).toMatchObject({
      status: 200,
      body: { count: (all.body as unknown as unknown[]).length },
    });
    expect((counted.body as { count: number }).count).toBeGreaterThanOrEqual(1);
    expect(
      await api(tokens['supervisor'] as string, 'GET', `/cases/count?department=${DEPT}&gate=no_such_gate`),
    ).toMatchObject({ status: 200, body: { count: 0 } });
    expect(await api(tokens['otherOfficer'] as string, 'GET', '/cases/count')).toMatchObject({
      status: 200,
      body: { count: (elsewhere.body as unknown as unknown[]).length },
    });
    expect(
      await api(tokens['otherOfficer'] as string, 'GET', `/cases/count?department=${DEPT}`),
    ).toMatchObject({
      status: 403,
      body: { code: 'AUTH.WRONG_UNIT' },
    });
    expect(await api(tokens['staff'] as string, 'GET', `/cases/count?overdue=maybe`)).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'overdue' },
    });

    const docs = await fetch(`${system.gatewayUrl}/docs-json`);
    expect(docs.status).toBe(200);
    expect(Object.keys(((await docs.json()) as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/cases', '/cases/{caseId}', '/cases/{caseId}/steps/{stepId}']),
    );
  });

  it('keeps the case’s attachments by digest: those who record it upload, the rest are refused, a named file must be stored', async () => {
    const upload = async (token: string | null, name: string, type: string, bytes: Buffer, id = caseId) => {
      const response = await fetch(
        `${system.gatewayUrl}/cases/${id}/attachments?${new URLSearchParams({ name }).toString()}`,
        {
          method: 'POST',
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
          body: bytes,
        },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const minutes = await upload(tokens['staff'] as string, '会议记录.pdf', 'application/pdf', MINUTES);
    expect(minutes).toMatchObject({
      status: 201,
      body: {
        sha256: sha256Of(MINUTES),
        name: '会议记录.pdf',
        mediaType: 'application/pdf',
        size: MINUTES.length,
        uploadedBy: 'staff-1',
      },
    });
    const recording = await upload(tokens['recorder'] as string, '会议录音.ogg', 'audio/ogg', RECORDING);
    expect(recording).toMatchObject({
      status: 201,
      body: { sha256: sha256Of(RECORDING), mediaType: 'audio/ogg' },
    });
    files = {
      document: { name: '会议记录.pdf', sha256: sha256Of(MINUTES) },
      recording: { name: '会议录音.ogg', sha256: sha256Of(RECORDING) },
    };
    // The same bytes again change nothing; the first name stands.
    expect(
      await upload(tokens['officer'] as string, '另一名称.pdf', 'application/pdf', MINUTES),
    ).toMatchObject({
      status: 200,
      body: { sha256: sha256Of(MINUTES), name: '会议记录.pdf' },
    });
    // Refused: no token, a voter, a supervisor (reads, never adds), another department, a case that
    // does not exist, a body the gateway would read as data, a name with a path in it.
    expect(await upload(null, 'x.pdf', 'application/pdf', MINUTES)).toMatchObject({ status: 401 });
    expect(await upload(tokens['m1'] as string, 'x.pdf', 'application/pdf', MINUTES)).toMatchObject({
      status: 403,
    });
    expect(await upload(tokens['supervisor'] as string, 'x.pdf', 'application/pdf', MINUTES)).toMatchObject({
      status: 403,
    });
    expect(await upload(tokens['otherOfficer'] as string, 'x.pdf', 'application/pdf', MINUTES)).toMatchObject(
      {
        status: 403,
        body: { code: 'AUTH.WRONG_UNIT' },
      },
    );
    expect(
      await upload(tokens['staff'] as string, 'x.pdf', 'application/pdf', MINUTES, 'no-such-case'),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await upload(tokens['staff'] as string, 'x.json', 'application/json', Buffer.from('{}')),
    ).toMatchObject({
      status: 415,
      body: { code: 'ATTACHMENT.MEDIA_TYPE' },
    });
    expect(await upload(tokens['staff'] as string, '../x.pdf', 'application/pdf', MINUTES)).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'name' },
    });
    // Read back byte for byte by those who read the case; listed with who uploaded each.
    const back = await fetch(`${system.gatewayUrl}/cases/${caseId}/attachments/${sha256Of(RECORDING)}`, {
      headers: { authorization: `Bearer ${tokens['supervisor'] as string}` },
    });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await back.arrayBuffer()).equals(RECORDING)).toBe(true);
    const listed = await expectOk(
      api(tokens['officer'] as string, 'GET', `/cases/${caseId}/attachments`),
      200,
    );
    expect(
      (listed as unknown as { sha256: string; uploadedBy: string }[]).map((a) => [a.sha256, a.uploadedBy]),
    ).toEqual(
      expect.arrayContaining([
        [sha256Of(MINUTES), 'staff-1'],
        [sha256Of(RECORDING), 'recorder-1'],
      ]),
    );
    expect(await api(tokens['m1'] as string, 'GET', `/cases/${caseId}/attachments`)).toMatchObject({
      status: 403,
    });
  });

  it('refuses every step a service, a member unit or the system brings to every person, whatever the role, changing nothing', async () => {
    const before = await status();
    const notPersons = specificationOf(CURRENT_SPEC_VERSION).steps.filter((s) => s.arrives !== 'person');
    expect(notPersons.map((s) => s.id)).toEqual(
      expect.arrayContaining(['decision.meeting', 'decision.vote', 'decision.deferral', 'nomination.result']),
    );
    const roles = [...ROLES.filter((r) => r !== 'service'), 'voter', 'org_admin'];
    for (const step of notPersons) {
      for (const role of roles) {
        const unit = role === 'department_officer' || role === 'unit_leader' ? DEPT : 'org-dept';
        const token = system.token(role, unit, `${role}-table`);
        const reply = await api(token, 'POST', `/cases/${caseId}/steps/${step.id}`, {
          items: step.id === 'decision.meeting' ? { 'decision.meeting.outcome': 'rejected' } : {},
          ...(step.per === 'candidate' ? { candidateId: 'cand-a' } : {}),
        });
        expect({ step: step.id, role, status: reply.status, code: reply.body.code }).toEqual({
          step: step.id,
          role,
          status: 403,
          code: 'CASE.STEP_NOT_YOURS',
        });
      }
    }
    // Nothing changed but the record of the attempts: each person's itemized up to the day's limit
    // (20), then one fact saying the rest are not — of those who may read or sign the case; a voter's,
    // a member unit's or an administrator's attempts are refused without a word on the case.
    const perPerson = notPersons.length <= 20 ? notPersons.length : 21;
    const recorded = roles.filter((r) => !['voter', 'member_unit', 'org_admin'].includes(r));
    const after = await until(
      'the refused attempts on the record',
      status,
      (s) => s.facts === before.facts + recorded.length * perPerson,
    );
    expect({ ...after, facts: 0 }).toEqual({ ...before, facts: 0 });
  });

  it('refuses a step in the wrong gate, by the wrong role or with a malformed body, and changes nothing', async () => {
    const before = await status();
    const wrongGate = await api(
      tokens['chief'] as string,
      'POST',
      `/cases/${caseId}/steps/deliberation.department_meeting`,
      {
        items: {},
      },
    );
    expect(wrongGate).toMatchObject({ status: 409, body: { code: 'CASE.WRONG_GATE' } });
    expect(wrongGate.body['zh']).toBeTruthy();
    const wrongRole = await api(
      tokens['officer'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      {
        items: {},
      },
    );
    expect(wrongRole).toMatchObject({ status: 403, body: { code: 'CASE.ROLE_NOT_ALLOWED' } });
    const badValue = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      {
        items: { 'qualification.conditions.set_on': '2026-13-01' },
      },
    );
    expect(badValue).toMatchObject({ status: 422, body: { code: 'CATALOGUE.INVALID_VALUE' } });
    const notAnObject = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      {
        items: 'eligible',
      },
    );
    expect(notAnObject).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'items' } });
    // A NUL character PostgreSQL would refuse, and a nesting deep enough to exhaust a stack: 400, named.
    const nul = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      {
        items: { 'qualification.conditions.post': '副局长\u0000' },
      },
    );
    expect(nul).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'items.qualification.conditions.post' },
    });
    const deep = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      `{"items":{"qualification.conditions.post":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
    );
    expect(deep).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID' } });
    const extraField = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.conditions`,
      {
        items: {},
        actor: { role: 'minister' },
      },
    );
    expect(extraField).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'actor' } });
    const unknownStep = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/no.such.step`,
      {},
    );
    expect(unknownStep).toMatchObject({ status: 404, body: { code: 'CASE.UNKNOWN_STEP' } });
    // Nothing changed but the record: the three attempts a rule refused are facts of it — who
    // tried what, and which rule refused it (a malformed request never reached a rule).
    const after = await until(
      'the refused attempts on the record',
      status,
      (s) => s.facts === before.facts + 3,
    );
    expect({ ...after, facts: 0 }).toEqual({ ...before, facts: 0 });
    const record = await until(
      'the archive to hold the refused attempts',
      () => api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/record`),
      (r) => r.status === 200 && (r.body['facts'] as unknown[]).length === after.facts,
    );
    const refused = (
      record.body['facts'] as { kind: string; refused?: unknown; actor: { id: string; role: string } }[]
    )
      .slice(before.facts)
      .map((f) => ({ kind: f.kind, refused: f.refused, role: f.actor.role }));
    expect(refused).toEqual([
      {
        kind: 'step.refused',
        refused: { stepId: 'deliberation.department_meeting', code: 'CASE.WRONG_GATE' },
        role: 'cadre_section_chief',
      },
      {
        kind: 'step.refused',
        refused: { stepId: 'qualification.conditions', code: 'CASE.ROLE_NOT_ALLOWED' },
        role: 'department_officer',
      },
      {
        kind: 'step.refused',
        refused: {
          stepId: 'qualification.conditions',
          code: 'CATALOGUE.INVALID_VALUE',
          field: 'qualification.conditions.set_on',
        },
        role: 'org_staff',
      },
    ]);
  });

  it('keeps the working-day calendar: everyone reads it, only an administrator changes it, and unreadable text is refused by line', async () => {
    const years = await coveredYears();
    expect(years).toContain(2026);
    const next = Math.max(...years) + 1;
    const y2026 = await expectOk(api(tokens['supervisor'] as string, 'GET', '/calendar/years/2026'), 200);
    expect(y2026).toMatchObject({ origin: 'package', version: 0 });
    expect(y2026['makeUpWorkdays']).toEqual(expect.arrayContaining(['2026-01-04', '2026-10-10']));
    expect(await api(tokens['officer'] as string, 'GET', `/calendar/years/${next}`)).toMatchObject({
      status: 404,
      body: { code: 'CAL.YEAR_NOT_COVERED' },
    });
    expect(await api(null, 'GET', '/calendar/years')).toMatchObject({ status: 401 });
    // Who changed what, and why, is for the record's readers and the administrators.
    expect(await api(tokens['m1'] as string, 'GET', '/calendar/years/2026/versions')).toMatchObject({
      status: 403,
    });
    expect(await api(tokens['admin'] as string, 'GET', '/calendar/years/2026/versions')).toMatchObject({
      status: 200,
    });
    expect(await api(tokens['supervisor'] as string, 'GET', '/calendar/years/0000/record')).toMatchObject({
      status: 400,
      body: { field: 'year' },
    });

    const text = noticeFor(next);
    for (const who of ['staff', 'supervisor', 'officer', 'm1']) {
      for (const path of [
        '/calendar/years',
        '/calendar/notices/preview',
        `/calendar/years/${next}/withdrawal`,
      ]) {
        expect(await api(tokens[who] as string, 'POST', path, { text, reason: '无权' })).toMatchObject({
          status: 403,
          body: { code: 'AUTH.ROLE_FORBIDDEN' },
        });
      }
    }
    // A weekday that does not match its date: refused with the line, in the administrator's terms.
    const jan1 = `${next}-01-01`;
    const misdated = text.replace(`1月1日（${wd(jan1)}）`, `1月1日（${wd(`${next}-01-02`)}）`);
    expect(misdated).not.toBe(text);
    const refused = await api(tokens['admin'] as string, 'POST', '/calendar/years', { text: misdated });
    expect(refused).toMatchObject({
      status: 422,
      body: { code: 'CAL.NOTICE_WEEKDAY_MISMATCH', details: { line: 5 } },
    });
    expect(String(refused.body['zh'])).toContain('第5行');
    const unreadable = await api(tokens['admin'] as string, 'POST', '/calendar/years', {
      text: text.replace('节假日期间', '八、植树节：3月12日放假。\n节假日期间'),
    });
    expect(unreadable).toMatchObject({
      status: 422,
      body: { code: 'CAL.NOTICE_UNREADABLE', details: { line: 7 } },
    });
    // A year the package covers, contradicted without saying it is a correction.
    const contradicts = await api(tokens['admin'] as string, 'POST', '/calendar/years', {
      text: [
        '国务院办公厅关于2026年部分节假日安排的通知',
        '国办发明电〔2025〕7号',
        '经国务院批准，现将2026年元旦放假调休日期的具体安排通知如下。',
        '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
        '国务院办公厅',
        '2025年11月4日',
      ].join('\n'),
    });
    expect(contradicts).toMatchObject({ status: 409, body: { code: 'CAL.DISAGREES_WITH_PACKAGE' } });
    const body = await api(tokens['admin'] as string, 'POST', '/calendar/years', { text: 42 });
    expect(body).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'text' } });
    // None of it changed the calendar.
    expect(await api(tokens['officer'] as string, 'GET', `/calendar/years/${next}`)).toMatchObject({
      status: 404,
    });
    expect(await coveredYears()).toEqual(years);
  });

  it('walks all nine gates for two posts: people choose, one candidate found ineligible, a void meeting reconvened, a deferred candidate voted later, surviving a killed worker', async () => {
    const today = chinaDateOf(Date.now());
    const filled = (stepId: string, own: Record<string, unknown> = {}) =>
      exampleItems(stepId, own, { today, attachments: files });

    // qualification: the post's conditions, and the profile the department proposed, confirmed by
    // the organization department (it decides which oversight steps the case needs).
    await step(
      'staff',
      'qualification.conditions',
      filled('qualification.conditions', {
        'qualification.conditions.level': 'county',
        'qualification.conditions.rank': 'deputy',
      }),
    );
    const noProfile = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/qualification.profile`,
      {
        items: {},
      },
    );
    expect(noProfile).toMatchObject({ status: 422, body: { code: 'CATALOGUE.MISSING_ITEM' } });
    await step('staff', 'qualification.profile', profileAsItems(caseProfile(start.profile)));
    await step(
      'officer',
      'motion.propose',
      filled('motion.propose', {
        'motion.propose.reason': '原局长到龄退休，职位空缺',
        'motion.propose.approval_grounds': ['none'],
      }),
    );
    // A work plan naming a document the case's store does not hold is refused, naming the item.
    const unstored = await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/steps/motion.work_plan`, {
      items: filled('motion.work_plan', {
        'motion.work_plan.document': { name: '工作方案.pdf', sha256: 'e'.repeat(64) },
      }),
    });
    expect(unstored).toMatchObject({
      status: 422,
      body: { code: 'RECORD.ATTACHMENT_NOT_STORED', details: { field: 'motion.work_plan.document' } },
    });
    await step('staff', 'motion.work_plan', filled('motion.work_plan'));

    // nomination: signed forms for four people, recommendation ballots: a 4, b 3, c 2, d 1 votes.
    // The nominators and the inspection team sign with keys the administrator registered for them.
    for (const person of [
      'secretary-1',
      'secretary-2',
      'secretary-3',
      'secretary-4',
      'inspector-1',
      'inspector-2',
    ]) {
      const key = DOCUMENT_SUITE.generateKeyPair();
      DOCUMENT_KEYS.set(person, key);
      await expectOk(
        api(tokens['admin'] as string, 'POST', '/keys', { personId: person, publicKey: key.publicKey }),
        201,
      );
    }
    await atGate('nomination');
    await until(
      'the nomination round',
      () => api(tokens['staff'] as string, 'GET', `/cases/${caseId}/nomination`),
      (r) => r.status === 200,
    );
    const form = {
      subject: 'leader',
      signerIsPartySecretary: true,
      organizationDepartmentPrincipalId: 'org-principal',
      reason: '主持完成全县农村公路改造三年行动，获省级表彰，熟悉交通建设管理',
      strengths: '熟悉交通建设',
      weaknesses: '宏观谋划能力有待提高',
      kinshipDeclared: false,
    };
    /** A form signed by its nominator's key (or `key`, someone else's), over its digest. */
    const signedForm = (nominatorId: string, candidateId: string, key = DOCUMENT_KEYS.get(nominatorId)) => {
      const filled = { ...form, nominatorId, candidateId };
      const text = documentSignText({
        caseId,
        kind: 'nomination.form',
        digest: documentDigest(filled),
        signerId: nominatorId,
      });
      return { ...filled, signature: DOCUMENT_SUITE.sign(text, key?.privateKey as string) };
    };
    // A form "signed" with a string, or with another person's key, is refused before anything is taken.
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/nomination/forms`, {
        ...signedForm('secretary-1', 'cand-a'),
        signature: 'ab'.repeat(32),
      }),
    ).toMatchObject({ status: 422, body: { code: 'RECORD.SIGNATURE_INVALID' } });
    expect(
      await api(
        tokens['staff'] as string,
        'POST',
        `/cases/${caseId}/nomination/forms`,
        signedForm('secretary-1', 'cand-a', DOCUMENT_KEYS.get('secretary-2')),
      ),
    ).toMatchObject({ status: 422, body: { code: 'RECORD.SIGNATURE_INVALID' } });
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/nomination/forms`, {
        ...signedForm('nobody-1', 'cand-a', DOCUMENT_KEYS.get('secretary-2')),
      }),
    ).toMatchObject({ status: 409, body: { code: 'RECORD.NO_SIGNING_KEY' } });
    for (const [i, candidateId] of CANDIDATES.entries()) {
      await expectOk(
        api(
          tokens['staff'] as string,
          'POST',
          `/cases/${caseId}/nomination/forms`,
          signedForm(`secretary-${i + 1}`, candidateId),
        ),
        201,
      );
    }
    // The recommendation meeting's roll: its six participants; only they vote.
    expect(
      await api(tokens['m1'] as string, 'POST', `/cases/${caseId}/nomination/ballots`, {
        candidateIds: ['cand-a'],
      }),
    ).toMatchObject({ status: 409, body: { code: 'NOMINATION.NO_ROLL' } });
    await expectOk(
      api(tokens['staff'] as string, 'PUT', `/cases/${caseId}/nomination/participants`, {
        members: VOTERS.map((m) => ({ personId: m, name: `参加人员${m}` })),
      }),
      204,
    );
    const outsider = system.token('voter', 'committee', 'x-outsider');
    expect(
      await api(outsider, 'POST', `/cases/${caseId}/nomination/ballots`, { candidateIds: ['cand-a'] }),
    ).toMatchObject({ status: 403, body: { code: 'NOMINATION.NOT_ON_ROLL' } });
    // A ballot names no one: cast in the voter's own name, a body naming someone is refused.
    expect(
      await api(tokens['m1'] as string, 'POST', `/cases/${caseId}/nomination/ballots`, {
        candidateIds: ['cand-a'],
        participantId: 'm2',
      }),
    ).toMatchObject({ status: 400 });
    const choices: Record<string, string[]> = {
      m1: ['cand-a', 'cand-b'],
      m2: ['cand-a', 'cand-b'],
      m3: ['cand-a', 'cand-c'],
      m4: ['cand-a', 'cand-c'],
      m5: ['cand-b', 'cand-d'],
    };
    // The participants vote together, as at the meeting. Five of the six vote: the ballot box writes a
    // batch only while it leaves none or another full batch to come, so it holds the last of them until
    // the sixth votes or the round closes; each voter is answered once their ballot is written.
    const cast = Object.entries(choices).map(([m, candidateIds]) =>
      expectOk(
        api(tokens[m] as string, 'POST', `/cases/${caseId}/nomination/ballots`, { candidateIds }),
        204,
      ),
    );
    await until(
      'the five ballots written or in the box',
      () => api(tokens['staff'] as string, 'GET', `/cases/${caseId}/nomination`),
      (r) => (r.body['participants'] as number) + (r.body['waiting'] as number) === 5,
    );
    await expectOk(api(tokens['staff'] as string, 'POST', `/cases/${caseId}/nomination/close`), 200);
    await Promise.all(cast);

    // inspection: the organization department shortlists three for two posts and checks each; the
    // negative list bars cand-c (a demerit inside its impact period), who leaves with the rule's code.
    await atGate('inspection');
    const nominated = await until('the nominated', status, (s) => (s.candidates ?? []).length === 4);
    expect(nominated.candidates?.map((c) => c.id)).toEqual(CANDIDATES);
    const shortlist = (ids: string[]) =>
      filled('inspection.shortlist', {
        'inspection.shortlist.candidates': ids.map((id) => ({ id, name: id })),
      });
    const tooFew = await api(
      tokens['staff'] as string,
      'POST',
      `/cases/${caseId}/steps/inspection.shortlist`,
      {
        items: shortlist(['cand-a', 'cand-b']),
      },
    );
    expect(tooFew).toMatchObject({ status: 422, body: { code: 'INSP.SHORTLIST_RATIO' } });
    await step('staff', 'inspection.shortlist', shortlist(['cand-a', 'cand-b', 'cand-c']));
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/steps/inspection.shortlist`, {
        items: shortlist(['cand-a']),
      }),
    ).toMatchObject({ status: 422, body: { code: 'INSP.ALREADY_SHORTLISTED' } });
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/steps/inspection.shortlist`, {
        candidateId: 'cand-d',
        items: shortlist(['cand-d']),
      }),
    ).toMatchObject({ status: 422, body: { code: 'CAND.NOT_PER_CANDIDATE' } });
    const check = (candidateId: string, own: Record<string, unknown> = {}) =>
      api(tokens['staff'] as string, 'POST', `/cases/${caseId}/steps/qualification.check`, {
        candidateId,
        items: eligibleCheck(
          { 'qualification.check.checked_on': today, ...own },
          { today, attachments: files },
        ),
      });
    expect(await check('cand-d')).toMatchObject({ status: 409, body: { code: 'CAND.NOT_IN_SCOPE' } });
    expect(await check('cand-z')).toMatchObject({ status: 422, body: { code: 'CAND.UNKNOWN' } });
    expect(await check('cand-a')).toMatchObject({ status: 200 });
    const demerit = { kind: 'gov_demerit', decidedOn: addDays(today, -60) };
    expect(await check('cand-c', { 'qualification.check.measures': [demerit] })).toMatchObject({
      status: 200,
    });
    expect(await check('cand-b')).toMatchObject({ status: 200 });
    const checked = await status();
    expect(checked.candidates?.find((c) => c.id === 'cand-c')).toMatchObject({
      status: 'ineligible',
      left: { code: 'NEG.SANCTION_PERIOD' },
    });
    await until(
      'the inspection',
      () => api(tokens['staff'] as string, 'GET', `/cases/${caseId}/inspection`),
      (r) => r.status === 200,
    );
    expect(
      (await api(tokens['staff'] as string, 'GET', `/cases/${caseId}/inspection`)).body['shortlist'],
    ).toEqual(['cand-a', 'cand-b']);
    await expectOk(
      api(tokens['staff'] as string, 'PUT', `/cases/${caseId}/inspection/team`, {
        members: [
          { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
          { personId: 'inspector-2', name: '考察组成员2', kinship: {} },
        ],
      }),
      204,
    );
    // The inspection notice: a start before the publication is refused; this one came four weeks
    // ahead, far more than the policy's 1–3 working days, and the record will say so.
    const notice = (publishedOn: string, startsOn: string) =>
      api(tokens['staff'] as string, 'PUT', `/cases/${caseId}/inspection/notice`, {
        publishedOn,
        startsOn,
        channel: '单位公示栏及内网',
      });
    expect(await notice(today, addDays(today, -1))).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'startsOn' },
    });
    expect(
      await api(tokens['officer'] as string, 'PUT', `/cases/${caseId}/inspection/notice`, {}),
    ).toMatchObject({ status: 403 });
    await expectOk(notice(addDays(today, -28), today), 204);
    // The appraisal's roll, registered by the case's team; only those on it appraise.
    await expectOk(
      api(tokens['inspector'] as string, 'PUT', `/cases/${caseId}/inspection/appraisers`, {
        members: VOTERS.map((m) => ({ personId: m, name: `测评人员${m}` })),
      }),
      204,
    );
    await Promise.all(
      VOTERS.slice(0, 3).map((m) =>
        expectOk(
          api(tokens[m] as string, 'POST', `/cases/${caseId}/inspection/appraisals`, {
            grades: { 'cand-a': 'excellent', 'cand-b': 'competent' },
          }),
          204,
        ),
      ),
    );
    const filedReport = await expectOk(
      api(tokens['inspector'] as string, 'PUT', `/cases/${caseId}/inspection/report`, {
        conclusion: '两名考察对象政治坚定，实绩突出，群众公认',
        // Each candidate's four musts, with the discipline organ's counts and the integrity signatories.
        candidates: ['cand-a', 'cand-b'].map((candidateId) => ({
          candidateId,
          fileReview: { done: true, findings: '“三龄二历一身份”经审核无误' },
          personalMatters: 'consistent',
          disciplineOpinion: {
            complaintsReceived: candidateId === 'cand-a' ? 1 : 0,
            complaintsVerified: candidateId === 'cand-a' ? 1 : 0,
            outcome: '未发现影响使用的问题',
            affectsUse: false,
          },
          petitionCheck: { done: true, findings: '无信访举报' },
          integrity: { partySecretary: 'secretary-1', disciplineSecretary: 'discipline-1' },
          inCurrentPostSince: '2021-03-01',
        })),
      }),
      200,
    );
    // Each member of the team signs the report as filed, with their own registered key.
    const reportDigest = filedReport['digest'] as string;
    reportDigestSigned = reportDigest;
    const signReport = (token: string, signerId: string, key = DOCUMENT_KEYS.get(signerId)) =>
      api(token, 'POST', `/cases/${caseId}/inspection/report/signatures`, {
        digest: reportDigest,
        signature: DOCUMENT_SUITE.sign(
          documentSignText({ caseId, kind: 'inspection.report', digest: reportDigest, signerId }),
          key?.privateKey as string,
        ),
      });
    await expectOk(signReport(tokens['inspector'] as string, 'inspector-1'), 204);
    // Not closed with one signature; nor signed by one member with another's key.
    expect(await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/inspection/close`)).toMatchObject({
      status: 409,
      body: { code: 'INSP.REPORT_SIGNATURES' },
    });
    expect(
      await signReport(tokens['inspector2'] as string, 'inspector-2', DOCUMENT_KEYS.get('inspector-1')),
    ).toMatchObject({ status: 422, body: { code: 'RECORD.SIGNATURE_INVALID' } });
    await expectOk(signReport(tokens['inspector2'] as string, 'inspector-2'), 204);
    await expectOk(api(tokens['staff'] as string, 'POST', `/cases/${caseId}/inspection/close`), 200);

    // deliberation: the five-person group proposes cand-b, second in the votes and the appraisal,
    // for the first post
    await atGate('deliberation');
    const post = (who: string, stepId: string, items: Record<string, unknown>) =>
      api(tokens[who] as string, 'POST', `/cases/${caseId}/steps/${stepId}`, { items });
    expect(await post('staff', 'qualification.conditions', filled('qualification.conditions'))).toMatchObject(
      {
        status: 409,
        body: { code: 'CASE.GATE_CLOSED' },
      },
    );
    expect(
      await post('staff', 'deliberation.leaders_consulted', filled('deliberation.leaders_consulted')),
    ).toMatchObject({
      status: 409,
      body: { code: 'CASE.STEP_OUT_OF_ORDER' },
    });
    await step('chief', 'deliberation.department_meeting', filled('deliberation.department_meeting'));
    expect(
      await post('chief', 'deliberation.department_meeting', filled('deliberation.department_meeting')),
    ).toMatchObject({
      status: 409,
      body: { code: 'CASE.STEP_ALREADY_DONE' },
    });
    await step('staff', 'deliberation.leaders_consulted', filled('deliberation.leaders_consulted'));
    const group = (proposals: unknown[]) =>
      filled('deliberation.five_person_group', {
        'deliberation.five_person_group.comparison': [
          'character',
          'ability',
          'performance',
          'public_support',
          'potential',
        ],
        'deliberation.five_person_group.proposals': proposals,
      });
    const ineligible = await api(
      tokens['minister'] as string,
      'POST',
      `/cases/${caseId}/steps/deliberation.five_person_group`,
      {
        items: group([
          { post: 1, candidateId: 'cand-c', reason: '熟悉交通工程' },
          { post: 2, candidateId: 'cand-a', reason: '得票最多' },
        ]),
      },
    );
    expect(ineligible).toMatchObject({ status: 422, body: { code: 'DELIB.NOT_A_CANDIDATE' } });
    const onePost = await post(
      'minister',
      'deliberation.five_person_group',
      group([{ post: 1, candidateId: 'cand-b', reason: '实绩突出' }]),
    );
    expect(onePost).toMatchObject({ status: 422, body: { code: 'DELIB.PROPOSAL_PER_POST' } });
    const uncompared = await post('minister', 'deliberation.five_person_group', {
      ...group([
        { post: 1, candidateId: 'cand-b', reason: '实绩突出' },
        { post: 2, candidateId: 'cand-a', reason: '群众公认' },
      ]),
      'deliberation.five_person_group.comparison': ['character', 'ability'],
    });
    expect(uncompared).toMatchObject({ status: 422, body: { code: 'DELIB.COMPARISON' } });

    // The worker dies the moment the consultation gate opens, with its activities in flight.
    const worker: AppName = 'worker';
    await step(
      'minister',
      'deliberation.five_person_group',
      group([
        { post: 1, candidateId: 'cand-b', reason: '长期从事交通建设，实绩突出，与岗位最为匹配' },
        { post: 2, candidateId: 'cand-a', reason: '综合协调能力强，群众公认度高' },
      ]),
    );
    await system.stopApp(worker, 'SIGKILL');
    await system.launch(worker);

    // consultation: the deadline is five working days away; where they reach a year the calendar lacks
    // (late December), the case waits for it before asking anyone, and the administrator loads it.
    const opened = await until(
      'the consultation requests, or a wait for the calendar',
      status,
      (s) =>
        s.gate === 'consultation' &&
        (s.waitingOn.some((w) => w.startsWith('calendar:')) || unitsAwaited(s).length === 3),
    );
    const awaitedYear = opened.waitingOn.find((w) => w.startsWith('calendar:'));
    if (awaitedYear) await loadYear(Number(awaitedYear.slice('calendar:'.length)));
    const consultation = await until(
      'the consultation requests',
      status,
      (s) => s.gate === 'consultation' && unitsAwaited(s).length === 3 && s.nextDeadline !== undefined,
    );
    expect([...unitsAwaited(consultation)].sort()).toEqual([...UNITS].sort());
    // Besides the units, the signatures the gates done wait for (the sign-off of specification 4).
    expect(consultation.waitingOn).toEqual(expect.arrayContaining(['recorder', 'inspection_team_member']));
    const inbox = await until(
      'the request in the unit’s inbox',
      () => api(tokens[UNITS[0] as string] as string, 'GET', '/consultations'),
      (r) => r.status === 200 && (r.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId),
    );
    expect((inbox.body as unknown as { caseId: string }[]).find((c) => c.caseId === caseId)).toMatchObject({
      candidateIds: ['cand-a', 'cand-b'],
      title: start.title,
      departmentId: DEPT,
      dueAt: expect.any(String),
    });
    expect(await probe.countKeyed(Topics.consultationRequests, caseId)).toBeGreaterThanOrEqual(3);
    const early = await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/consultation/answers`, {
      opinion: 'no_objection',
      content: '无',
    });
    expect(early).toMatchObject({ status: 403, body: { code: 'AUTH.ROLE_FORBIDDEN' } });
    // A date that does not exist is refused, naming the field, and counts as no answer.
    expect(
      await api(tokens[UNITS[0] as string] as string, 'POST', `/cases/${caseId}/consultation/answers`, {
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-02-31',
      }),
    ).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'answeredOn' } });
    for (const unit of UNITS.slice(0, 2)) {
      await expectOk(
        api(tokens[unit] as string, 'POST', `/cases/${caseId}/consultation/answers`, {
          opinion: 'no_objection',
          content: '未发现影响使用的问题',
          answeredOn: '2026-11-20',
        }),
        202,
      );
    }
    await until('two answers', status, (s) => unitsAwaited(s).length === 1);
    const twice = await api(
      tokens[UNITS[0] as string] as string,
      'POST',
      `/cases/${caseId}/consultation/answers`,
      {
        opinion: 'objection',
        content: '改变主意',
      },
    );
    expect(twice).toMatchObject({ status: 409, body: { code: 'CONS.NOT_WAITING' } });
    await answerOnTopic(UNITS[2] as string);

    // decision, meeting 1: four of seven members come — under two thirds: void, reconvened.
    await atGate('decision');
    const meeting = (n: number) =>
      until(
        `decision meeting ${n}`,
        () => api(tokens['staff'] as string, 'GET', `/cases/${caseId}/decision`),
        (r) => r.status === 200 && r.body['meeting'] === n && r.body['status'] === 'open',
      );
    const attend = async (members: string[]) => {
      for (const m of members)
        await expectOk(
          api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/attendance`, { memberId: m }),
          204,
        );
    };
    const first = await meeting(1);
    expect((first.body['items'] as { candidateId: string }[]).map((i) => i.candidateId)).toEqual([
      'cand-a',
      'cand-b',
    ]);
    // The committee's roll: its seven members; the later meetings keep it.
    await expectOk(
      api(tokens['staff'] as string, 'PUT', `/cases/${caseId}/decision/members`, {
        members: [...VOTERS, 'm7'].map((m) => ({ personId: m, name: `常委${m}` })),
      }),
      204,
    );
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/attendance`, {
        memberId: 'x-outsider',
      }),
    ).toMatchObject({ status: 400, body: { code: 'VOTING.NOT_ON_ROLL' } });
    await attend(VOTERS.slice(0, 4));
    const voidMeeting = await expectOk(
      api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/close`),
      200,
    );
    expect(voidMeeting['outcome']).toBe('void');

    // meeting 2: quorate; new facts about cand-a arrive, so the item is deferred before the vote;
    // cand-b is voted on, each ballot naming its candidate.
    await meeting(2);
    expect(await api(tokens['staff'] as string, 'GET', `/cases/${caseId}`)).toMatchObject({
      body: { gate: 'decision', status: 'running' },
    });
    await attend(VOTERS);
    const noReason = await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/deferrals`, {
      candidateId: 'cand-a',
      reason: ' ',
    });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'DEC.DEFERRAL_REASON' } });
    await expectOk(
      api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/deferrals`, {
        candidateId: 'cand-a',
        reason: '收到反映其分管项目存在问题，需进一步核实',
      }),
      204,
    );
    const unnamed = await api(tokens['m1'] as string, 'POST', `/cases/${caseId}/decision/ballots`, {
      choice: 'agree',
    });
    expect(unnamed).toMatchObject({ status: 400, body: { code: 'VOTING.CANDIDATE_REQUIRED' } });
    const onDeferred = await api(tokens['m1'] as string, 'POST', `/cases/${caseId}/decision/ballots`, {
      choice: 'agree',
      candidateId: 'cand-a',
    });
    expect(onDeferred).toMatchObject({ status: 409, body: { code: 'VOTING.DEFERRED' } });
    await Promise.all(
      VOTERS.map((m) =>
        expectOk(
          api(tokens[m] as string, 'POST', `/cases/${caseId}/decision/ballots`, {
            choice: m === 'm6' ? 'disagree' : 'agree',
            candidateId: 'cand-b',
          }),
          204,
        ),
      ),
    );
    const second = await expectOk(
      api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/close`),
      200,
    );
    expect(second['items']).toEqual([
      { candidateId: 'cand-a', voted: 0, deferred: { reason: '收到反映其分管项目存在问题，需进一步核实' } },
      { candidateId: 'cand-b', voted: 6, tally: { agree: 5, disagree: 1, abstain: 0, outcome: 'passed' } },
    ]);

    // meeting 3: the facts checked, cand-a is voted on.
    const third = await meeting(3);
    expect((third.body['items'] as { candidateId: string }[]).map((i) => i.candidateId)).toEqual(['cand-a']);
    await attend(VOTERS.slice(0, 5));
    await Promise.all(
      VOTERS.slice(0, 5).map((m) =>
        expectOk(
          api(tokens[m] as string, 'POST', `/cases/${caseId}/decision/ballots`, { choice: 'agree' }),
          204,
        ),
      ),
    );
    await expectOk(api(tokens['staff'] as string, 'POST', `/cases/${caseId}/decision/close`), 200);
    const decided = await until(
      'both decided',
      status,
      (s) => (s.candidates ?? []).filter((c) => c.status === 'passed').length === 2,
    );
    expect(decided.done['decision.meeting']).toBe(3);
    expect(decided.candidates?.map((c) => `${c.id}:${c.status}:${c.post ?? '-'}`)).toEqual([
      'cand-a:passed:2',
      'cand-b:passed:1',
      'cand-c:ineligible:-',
      'cand-d:nominated:-',
    ]);
    // The record of each meeting, the void one too, before the first submission.
    expect(
      await api(tokens['staff'] as string, 'POST', `/cases/${caseId}/steps/decision.first_submission`, {
        items: filled('decision.first_submission'),
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'DEC.RECORD_INCOMPLETE', details: { meetings: [1, 2, 3] } },
    });
    // A meeting's recording must be audio or video (五记一体): a document in its place is refused.
    expect(
      await api(tokens['deputy'] as string, 'POST', `/cases/${caseId}/steps/decision.minutes`, {
        items: filled('decision.minutes', {
          'decision.minutes.meeting': 1,
          'decision.minutes.audio': files.document,
        }),
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'RECORD.NOT_AUDIO_VIDEO', details: { field: 'decision.minutes.audio' } },
    });
    for (const meeting of [1, 2, 3]) {
      await step(
        'deputy',
        'decision.minutes',
        filled('decision.minutes', { 'decision.minutes.meeting': meeting }),
      );
    }
    // The first submission is due within five days of the decision; here a deadline's day is a second
    // (deadlineDay=1s): its owner is reminded, then it is missed and escalated, and supervisors find
    // the case overdue, by any deadline or by this one, with the days late.
    const late = await until('the first submission overdue', status, (s) =>
      (s.deadlines ?? []).some((d) => d.key === 'decision.first_submission' && d.overdue),
    );
    expect(
      late.deadlines?.find((d) => d.key === 'decision.first_submission')?.daysLate,
    ).toBeGreaterThanOrEqual(1);
    for (const filter of ['true', 'decision.first_submission']) {
      const listed = await until(
        `supervisors to list the case as overdue (${filter})`,
        () => api(tokens['supervisor'] as string, 'GET', `/cases?overdue=${filter}`),
        (r) =>
          r.status === 200 && (r.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId),
      );
      expect(
        (listed.body as unknown as { caseId: string; overdue?: unknown }[]).find((c) => c.caseId === caseId)
          ?.overdue,
      ).toMatchObject({ deadlines: ['decision.first_submission'], daysLate: expect.any(Number) });
    }
    // The owner's inbox holds the case with its missed deadline; the supervision section chief's holds
    // the escalation; a voter has no inbox.
    type Inbox = { owed: { caseId: string; overdue?: unknown }[]; escalated: { caseId: string }[] };
    const staffInbox = await until(
      'the case in the staff’s inbox, overdue',
      () => api(tokens['staff'] as string, 'GET', '/inbox'),
      (r) =>
        r.status === 200 &&
        (r.body as unknown as Inbox).owed.some((c) => c.caseId === caseId && c.overdue !== undefined),
    );
    expect(
      (staffInbox.body as unknown as Inbox).owed.find((c) => c.caseId === caseId)?.overdue,
    ).toMatchObject({
      deadlines: ['decision.first_submission'],
    });
    const chiefInbox = await until(
      'the escalation in the supervision section chief’s inbox',
      () => api(tokens['supervision'] as string, 'GET', '/inbox'),
      (r) => r.status === 200 && (r.body as unknown as Inbox).escalated.some((c) => c.caseId === caseId),
    );
    expect((chiefInbox.body as unknown as Inbox).owed.some((c) => c.caseId === caseId)).toBe(false);
    expect(await api(tokens['m1'] as string, 'GET', '/inbox')).toMatchObject({ status: 403 });
    // An inspector reads no list of cases, not through an inbox either.
    expect(await api(tokens['inspector'] as string, 'GET', '/inbox')).toMatchObject({ status: 403 });
    expect(await api(tokens['supervisor'] as string, 'GET', '/cases?overdue=soon')).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', field: 'overdue' },
    });
    await step('staff', 'decision.first_submission', filled('decision.first_submission'));
    await until(
      'the case no longer listed as overdue',
      () => api(tokens['supervisor'] as string, 'GET', '/cases?overdue=decision.first_submission'),
      (r) =>
        r.status === 200 && !(r.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId),
    );

    // appointment: the announcement starts on a day whose five working days reach into a year the
    // calendar lacks; the case waits for it, visibly, and goes on once the administrator loads the
    // State Council's notice for it through the gateway.
    const next = Math.max(...(await coveredYears())) + 1;
    const startsOn = today > `${next - 1}-12-28` ? today : `${next - 1}-12-28`;
    expect(yearOf(startsOn)).toBeLessThanOrEqual(next);
    await step(
      'staff',
      'appointment.announcement',
      filled('appointment.announcement', { 'appointment.announcement.starts_on': startsOn }),
    );
    const waiting = await until('the case to wait for the calendar', status, (s) =>
      s.waitingOn.includes(`calendar:${next}`),
    );
    expect(waiting).toMatchObject({ gate: 'appointment', announcement: { startsOn } });
    expect(waiting.waitingOn[0]).toBe(`calendar:${next}`);
    const listed = await until(
      'supervisors to find the case waiting for the calendar',
      () => api(tokens['supervisor'] as string, 'GET', `/cases?awaiting=calendar:${next}`),
      (r) => r.status === 200 && (r.body as unknown as { caseId: string }[]).some((c) => c.caseId === caseId),
    );
    expect(
      (listed.body as unknown as { caseId: string; awaiting: string[] }[]).find((c) => c.caseId === caseId),
    ).toMatchObject({ awaiting: expect.arrayContaining([`calendar:${next}`]) });
    const forAdmin = await api(tokens['admin'] as string, 'GET', `/cases?awaiting=calendar:${next}`);
    expect((forAdmin.body as unknown as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
    const loadedAt = await loadYear(next);
    const counted = await until(
      'the announcement counted',
      status,
      (s) => s.announcement?.endsOn !== undefined,
    );
    // Woken by the loaded year, not by a recheck hours later.
    expect(Date.now() - loadedAt).toBeLessThan(60_000);
    const calendar = new WorkingCalendar(
      await Promise.all(
        [...new Set([yearOf(startsOn), next])].map(async (y) => {
          const year = await expectOk(api(tokens['officer'] as string, 'GET', `/calendar/years/${y}`), 200);
          return year as unknown as { year: number; holidays: string[]; makeUpWorkdays: string[] };
        }),
      ),
    );
    const endsOn = calendar.nthWorkingDay(startsOn, 5);
    // 28–31 Dec 2026 are four working days; 1–3 Jan 2027 are off; Monday 4 Jan is the fifth.
    if (startsOn === '2026-12-28') expect(endsOn).toBe('2027-01-04');
    expect(counted.announcement).toEqual({ startsOn, endsOn });
    // Objections during the announcement, each about one candidate: a signed one about cand-a, to be
    // investigated; an anonymous one about cand-b that is neither serious nor specific, kept only.
    const objection = (anonymous: boolean) =>
      filled('appointment.objection', {
        'appointment.objection.anonymous': anonymous ? 'yes' : 'no',
        'appointment.objection.serious_and_specific': 'no',
      });
    await step('staff', 'appointment.objection', objection(false), 'cand-a');
    await step('staff', 'appointment.objection', objection(true), 'cand-b');
    await until('the end of the announcement', status, (s) => s.done['appointment.announcement_end'] === 1);
    const stepFor = (who: string, stepId: string, candidateId: string, items: Record<string, unknown>) =>
      api(tokens[who] as string, 'POST', `/cases/${caseId}/steps/${stepId}`, { candidateId, items });
    // cand-a's notice waits for the investigation's outcome, which must fit its finding.
    expect(
      await stepFor('staff', 'appointment.notice', 'cand-a', filled('appointment.notice')),
    ).toMatchObject({
      status: 409,
      body: { code: 'APPT.OBJECTION_PENDING' },
    });
    const objectionOutcome = (finding: string, action: string) =>
      exampleItems(
        'appointment.objection_outcome',
        { 'appointment.objection_outcome.finding': finding, 'appointment.objection_outcome.action': action },
        { today, profile: caseProfile({ objectionsReceived: true }), attachments: files },
      );
    expect(
      await stepFor('staff', 'appointment.objection_outcome', 'cand-a', objectionOutcome('minor', 'appoint')),
    ).toMatchObject({
      status: 422,
      body: { code: 'APPT.OBJECTION_OUTCOME', details: { field: 'appointment.objection_outcome.action' } },
    });
    // Nothing to investigate about cand-b: the anonymous objection was kept, not investigated.
    expect(
      await stepFor(
        'staff',
        'appointment.objection_outcome',
        'cand-b',
        objectionOutcome('nothing_found', 'appoint'),
      ),
    ).toMatchObject({ status: 422, body: { code: 'APPT.ANONYMOUS_OBJECTION' } });
    expect(
      await stepFor(
        'staff',
        'appointment.objection_outcome',
        'cand-a',
        objectionOutcome('minor', 'appoint_with_warning'),
      ),
    ).toMatchObject({ status: 200 });
    const published = await publishedFacts();
    // The first submission's deadline: opened at the decision, reminded, escalated, met late.
    const firstSubmission = published.filter((f) => f.summary.includes('纪实初次提交'));
    expect(firstSubmission.map((f) => f.kind)).toEqual(
      expect.arrayContaining([
        'deadline.opened',
        'deadline.reminder',
        'deadline.overdue',
        'deadline.met_late',
      ]),
    );
    // … and its reminders and escalation went out on the reminders topic, each tied to its fact.
    const notices = (await probe.keyed(Topics.reminders, caseId)).map((m) =>
      fromBinary(DeadlineNoticeSchema, decodeEnvelope(m.value as Buffer).payload),
    );
    const submissionNotices = notices.filter((n) => n.deadline === 'decision.first_submission');
    expect(submissionNotices.map((n) => `${n.kind}:${n.to}`)).toEqual(
      expect.arrayContaining([
        'reminder:org_staff',
        'reminder:recorder',
        'escalation:supervision_section_chief',
      ]),
    );
    for (const n of submissionNotices) {
      expect(published.find((f) => f.sequence === n.factSequence)?.kind).toBe(
        n.kind === 'reminder' ? 'deadline.reminder' : 'deadline.overdue',
      );
    }
    // The notice's days ahead, counted by the state calendar: a breach of INSP.NOTICE_DAYS on the record.
    expect(published.find((f) => f.kind === 'inspection.notice_days')?.summary).toMatch(
      /^INSP\.NOTICE_DAYS: 考察预告应提前 1 至 3 个工作日发布/,
    );
    expect(published.find((f) => f.step?.stepId === 'inspection.notice')?.step?.items).toMatchObject({
      'inspection.notice.published_on': addDays(today, -28),
      'inspection.notice.inspection_starts_on': today,
    });
    const awaited = published.find((f) => f.kind === 'calendar.awaited' && f.summary.includes(String(next)));
    const resumed = published.find((f) => f.kind === 'calendar.resumed' && f.summary.includes(String(next)));
    expect(awaited?.sequence).toBeLessThan(resumed?.sequence ?? 0);
    expect(resumed?.summary).toContain(`国办发明电〔${next - 1}〕90号`);
    expect(published.find((f) => f.kind === 'appointment.announcement_period')?.step?.items).toEqual({
      'appointment.announcement.starts_on': startsOn,
      'appointment.announcement.ends_on': endsOn,
    });
    // Each candidate's facts carry their id on the record: the ineligible one's check with its conclusion.
    const cCheck = published.find(
      (f) => f.step?.stepId === 'qualification.check' && f.step.candidateId === 'cand-c',
    );
    expect(cCheck?.step?.items?.['qualification.check.conclusion']).toBe('ineligible');
    expect(published.find((f) => f.kind === 'candidate.left')?.summary).toContain('NEG.SANCTION_PERIOD');
    expect(
      published.filter((f) => f.step?.stepId === 'decision.vote').map((f) => f.step?.candidateId),
    ).toEqual(['cand-b', 'cand-a']);
    expect(published.find((f) => f.step?.stepId === 'decision.deferral')?.step?.candidateId).toBe('cand-a');
    expect(published.find((f) => f.kind === 'decision.void')?.summary).toContain('DEC.QUORUM: ');
    for (const id of ['cand-a', 'cand-b']) {
      await step('staff', 'appointment.notice', filled('appointment.notice'), id);
      await step('minister', 'appointment.talk', filled('appointment.talk'), id);
    }
    await step('staff', 'appointment.second_submission', filled('appointment.second_submission'));

    // probation: each appointee's own; the timer, the assessment, a confirmation that follows from it
    await atGate('probation');
    const early2 = await stepFor('staff', 'probation.assessment', 'cand-a', filled('probation.assessment'));
    expect(early2).toMatchObject({ status: 409, body: { code: 'PROB.NOT_ENDED' } });
    // The probation's timer ends; what is left to wait for is each assessment's deadline (from
    // specification 5: the policy's days after the probation's year, reminded and escalated).
    await until(
      'the end of probation',
      status,
      (s) =>
        s.deadlines?.length === 2 &&
        s.deadlines.every((d) => d.key === 'probation.assessment' && !d.overdue) &&
        s.nextDeadline === s.deadlines.map((d) => d.dueAt).sort()[0],
    );
    for (const id of ['cand-a', 'cand-b']) {
      await step(
        'staff',
        'probation.assessment',
        filled('probation.assessment', { 'probation.assessment.finding': 'competent' }),
        id,
      );
    }
    expect(
      await stepFor(
        'staff',
        'probation.outcome',
        'cand-a',
        filled('probation.outcome', { 'probation.outcome.outcome': 'removed_to_previous_grade' }),
      ),
    ).toMatchObject({ status: 422, body: { code: 'PROB.OUTCOME' } });
    for (const id of ['cand-a', 'cand-b']) {
      await step(
        'staff',
        'probation.outcome',
        filled('probation.outcome', { 'probation.outcome.outcome': 'confirmed' }),
        id,
      );
    }

    // The work is done; the record is not archived until every gate's record is signed off: the
    // layer's recorder, a reviewer who is not the recorder, then the signatures in order.
    const unsigned = await until('the last gate to close', status, (s) => s.gate === 'completed');
    expect(unsigned.status).toBe('running');
    expect(unsigned.signOff?.map((g) => g.gate)).toEqual([...GATE_KEYS]);
    expect(unsigned.waitingOn).toEqual(
      expect.arrayContaining([
        'recorder',
        'inspection_team_member',
        'cadre_section_chief',
        'deputy_minister',
      ]),
    );
    const TOKEN_OF: Record<string, string> = {
      recorder: 'recorder',
      reviewer: 'reviewer',
      cadre_section_chief: 'chief',
      supervision_section_chief: 'supervision',
      deputy_minister: 'deputy',
      inspection_team_member: 'inspector',
      minister: 'minister',
    };
    const PERSON_OF: Record<string, string> = {
      recorder: 'recorder-1',
      reviewer: 'reviewer-1',
      chief: 'chief-1',
      supervision: 'supervision-1',
      deputy: 'deputy-1',
      inspector: 'inspector-1',
      minister: 'minister-1',
    };
    // Each signer's key, registered by the administrator: every signature is a real one, by that
    // person's key, over the gate's digest as the archive computes it.
    const suite = signatureSuite('ed25519-sha256');
    const KEYS = new Map<string, { publicKey: string; privateKey: string }>();
    for (const person of [...Object.values(PERSON_OF), 'inspector-9']) {
      const key = suite.generateKeyPair();
      KEYS.set(person, key);
      await expectOk(
        api(tokens['admin'] as string, 'POST', '/keys', { personId: person, publicKey: key.publicKey }),
        201,
      );
    }
    // Only an administrator registers keys, and a key is a public key of the deployment's suite.
    expect(
      await api(tokens['recorder'] as string, 'POST', '/keys', {
        personId: 'recorder-1',
        publicKey: suite.generateKeyPair().publicKey,
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await api(tokens['admin'] as string, 'POST', '/keys', { personId: 'recorder-1', publicKey: 'abcd' }),
    ).toMatchObject({ status: 400, body: { code: 'KEY.INVALID', field: 'publicKey' } });
    const digestOf = async (gate: GateKey) =>
      (await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/gates/${gate}/digest`)).body as {
        through: number;
        digest: string;
      };
    const signed = async (
      as: string,
      gate: GateKey,
      keys: readonly string[],
      key = KEYS.get(as)?.privateKey as string,
    ) => {
      const { through, digest } = await digestOf(gate);
      return Object.fromEntries(
        keys.map((item) => [
          item,
          item.endsWith('_signature')
            ? {
                signerId: as,
                through,
                signature: suite.sign(
                  signOffText({ caseId, gate, through, digest, signerId: as, item }),
                  key,
                ),
              }
            : item.endsWith('_on')
              ? today
              : { id: as, name: as },
        ]),
      );
    };
    const sign = async (who: string, gate: GateKey, keys: readonly string[], as = PERSON_OF[who] as string) =>
      api(tokens[who] as string, 'POST', `/cases/${caseId}/steps/${gate}.signoff`, {
        items: await signed(as, gate, keys),
      });
    const [recorderSlot, reviewerSlot] = signOffSlots('motion', false) as [SignOffSlot, SignOffSlot];
    // The department's recorder does not record the inspection; nobody signs in another's name;
    // nobody signs out of turn; the recorder does not review their own record.
    expect(
      await sign('recorder', 'inspection', [
        'inspection.signoff.recorder',
        'inspection.signoff.recorder_signature',
      ]),
    ).toMatchObject({ status: 403, body: { code: 'RECORD.LAYERED_RECORDER' } });
    // Nor does an inspector of another case's team.
    const stranger = system.token('inspection_team_member', 'org-dept', 'inspector-9');
    expect(
      await api(stranger, 'POST', `/cases/${caseId}/steps/inspection.signoff`, {
        items: await signed('inspector-9', 'inspection', [
          'inspection.signoff.recorder',
          'inspection.signoff.recorder_signature',
        ]),
      }),
    ).toMatchObject({ status: 403, body: { code: 'RECORD.LAYERED_RECORDER' } });
    expect(await sign('recorder', 'motion', recorderSlot.items, 'minister-1')).toMatchObject({
      status: 403,
      body: { code: 'RECORD.OWN_SIGNATURE' },
    });
    expect(await sign('deputy', 'motion', ['motion.signoff.deputy_minister_signature'])).toMatchObject({
      status: 409,
      body: { code: 'RECORD.SIGNOFF_ORDER' },
    });
    // A signature that is not the signer's key's (made with another's key), or by someone with no key
    // in force (revoked), is refused; and the digest signed must cover the gate's whole record.
    const forged = await signed('recorder-1', 'motion', recorderSlot.items, KEYS.get('chief-1')?.privateKey);
    expect(
      await api(tokens['recorder'] as string, 'POST', `/cases/${caseId}/steps/motion.signoff`, {
        items: forged,
      }),
    ).toMatchObject({ status: 422, body: { code: 'RECORD.SIGNATURE_INVALID' } });
    const beforeMore = await signed('recorder-1', 'motion', recorderSlot.items);
    const stale = Object.fromEntries(
      Object.entries(beforeMore).map(([k, v]) => [
        k,
        k.endsWith('_signature') ? { ...(v as object), through: 1 } : v,
      ]),
    );
    expect(
      await api(tokens['recorder'] as string, 'POST', `/cases/${caseId}/steps/motion.signoff`, {
        items: stale,
      }),
    ).toMatchObject({ status: 422, body: { code: 'RECORD.SIGNATURE_INVALID', details: { why: 'stale' } } });
    const lost = system.token('recorder', 'org-dept', 'recorder-2');
    const lostKey = suite.generateKeyPair();
    const registered = await expectOk(
      api(tokens['admin'] as string, 'POST', '/keys', {
        personId: 'recorder-2',
        publicKey: lostKey.publicKey,
      }),
      201,
    );
    await expectOk(
      api(tokens['admin'] as string, 'POST', `/keys/${String(registered['keyId'])}/revocation`, {
        reason: '密钥介质遗失',
      }),
      200,
    );
    expect(
      await api(lost, 'POST', `/cases/${caseId}/steps/motion.signoff`, {
        items: await signed('recorder-2', 'motion', recorderSlot.items, lostKey.privateKey),
      }),
    ).toMatchObject({ status: 409, body: { code: 'RECORD.NO_SIGNING_KEY' } });
    await expectOk(sign('recorder', 'motion', recorderSlot.items), 200);
    const selfReview = system.token('reviewer', 'org-dept', 'recorder-1');
    expect(
      await api(selfReview, 'POST', `/cases/${caseId}/steps/motion.signoff`, {
        items: await signed('recorder-1', 'motion', reviewerSlot.items),
      }),
    ).toMatchObject({ status: 403, body: { code: 'RECORD.REVIEWER_DISTINCT' } });
    for (const gate of GATE_KEYS) {
      const slots = signOffSlots(gate, false);
      for (const slot of slots.slice(gate === 'motion' ? 1 : 0)) {
        await expectOk(sign(TOKEN_OF[slot.roles[0] as string] as string, gate, slot.items), 200);
      }
    }

    const handle = client.workflow.getHandle(caseWorkflowId(caseId));
    const outcome = (await handle.result()) as { status: string; facts: number };
    expect(outcome).toMatchObject({ status: 'completed' });
    const final = await status();
    expect(final).toMatchObject({ gate: 'completed', status: 'completed' });
    expect(await post('staff', 'probation.outcome', {})).toMatchObject({
      status: 409,
      body: { code: 'CASE.COMPLETED' },
    });
    // Both posts filled, by the people the five-person group proposed; cand-b was not first in the
    // votes. Both appointed and confirmed after probation.
    expect(final.candidates?.filter((c) => c.status === 'confirmed').map((c) => `${c.id}@${c.post}`)).toEqual(
      ['cand-a@2', 'cand-b@1'],
    );
    expect(final.candidates?.find((c) => c.id === 'cand-a')?.done).toMatchObject({
      'appointment.objection': 1,
      'appointment.objection_outcome': 1,
      'appointment.notice': 1,
      'probation.outcome': 1,
    });
    expect(final.done).toMatchObject({
      'qualification.conditions': 1,
      'qualification.profile': 1,
      'nomination.result': 1,
      'inspection.shortlist': 1,
      'inspection.report': 1,
      'deliberation.five_person_group': 1,
      'consultation.answer': 3,
      'consultation.close': 1,
      'decision.meeting': 3,
      'appointment.announcement_end': 1,
      'appointment.second_submission': 1,
    });

    // The archive holds every fact exactly once, in order, on a valid chain.
    const record = await until(
      'the archive to hold every fact',
      () => api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/record`),
      (r) => r.status === 200 && (r.body['entries'] as unknown[]).length >= outcome.facts,
    );
    const entries = record.body['entries'] as { sequence: number; eventId: string }[];
    expect(entries.map((e) => e.sequence)).toEqual(entries.map((_, i) => i + 1));
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(entries.length);
    const facts = entries
      .map((e) => /^case-.+\/fact\/(\d+)$/.exec(e.eventId)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(facts).toEqual(Array.from({ length: outcome.facts }, (_, i) => i + 1));
    expect(record.body['verification']).toMatchObject({ valid: true, entries: entries.length });
    // The record is the case's facts with their content, each in the gate of its step, verified.
    type Fact = {
      sequence: number;
      gate: string;
      step?: { stepId: string; candidateId?: string; items: Record<string, unknown> };
      actor: { id: string; role: string };
    };
    const allFacts = record.body['facts'] as Fact[];
    expect(allFacts.map((f) => f.sequence)).toEqual(Array.from({ length: outcome.facts }, (_, i) => i + 1));
    expect(record.body['factVerification']).toEqual({ valid: true, facts: outcome.facts });
    for (const f of allFacts.filter((f) => f.step)) expect(f.gate).toBe(f.step?.stepId.split('.')[0]);
    // Who acted in the services' steps is on the record, as the gateway vouched for them: who filed
    // the report and each member's signature over it with the key that verified it; who registered
    // the rolls; each committee member present, and who closed each meeting.
    const actorsOf = (stepId: string) =>
      allFacts
        .filter((f) => f.step?.stepId === stepId)
        .flatMap((f) => (f.step as { actors?: { id: string; role: string }[] }).actors ?? [])
        .map((a) => `${a.role}:${a.id}`);
    expect(actorsOf('inspection.report')).toEqual([
      'filed:inspector-1',
      'signed:inspector-1',
      'signed:inspector-2',
      'closed:staff-1',
    ]);
    const reportFact = allFacts.find((f) => f.step?.stepId === 'inspection.report');
    expect(reportFact?.step?.items['inspection.report.signatures']).toEqual([
      expect.objectContaining({ signerId: 'inspector-1', digest: reportDigestSigned }),
      expect.objectContaining({ signerId: 'inspector-2', digest: reportDigestSigned }),
    ]);
    expect(actorsOf('inspection.appraisal')).toEqual(['registered_roll:inspector-1']);
    expect(actorsOf('nomination.meeting')).toEqual(
      expect.arrayContaining(['registered_roll:staff-1', 'participant_voted:m1']),
    );
    expect(actorsOf('decision.meeting')).toEqual(
      expect.arrayContaining(['registered_roll:staff-1', 'member_present:m1', 'closed:staff-1']),
    );
    expect(actorsOf('decision.meeting')).not.toContain('member_present:m7');
    const decisionRecord = await api(
      tokens['supervisor'] as string,
      'GET',
      `/cases/${caseId}/record?gate=decision&candidate=cand-a`,
    );
    const decidedFacts = decisionRecord.body['facts'] as Fact[];
    expect(decidedFacts.length).toBeGreaterThan(0);
    expect(decidedFacts.every((f) => f.gate === 'decision' && f.step?.candidateId === 'cand-a')).toBe(true);
    expect(
      decidedFacts.find((f) => f.step?.stepId === 'decision.vote')?.step?.items['decision.vote.outcome'],
    ).toBe('passed');
    expect(
      await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/record?gate=nowhere`),
    ).toMatchObject({ status: 400, body: { code: 'QUERY.INVALID', field: 'gate' } });
    // Every fact is in the log of every case's facts, under a head signed by the archive's log key;
    // a supervisor proves one of them from the head alone.
    const logged = await until(
      'a signed tree head covering every fact',
      () => api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/record`),
      (r) => (r.body['logVerification'] as { inSignedHead?: number })?.inSignedHead === outcome.facts,
    );
    expect(logged.body['logVerification']).toMatchObject({ valid: true });
    const head = (await api(tokens['supervisor'] as string, 'GET', '/ledger/head')).body as {
      treeSize: number;
      rootHash: string;
      timestamp: string;
      suite: string;
      publicKey: string;
      signature: string;
    };
    expect(head.publicKey).toBe(system.logKey.publicKey);
    expect(
      suite.verify(
        `jishi.tree-head.v1\n${head.suite}\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}`,
        head.signature,
        head.publicKey,
      ),
    ).toBe(true);
    const vote = allFacts.find((f) => f.step?.stepId === 'decision.vote') as Fact & { contentDigest: string };
    const inclusion = await api(
      tokens['supervisor'] as string,
      'GET',
      `/ledger/inclusion?case=${caseId}&sequence=${vote.sequence}&size=${head.treeSize}`,
    );
    const path = inclusion.body as { leafIndex: number; path: string[] };
    const sha = (data: Uint8Array) => Uint8Array.from(Buffer.from(suite.digest(data), 'hex'));
    const leaf = leafHash(
      sha,
      Buffer.from(`jishi.leaf.v1\n${caseId}\n${vote.sequence}\n${vote.contentDigest}`),
    );
    expect(
      verifyInclusion(
        sha,
        path.leafIndex,
        head.treeSize,
        leaf,
        path.path.map((h) => Uint8Array.from(Buffer.from(h, 'hex'))),
        Uint8Array.from(Buffer.from(head.rootHash, 'hex')),
      ),
    ).toBe(true);
    expect(
      await api(tokens['m1'] as string, 'GET', `/ledger/inclusion?case=${caseId}&sequence=1&size=1`),
    ).toMatchObject({ status: 403 });

    // Every gate is signed off by distinct people's keys, each signature on the record with the key
    // and the digest it was made over; revoking a key afterwards does not undo what it signed.
    const signatures = allFacts.flatMap((f) =>
      Object.entries(f.step?.stepId.endsWith('.signoff') ? f.step.items : {})
        .filter(([item]) => item.endsWith('_signature'))
        .map(([item, value]) => ({
          item,
          gate: f.step?.stepId.split('.')[0] as string,
          at: (f as Fact & { occurredAt: string }).occurredAt,
          ...(value as {
            signerId: string;
            signature: string;
            through: number;
            digest: string;
            keyId: string;
          }),
        })),
    );
    expect(new Set(signatures.map((s) => s.gate))).toEqual(new Set(GATE_KEYS));
    expect(new Set(signatures.map((s) => s.signerId)).size).toBeGreaterThanOrEqual(5);
    for (const s of signatures) {
      const text = signOffText({
        caseId,
        gate: s.gate,
        through: s.through,
        digest: s.digest,
        signerId: s.signerId,
        item: s.item,
      });
      expect(suite.verify(text, s.signature, KEYS.get(s.signerId)?.publicKey as string)).toBe(true);
    }
    const [recorderKey] = (await api(tokens['admin'] as string, 'GET', '/keys?person=recorder-1'))
      .body as unknown as {
      keyId: string;
    }[];
    const revoked = await expectOk(
      api(tokens['admin'] as string, 'POST', `/keys/${recorderKey?.keyId}/revocation`, {
        reason: '调离岗位',
      }),
      200,
    );
    const recorderSigned = signatures.filter((s) => s.signerId === 'recorder-1');
    expect(recorderSigned.length).toBeGreaterThan(0);
    for (const s of recorderSigned) {
      expect(s.keyId).toBe(recorderKey?.keyId);
      expect(Date.parse(s.at)).toBeLessThan(Date.parse(String(revoked['revokedAt'])));
    }
    expect(
      (await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/record`)).body['factVerification'],
    ).toMatchObject({ valid: true });

    // The case's bundle (纪实档案): exported for a supervisor, left under .jishi/exports for a person to
    // open, verified offline against the log key the supervisor pinned; each tampering of it is found
    // at its place.
    const exported = await until(
      'the case’s bundle',
      () => api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/bundle`),
      (r) => r.status === 200,
    );
    const bundle = exported.body as unknown as CaseBundle;
    const exportsDir = nodePath.resolve(__dirname, '../../../.jishi/exports');
    mkdirSync(exportsDir, { recursive: true });
    const bundleFile = nodePath.join(exportsDir, `${caseId}.bundle.json`);
    writeFileSync(bundleFile, JSON.stringify(bundle, null, 2));
    const verified = verifyBundle(bundle, { logPublicKey: system.logKey.publicKey });
    expect(verified).toMatchObject({ valid: true, facts: outcome.facts });
    expect(verified.signatures).toBe(signatures.length);
    const cli = execFileSync(
      'npm',
      ['run', '-s', 'evidence', '--', 'verify', bundleFile, system.logKey.publicKey],
      {
        cwd: nodePath.resolve(__dirname, '../../..'),
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(cli)).toMatchObject({ valid: true, facts: outcome.facts });
    expect(await api(tokens['m1'] as string, 'GET', `/cases/${caseId}/bundle`)).toMatchObject({
      status: 403,
    });

    // The record went to the supervising organ twice (纪实报送): after the decision and after
    // appointment, each time the case's bundle up to the fact that recorded the submission, signed by
    // the log key, checked as the organ would; a submission altered on the way is refused.
    const submissions = await until(
      'both submissions on the supervising organ’s topic',
      async () =>
        (await probe.keyed(Topics.supervisionSubmissions, caseId)).map((m) =>
          fromBinary(SupervisionSubmissionSchema, decodeEnvelope(m.value as Buffer).payload),
        ),
      (list) => new Set(list.map((x) => x.submission)).size === 2,
    );
    const submittedAt = (stepId: string) =>
      bundle.facts.find(
        (f) => (JSON.parse(f.content) as { step?: { stepId?: string } }).step?.stepId === stepId,
      )?.sequence;
    for (const [kind, stepId] of [
      ['first', 'decision.first_submission'],
      ['second', 'appointment.second_submission'],
    ] as const) {
      const sub = submissions.find((x) => x.submission === kind);
      expect(sub).toBeDefined();
      const view = { ...(sub as SupervisionSubmission), sequence: Number(sub?.sequence), submission: kind };
      expect(view.sequence).toBe(submittedAt(stepId));
      expect(verifySubmission(view, { logPublicKey: system.logKey.publicKey })).toMatchObject({
        valid: true,
      });
      // A vote's outcome rewritten in the bundle on its way.
      const sent = JSON.parse(view.bundleJson) as { facts: { content: string }[] };
      const vote = sent.facts.find((f) => f.content.includes('"decision.vote.outcome":"passed"'));
      expect(vote).toBeDefined();
      (vote as { content: string }).content = (vote as { content: string }).content.replace(
        '"decision.vote.outcome":"passed"',
        '"decision.vote.outcome":"rejected"',
      );
      const altered = { ...view, bundleJson: JSON.stringify(sent) };
      expect(verifySubmission(altered, { logPublicKey: system.logKey.publicKey })).toMatchObject({
        valid: false,
        problem: { check: 'submission' },
      });
    }

    // The case's file (纪实档案, 一批一档): the bundle, each candidate's record form as JSON and PDF,
    // and every attachment, as one zip a supervisor verifies offline; cand-a's form is left beside it
    // as PDF, and reads, as text, in Chinese with the gates and the values recorded.
    const zipReply = await fetch(`${system.gatewayUrl}/cases/${caseId}/file`, {
      headers: { authorization: `Bearer ${tokens['supervisor'] as string}` },
    });
    expect(zipReply.status).toBe(200);
    expect(zipReply.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await zipReply.arrayBuffer());
    const zipFile = nodePath.join(exportsDir, `${caseId}.zip`);
    writeFileSync(zipFile, zip);
    const fileCheck = verifyCaseFile(zip, { logPublicKey: system.logKey.publicKey });
    expect(fileCheck).toMatchObject({ valid: true, forms: 3, attachments: 2 });
    const zipCli = execFileSync(
      'npm',
      ['run', '-s', 'evidence', '--', 'verify', zipFile, system.logKey.publicKey],
      {
        cwd: nodePath.resolve(__dirname, '../../..'),
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(zipCli)).toMatchObject({ valid: true, forms: 3, attachments: 2 });
    const unzipped = unzipSync(zip);
    const pdfFile = nodePath.join(exportsDir, `${caseId}-cand-a.pdf`);
    writeFileSync(pdfFile, unzipped['forms/cand-a.pdf'] as Uint8Array);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    for (const words of [
      '干部选拔任用工作纪实表',
      '县交通运输局副局长选拔',
      '任职资格环节',
      '动议环节',
      '组织考察环节',
      '讨论决定环节',
      '任职环节',
      '复核人',
      '记录人签字',
      '分管副部长签字',
      '会议录音录像',
      '会议录音.ogg',
      '张三',
    ])
      expect(pdfText).toContain(words);
    // One page rendered as a person would see it.
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      pdfFile,
      nodePath.join(exportsDir, `${caseId}-cand-a`),
    ]);
    // The form alone, as PDF and JSON, through the gateway; not to a voter.
    const formPdf = await fetch(`${system.gatewayUrl}/cases/${caseId}/forms/cand-a?format=pdf`, {
      headers: { authorization: `Bearer ${tokens['supervisor'] as string}` },
    });
    expect(formPdf.status).toBe(200);
    expect(formPdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await formPdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/forms/cand-a`)).toMatchObject({
      status: 200,
      body: { format: 'jishi.record-form.v1', candidateId: 'cand-a' },
    });
    expect(await api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/forms/cand-z`)).toMatchObject({
      status: 404,
    });
    expect(await api(tokens['m1'] as string, 'GET', `/cases/${caseId}/forms/cand-a`)).toMatchObject({
      status: 403,
    });
    // Completeness from the ledger against the catalogue agrees with what the workflow counted as
    // the steps came; supervisors read it by department and period, with the fill rate.
    const fromLedger = await expectOk(
      api(tokens['supervisor'] as string, 'GET', `/cases/${caseId}/completeness`),
      200,
    );
    const asCounted = (await status()).completeness;
    expect({
      required: fromLedger['required'],
      filled: fromLedger['filled'],
      missing: fromLedger['missing'],
    }).toEqual({
      required: asCounted?.required,
      filled: asCounted?.filled,
      missing: asCounted?.missing,
    });
    const day = chinaDateOf(Date.now());
    const summary = await expectOk(
      api(
        tokens['supervisor'] as string,
        'GET',
        `/completeness?department=${DEPT}&from=${addDays(day, -1)}&to=${day}`,
      ),
      200,
    );
    // The run's other cases of the department (started, never recorded) count against the fill rate.
    const perCase = summary['perCase'] as { caseId: string; hasRecord: boolean; ratio: number }[];
    expect(perCase.find((c) => c.caseId === caseId)).toMatchObject({
      hasRecord: true,
      ratio: fromLedger['ratio'],
    });
    expect(summary['fillRate']).toBe(perCase.filter((c) => c.hasRecord).length / perCase.length);
    expect(summary['cases']).toBe(perCase.length);
    expect(Object.keys(summary['byDepartment'] as object)).toEqual([DEPT]);
    expect(summary['byGate']).toHaveProperty('probation');
    expect(await api(tokens['supervisor'] as string, 'GET', '/completeness?from=2026-02-31')).toMatchObject({
      status: 400,
      body: { code: 'QUERY.INVALID', field: 'from' },
    });
    expect(await api(tokens['m1'] as string, 'GET', '/completeness')).toMatchObject({ status: 403 });

    // A recording changed in the file after the fact: the verifier names the fact that recorded it.
    const swapped = {
      ...unzipped,
      [`attachments/${sha256Of(RECORDING)}`]: Buffer.from('OggS another recording'),
    };
    const recordingAt = bundle.facts.find((f) => f.content.includes(sha256Of(RECORDING)))?.sequence;
    expect(verifyCaseFile(zipSync(swapped), { logPublicKey: system.logKey.publicKey })).toMatchObject({
      valid: false,
      problem: { check: 'attachments', sequence: recordingAt },
    });
    type BundleFacts = {
      sequence: number;
      content: string;
      contentDigest: string;
      previousHash: string;
      hash: string;
    }[];
    const tampered = (edit: (b: { facts: BundleFacts; head: { publicKey: string } }) => void) => {
      const copy = JSON.parse(JSON.stringify(bundle)) as { facts: BundleFacts; head: { publicKey: string } };
      edit(copy);
      return verifyBundle(copy as unknown as CaseBundle, { logPublicKey: system.logKey.publicKey });
    };
    const voteAt = bundle.facts.findIndex((f) => f.content.includes('"decision.vote.outcome":"passed"'));
    const voteSeq = (bundle.facts[voteAt] as { sequence: number }).sequence;
    const rewrite = (content: string) =>
      content.replace('"decision.vote.outcome":"passed"', '"decision.vote.outcome":"rejected"');
    // A vote's outcome rewritten: found at that fact.
    expect(
      tampered((b) => {
        const f = b.facts[voteAt] as { content: string };
        f.content = rewrite(f.content);
      }),
    ).toMatchObject({ valid: false, problem: { check: 'facts', sequence: voteSeq } });
    // Rewritten with its digest and the whole chain after it recomputed: the log's proof finds it.
    expect(
      tampered((b) => {
        let previous = (b.facts[voteAt] as { previousHash: string }).previousHash;
        for (const f of b.facts.slice(voteAt)) {
          if (f.sequence === voteSeq) f.content = rewrite(f.content);
          f.contentDigest = suite.digest(f.content);
          f.previousHash = previous;
          f.hash = factHash(suite.digest, previous, f.contentDigest);
          previous = f.hash;
        }
      }),
    ).toMatchObject({ valid: false, problem: { check: 'log', sequence: voteSeq } });
    // A fact dropped: found where it is missing.
    expect(tampered((b) => void b.facts.splice(voteAt, 1))).toMatchObject({
      valid: false,
      problem: { check: 'facts', sequence: voteSeq },
    });
    // A head signed by another key (a forked log passed off as the real one): refused.
    expect(tampered((b) => void (b.head.publicKey = suite.generateKeyPair().publicKey))).toMatchObject({
      valid: false,
      problem: { check: 'head' },
    });

    // The year's load is on the record, with who loaded it and what the notice said.
    const calendarRecord = await until(
      'the archive to hold the year’s load',
      () => api(tokens['supervisor'] as string, 'GET', `/calendar/years/${next}/record`),
      (r) =>
        r.status === 200 && (r.body['entries'] as { actorId: string }[]).some((e) => e.actorId === ADMIN),
    );
    expect(calendarRecord.body['verification']).toMatchObject({ valid: true });
    const change = (await probe.keyed(Topics.calendarEvents, `calendar-${next}`))
      .map((m) => decodeEnvelope(m.value as Buffer))
      .find((e) => e.actor?.id === ADMIN);
    expect(change?.actor).toMatchObject({ role: 'org_admin', unitId: 'org-dept' });
    expect(fromBinary(CalendarYearChangedSchema, change?.payload as Uint8Array).noticeText).toBe(
      noticeFor(next),
    );
    expect(await api(tokens['m1'] as string, 'GET', `/calendar/years/${next}/record`)).toMatchObject({
      status: 403,
    });

    // Each service's database holds its part.
    const db = (name: AppName) =>
      system.databases.get(name) as NonNullable<ReturnType<typeof system.databases.get>>;
    const rows = async (name: AppName, sql: string) => (await db(name).query(sql, [caseId])).rows;
    const one = async (name: AppName, sql: string) => (await rows(name, sql))[0] as Record<string, unknown>;
    expect(await one('nomination', 'SELECT status FROM nomination_round WHERE case_id = $1')).toEqual({
      status: 'closed',
    });
    expect(
      await one('nomination', 'SELECT count(*)::int AS n FROM nomination_form WHERE case_id = $1'),
    ).toEqual({
      n: 4,
    });
    expect(await one('nomination', 'SELECT count(*)::int AS n FROM participant WHERE case_id = $1')).toEqual({
      n: 5,
    });
    expect(
      await one('inspection', 'SELECT count(*)::int AS n FROM appraisal_vote WHERE case_id = $1'),
    ).toEqual({
      n: 6,
    });
    expect(
      await rows('voting', 'SELECT number, status, outcome FROM meeting WHERE case_id = $1 ORDER BY number'),
    ).toEqual([
      { number: 1, status: 'closed', outcome: 'void' },
      { number: 2, status: 'closed', outcome: 'held' },
      { number: 3, status: 'closed', outcome: 'held' },
    ]);
    expect(await one('voting', 'SELECT count(*)::int AS n FROM ballot WHERE case_id = $1')).toEqual({
      n: 11,
    });
    // A secret ballot: nothing in the ballot table names a member.
    const ballotColumns = await db('voting').query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'ballot'`,
      [system.schema],
    );
    expect(ballotColumns.rows.map((r: { column_name: string }) => r.column_name).sort()).toEqual([
      'candidate_id',
      'case_id',
      'choice',
      'id',
      'meeting',
    ]);
  });

  it('keeps the organization’s policy: its administrator changes it with a reason, and only cases started afterwards run by it', async () => {
    const policyPath = '/organizations/org-dept/policy';
    const configured = await expectOk(api(tokens['staff'] as string, 'GET', policyPath), 200);
    expect(configured).toMatchObject({ organization: 'org-dept', version: 0, origin: 'configuration' });
    const startOne = async (requestId: string) =>
      (await expectOk(api(tokens['officer'] as string, 'POST', '/cases', { ...start, requestId }), 201))[
        'caseId'
      ] as string;
    const caseStatus = async (id: string) =>
      (await expectOk(api(tokens['staff'] as string, 'GET', `/cases/${id}`), 200)) as unknown as CaseStatus;
    const before = await startOne(`req-before-${system.runId}`);

    const change = {
      policy: { shortlistCandidatesPerPost: 3, consultationUnits: [] },
      reason: '本单位差额考察按三选一',
    };
    expect(await api(tokens['staff'] as string, 'PUT', policyPath, change)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.ROLE_FORBIDDEN' },
    });
    const elsewhere = system.token('org_admin', 'org-elsewhere', 'admin-elsewhere');
    expect(await api(elsewhere, 'PUT', policyPath, change)).toMatchObject({
      status: 403,
      body: { code: 'AUTH.WRONG_UNIT' },
    });
    expect(
      await api(tokens['admin'] as string, 'PUT', policyPath, {
        policy: { announcementWorkingDays: 3 },
        reason: '缩短公示',
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'POLICY.INVALID', field: 'policy.announcementWorkingDays' },
    });
    expect(await expectOk(api(tokens['staff'] as string, 'GET', policyPath), 200)).toMatchObject({
      version: 0,
    });
    const set = await expectOk(api(tokens['admin'] as string, 'PUT', policyPath, change), 201);
    expect(set).toMatchObject({ version: 1, changedBy: { id: ADMIN, role: 'org_admin' } });

    // The case started before keeps its policy; one started now runs by the new version.
    const after = await startOne(`req-after-${system.runId}`);
    expect((await caseStatus(before)).policy).toEqual({ organization: 'org-dept', version: 0 });
    expect((await caseStatus(after)).policy).toEqual({ organization: 'org-dept', version: 1 });
    const input = async (id: string) => {
      const history = await client.workflow.getHandle(caseWorkflowId(id)).fetchHistory();
      const data = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      return JSON.parse(Buffer.from(data ?? []).toString('utf8')) as {
        policy: { shortlistCandidatesPerPost: number };
      };
    };
    expect((await input(before)).policy.shortlistCandidatesPerPost).toBe(1.5);
    expect((await input(after)).policy.shortlistCandidatesPerPost).toBe(3);

    // The change is on the record, with who made it and why.
    const record = await until(
      'the policy’s change on the record',
      () => api(tokens['supervisor'] as string, 'GET', `${policyPath}/record`),
      (r) =>
        r.status === 200 && (r.body['entries'] as { actorId: string }[]).some((e) => e.actorId === ADMIN),
    );
    expect(record.body['verification']).toMatchObject({ valid: true });
    expect(await api(tokens['m1'] as string, 'GET', `${policyPath}/record`)).toMatchObject({ status: 403 });
    for (const id of [before, after])
      await client.workflow.getHandle(caseWorkflowId(id)).terminate('policy test over');
  });

  it('replaying every topic from the beginning changes nothing anywhere', async () => {
    const consumers: AppName[] = ['archive', 'nomination', 'inspection', 'voting', 'signal-bridge'];
    const history = async () =>
      (await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()).events?.length;
    const snapshot = async () => {
      const tables: Record<string, unknown> = {};
      for (const [name, pg] of system.databases) {
        const names = await pg.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [system.schema],
        );
        for (const { table_name: table } of names.rows as { table_name: string }[]) {
          // Tree heads are signed by the clock as the log grows, not by messages: a replay adds no
          // leaf, but a later head of the same log may be signed meanwhile.
          if (table === 'merkle_head' || table === 'merkle_head_published') continue;
          const rows = await pg.query(`SELECT * FROM "${table}"`);
          tables[`${name}.${table}`] = rows.rows.map((r) => JSON.stringify(r)).sort();
        }
      }
      return tables;
    };
    const ends = async () => {
      const all = await probe.endOffsets();
      // Dead letters for other cases on a shared broker are not this case's; this case has none.
      // Nor are tree heads (signed by the clock, above).
      return Object.fromEntries(
        Object.entries(all).filter(
          ([k]) => !k.startsWith(Topics.deadLetter) && !k.startsWith(Topics.treeHeads),
        ),
      );
    };

    const before = { tables: await snapshot(), ends: await ends(), history: await history() };
    expect(Object.keys(before.tables)).toEqual(
      expect.arrayContaining([
        'archive.ledger_entry',
        'archive.ledger_fact',
        'nomination.nomination_form',
        'inspection.appraisal_vote',
        'voting.ballot',
      ]),
    );

    const topics = new Map<AppName, string[]>();
    for (const name of consumers) topics.set(name, await probe.topicsOf(system.groupOf(name)));
    await Promise.all(consumers.map((name) => system.stopApp(name)));
    await Promise.all(
      consumers.map((name) => probe.rewind(system.groupOf(name), topics.get(name) as string[])),
    );
    // Rewound for real: every group is behind again before it restarts.
    for (const name of consumers) {
      expect(await probe.caughtUp(system.groupOf(name), topics.get(name) as string[])).toBe(false);
    }
    await Promise.all(consumers.map((name) => system.launch(name)));
    for (const name of consumers) {
      await until(
        `${name} to read every topic again`,
        () => probe.caughtUp(system.groupOf(name), topics.get(name) as string[]),
        Boolean,
      );
    }

    expect(await snapshot()).toEqual(before.tables);
    expect(await ends()).toEqual(before.ends);
    expect(await history()).toBe(before.history);
    expect(await probe.countKeyed(Topics.deadLetter, caseId)).toBe(0);
  });

  /** A member unit's own system answers by producing on the answers topic. */
  async function answerOnTopic(unit: string): Promise<void> {
    const kafka = new Kafka({
      clientId: `e2e-${unit}`,
      brokers: system.stack.kafka.brokers,
      // The unit's system logs in as the unit.
      sasl: system.stack.kafka.sasl(`unit-${unit}`),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const envelope = createEnvelope({
      eventId: `unit-${unit}/answer/${caseId}`,
      caseId,
      type: ConsultationAnsweredSchema.typeName,
      occurredAt: new Date(),
      actor: { id: `${unit}-system`, kind: ActorKind.SERVICE, unitId: unit },
      payload: toBinary(
        ConsultationAnsweredSchema,
        create(ConsultationAnsweredSchema, {
          unit,
          opinion: 'no_objection',
          content: '经核查，未发现影响使用的问题',
          answeredOn: '2026-11-21',
        }),
      ),
    });
    await producer.send({
      topic: Topics.consultationAnswers,
      // Signed by the unit's registered key: the bridge takes the unit from the signature.
      messages: [
        { key: caseId, value: Buffer.from(encodeEnvelope(signEnvelope(envelope, system.unitSigner(unit)))) },
      ],
    });
    await producer.disconnect();
  }
});
