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
    expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual(['case_id', 'choice', 'id']);
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
});
