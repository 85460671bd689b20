/**
 * Attacks on Kafka, the boundary Jishi shares with outside parties (member units' systems, the
 * supervising organ): each tried on the real stack the way an outside system or an insider would —
 * no login, a wrong password, a unit writing a service's topic or reading topics it may not, a forged
 * tally on the answers topic, a unit answering in another's name, a result from a service whose gate
 * is not open — and each refused or dead-lettered with its reason, the case's record unchanged.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  ConsultationAnsweredSchema,
  createEnvelope,
  DecisionTalliedSchema,
  encodeEnvelope,
  type Envelope,
  EnvelopeSchema,
  Topics,
} from '@jishi/contracts';
import { KafkaProbe, SystemUnderTest } from '@jishi/e2e';
import { exampleItems } from '@jishi/testing';
import { DEAD_LETTER_HEADERS, signEnvelope } from '@jishi/messaging';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  type KafkaMessage,
  logLevel,
  ResourcePatternTypes,
  type SASLOptions,
} from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';

describe('attacks on Kafka: logins, ACLs, signed envelopes and topic bindings', () => {
  const system = new SystemUnderTest({
    timers: 'consultation=1h',
    policy: '{"consultationUnits":[]}',
    // A step's request waits two seconds for the case to record it, then answers 202.
    env: { gateway: { GATEWAY_STEP_WAIT_MS: '2000', GATEWAY_RATE_LIMIT: '1200' } },
  });
  const probe = new KafkaProbe(system.stack.kafka.brokers, system.stack.kafka.sasl());
  const DEPT = 'dept-faults';
  // Two of the units a case always consults: A is the attacker, B the unit it tries to speak for.
  const A = 'discipline_inspection';
  const B = 'candidate_unit_personnel';
  let caseId = '';

  const kafka = (sasl?: SASLOptions) =>
    new Kafka({
      clientId: `faults-${randomUUID()}`,
      brokers: system.stack.kafka.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 0 },
      ...(sasl ? { sasl } : {}),
    });

  async function api(token: string, method: string, path: string, body?: unknown, key?: string) {
    const response = await fetch(`${system.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** What the case is and holds: its gate and status from the workflow, and its facts from the ledger. */
  async function caseNow() {
    const supervisor = system.token('supervisor', 'supervision', 'supervisor-1');
    const status = await api(supervisor, 'GET', `/cases/${caseId}`);
    const record = await api(supervisor, 'GET', `/cases/${caseId}/record`);
    expect([status.status, record.status]).toEqual([200, 200]);
    const facts = record.body['facts'] as { kind: string; summary?: string; actor?: { id: string } }[];
    return {
      gate: status.body['gate'],
      status: status.body['status'],
      done: status.body['done'],
      candidateIds: status.body['candidateIds'],
      facts: status.body['facts'] as number,
      recorded: facts,
    };
  }

  async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 240; i++) {
      const value = await read();
      if (ok(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** The signal bridge's dead letters of this case whose original event id is the given one. */
  async function deadLetters(eventId: string): Promise<KafkaMessage[]> {
    const all = await probe.keyed(Topics.deadLetter, caseId);
    // (The archive keeps every message of the topic in its log, and dead-letters a second message under
    // an event id it already holds with other bytes: those are not the bridge's refusals.)
    return all.filter((m) => {
      if (m.headers?.[DEAD_LETTER_HEADERS.consumer]?.toString() !== 'signal-bridge') return false;
      try {
        return m.value !== null && decodeEventId(m.value) === eventId;
      } catch {
        return false;
      }
    });
  }

  // The dead letter keeps the original record's bytes as they came.
  const decodeEventId = (bytes: Buffer) => fromBinary(EnvelopeSchema, bytes).eventId;

  const reasonOf = (m: KafkaMessage) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString() ?? '';

  async function sendAs(principal: string, topic: string, envelope: Envelope): Promise<void> {
    const producer = kafka(system.stack.kafka.sasl(principal)).producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [{ key: envelope.caseId, value: Buffer.from(encodeEnvelope(envelope)) }],
      });
    } finally {
      await producer.disconnect();
    }
  }

  const tally = (eventId: string, actorId = 'voting-service') =>
    createEnvelope({
      eventId,
      caseId,
      type: DecisionTalliedSchema.typeName,
      occurredAt: new Date(),
      actor: { id: actorId, kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        DecisionTalliedSchema,
        create(DecisionTalliedSchema, {
          meeting: 1,
          outcome: 'void',
          steps: [{ stepId: 'decision.meeting', items: {} }],
        }),
      ),
    });

  const answer = (eventId: string, unit: string, actorUnit = unit) =>
    createEnvelope({
      eventId,
      caseId,
      type: ConsultationAnsweredSchema.typeName,
      occurredAt: new Date(),
      actor: { id: `${actorUnit}-system`, kind: ActorKind.SERVICE, unitId: actorUnit },
      payload: toBinary(
        ConsultationAnsweredSchema,
        create(ConsultationAnsweredSchema, {
          unit,
          opinion: 'objection',
          content: '该同志存在问题（伪造）',
          answeredOn: '2026-11-27',
        }),
      ),
    });

  beforeAll(async () => {
    await system.start();
    await probe.connect();
    const officer = system.token('department_officer', DEPT, 'officer-1');
    const started = await api(officer, 'POST', '/cases', {
      requestId: `req-faults-${system.runId}`,
      departmentId: DEPT,
      title: '县审计局副局长选拔',
      posts: 1,
      committeeMembers: 7,
      recommendationParticipants: 6,
    });
    expect(started.status).toBe(201);
    caseId = started.body['caseId'] as string;
    await until(
      'the case at qualification',
      caseNow,
      (c) => c.gate === 'qualification' && c.recorded.length === c.facts,
    );
  });

  afterAll(async () => {
    await probe.disconnect();
    await system.stop();
  });

  it('refuses a client without a login, and one with a wrong password', async () => {
    const anonymous = kafka().producer();
    await expect(
      anonymous
        .connect()
        .then(() => anonymous.send({ topic: Topics.votingEvents, messages: [{ value: 'x' }] })),
    ).rejects.toThrow();
    await anonymous.disconnect().catch(() => undefined);
    const wrong = kafka({
      mechanism: 'scram-sha-512',
      username: `unit-${A}`,
      password: 'not-the-password-at-all',
    });
    await expect(wrong.admin().connect()).rejects.toThrow(/authentication failed/i);
  });

  it('lets a member unit write neither a service’s results nor the case’s facts, and a service not another’s', async () => {
    for (const topic of [
      Topics.votingEvents,
      Topics.nominationEvents,
      Topics.caseEvents,
      Topics.consultationRequests,
    ])
      await expect(sendAs(`unit-${A}`, topic, tally(`${A}/forged/${randomUUID()}`))).rejects.toThrow(
        /not authorized/i,
      );
    // The nomination service's login cannot write the voting service's results.
    await expect(
      sendAs('jishi-nomination', Topics.votingEvents, tally(`voting/${caseId}/tally`)),
    ).rejects.toThrow(/not authorized/i);
  });

  it('lets a member unit read no topic: not the requests to other units, not any case’s facts', async () => {
    for (const topic of [Topics.consultationRequests, Topics.caseEvents, Topics.votingEvents]) {
      const consumer = kafka(system.stack.kafka.sasl(`unit-${A}`)).consumer({ groupId: `unit-${A}-reader` });
      const crashed = new Promise<string>((resolve) => {
        consumer.on(consumer.events.CRASH, (event) => resolve(String(event.payload.error?.message)));
      });
      await consumer.connect();
      const read: KafkaMessage[] = [];
      const subscribed = consumer
        .subscribe({ topic, fromBeginning: true })
        .then(() => consumer.run({ eachMessage: async ({ message }) => void read.push(message) }))
        .then(() => crashed)
        .catch((err: Error) => err.message);
      expect(await subscribed).toMatch(/not authorized|authorization/i);
      expect(read).toEqual([]);
      await consumer.disconnect().catch(() => undefined);
      // Not only its consumer group: the topic itself is closed to it.
      const admin = kafka(system.stack.kafka.sasl(`unit-${A}`)).admin();
      await admin.connect();
      await expect(admin.fetchTopicOffsets(topic)).rejects.toThrow(
        /topic authorization failed|not authorized to access topics/i,
      );
      await admin.disconnect();
    }
  });

  it('dead-letters a forged tally on the answers topic, signed or not, and the case does not move', async () => {
    const before = await caseNow();
    const id = `voting/${caseId}/tally`;
    await sendAs(`unit-${A}`, Topics.consultationAnswers, tally(id));
    await sendAs(`unit-${A}`, Topics.consultationAnswers, signEnvelope(tally(id), system.unitSigner(A)));
    const dead = await until(
      'two dead letters',
      () => deadLetters(id),
      (d) => d.length >= 2,
    );
    for (const m of dead) {
      expect(reasonOf(m)).toMatch(/DecisionTallied is not carried on jishi\.consultation\.answers\.v1/);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await caseNow()).toEqual(before);
  });

  it('dead-letters a unit answering in another unit’s name, however it tries, and the case does not move', async () => {
    const before = await caseNow();
    const tries: [string, Envelope, RegExp][] = [
      // Unsigned, claiming to be B.
      [`unit-${B}/answer/${caseId}/1`, answer(`unit-${B}/answer/${caseId}/1`, B), /signature: is required/],
      // Signed by A, the payload naming B.
      [
        `unit-${A}/answer/${caseId}/2`,
        signEnvelope(answer(`unit-${A}/answer/${caseId}/2`, B, A), system.unitSigner(A)),
        /payload\.unit/,
      ],
      // Signed by A, actor and payload naming B.
      [
        `unit-${A}/answer/${caseId}/3`,
        signEnvelope(answer(`unit-${A}/answer/${caseId}/3`, B), system.unitSigner(A)),
        /actor\.unit_id/,
      ],
      // Signed with A's key under B's principal.
      [
        `unit-${B}/answer/${caseId}/4`,
        signEnvelope(answer(`unit-${B}/answer/${caseId}/4`, B), {
          ...system.unitSigner(A),
          principal: `unit-${B}`,
        }),
        /signature\.key_id/,
      ],
      // A's own answer under the event id the gateway gives B's, to have B's real answer dropped as a duplicate.
      [
        `case-${caseId}/answer/${B}`,
        signEnvelope(answer(`case-${caseId}/answer/${B}`, A), system.unitSigner(A)),
        /event_id/,
      ],
    ];
    for (const [, envelope] of tries) await sendAs(`unit-${A}`, Topics.consultationAnswers, envelope);
    for (const [eventId, , reason] of tries) {
      const [dead] = await until(
        `the dead letter of ${eventId}`,
        () => deadLetters(eventId),
        (d) => d.length > 0,
      );
      expect(reasonOf(dead as KafkaMessage)).toMatch(reason);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await caseNow()).toEqual(before);
  });

  it('refuses at the case a result of a service whose gate is not open: a void vote at qualification closes nothing', async () => {
    // As if the voting service's own login were stolen: the administrator writes its topic.
    const before = await caseNow();
    await sendAs('jishi-admin', Topics.votingEvents, tally(`voting/${caseId}/tally-${randomUUID()}`));
    const after = await until(
      'the refusal on the record',
      caseNow,
      (c) => c.recorded.length === before.recorded.length + 1,
    );
    expect(after).toMatchObject({ gate: 'qualification', status: 'running', done: before.done });
    const refusal = after.recorded.at(-1);
    expect(refusal).toMatchObject({ kind: 'input.refused', actor: { id: 'voting-service' } });
    expect(refusal?.summary).toMatch(/^RESULT\.NOT_ITS_GATE: /);
  });

  it('answers 202 for a step the case accepted while Kafka refuses its record, and its outcome once Kafka takes it again', async () => {
    const staff = system.token('org_staff', 'org-dept', 'staff-1');
    const admin = kafka(system.stack.kafka.sasl()).admin();
    await admin.connect();
    // The worker's permission to write the case's facts, withdrawn: the fact cannot reach the record.
    const workerWrites = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: Topics.caseEvents,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: 'User:jishi-worker',
      host: '*',
      operation: AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
    };
    const before = await caseNow();
    const key = `conditions-${randomUUID()}`;
    let updateId = '';
    const path = `/cases/${caseId}/steps/qualification.conditions`;
    const body = {
      items: exampleItems(
        'qualification.conditions',
        { 'qualification.conditions.level': 'county', 'qualification.conditions.rank': 'deputy' },
        { today: '2026-11-27' },
      ),
    };
    try {
      await admin.deleteAcls({ filters: [workerWrites] });
      const accepted = await api(staff, 'POST', path, body, key);
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({ status: 'pending' });
      updateId = accepted.body['updateId'] as string;
      expect(updateId).toMatch(new RegExp(`^staff-1/${key}/[0-9a-f]{16}$`));
      const poll = accepted.body['poll'] as string;
      expect((await api(staff, 'GET', poll)).status).toBe(202);
      // Only the person who submitted it may ask after it.
      const other = system.token('org_staff', 'org-dept', 'staff-2');
      expect(await api(other, 'GET', poll)).toMatchObject({
        status: 404,
        body: { code: 'CASE.UNKNOWN_UPDATE' },
      });
    } finally {
      await admin.createAcls({ acl: [workerWrites] });
      await admin.disconnect();
    }
    const done = await until(
      'the step on the record',
      () => api(staff, 'GET', `/cases/${caseId}/updates/${encodeURIComponent(updateId)}`),
      (r) => r.status === 200,
    );
    expect(done.body).toMatchObject({ gate: 'qualification' });
    // The same request again, with its key: the same outcome, recorded once.
    const again = await api(staff, 'POST', path, body, key);
    expect(again).toMatchObject({ status: 200, body: done.body });
    const after = await until('the record caught up', caseNow, (c) => c.recorded.length === c.facts);
    expect(
      after.recorded.filter(
        (f) => f.kind === 'step.recorded' || f.kind.startsWith('qualification.conditions'),
      ).length,
    ).toBeGreaterThan(0);
    expect(after.facts).toBe(before.facts + 1);
  });

  it('refuses a repeatable step without an Idempotency-Key, naming the header', async () => {
    const staff = system.token('org_staff', 'org-dept', 'staff-1');
    const reply = await api(staff, 'POST', `/cases/${caseId}/steps/appointment.objection`, { items: {} });
    expect(reply).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
  });

  it('answers with security headers, and with none that names the framework', async () => {
    const response = await fetch(`${system.gatewayUrl}/cases/${caseId}`, {
      headers: { authorization: `Bearer ${system.token('supervisor', 'supervision', 'supervisor-1')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('limits each person’s requests a minute, not everyone’s: past the limit 429 with when to try again', async () => {
    const flooder = system.token('supervisor', 'supervision', 'flooder-1');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let refused: Record<string, unknown> | undefined;
    // The limit counts a minute from the person's first request: a flood slower than that (a stack
    // still warming up) starts a second minute, whose requests are allowed too.
    const started = Date.now();
    for (let round = 0; round < 140 && refused === undefined; round++) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${system.gatewayUrl}/cases/${caseId}`, { headers: { authorization: `Bearer ${flooder}` } }),
        ),
      );
      for (const reply of replies) {
        statuses.push(reply.status);
        if (reply.status === 429 && refused === undefined) {
          retryAfter = reply.headers.get('retry-after');
          refused = (await reply.json()) as Record<string, unknown>;
        } else await reply.arrayBuffer();
      }
    }
    const minutes = Math.ceil((Date.now() - started) / 60_000);
    const allowed = statuses.filter((s) => s === 200).length;
    expect(refused).toMatchObject({ code: 'RATE.LIMITED' });
    if (minutes <= 1) expect(allowed).toBe(1200);
    else {
      expect(allowed).toBeGreaterThanOrEqual(1200);
      expect(allowed).toBeLessThanOrEqual(1200 * minutes);
    }
    // Nothing but the limit refused: every answer was 200 or 429.
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another person is not held back by the first.
    const other = await api(
      system.token('supervisor', 'supervision', 'supervisor-2'),
      'GET',
      `/cases/${caseId}`,
    );
    expect(other.status).toBe(200);
  });

  it('lets each service’s database role change its own rows only: no other database, no DDL, no truncation', async () => {
    const { host, port } = system.stack.postgres;
    const as = async (service: string, database: string) => {
      const client = new PgClient({
        host,
        port,
        database,
        ...system.stack.postgres.login(service),
        user: `jishi_${service}`,
      });
      await client.connect();
      await client.query(`SET search_path TO "${system.schema}"`);
      return client;
    };
    // The voting service's login cannot even connect to the nomination service's database.
    await expect(as('voting', 'jishi_nomination')).rejects.toThrow(/permission denied for database/);
    const voting = await as('voting', 'jishi_voting');
    try {
      // What it does every day, it may.
      await voting.query('SELECT count(*) FROM "ballot"');
      for (const sql of [
        'DROP TABLE "ballot"',
        'TRUNCATE "voter"',
        'ALTER TABLE "ballot" ADD COLUMN "voter_id" text',
        'CREATE TABLE "copy_of_ballots" ("x" text)',
        'CREATE TRIGGER t AFTER INSERT ON "ballot" FOR EACH ROW EXECUTE FUNCTION now()',
      ])
        expect([
          sql,
          await voting.query(sql).then(
            () => 'done',
            (err: Error) => err.message,
          ),
        ]).toEqual([sql, expect.stringMatching(/must be owner|permission denied/)]);
    } finally {
      await voting.end();
    }
  });
});
