import 'reflect-metadata';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  DecisionTalliedSchema,
  decodeEnvelope,
  encodeEnvelope,
  OpenDecisionMeetingSchema,
  Topics,
} from '@jishi/contracts';
import { type ServiceUnderTest, startServiceUnderTest, TEST_WORKER_TOKEN } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadVotingConfig } from './config';
import type { MeetingView } from './meetings/meetings.service';
import { validationPipe } from '@jishi/service-kit';

describe('the voting service on the real stack', () => {
  const caseId = `vote-${randomUUID()}`;
  let service: ServiceUnderTest;

  /** The recorder who registers the roll and marks members present. */
  const recorder = { id: 'recorder-1', role: 'recorder', unitId: 'org-dept' };
  /** A member of the body, voting in their own name. */
  const member = (id: string) => ({ id, role: 'voter', unitId: 'standing-committee' });
  const roll = (n: number) => ({
    members: Array.from({ length: n }, (_, i) => ({ personId: `m${i + 1}`, name: `成员${i + 1}` })),
  });
  const call = (
    method: string,
    path: string,
    body?: unknown,
    as: { id: string; role: string; unitId: string } | null = recorder,
    token?: string | null,
  ) => service.request(method, `/meetings/${caseId}${path}`, body, token, as ?? undefined);

  const command = createEnvelope({
    eventId: `case-${caseId}/voting/start`,
    caseId,
    type: OpenDecisionMeetingSchema.typeName,
    occurredAt: new Date(),
    actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
    payload: toBinary(
      OpenDecisionMeetingSchema,
      create(OpenDecisionMeetingSchema, {
        candidateId: 'cand-b',
        expectedMembers: 9,
        body: 'standing_committee',
      }),
    ),
  });

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'VOTING',
      database: 'jishi_voting',
      boot: async (env) => {
        const app = await NestFactory.create(AppModule.of(loadVotingConfig(env)), {
          logger: ['error'],
          rawBody: true,
        });
        return app.useGlobalPipes(validationPipe);
      },
    });
  });

  afterAll(() => service?.close());

  it('opens the meeting from the command, once, however often the command arrives', async () => {
    const send = () => service.send(Topics.votingCommands, caseId, encodeEnvelope(command));
    await send();
    await send();
    let view: Response | undefined;
    for (let i = 0; i < 120 && view?.status !== 200; i++) {
      view = await call('GET', '');
      if (view.status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await view?.json()).toMatchObject({
      candidateId: 'cand-b',
      expectedMembers: 9,
      status: 'open',
      present: 0,
    });
    // The topic also holds other cases' commands; this case has one meeting, and its command was processed once.
    const meetings = await service.pg.query(
      `SELECT count(*)::int AS n FROM "${service.schema}"."meeting" WHERE "case_id" = $1`,
      [caseId],
    );
    expect(meetings.rows[0].n).toBe(1);
    const processed = await service.pg.query(
      `SELECT count(*)::int AS n FROM "${service.schema}"."processed_event" WHERE "event_id" = $1`,
      [command.eventId],
    );
    expect(processed.rows[0].n).toBe(1);
  });

  it('registers the roll of the body: every member, once, before anyone is present', async () => {
    const noRoll = await call('POST', '/attendance', { memberId: 'm1' });
    expect(noRoll.status).toBe(409);
    expect(await noRoll.json()).toMatchObject({ code: 'VOTING.NO_ROLL' });
    const short = await call('PUT', '/members', roll(8));
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ code: 'VOTING.ROLL_SIZE', field: 'members' });
    const twice = await call('PUT', '/members', {
      members: [...roll(8).members, { personId: 'm1', name: '成员1' }],
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ field: 'members' });
    expect((await call('PUT', '/members', roll(9))).status).toBe(204);
    // Without the gateway's assertion of who acts, nothing is done for anyone.
    const unasserted = await call('PUT', '/members', roll(9), null);
    expect(unasserted.status).toBe(401);
  });

  it('takes attendance and secret ballots, refusing what the rules forbid', async () => {
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']) {
      expect((await call('POST', '/attendance', { memberId: m })).status).toBe(204);
    }
    const stranger = await call('POST', '/attendance', { memberId: 'x1' });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({ code: 'VOTING.NOT_ON_ROLL', field: 'memberId' });
    // The roll may be corrected, but never to drop a member already present.
    const dropping = {
      members: [...roll(9).members.filter((m) => m.personId !== 'm3'), { personId: 'm10', name: '成员10' }],
    };
    const late = await call('PUT', '/members', dropping);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'VOTING.ROLL_IN_USE', details: { dropped: ['m3'] } });
    expect((await call('PUT', '/members', roll(9))).status).toBe(204);
    const notPresent = await call('POST', '/ballots', { choice: 'agree' }, member('m9'));
    expect(notPresent.status).toBe(409);
    expect(await notPresent.json()).toMatchObject({ code: 'VOTING.NOT_PRESENT' });
    // A voter outside the roll may not vote, present or not.
    const outsider = await call('POST', '/ballots', { choice: 'agree' }, member('x1'));
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({ code: 'VOTING.NOT_ON_ROLL' });
    // A ballot names no member: the voter is who the gateway asserts, never a field of the body.
    const named = await call('POST', '/ballots', { memberId: 'm2', choice: 'agree' }, member('m1'));
    expect(named.status).toBe(400);
    const choices = ['agree', 'agree', 'agree', 'agree', 'agree', 'disagree', 'abstain'];
    for (const [i, choice] of choices.entries()) {
      expect((await call('POST', '/ballots', { choice }, member(`m${i + 1}`))).status).toBe(204);
    }
    const again = await call('POST', '/ballots', { choice: 'disagree' }, member('m1'));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'VOTING.ALREADY_VOTED' });
    const badChoice = await call('POST', '/ballots', { choice: 'maybe' }, member('m8'));
    expect(badChoice.status).toBe(400);
    expect(await badChoice.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'choice' });
    expect((await call('GET', '', undefined, undefined, null)).status).toBe(401);
    // The worker's credential opens only what the worker needs: not the meetings.
    const worker = await call('GET', '', undefined, undefined, TEST_WORKER_TOKEN);
    expect(worker.status).toBe(403);
    expect(await worker.json()).toMatchObject({ code: 'AUTH.CALLER_NOT_ALLOWED' });
    // The ballot table holds choices only: nothing in it names or orders the voters.
    const { rows } = await service.pg.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'ballot' ORDER BY column_name`,
      [service.schema],
    );
    expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual([
      'candidate_id',
      'case_id',
      'choice',
      'id',
      'meeting',
    ]);
  });

  it('tallies under the quorum and majority rules and publishes the result through the outbox', async () => {
    const closed = await call('POST', '/close');
    expect(closed.status).toBe(200);
    const view = (await closed.json()) as MeetingView;
    // 7 of 9 present (quorum two thirds); 5 agree is more than half of the 9 expected.
    expect(view.tally).toEqual({ agree: 5, disagree: 1, abstain: 1, outcome: 'passed' });
    expect((await call('POST', '/attendance', { memberId: 'm8' })).status).toBe(409);

    const message = await service.firstKeyed(Topics.votingEvents, caseId);
    const envelope = decodeEnvelope(message.value as Buffer);
    expect(envelope.eventId).toBe(`voting/${caseId}/tally`);
    const tally = fromBinary(DecisionTalliedSchema, envelope.payload);
    expect(tally.outcome).toBe('passed');
    expect(tally.candidateId).toBe('cand-b');
    expect(tally.step?.items).toMatchObject({
      'decision.meeting.agree': 5,
      'decision.meeting.present': 7,
      'decision.meeting.expected': 9,
    });
    // Who acted, as the gateway asserted them: the roll's registrar, each member present and who
    // marked them, and who closed the vote.
    const actors = tally.step?.actors.map((a) => `${a.role}:${a.id}`) ?? [];
    expect(actors).toEqual(
      expect.arrayContaining([
        'registered_roll:recorder-1',
        'recorded_attendance:recorder-1',
        'member_present:m1',
        'member_present:m7',
        'closed:recorder-1',
      ]),
    );
    expect(actors).not.toContain('member_present:m8');
  });

  describe('numbered meetings, each candidate voted on separately (specification 2)', () => {
    const other = `vote2-${randomUUID()}`;
    const at = (
      method: string,
      path: string,
      body?: unknown,
      as: { id: string; role: string; unitId: string } = recorder,
    ) => service.request(method, `/meetings/${other}${path}`, body, undefined, as);
    const open = (meeting: number, candidateIds: string[]) =>
      createEnvelope({
        eventId: `case-${other}/voting/start${meeting > 1 ? `/${meeting}` : ''}`,
        caseId: other,
        type: OpenDecisionMeetingSchema.typeName,
        occurredAt: new Date(),
        actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
        payload: toBinary(
          OpenDecisionMeetingSchema,
          create(OpenDecisionMeetingSchema, {
            meeting,
            candidateIds,
            expectedMembers: 9,
            body: 'standing_committee',
          }),
        ),
      });
    const opened = async (meeting: number) => {
      for (let i = 0; i < 120; i++) {
        const view = await at('GET', '');
        if (view.status === 200) {
          const body = (await view.json()) as MeetingView;
          if (body.meeting === meeting && body.status === 'open') return body;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`meeting ${meeting} never opened`);
    };
    const tallies = async (count: number) =>
      (await service.keyed(Topics.votingEvents, other, count)).map((m) => {
        const envelope = decodeEnvelope(m.value as Buffer);
        return { eventId: envelope.eventId, tally: fromBinary(DecisionTalliedSchema, envelope.payload) };
      });
    const attend = async (n: number) => {
      for (let i = 1; i <= n; i++)
        expect((await at('POST', '/attendance', { memberId: `m${i}` })).status).toBe(204);
    };

    it('voids a meeting without two thirds present, then defers one item before its vote and votes the other', async () => {
      await service.send(Topics.votingCommands, other, encodeEnvelope(open(1, ['cand-a', 'cand-b'])));
      await service.send(Topics.votingCommands, other, encodeEnvelope(open(1, ['cand-a', 'cand-b'])));
      expect((await opened(1)).items.map((i) => i.candidateId)).toEqual(['cand-a', 'cand-b']);
      expect((await at('PUT', '/members', roll(9))).status).toBe(204);
      await attend(5); // 5 of 9: under two thirds
      expect(await (await at('POST', '/close')).json()).toMatchObject({ meeting: 1, outcome: 'void' });

      await service.send(Topics.votingCommands, other, encodeEnvelope(open(2, ['cand-a', 'cand-b'])));
      // The body meets again with the same members: the second meeting starts with the first's roll.
      expect((await opened(2)).members).toHaveLength(9);
      await attend(7);
      const unnamed = await at('POST', '/ballots', { choice: 'agree' }, member('m1'));
      expect(unnamed.status).toBe(400);
      expect(await unnamed.json()).toMatchObject({ code: 'VOTING.CANDIDATE_REQUIRED', field: 'candidateId' });
      expect(
        (await at('POST', '/ballots', { choice: 'agree', candidateId: 'cand-b' }, member('m1'))).status,
      ).toBe(204);
      // Once voting on a candidate has begun, it is too late to defer it.
      const late = await at('POST', '/deferrals', { candidateId: 'cand-b', reason: '意见分歧较大' });
      expect(late.status).toBe(409);
      expect(await late.json()).toMatchObject({ code: 'VOTING.VOTE_STARTED' });
      const noReason = await at('POST', '/deferrals', { candidateId: 'cand-a', reason: '  ' });
      expect(noReason.status).toBe(400);
      expect(await noReason.json()).toMatchObject({ code: 'DEC.DEFERRAL_REASON' });
      expect(
        (await at('POST', '/deferrals', { candidateId: 'cand-a', reason: '有新的反映需要核实' })).status,
      ).toBe(204);
      const onDeferred = await at(
        'POST',
        '/ballots',
        { choice: 'agree', candidateId: 'cand-a' },
        member('m2'),
      );
      expect(onDeferred.status).toBe(409);
      expect(await onDeferred.json()).toMatchObject({ code: 'VOTING.DEFERRED' });
      for (const m of ['m2', 'm3', 'm4']) {
        expect(
          (await at('POST', '/ballots', { choice: 'agree', candidateId: 'cand-b' }, member(m))).status,
        ).toBe(204);
      }
      // Four of nine agree: not more than half of the expected members — not passed.
      const closed = (await (await at('POST', '/close')).json()) as MeetingView;
      expect(closed.items).toEqual([
        { candidateId: 'cand-a', voted: 0, deferred: { reason: '有新的反映需要核实' } },
        {
          candidateId: 'cand-b',
          voted: 4,
          tally: { agree: 4, disagree: 0, abstain: 3, outcome: 'not_passed' },
        },
      ]);

      const results = await tallies(2);
      expect(results.map((r) => r.eventId)).toEqual([`voting/${other}/tally/1`, `voting/${other}/tally/2`]);
      expect(results[0]?.tally).toMatchObject({ meeting: 1, outcome: 'void' });
      expect(results[0]?.tally.steps.map((s) => s.stepId)).toEqual(['decision.meeting']);
      const second = results[1]?.tally;
      expect(second?.steps.map((s) => `${s.stepId}:${s.candidateId}`)).toEqual([
        'decision.meeting:',
        'decision.deferral:cand-a',
        'decision.vote:cand-b',
      ]);
      expect(second?.steps[2]?.items).toMatchObject({
        'decision.vote.agree': 4,
        'decision.vote.outcome': 'not_passed',
      });
    });
  });
});
