import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  DecisionTalliedSchema,
  type Envelope,
  EnvelopeError,
  OpenDecisionMeetingSchema,
  Topics,
} from '@jishi/contracts';
import { decideTally, type DecisionOutcome } from '@jishi/domain';
import { enqueue } from '@jishi/messaging';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface MeetingView {
  readonly caseId: string;
  readonly candidateId: string;
  readonly body: string;
  readonly expectedMembers: number;
  readonly status: 'open' | 'closed';
  readonly present: number;
  readonly voted: number;
  /** Only once the meeting is closed. */
  readonly tally?: { agree: number; disagree: number; abstain: number; outcome: DecisionOutcome };
}

const refusal = (code: string, zh: string, en: string) => ({ code, zh, en });

@Injectable()
export class MeetingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens the meeting a case's decision gate asks for (idempotent: the case has one meeting). */
  async open(envelope: Envelope, manager: EntityManager): Promise<void> {
    if (envelope.type !== OpenDecisionMeetingSchema.typeName) return;
    const command = fromBinary(OpenDecisionMeetingSchema, envelope.payload);
    if (command.expectedMembers < 1) throw new EnvelopeError('payload.expected_members', 'must be 1 or more');
    if (command.candidateId.trim() === '') throw new EnvelopeError('payload.candidate_id', 'is required');
    await manager.query(
      `INSERT INTO "meeting" ("case_id", "candidate_id", "body", "expected_members") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("case_id") DO NOTHING`,
      [envelope.caseId, command.candidateId, command.body || 'standing_committee', command.expectedMembers],
    );
  }

  private async openMeeting(manager: EntityManager, caseId: string): Promise<{ expected_members: number }> {
    const [meeting] = (await manager.query(`SELECT * FROM "meeting" WHERE "case_id" = $1 FOR UPDATE`, [
      caseId,
    ])) as {
      status: string;
      expected_members: number;
    }[];
    if (!meeting)
      throw new NotFoundException(
        refusal('VOTING.NO_MEETING', '该事项没有表决会议', 'the case has no decision meeting'),
      );
    if (meeting.status !== 'open')
      throw new ConflictException(
        refusal('VOTING.CLOSED', '会议已结束表决', 'the meeting has closed its vote'),
      );
    return meeting;
  }

  async attend(caseId: string, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      const [{ present }] = (await manager.query(
        `SELECT count(*)::int AS present FROM "attendance" WHERE "case_id" = $1`,
        [caseId],
      )) as [{ present: number }];
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "attendance" ("case_id", "member_id") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "member_id"`,
        [caseId, memberId],
      );
      if (inserted.length > 0 && present + 1 > meeting.expected_members) {
        throw new ConflictException(
          refusal(
            'VOTING.TOO_MANY_PRESENT',
            '到会人数不能超过应到人数',
            'more members present than the body has',
          ),
        );
      }
    });
  }

  /** A secret ballot: the voter is marked as having voted, the choice is stored without them. */
  async cast(caseId: string, memberId: string, choice: 'agree' | 'disagree' | 'abstain'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.openMeeting(manager, caseId);
      const [attended] = (await manager.query(
        `SELECT 1 FROM "attendance" WHERE "case_id" = $1 AND "member_id" = $2`,
        [caseId, memberId],
      )) as unknown[];
      if (!attended) {
        throw new ConflictException(
          refusal('VOTING.NOT_PRESENT', '未签到的成员不能投票', 'a member must be present to vote'),
        );
      }
      const marked: unknown[] = await manager.query(
        `INSERT INTO "voter" ("case_id", "member_id") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "member_id"`,
        [caseId, memberId],
      );
      if (marked.length === 0)
        throw new ConflictException(
          refusal('VOTING.ALREADY_VOTED', '该成员已投票', 'the member has already voted'),
        );
      await manager.query(`INSERT INTO "ballot" ("case_id", "choice") VALUES ($1, $2)`, [caseId, choice]);
    });
  }

  /** Closes the vote, tallies it under the quorum and majority rules, and queues the result. */
  async close(caseId: string): Promise<MeetingView> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = (await this.openMeeting(manager, caseId)) as {
        expected_members: number;
        candidate_id: string;
        body: string;
      };
      const counts = await this.counts(manager, caseId);
      const outcome = decideTally({
        expected: meeting.expected_members,
        present: counts.present,
        ...counts.choices,
        abstain: counts.present - counts.choices.agree - counts.choices.disagree,
      });
      await manager.query(`UPDATE "meeting" SET "status" = 'closed', "outcome" = $2 WHERE "case_id" = $1`, [
        caseId,
        outcome,
      ]);
      const items = {
        'decision.meeting.body': meeting.body,
        'decision.meeting.expected': meeting.expected_members,
        'decision.meeting.present': counts.present,
        'decision.meeting.method': 'secret_ballot',
        'decision.meeting.agree': counts.choices.agree,
        'decision.meeting.disagree': counts.choices.disagree,
        'decision.meeting.abstain': counts.present - counts.choices.agree - counts.choices.disagree,
        'decision.meeting.outcome': outcome,
      };
      await enqueue(manager, Topics.votingEvents, [
        createEnvelope({
          eventId: `voting/${caseId}/tally`,
          caseId,
          type: DecisionTalliedSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'voting-service', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(
            DecisionTalliedSchema,
            create(DecisionTalliedSchema, {
              step: { stepId: 'decision.meeting', items },
              outcome,
              candidateId: meeting.candidate_id,
            }),
          ),
        }),
      ]);
    });
    return this.view(caseId);
  }

  private async counts(manager: EntityManager, caseId: string) {
    const [{ present }] = (await manager.query(
      `SELECT count(*)::int AS present FROM "attendance" WHERE "case_id" = $1`,
      [caseId],
    )) as [{ present: number }];
    const rows = (await manager.query(
      `SELECT "choice", count(*)::int AS n FROM "ballot" WHERE "case_id" = $1 GROUP BY "choice"`,
      [caseId],
    )) as { choice: string; n: number }[];
    const of = (choice: string) => rows.find((r) => r.choice === choice)?.n ?? 0;
    const [{ voted }] = (await manager.query(
      `SELECT count(*)::int AS voted FROM "voter" WHERE "case_id" = $1`,
      [caseId],
    )) as [{ voted: number }];
    // A member present who cast no ballot counts with the abstentions.
    return { present, voted, choices: { agree: of('agree'), disagree: of('disagree') } };
  }

  async view(caseId: string): Promise<MeetingView> {
    const [meeting] = (await this.dataSource.query(`SELECT * FROM "meeting" WHERE "case_id" = $1`, [
      caseId,
    ])) as {
      candidate_id: string;
      body: string;
      expected_members: number;
      status: 'open' | 'closed';
      outcome: DecisionOutcome | null;
    }[];
    if (!meeting)
      throw new NotFoundException(
        refusal('VOTING.NO_MEETING', '该事项没有表决会议', 'the case has no decision meeting'),
      );
    const counts = await this.counts(this.dataSource.manager, caseId);
    return {
      caseId,
      candidateId: meeting.candidate_id,
      body: meeting.body,
      expectedMembers: meeting.expected_members,
      status: meeting.status,
      present: counts.present,
      voted: counts.voted,
      ...(meeting.status === 'closed' && meeting.outcome
        ? {
            tally: {
              agree: counts.choices.agree,
              disagree: counts.choices.disagree,
              abstain: counts.present - counts.choices.agree - counts.choices.disagree,
              outcome: meeting.outcome,
            },
          }
        : {}),
    };
  }
}
