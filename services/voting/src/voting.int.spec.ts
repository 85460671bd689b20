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
import { type ServiceUnderTest, startServiceUnderTest } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadVotingConfig } from './config';
import type { MeetingView } from './meetings/meetings.service';
import { validationPipe } from '@jishi/service-kit';

describe('the voting service on the real stack', () => {
  const caseId = `vote-${randomUUID()}`;
  let service: ServiceUnderTest;

  const call = (method: string, path: string, body?: unknown, token?: string | null) =>
    service.request(method, `/meetings/${caseId}${path}`, body, token);

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
        const app = await NestFactory.create(AppModule.of(loadVotingConfig(env)), { logger: ['error'] });
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

  it('takes attendance and secret ballots, refusing what the rules forbid', async () => {
    for (const member of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']) {
      expect((await call('POST', '/attendance', { memberId: member })).status).toBe(204);
    }
    const notPresent = await call('POST', '/ballots', { memberId: 'm9', choice: 'agree' });
    expect(notPresent.status).toBe(409);
    expect(await notPresent.json()).toMatchObject({ code: 'VOTING.NOT_PRESENT' });
    const choices = ['agree', 'agree', 'agree', 'agree', 'agree', 'disagree', 'abstain'];
    for (const [i, choice] of choices.entries()) {
      expect((await call('POST', '/ballots', { memberId: `m${i + 1}`, choice })).status).toBe(204);
    }
    const twice = await call('POST', '/ballots', { memberId: 'm1', choice: 'disagree' });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'VOTING.ALREADY_VOTED' });
    const badChoice = await call('POST', '/ballots', { memberId: 'm8', choice: 'maybe' });
    expect(badChoice.status).toBe(400);
    expect(await badChoice.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'choice' });
    expect((await call('GET', '', undefined, null)).status).toBe(401);
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
  });

  describe('numbered meetings, each candidate voted on separately (specification 2)', () => {
    const other = `vote2-${randomUUID()}`;
    const at = (method: string, path: string, body?: unknown) =>
      service.request(method, `/meetings/${other}${path}`, body);
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
      await attend(5); // 5 of 9: under two thirds
      expect(await (await at('POST', '/close')).json()).toMatchObject({ meeting: 1, outcome: 'void' });

      await service.send(Topics.votingCommands, other, encodeEnvelope(open(2, ['cand-a', 'cand-b'])));
      await opened(2);
      await attend(7);
      const unnamed = await at('POST', '/ballots', { memberId: 'm1', choice: 'agree' });
      expect(unnamed.status).toBe(400);
      expect(await unnamed.json()).toMatchObject({ code: 'VOTING.CANDIDATE_REQUIRED', field: 'candidateId' });
      expect(
        (await at('POST', '/ballots', { memberId: 'm1', choice: 'agree', candidateId: 'cand-b' })).status,
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
      const onDeferred = await at('POST', '/ballots', {
        memberId: 'm2',
        choice: 'agree',
        candidateId: 'cand-a',
      });
      expect(onDeferred.status).toBe(409);
      expect(await onDeferred.json()).toMatchObject({ code: 'VOTING.DEFERRED' });
      for (const m of ['m2', 'm3', 'm4']) {
        expect(
          (await at('POST', '/ballots', { memberId: m, choice: 'agree', candidateId: 'cand-b' })).status,
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
