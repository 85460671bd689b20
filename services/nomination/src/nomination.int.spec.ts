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
import { documentDigest, signedPart } from '@jishi/evidence';
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

  type As = { id: string; role: string; unitId: string };
  /** The organization department's staff, who register the roll and close the round. */
  const staff: As = { id: 'staff-1', role: 'org_staff', unitId: 'org-dept' };
  const participant = (id: string): As => ({ id, role: 'voter', unitId: 'county' });
  const roll = (n: number) => ({
    members: Array.from({ length: n }, (_, i) => ({ personId: `p${i + 1}`, name: `参加人员${i + 1}` })),
  });
  const call = (method: string, path: string, body?: unknown, as: As | null = staff) =>
    service.request(method, `/nominations/${caseId}${path}`, body, undefined, as ?? undefined);
  /** A participant's ballot in their own name. */
  const ballot = (round: string, id: string, candidateIds: string[]) =>
    service.request('POST', `/nominations/${round}/ballots`, { candidateIds }, undefined, participant(id));

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
  };
  /** A form as the gateway forwards it: the nominator's signature verified, its key and digest added. */
  const signedForm = (f: Record<string, unknown>) => ({
    ...f,
    signature: 'ab'.repeat(32),
    signatureKeyId: 'cd'.repeat(32),
    signatureSuite: 'ed25519-sha256',
    signatureDigest: documentDigest(signedPart(f)),
  });

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'NOMINATION',
      database: 'jishi_nomination',
      boot: async (env) => {
        const app = await NestFactory.create(AppModule.of(loadNominationConfig(env)), {
          logger: ['error'],
          rawBody: true,
        });
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
    const accepted = await call('POST', '/forms', signedForm(form));
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toEqual({
      firstNominatorId: 'org-principal',
      filedAs: 'organization_department',
    });
    expect(
      (
        await call(
          'POST',
          '/forms',
          signedForm({
            ...form,
            nominatorId: 'staff-2',
            subject: 'individual',
            candidateId: 'cand-b',
            signerIsPartySecretary: false,
          }),
        )
      ).status,
    ).toBe(201);
  });

  it('refuses a form that is not the one its signature is over', async () => {
    const altered = await call('POST', '/forms', { ...signedForm(form), candidateId: 'cand-z' });
    expect(altered.status).toBe(400);
    expect(await altered.json()).toMatchObject({ field: 'signatureDigest' });
  });

  it('refuses a vague reason, a missing kinship declaration and a repeated form, saying why', async () => {
    const vague = await call(
      'POST',
      '/forms',
      signedForm({
        ...form,
        nominatorId: 'x',
        reason: '根据工作需要，推荐该同志',
      }),
    );
    expect(vague.status).toBe(400);
    expect(await vague.json()).toMatchObject({ code: 'NOM.VAGUE_REASON' });
    const undeclared = await call(
      'POST',
      '/forms',
      signedForm({
        ...form,
        nominatorId: 'y',
        kinshipDeclared: undefined,
      }),
    );
    expect(undeclared.status).toBe(400);
    expect(await undeclared.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'kinshipDeclared' });
    const again = await call('POST', '/forms', signedForm(form));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'NOMINATION.DUPLICATE_FORM' });
  });

  it('takes ballots only from those on the roll, registered in full before anyone votes', async () => {
    const noRoll = await ballot(caseId, 'p1', ['cand-a']);
    expect(noRoll.status).toBe(409);
    expect(await noRoll.json()).toMatchObject({ code: 'NOMINATION.NO_ROLL' });
    const short = await call('PUT', '/participants', roll(5));
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ code: 'NOMINATION.ROLL_SIZE', field: 'members' });
    expect((await call('PUT', '/participants', roll(6))).status).toBe(204);
    expect((await call('PUT', '/participants', roll(6), null)).status).toBe(401);
    const outsider = await ballot(caseId, 'x1', ['cand-a']);
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({ code: 'NOMINATION.NOT_ON_ROLL' });
    // The participant is the person asserted, never a field of the body.
    const named = await call(
      'POST',
      '/ballots',
      { participantId: 'p2', candidateIds: ['cand-a'] },
      participant('p1'),
    );
    expect(named.status).toBe(400);
  });

  it('will not close below two thirds of the expected participants; at exactly two thirds it ranks and publishes', async () => {
    for (const [participantId, candidate] of [
      ['p1', 'cand-a'],
      ['p2', 'cand-a'],
      ['p3', 'cand-b'],
    ] as const) {
      expect((await ballot(caseId, participantId, [candidate])).status).toBe(204);
    }
    // The roll may be corrected, but never to drop someone who has voted.
    const dropping = {
      members: [...roll(6).members.filter((m) => m.personId !== 'p2'), { personId: 'p9', name: '参加人员9' }],
    };
    const late = await call('PUT', '/participants', dropping);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'NOMINATION.ROLL_IN_USE', details: { dropped: ['p2'] } });
    expect((await call('PUT', '/participants', roll(6))).status).toBe(204);
    const short = await call('POST', '/close');
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({ code: 'NOM.MEETING_QUORUM' });
    expect((await ballot(caseId, 'p1', ['cand-b'])).status).toBe(409);
    expect((await ballot(caseId, 'p4', ['cand-a', 'cand-b'])).status).toBe(400);
    expect((await ballot(caseId, 'p4', ['cand-a'])).status).toBe(204);

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
    // Who acted, as asserted: who filed the forms, who registered the roll, who voted, who closed.
    const actors = (i: number) => result.steps[i]?.actors.map((a) => `${a.role}:${a.id}`);
    expect(actors(0)).toEqual(['filed:staff-1']);
    expect(actors(1)).toEqual([
      'registered_roll:staff-1',
      'participant_voted:p1',
      'participant_voted:p2',
      'participant_voted:p3',
      'participant_voted:p4',
    ]);
    expect(actors(2)).toEqual(['closed:staff-1']);
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
    const at = (path: string, body?: unknown, method = 'POST') =>
      service.request(method, `/nominations/${strict}${path}`, body, undefined, staff);
    for (let i = 0; i < 120 && (await service.request('GET', `/nominations/${strict}`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    expect((await at('/participants', roll(6), 'PUT')).status).toBe(204);
    for (const p of ['p1', 'p2', 'p3', 'p4']) {
      expect((await ballot(strict, p, ['cand-a'])).status).toBe(204);
    }
    // Four of six is the default two thirds, but not this organization's four fifths.
    const short = await at('/close');
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({
      code: 'NOM.MEETING_QUORUM',
      details: { expected: 6, present: 4 },
    });
    expect((await ballot(strict, 'p5', ['cand-b'])).status).toBe(204);
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
    const at = (path: string, body?: unknown, method = 'POST') =>
      service.request(method, `/nominations/${few}${path}`, body, undefined, staff);
    for (let i = 0; i < 120 && (await service.request('GET', `/nominations/${few}`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
    expect((await at('/participants', roll(3), 'PUT')).status).toBe(204);
    for (const p of ['p1', 'p2', 'p3']) {
      expect((await ballot(few, p, ['cand-a', 'cand-b'])).status).toBe(204);
    }
    // Two people for two posts: no choice for anyone to make.
    const closed = await at('/close');
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ code: 'NOM.REFERENCE_CANDIDATES' });
  });
});
