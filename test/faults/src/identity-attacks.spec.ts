/**
 * Attacks on who acts, tried on the real stack the way an insider would: calling a service directly
 * with a process's stolen credential, with no assertion of a person, with one the attacker signed, or
 * with one captured from the gateway and replayed or bent to another call; using the worker's
 * credential where only the gateway may call; a member of one case's inspection team writing another
 * case's inspection; people outside the rolls casting recommendation, appraisal and decision ballots.
 * Each is refused, and nothing in the service's tables changes.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  OpenDecisionMeetingSchema,
  StartInspectionSchema,
  StartNominationSchema,
  Topics,
} from '@jishi/contracts';
import { SystemUnderTest } from '@jishi/e2e';
import { type AssertedPerson, signPersonAssertion } from '@jishi/identity';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { roll, type Service, ServiceCalls } from './service-calls';

describe('attacks on who acts: stolen credentials, forged and replayed assertions, rolls and teams', () => {
  const system = new SystemUnderTest({ timers: 'consultation=1h', policy: '{"consultationUnits":[]}' });
  const run = randomUUID().slice(0, 8);
  const caseA = `idA-${run}`;
  const caseB = `idB-${run}`;
  const staff: AssertedPerson = { id: 'staff-1', role: 'org_staff', unitId: 'org-dept' };
  const recorder: AssertedPerson = { id: 'recorder-1', role: 'recorder', unitId: 'org-dept' };
  const inspector = (id: string): AssertedPerson => ({
    id,
    role: 'inspection_team_member',
    unitId: 'org-dept',
  });
  const voter = (id: string): AssertedPerson => ({ id, role: 'voter', unitId: 'committee' });

  const calls = new ServiceCalls(system);
  const call = calls.call.bind(calls);
  const command = calls.command.bind(calls);
  const opened = calls.opened.bind(calls);
  /** Rows of a service's table for a case, read behind the service's back. */
  const rows = (service: Service, table: string, caseId: string) =>
    calls.rows(service, `SELECT * FROM "${table}" WHERE "case_id" = $1`, [caseId]);

  beforeAll(async () => {
    await system.start();
    for (const caseId of [caseA, caseB])
      await command(
        Topics.inspectionCommands,
        caseId,
        StartInspectionSchema.typeName,
        toBinary(
          StartInspectionSchema,
          create(StartInspectionSchema, { posts: 1, candidateIds: ['cand-a', 'cand-b'], shortlisted: true }),
        ),
      );
    await command(
      Topics.votingCommands,
      caseA,
      OpenDecisionMeetingSchema.typeName,
      toBinary(
        OpenDecisionMeetingSchema,
        create(OpenDecisionMeetingSchema, {
          candidateId: 'cand-a',
          expectedMembers: 3,
          body: 'standing_committee',
        }),
      ),
    );
    await command(
      Topics.nominationCommands,
      caseA,
      StartNominationSchema.typeName,
      toBinary(StartNominationSchema, create(StartNominationSchema, { posts: 1, expectedParticipants: 3 })),
    );
    await opened('inspection', `/inspections/${caseA}`);
    await opened('inspection', `/inspections/${caseB}`);
    await opened('voting', `/meetings/${caseA}`);
    await opened('nomination', `/nominations/${caseA}`);
    // Each case its own team; the meeting and the recommendation round their rolls.
    for (const [caseId, team] of [
      [caseA, ['insp-a1', 'insp-a2']],
      [caseB, ['insp-b1', 'insp-b2']],
    ] as const) {
      const set = await call(
        'inspection',
        'PUT',
        `/inspections/${caseId}/team`,
        { members: team.map((id) => ({ personId: id, name: id, kinship: {} })) },
        { as: staff },
      );
      expect(set.status).toBe(204);
    }
    expect(
      (await call('voting', 'PUT', `/meetings/${caseA}/members`, roll(['m1', 'm2', 'm3']), { as: recorder }))
        .status,
    ).toBe(204);
    expect(
      (await call('voting', 'POST', `/meetings/${caseA}/attendance`, { memberId: 'm1' }, { as: recorder }))
        .status,
    ).toBe(204);
    expect(
      (
        await call('nomination', 'PUT', `/nominations/${caseA}/participants`, roll(['p1', 'p2', 'p3']), {
          as: staff,
        })
      ).status,
    ).toBe(204);
  }, 300_000);

  afterAll(() => system.stop());

  it('refuses a stolen gateway credential that vouches for no one, or for someone under a key of its own', async () => {
    const ballot = { choice: 'agree' };
    const none = await call('voting', 'POST', `/meetings/${caseA}/ballots`, ballot);
    expect(none).toMatchObject({ status: 401, body: { code: 'AUTH.UNAUTHENTICATED' } });
    const ownKey = generateKeyPairSync('ed25519').privateKey;
    const forged = await call('voting', 'POST', `/meetings/${caseA}/ballots`, ballot, {
      as: voter('m1'),
      key: ownKey,
    });
    expect(forged).toMatchObject({ status: 401, body: { en: expect.stringContaining('not the gateway') } });
    // No credential at all, or a made-up one: nothing, whoever is asserted.
    expect(
      (
        await call('voting', 'POST', `/meetings/${caseA}/ballots`, ballot, {
          as: voter('m1'),
          credential: null,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call('voting', 'POST', `/meetings/${caseA}/ballots`, ballot, {
          as: voter('m1'),
          credential: 'x'.repeat(48),
        })
      ).status,
    ).toBe(401);
    expect(await rows('voting', 'voter', caseA)).toEqual([]);
    expect(await rows('voting', 'ballot', caseA)).toEqual([]);
  });

  it('takes a captured assertion once, for its own call only: replayed, or bent to another body, path or service, it is refused', async () => {
    const path = `/meetings/${caseA}/ballots`;
    const captured = signPersonAssertion(system.personAssertionKey.privateKey, voter('m1'), {
      audience: 'voting',
      method: 'POST',
      path,
      body: JSON.stringify({ choice: 'disagree' }),
    });
    const otherBody = await call('voting', 'POST', path, { choice: 'agree' }, { assertion: captured });
    expect(otherBody).toMatchObject({ status: 401, body: { en: expect.stringContaining('another body') } });
    const otherPath = await call(
      'voting',
      'POST',
      `/meetings/${caseB}/ballots`,
      { choice: 'disagree' },
      { assertion: captured },
    );
    expect(otherPath).toMatchObject({ status: 401, body: { en: expect.stringContaining('another call') } });
    const otherService = await call(
      'nomination',
      'POST',
      `/nominations/${caseA}/ballots`,
      { choice: 'disagree' },
      { assertion: captured },
    );
    expect(otherService).toMatchObject({
      status: 401,
      body: { en: expect.stringContaining('another service') },
    });
    // Its own call, once: m1 is on the roll and present; the ballot counts.
    expect((await call('voting', 'POST', path, { choice: 'disagree' }, { assertion: captured })).status).toBe(
      204,
    );
    const replayed = await call('voting', 'POST', path, { choice: 'disagree' }, { assertion: captured });
    expect(replayed).toMatchObject({ status: 401, body: { en: expect.stringContaining('used before') } });
    expect(await rows('voting', 'ballot', caseA)).toHaveLength(1);
    // Nor after the service restarts (or at another of its replicas): the ids taken are in its database.
    await system.stopApp('voting');
    await system.launch('voting');
    const afterRestart = await call('voting', 'POST', path, { choice: 'disagree' }, { assertion: captured });
    expect(afterRestart).toMatchObject({ status: 401, body: { en: expect.stringContaining('used before') } });
    expect(await rows('voting', 'ballot', caseA)).toHaveLength(1);
  });

  it('opens to the worker’s credential only the calendar’s years it reads', async () => {
    const worker = system.credential('worker');
    // The voting service does not know the worker at all; the calendar knows it, for its years only.
    const meetings = await call('voting', 'GET', `/meetings/${caseA}`, undefined, { credential: worker });
    expect(meetings).toMatchObject({ status: 401, body: { code: 'AUTH.UNAUTHENTICATED' } });
    const load = await call(
      'calendar',
      'POST',
      '/calendar/years',
      { text: 'x' },
      { credential: worker, as: staff },
    );
    expect(load).toMatchObject({ status: 403, body: { code: 'AUTH.CALLER_NOT_ALLOWED' } });
    expect(
      (await call('calendar', 'GET', '/calendar/years/2026', undefined, { credential: worker })).status,
    ).toBe(200);
  });

  it('refuses a member of case A’s team writing case B: its roll, its report, its signatures', async () => {
    const report = {
      conclusion: '伪造的考察结论',
      candidates: ['cand-a', 'cand-b'].map((candidateId) => ({
        candidateId,
        fileReview: { done: true, findings: '无' },
        personalMatters: 'consistent',
        disciplineOpinion: { complaintsReceived: 0, complaintsVerified: 0, outcome: '无', affectsUse: false },
        petitionCheck: { done: true, findings: '无' },
        integrity: { partySecretary: 'secretary-1', disciplineSecretary: 'discipline-1' },
        inCurrentPostSince: '2020-01-01',
      })),
    };
    const before = await rows('inspection', 'inspection', caseB);
    const asA = { as: inspector('insp-a1') };
    for (const [method, path, body] of [
      ['PUT', `/inspections/${caseB}/report`, report],
      ['PUT', `/inspections/${caseB}/appraisers`, roll(['p1'])],
      [
        'POST',
        `/inspections/${caseB}/report/signatures`,
        { signature: 'ab', digest: '0'.repeat(64), keyId: 'cd', suite: 'ed25519-sha256' },
      ],
    ] as const) {
      const refused = await call('inspection', method, path, body, asA);
      expect([path, refused.status, refused.body['code']]).toEqual([path, 403, 'INSPECTION.NOT_ON_TEAM']);
    }
    // In its own case the same member files the report.
    expect((await call('inspection', 'PUT', `/inspections/${caseA}/report`, report, asA)).status).toBe(200);
    expect(await rows('inspection', 'inspection', caseB)).toEqual(before);
    expect(await rows('inspection', 'appraiser_roll', caseB)).toEqual([]);
    expect(await rows('inspection', 'report_signature', caseB)).toEqual([]);
  });

  it('counts no ballot from anyone outside the rolls: decision, recommendation, appraisal', async () => {
    const decision = await call(
      'voting',
      'POST',
      `/meetings/${caseA}/ballots`,
      { choice: 'agree' },
      { as: voter('x-outsider') },
    );
    expect(decision).toMatchObject({ status: 403, body: { code: 'VOTING.NOT_ON_ROLL' } });
    // Nor can the recorder mark an outsider present to make room for them.
    const present = await call(
      'voting',
      'POST',
      `/meetings/${caseA}/attendance`,
      { memberId: 'x-outsider' },
      { as: recorder },
    );
    expect(present).toMatchObject({ status: 400, body: { code: 'VOTING.NOT_ON_ROLL' } });
    const recommendation = await call(
      'nomination',
      'POST',
      `/nominations/${caseA}/ballots`,
      { candidateIds: ['cand-a'] },
      { as: voter('x-outsider') },
    );
    expect(recommendation).toMatchObject({ status: 403, body: { code: 'NOMINATION.NOT_ON_ROLL' } });
    expect(
      (
        await call('inspection', 'PUT', `/inspections/${caseA}/appraisers`, roll(['p1', 'p2']), {
          as: inspector('insp-a1'),
        })
      ).status,
    ).toBe(204);
    const appraisal = await call(
      'inspection',
      'POST',
      `/inspections/${caseA}/appraisals`,
      { grades: { 'cand-a': 'excellent', 'cand-b': 'excellent' } },
      { as: voter('x-outsider') },
    );
    expect(appraisal).toMatchObject({ status: 403, body: { code: 'INSPECTION.NOT_ON_ROLL' } });
    // A voter of the roll cannot vote twice by naming someone else: a ballot names no one.
    const named = await call(
      'nomination',
      'POST',
      `/nominations/${caseA}/ballots`,
      { candidateIds: ['cand-a'], participantId: 'p2' },
      { as: voter('p1') },
    );
    expect(named.status).toBe(400);
    expect(await rows('voting', 'attendance', caseA)).toHaveLength(1);
    expect(await rows('nomination', 'participant', caseA)).toEqual([]);
    expect(await rows('nomination', 'recommendation_vote', caseA)).toEqual([]);
    expect(await rows('inspection', 'appraiser', caseA)).toEqual([]);
    expect(await rows('inspection', 'appraisal_vote', caseA)).toEqual([]);
  });
});
