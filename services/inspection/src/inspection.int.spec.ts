import 'reflect-metadata';
import { create, fromBinary, type JsonObject, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  CaseRulesSchema,
  InspectionCompletedSchema,
  StartInspectionSchema,
  Topics,
} from '@jishi/contracts';
import { chinaDateOf } from '@jishi/domain';
import { type ServiceUnderTest, startServiceUnderTest } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadInspectionConfig } from './config';
import type { InspectionView } from './inspections/inspections.service';
import { validationPipe } from '@jishi/service-kit';

describe('the inspection service on the real stack', () => {
  const caseId = `insp-${randomUUID()}`;
  let service: ServiceUnderTest;

  type As = { id: string; role: string; unitId: string };
  const inspector = (n: number): As => ({
    id: `inspector-${n}`,
    role: 'inspection_team_member',
    unitId: 'org',
  });
  const appraiser = (id: string): As => ({ id, role: 'voter', unitId: 'county' });
  /** A request to an inspection, as the gateway makes it for `as` (by default the team's first member). */
  const at = (id: string, method: string, path: string, body?: unknown, as: As | null = inspector(1)) =>
    service.request(method, `/inspections/${id}${path}`, body, undefined, as ?? undefined);
  const call = (method: string, path: string, body?: unknown, as: As | null = inspector(1)) =>
    at(caseId, method, path, body, as);
  /** Each member of the team signs the report as it stands (the gateway has verified the signature). */
  const signAll = async (id: string, digest: string, members = [1, 2]) => {
    for (const n of members)
      expect(
        (
          await at(
            id,
            'POST',
            '/report/signatures',
            { signature: 'ab'.repeat(32), digest, keyId: 'cd'.repeat(32), suite: 'ed25519-sha256' },
            inspector(n),
          )
        ).status,
      ).toBe(204);
  };
  const digestOf = async (reply: Response) => {
    expect(reply.status).toBe(200);
    return ((await reply.json()) as { digest: string }).digest;
  };

  /** One candidate's four musts as the team found them: clean, in post for years. */
  const findings = (candidateId: string, own: Record<string, unknown> = {}) => ({
    candidateId,
    fileReview: { done: true, findings: '“三龄二历一身份”经审核无误' },
    personalMatters: 'consistent',
    disciplineOpinion: {
      complaintsReceived: 1,
      complaintsVerified: 1,
      outcome: '经核实，反映问题不属实',
      affectsUse: false,
    },
    petitionCheck: { done: true, findings: '无信访举报' },
    integrity: { partySecretary: 'secretary-1', disciplineSecretary: 'discipline-1' },
    inCurrentPostSince: '2020-05-01',
    ...own,
  });
  const reportFor = (ids: string[], own: Record<string, Record<string, unknown>> = {}) => ({
    conclusion: '该同志政治坚定，实绩突出，群众公认',
    candidates: ids.map((id) => findings(id, own[id])),
  });
  const report = reportFor(['cand-a', 'cand-b']);

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'INSPECTION',
      database: 'jishi_inspection',
      boot: async (env) => {
        const app = await NestFactory.create(AppModule.of(loadInspectionConfig(env)), {
          logger: ['error'],
          rawBody: true,
        });
        return app.useGlobalPipes(validationPipe);
      },
    });
    const command = createEnvelope({
      eventId: `case-${caseId}/inspection/start`,
      caseId,
      type: StartInspectionSchema.typeName,
      occurredAt: new Date(),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        StartInspectionSchema,
        create(StartInspectionSchema, { posts: 1, candidateIds: ['cand-a', 'cand-b', 'cand-c'] }),
      ),
    });
    await service.send(Topics.inspectionCommands, caseId, encodeEnvelope(command));
    for (let i = 0; i < 120 && (await call('GET', '')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
  });

  afterAll(() => service?.close());

  it('shortlists two candidates per post from the nomination result', async () => {
    expect(await (await call('GET', '')).json()).toMatchObject({
      shortlist: ['cand-a', 'cand-b'],
      status: 'open',
    });
  });

  it('refuses a team of one, or with a candidate’s kin, and the report before the team', async () => {
    expect((await call('PUT', '/report', report)).status).toBe(409);
    const alone = await call('PUT', '/team', {
      members: [{ personId: 'inspector-1', name: '考察组成员1', kinship: {} }],
    });
    expect(alone.status).toBe(400);
    const nameless = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: {} },
      ],
    });
    expect(nameless.status).toBe(400);
    expect(((await nameless.json()) as { field?: string }).field).toBe('members.0.name');
    expect(await alone.json()).toMatchObject({ code: 'INSP.TEAM_SIZE' });
    const kin = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: { 'cand-b': 'spouse' } },
      ],
    });
    expect(kin.status).toBe(400);
    expect(await kin.json()).toMatchObject({ code: 'INSP.TEAM_RECUSAL' });
    // A kinship written otherwise ("Spouse ") is no kinship at all: refused, not taken as none.
    const disguised = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: { 'cand-b': 'Spouse ' } },
      ],
    });
    expect(disguised.status).toBe(400);
    expect(await disguised.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'members.1.kinship' });
    // One person twice does not make a team of two.
    const twice = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
      ],
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'members' });
    const team = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: { 'cand-b': 'other' } },
      ],
    });
    expect(team.status).toBe(204);
  });

  it('takes appraisals from the roll only, and the report from the team, refusing a concealed personal matter', async () => {
    const noRoll = await call(
      'POST',
      '/appraisals',
      { grades: { 'cand-a': 'competent', 'cand-b': 'excellent' } },
      appraiser('p0'),
    );
    expect(noRoll.status).toBe(409);
    expect(await noRoll.json()).toMatchObject({ code: 'INSPECTION.NO_ROLL' });
    // Only a member of the case's team registers the appraisal's roll.
    const roll = { members: ['p0', 'p1', 'p2', 'p8', 'p9'].map((id) => ({ personId: id, name: id })) };
    const stranger = await call('PUT', '/appraisers', roll, inspector(7));
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ code: 'INSPECTION.NOT_ON_TEAM' });
    expect((await call('PUT', '/appraisers', roll)).status).toBe(204);
    const outsider = await call(
      'POST',
      '/appraisals',
      { grades: { 'cand-a': 'competent', 'cand-b': 'excellent' } },
      appraiser('x1'),
    );
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({ code: 'INSPECTION.NOT_ON_ROLL' });
    const appraisals = [
      { 'cand-a': 'competent', 'cand-b': 'excellent' },
      { 'cand-a': 'competent', 'cand-b': 'excellent' },
      { 'cand-a': 'excellent', 'cand-b': 'competent' },
    ];
    for (const [i, grades] of appraisals.entries()) {
      expect((await call('POST', '/appraisals', { grades }, appraiser(`p${i}`))).status).toBe(204);
    }
    expect((await call('POST', '/appraisals', { grades: appraisals[0] }, appraiser('p0'))).status).toBe(409);
    const partial = await call('POST', '/appraisals', { grades: { 'cand-a': 'competent' } }, appraiser('p9'));
    expect(partial.status).toBe(400);
    expect(await partial.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'grades' });
    // A grade named after what every object inherits is no grade: a 400, not a 500.
    for (const grade of ['constructor', '__proto__', 'toString']) {
      const odd = await call(
        'POST',
        '/appraisals',
        { grades: { 'cand-a': grade, 'cand-b': 'competent' } },
        appraiser('p8'),
      );
      expect([grade, odd.status]).toEqual([grade, 400]);
      expect(await odd.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'grades' });
    }

    // The report is filed by a member of this case's team, no one else.
    const notTeam = await call('PUT', '/report', report, inspector(7));
    expect(notTeam.status).toBe(403);
    expect(await notTeam.json()).toMatchObject({ code: 'INSPECTION.NOT_ON_TEAM' });
    const concealed = await call(
      'PUT',
      '/report',
      reportFor(['cand-a', 'cand-b'], { 'cand-b': { personalMatters: 'concealed' } }),
    );
    expect(concealed.status).toBe(400);
    expect(await concealed.json()).toMatchObject({
      code: 'INSP.CONCEALMENT',
      field: 'candidates[1]',
      details: { candidateId: 'cand-b' },
    });
    // The discipline organ's opinion with counts that cannot be: more verified than received.
    const counts = await call(
      'PUT',
      '/report',
      reportFor(['cand-a', 'cand-b'], {
        'cand-a': {
          disciplineOpinion: {
            complaintsReceived: 0,
            complaintsVerified: 2,
            outcome: '不属实',
            affectsUse: false,
          },
        },
      }),
    );
    expect(await counts.json()).toMatchObject({ code: 'INSP.DISCIPLINE_OPINION', field: 'candidates[0]' });
    // Under a year in the current post: an extended inspection is needed, computed from the date.
    const recent = await call(
      'PUT',
      '/report',
      reportFor(['cand-a', 'cand-b'], {
        'cand-b': { inCurrentPostSince: chinaDateOf(Date.now() - 90 * 86_400_000) },
      }),
    );
    expect(await recent.json()).toMatchObject({
      code: 'INSP.EXTENDED_REQUIRED',
      details: { candidateId: 'cand-b' },
    });
    const oneMissing = await call('PUT', '/report', reportFor(['cand-a']));
    expect(await oneMissing.json()).toMatchObject({
      code: 'REQUEST.INVALID',
      field: 'candidates',
      details: { missing: ['cand-b'] },
    });
    const unsignedIntegrity = await call(
      'PUT',
      '/report',
      reportFor(['cand-a', 'cand-b'], { 'cand-a': { integrity: { partySecretary: 'secretary-1' } } }),
    );
    expect(unsignedIntegrity.status).toBe(400);
    expect(await unsignedIntegrity.json()).toMatchObject({
      field: 'candidates.0.integrity.disciplineSecretary',
    });
    const digest = await digestOf(
      await call(
        'PUT',
        '/report',
        reportFor(['cand-a', 'cand-b'], {
          'cand-b': {
            inCurrentPostSince: chinaDateOf(Date.now() - 90 * 86_400_000),
            extended: { done: true, findings: '已到原单位延伸考察' },
          },
        }),
      ),
    );
    // Signed by one member only: the inspection does not close.
    await signAll(caseId, digest, [1]);
    const halfSigned = await call('POST', '/close');
    expect(halfSigned.status).toBe(409);
    expect(await halfSigned.json()).toMatchObject({
      code: 'INSP.REPORT_SIGNATURES',
      details: { missing: ['inspector-2'] },
    });
    // A signature over another version of the report, or by someone off the team, is refused.
    const stale = await at(
      caseId,
      'POST',
      '/report/signatures',
      { signature: 'ab', digest: '0'.repeat(64), keyId: 'cd', suite: 'ed25519-sha256' },
      inspector(2),
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'INSPECTION.REPORT_CHANGED' });
    const offTeam = await at(
      caseId,
      'POST',
      '/report/signatures',
      { signature: 'ab', digest, keyId: 'cd', suite: 'ed25519-sha256' },
      inspector(7),
    );
    expect(offTeam.status).toBe(403);
    await signAll(caseId, digest, [2]);
    const view = (await (await call('GET', '')).json()) as InspectionView;
    expect(view).toMatchObject({ reportDigest: digest, signedBy: ['inspector-1', 'inspector-2'] });
  });

  it('ranks the shortlist by appraisal and publishes the result through the outbox', async () => {
    const closed = await call('POST', '/close');
    expect(closed.status).toBe(200);
    const view = (await closed.json()) as InspectionView;
    expect(view.ranking).toEqual([
      { candidateId: 'cand-b', score: 93.33, rank: 1 },
      { candidateId: 'cand-a', score: 86.67, rank: 2 },
    ]);
    const message = await service.firstKeyed(Topics.inspectionEvents, caseId);
    const result = fromBinary(InspectionCompletedSchema, decodeEnvelope(message.value as Buffer).payload);
    expect(result.rankedCandidateIds).toEqual(['cand-b', 'cand-a']);
    expect(result.steps.map((s) => s.stepId)).toEqual([
      'inspection.shortlist',
      'inspection.team',
      'inspection.notice',
      'inspection.appraisal',
      'inspection.talks',
      'inspection.investigation',
      'inspection.four_musts',
      'inspection.ranking',
      'inspection.report',
    ]);
    // Who acted: who filed the report, each signer, who closed; and each signature with its key.
    const reportStep = result.steps.at(-1);
    expect(reportStep?.actors.map((a) => `${a.role}:${a.id}`)).toEqual([
      'filed:inspector-1',
      'signed:inspector-1',
      'signed:inspector-2',
      'closed:inspector-1',
    ]);
    expect(reportStep?.items?.['inspection.report.signatures']).toHaveLength(2);
  });

  it('decides by the rules the case’s command carries: the organization’s shortlist ratio and the audit its post requires', async () => {
    const other = `insp-rules-${randomUUID()}`;
    const start = (forCase: string, rules: { policy: JsonObject; profile: JsonObject }) =>
      createEnvelope({
        eventId: `case-${forCase}/inspection/start`,
        caseId: forCase,
        type: StartInspectionSchema.typeName,
        occurredAt: new Date(),
        actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
        payload: toBinary(
          StartInspectionSchema,
          create(StartInspectionSchema, {
            posts: 1,
            candidateIds: ['cand-a', 'cand-b', 'cand-c', 'cand-d'],
            rules: create(CaseRulesSchema, rules),
          }),
        ),
      });
    await service.send(
      Topics.inspectionCommands,
      other,
      encodeEnvelope(
        start(other, { policy: { shortlistCandidatesPerPost: 3 }, profile: { auditRequired: true } }),
      ),
    );
    const view = async () => service.request('GET', `/inspections/${other}`);
    for (let i = 0; i < 120 && (await view()).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    // Three per post, as this organization's policy says (the default is two).
    expect(((await (await view()).json()) as InspectionView).shortlist).toEqual([
      'cand-a',
      'cand-b',
      'cand-c',
    ]);
    const team = await at(other, 'PUT', '/team', {
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: {} },
      ],
    });
    expect(team.status).toBe(204);
    // The post requires an economic-responsibility audit: a report without it lacks one of the musts.
    const threeReport = reportFor(['cand-a', 'cand-b', 'cand-c']);
    const without = await at(other, 'PUT', '/report', threeReport);
    expect(without.status).toBe(400);
    expect(await without.json()).toMatchObject({ code: 'INSP.FOUR_MUSTS', details: { missing: ['audit'] } });
    const audit = { audit: { done: true, findings: '任期经济责任审计未发现问题' } };
    const withAudit = await at(
      other,
      'PUT',
      '/report',
      reportFor(['cand-a', 'cand-b', 'cand-c'], { 'cand-a': audit, 'cand-b': audit, 'cand-c': audit }),
    );
    expect(withAudit.status).toBe(200);

    // A policy that breaks its own rules opens nothing.
    const broken = `insp-broken-${randomUUID()}`;
    await service.send(
      Topics.inspectionCommands,
      broken,
      encodeEnvelope(start(broken, { policy: { shortlistCandidatesPerPost: 1 }, profile: {} })),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await service.request('GET', `/inspections/${broken}`)).status).toBe(404);
  });

  it('inspects every candidate of the organization department’s shortlist (specification 2) and records no shortlist of its own', async () => {
    const given = `insp-given-${randomUUID()}`;
    const command = createEnvelope({
      eventId: `case-${given}/inspection/start`,
      caseId: given,
      type: StartInspectionSchema.typeName,
      occurredAt: new Date(),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        StartInspectionSchema,
        create(StartInspectionSchema, { posts: 2, candidateIds: ['cand-c', 'cand-a'], shortlisted: true }),
      ),
    });
    await service.send(Topics.inspectionCommands, given, encodeEnvelope(command));
    await service.send(Topics.inspectionCommands, given, encodeEnvelope(command)); // redelivered
    const view = async () => service.request('GET', `/inspections/${given}`);
    for (let i = 0; i < 120 && (await view()).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    // Two candidates for two posts: the department's shortlist, not the service's ratio of the ranking.
    expect(((await (await view()).json()) as InspectionView).shortlist).toEqual(['cand-c', 'cand-a']);
    expect(
      (
        await at(given, 'PUT', '/team', {
          members: [
            { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
            { personId: 'inspector-2', name: '考察组成员2', kinship: {} },
          ],
        })
      ).status,
    ).toBe(204);
    // Specification 2: a concealment bars that candidate only; the report stands, the case lets them go.
    const givenDigest = await digestOf(
      await at(
        given,
        'PUT',
        '/report',
        reportFor(['cand-c', 'cand-a'], { 'cand-c': { personalMatters: 'concealed' } }),
      ),
    );
    await signAll(given, givenDigest);
    // The inspection notice: dates in order, not published after today; kept as given.
    const notice = (body: Record<string, unknown>) => at(given, 'PUT', '/notice', body);
    const refusal = async (body: Record<string, unknown>) => {
      const reply = await notice(body);
      return { status: reply.status, ...((await reply.json()) as { code: string; field: string }) };
    };
    const good = { publishedOn: '2026-11-20', startsOn: '2026-11-23', channel: '单位公示栏' };
    expect(await refusal({ ...good, startsOn: '2026-11-20' })).toMatchObject({
      status: 400,
      code: 'REQUEST.INVALID',
      field: 'startsOn',
    });
    expect(await refusal({ ...good, publishedOn: '2999-01-01', startsOn: '2999-01-04' })).toMatchObject({
      status: 400,
      field: 'publishedOn',
    });
    expect(await refusal({ ...good, publishedOn: '2026-02-30' })).toMatchObject({
      status: 400,
      field: 'publishedOn',
    });
    expect(await refusal({ ...good, channel: '' })).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect((await notice(good)).status).toBe(204);
    expect((await notice(good)).status).toBe(204); // sent again: the same notice
    expect(((await (await view()).json()) as InspectionView).notice).toEqual(good);
    expect((await at(given, 'POST', '/close')).status).toBe(200);
    // Once the inspection has closed, its notice is no longer changed.
    expect((await notice(good)).status).toBe(409);
    const message = await service.firstKeyed(Topics.inspectionEvents, given);
    const result = fromBinary(InspectionCompletedSchema, decodeEnvelope(message.value as Buffer).payload);
    expect(result.steps.map((s) => s.stepId)).not.toContain('inspection.shortlist');
    expect(result.steps[0]?.stepId).toBe('inspection.team');
    // The team by name: its members keep the inspection's record.
    expect(result.steps[0]?.items).toMatchObject({
      'inspection.team.size': 2,
      'inspection.team.members': [
        { id: 'inspector-1', name: '考察组成员1' },
        { id: 'inspector-2', name: '考察组成员2' },
      ],
    });
    expect(result.steps.find((s) => s.stepId === 'inspection.notice')?.items).toEqual({
      'inspection.notice.published_on': '2026-11-20',
      'inspection.notice.inspection_starts_on': '2026-11-23',
      'inspection.notice.channel': '单位公示栏',
    });
    // Each candidate's own four musts, with the discipline organ's counts.
    const musts = result.steps.filter((s) => s.stepId === 'inspection.four_musts');
    expect(musts.map((s) => s.candidateId).sort()).toEqual(['cand-a', 'cand-c']);
    expect(musts.find((s) => s.candidateId === 'cand-c')?.items).toMatchObject({
      'inspection.four_musts.personal_matters': 'concealed',
      'inspection.four_musts.complaints_received': 1,
      'inspection.four_musts.complaints_verified': 1,
    });
  });
});
