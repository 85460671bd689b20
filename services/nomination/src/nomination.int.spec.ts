import 'reflect-metadata';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  NominationCompletedSchema,
  CaseRulesSchema,
  StartNominationSchema,
  Topics,
} from '@jishi/contracts';
import { type ServiceUnderTest, startServiceUnderTest } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadNominationConfig } from './config';
import type { RoundView } from './rounds/rounds.service';
import { validationPipe } from '@jishi/service-kit';

describe('the nomination service on the real stack', () => {
  const caseId = `nom-${randomUUID()}`;
  let service: ServiceUnderTest;

  const call = (method: string, path: string, body?: unknown) =>
    service.request(method, `/nominations/${caseId}${path}`, body);

  const form = {
    nominatorId: 'secretary-1',
    subject: 'leader',
    signerIsPartySecretary: true,
    organizationDepartmentPrincipalId: 'org-principal',
    candidateId: 'cand-a',
    reason: '主持完成全县农村公路改造三年行动，获省级表彰，熟悉交通建设管理',
    strengths: '熟悉交通建设',
    weaknesses: '宏观谋划能力有待提高',
    kinshipDeclared: false,
    signature: 'sig-1',
  };

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'NOMINATION',
      database: 'jishi_nomination',
      boot: async (env) => {
        const app = await NestFactory.create(AppModule.of(loadNominationConfig(env)), { logger: ['error'] });
        return app.useGlobalPipes(validationPipe);
      },
    });
    const command = createEnvelope({
      eventId: `case-${caseId}/nomination/start`,
      caseId,
      type: StartNominationSchema.typeName,
      occurredAt: new Date(),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        StartNominationSchema,
        create(StartNominationSchema, { posts: 1, expectedParticipants: 6 }),
      ),
    });
    await service.send(Topics.nominationCommands, caseId, encodeEnvelope(command));
    for (let i = 0; i < 120 && (await call('GET', '')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
  });

  afterAll(() => service?.close());

  it('takes a signed form and names its first nominator: a secretary’s nomination is the organization’s', async () => {
    const accepted = await call('POST', '/forms', form);
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toEqual({
      firstNominatorId: 'org-principal',
      filedAs: 'organization_department',
    });
    expect(
      (
        await call('POST', '/forms', {
          ...form,
          nominatorId: 'staff-2',
          subject: 'individual',
          candidateId: 'cand-b',
          signerIsPartySecretary: false,
        })
      ).status,
    ).toBe(201);
  });

  it('refuses a vague reason, a missing kinship declaration and a repeated form, saying why', async () => {
    const vague = await call('POST', '/forms', {
      ...form,
      nominatorId: 'x',
      reason: '根据工作需要，推荐该同志',
    });
    expect(vague.status).toBe(400);
    expect(await vague.json()).toMatchObject({ code: 'NOM.VAGUE_REASON' });
    const undeclared = await call('POST', '/forms', {
      ...form,
      nominatorId: 'y',
      kinshipDeclared: undefined,
    });
    expect(undeclared.status).toBe(400);
    expect(await undeclared.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'kinshipDeclared' });
    const again = await call('POST', '/forms', form);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'NOMINATION.DUPLICATE_FORM' });
  });

  it('will not close below two thirds of the expected participants; at exactly two thirds it ranks and publishes', async () => {
    for (const [participantId, candidate] of [
      ['p1', 'cand-a'],
      ['p2', 'cand-a'],
      ['p3', 'cand-b'],
    ]) {
      expect((await call('POST', '/ballots', { participantId, candidateIds: [candidate] })).status).toBe(204);
    }
    const short = await call('POST', '/close');
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({ code: 'NOM.MEETING_QUORUM' });
    expect((await call('POST', '/ballots', { participantId: 'p1', candidateIds: ['cand-b'] })).status).toBe(
      409,
    );
    expect(
      (await call('POST', '/ballots', { participantId: 'p4', candidateIds: ['cand-a', 'cand-b'] })).status,
    ).toBe(400);
    expect((await call('POST', '/ballots', { participantId: 'p4', candidateIds: ['cand-a'] })).status).toBe(
      204,
    );

    const closed = await call('POST', '/close');
    expect(closed.status).toBe(200);
    const view = (await closed.json()) as RoundView;
    expect(view.ranking).toEqual([
      { candidateId: 'cand-a', score: 3, rank: 1 },
      { candidateId: 'cand-b', score: 1, rank: 2 },
    ]);

    const message = await service.firstKeyed(Topics.nominationEvents, caseId);
    const envelope = decodeEnvelope(message.value as Buffer);
    expect(envelope.eventId).toBe(`nomination/${caseId}/result`);
    const result = fromBinary(NominationCompletedSchema, envelope.payload);
    expect(result.candidateIds).toEqual(['cand-a', 'cand-b']);
    expect(result.steps.map((s) => s.stepId)).toEqual([
      'nomination.submit',
      'nomination.meeting',
      'nomination.result',
    ]);
    expect(result.steps[1]?.items).toMatchObject({
      'nomination.meeting.expected': 6,
      'nomination.meeting.present': 4,
    });
  });

  it('holds the meeting to the quorum of the case’s own policy, as its command carried it', async () => {
    const strict = `nom-rules-${randomUUID()}`;
    await service.send(
      Topics.nominationCommands,
      strict,
      encodeEnvelope(
        createEnvelope({
          eventId: `case-${strict}/nomination/start`,
          caseId: strict,
          type: StartNominationSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(
            StartNominationSchema,
            create(StartNominationSchema, {
              posts: 1,
              expectedParticipants: 6,
              rules: create(CaseRulesSchema, {
                policy: { recommendationMeetingQuorum: { numerator: 4, denominator: 5 } },
                profile: {},
              }),
            }),
          ),
        }),
      ),
    );
    const at = (path: string, body?: unknown) =>
      service.request('POST', `/nominations/${strict}${path}`, body);
    for (let i = 0; i < 120 && (await service.request('GET', `/nominations/${strict}`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    for (const p of ['p1', 'p2', 'p3', 'p4']) {
      expect((await at('/ballots', { participantId: p, candidateIds: ['cand-a'] })).status).toBe(204);
    }
    // Four of six is the default two thirds, but not this organization's four fifths.
    const short = await at('/close');
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({
      code: 'NOM.MEETING_QUORUM',
      details: { expected: 6, present: 4 },
    });
    expect((await at('/ballots', { participantId: 'p5', candidateIds: ['cand-b'] })).status).toBe(204);
    expect((await at('/close')).status).toBe(200);
  });

  it('will not close while the reference candidates do not outnumber the posts', async () => {
    const few = `nom-few-${randomUUID()}`;
    await service.send(
      Topics.nominationCommands,
      few,
      encodeEnvelope(
        createEnvelope({
          eventId: `case-${few}/nomination/start`,
          caseId: few,
          type: StartNominationSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(
            StartNominationSchema,
            create(StartNominationSchema, { posts: 2, expectedParticipants: 3 }),
          ),
        }),
      ),
    );
    const at = (path: string, body?: unknown) => service.request('POST', `/nominations/${few}${path}`, body);
    for (let i = 0; i < 120 && (await service.request('GET', `/nominations/${few}`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    for (const p of ['p1', 'p2', 'p3']) {
      expect((await at('/ballots', { participantId: p, candidateIds: ['cand-a', 'cand-b'] })).status).toBe(
        204,
      );
    }
    // Two people for two posts: no choice for anyone to make.
    const closed = await at('/close');
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ code: 'NOM.REFERENCE_CANDIDATES' });
  });
});
