import { create, fromBinary, type JsonObject, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  DecisionTalliedSchema,
  type Envelope,
  EnvelopeError,
  OpenDecisionMeetingSchema,
  Topics,
} from '@jishi/contracts';
import {
  checkDeferralReason,
  decideCandidateVote,
  decideTally,
  type DecisionOutcome,
  meetingOutcome,
} from '@jishi/domain';
import { enqueue } from '@jishi/messaging';
import {
  type AssertedPerson,
  BallotBox,
  recheck,
  SERVICE_CONFIG,
  type ServiceConfig,
  type WriteBatch,
} from '@jishi/service-kit';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

type Choice = 'agree' | 'disagree' | 'abstain';

/** One candidate put to a meeting: voted on, or deferred (with the reason) before the vote. */
export interface MeetingItemView {
  readonly candidateId: string;
  readonly deferred?: { readonly reason: string };
  readonly voted: number;
  /** Only once the meeting is closed. */
  readonly tally?: { agree: number; disagree: number; abstain: number; outcome: string };
}

export interface MeetingView {
  readonly caseId: string;
  /** The meeting's number in the case (0: the one meeting of a specification-1 case). */
  readonly meeting: number;
  /** The first candidate (specification 1 has only one). */
  readonly candidateId: string;
  readonly body: string;
  readonly expectedMembers: number;
  /** The meeting's roll: the members of the body, who alone are marked present and vote. */
  readonly members: readonly { personId: string; name: string }[];
  readonly status: 'open' | 'closed';
  readonly present: number;
  /** Specification 1: members who voted. */
  readonly voted: number;
  readonly items: readonly MeetingItemView[];
  /** Specification 1, once closed; specification 2: `void` when the meeting lacked its quorum. */
  readonly tally?: { agree: number; disagree: number; abstain: number; outcome: DecisionOutcome };
  readonly outcome?: string;
}

interface MeetingRow {
  case_id: string;
  number: number;
  candidate_id: string;
  body: string;
  expected_members: number;
  status: 'open' | 'closed';
  outcome: string | null;
  roster_set_by: string | null;
}

/** Who acted, as recorded with the step (see StepRecord.actors). */
interface StepActor {
  id: string;
  role: string;
  unitId: string;
}

const refusal = (code: string, zh: string, en: string, field?: string) => ({
  code,
  zh,
  en,
  ...(field ? { field } : {}),
});

@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.box = new BallotBox(config.ballotBox, this.writeBatch, (key) => {
      const { caseId, meeting, candidateId } = parseBallotItem(key);
      return this.stillToVote(this.dataSource.manager, caseId, meeting, candidateId);
    });
  }

  /**
   * Opens the meeting a case's decision gate asks for: the one meeting of a specification-1 case
   * (number 0, one candidate), or meeting n of a specification-2 case with its candidates.
   * Idempotent by case and number.
   */
  async open(envelope: Envelope, manager: EntityManager): Promise<void> {
    if (envelope.type !== OpenDecisionMeetingSchema.typeName) return;
    const command = fromBinary(OpenDecisionMeetingSchema, envelope.payload);
    if (command.expectedMembers < 1) throw new EnvelopeError('payload.expected_members', 'must be 1 or more');
    const candidates = command.meeting > 0 ? [...command.candidateIds] : [command.candidateId];
    if (candidates.length === 0 || candidates.some((c) => c.trim() === ''))
      throw new EnvelopeError('payload.candidate_ids', 'names no candidate, or an empty one');
    if (new Set(candidates).size !== candidates.length)
      throw new EnvelopeError('payload.candidate_ids', 'names a candidate twice');
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "meeting" ("case_id", "number", "candidate_id", "body", "expected_members") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("case_id", "number") DO NOTHING RETURNING "number"`,
      [
        envelope.caseId,
        command.meeting,
        candidates[0],
        command.body || 'standing_committee',
        command.expectedMembers,
      ],
    );
    if (inserted.length === 0) return; // a redelivered command
    for (const candidateId of candidates) {
      await manager.query(
        `INSERT INTO "meeting_item" ("case_id", "meeting", "candidate_id") VALUES ($1, $2, $3)`,
        [envelope.caseId, command.meeting, candidateId],
      );
    }
    // The body meets again with the same members: a later meeting starts with the last one's roll,
    // where it has as many members as this one expects (the recorder may register another).
    if (command.meeting > 0) {
      await manager.query(
        `INSERT INTO "meeting_member" ("case_id", "meeting", "member_id", "name")
         SELECT "case_id", $2, "member_id", "name" FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2 - 1
           AND (SELECT count(*) FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2 - 1) = $3`,
        [envelope.caseId, command.meeting, command.expectedMembers],
      );
      // Who registered the roll the later meeting keeps.
      await manager.query(
        `UPDATE "meeting" m SET "roster_set_by" = p."roster_set_by" FROM "meeting" p
         WHERE m."case_id" = $1 AND m."number" = $2 AND p."case_id" = $1 AND p."number" = $2 - 1
           AND EXISTS (SELECT 1 FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2)`,
        [envelope.caseId, command.meeting],
      );
    }
  }

  /**
   * Registers the meeting's roll (表决成员名单): every member of the body, as many as it has. It may be
   * corrected while it keeps everyone already marked present. Only those on it are marked present and vote.
   */
  async setMembers(
    caseId: string,
    members: readonly { personId: string; name: string }[],
    by: AssertedPerson,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      if (members.length !== meeting.expected_members)
        throw new BadRequestException(
          refusal(
            'VOTING.ROLL_SIZE',
            `成员名单须列出全部 ${meeting.expected_members} 名应到成员`,
            `the roll lists every member of the body: ${meeting.expected_members}`,
            'members',
          ),
        );
      // A roll may be corrected while it keeps everyone already marked present (or who has voted).
      const acted = (
        (await manager.query(
          `SELECT "member_id" FROM "attendance" WHERE "case_id" = $1 AND "meeting" = $2
           UNION SELECT "member_id" FROM "voter" WHERE "case_id" = $1 AND "meeting" = $2`,
          [caseId, meeting.number],
        )) as { member_id: string }[]
      ).map((r) => r.member_id);
      const dropped = acted.filter((id) => !members.some((m) => m.personId === id)).sort();
      if (dropped.length > 0)
        throw new ConflictException({
          ...refusal(
            'VOTING.ROLL_IN_USE',
            `成员名单须包括已签到的成员：${dropped.join('、')}`,
            `the roll must keep the members already present: ${dropped.join(', ')}`,
            'members',
          ),
          details: { dropped },
        });
      await manager.query(`DELETE FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2`, [
        caseId,
        meeting.number,
      ]);
      for (const m of members)
        await manager.query(
          `INSERT INTO "meeting_member" ("case_id", "meeting", "member_id", "name") VALUES ($1, $2, $3, $4)`,
          [caseId, meeting.number, m.personId, m.name],
        );
      await manager.query(
        `UPDATE "meeting" SET "roster_set_by" = $3 WHERE "case_id" = $1 AND "number" = $2`,
        [caseId, meeting.number, by.id],
      );
    });
  }

  /** Whether the person is on the meeting's roll; refuses when there is no roll yet. */
  private async onRoll(manager: EntityManager, meeting: MeetingRow, personId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT "member_id" FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2`,
      [meeting.case_id, meeting.number],
    )) as { member_id: string }[];
    if (rows.length === 0)
      throw new ConflictException(
        refusal(
          'VOTING.NO_ROLL',
          '须先登记本次会议的成员名单',
          'register the meeting’s roll of members first',
        ),
      );
    return rows.some((r) => r.member_id === personId);
  }

  /** The case's current meeting (its highest number), locked, refusing when there is none or it is closed. */
  private async openMeeting(manager: EntityManager, caseId: string): Promise<MeetingRow> {
    const [meeting] = (await manager.query(
      `SELECT * FROM "meeting" WHERE "case_id" = $1 ORDER BY "number" DESC LIMIT 1 FOR UPDATE`,
      [caseId],
    )) as MeetingRow[];
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

  private async items(
    manager: EntityManager,
    meeting: MeetingRow,
  ): Promise<{ candidate_id: string; deferral_reason: string | null; deferred_by: string | null }[]> {
    return (await manager.query(
      `SELECT "candidate_id", "deferral_reason", "deferred_by" FROM "meeting_item" WHERE "case_id" = $1 AND "meeting" = $2 ORDER BY "candidate_id"`,
      [meeting.case_id, meeting.number],
    )) as { candidate_id: string; deferral_reason: string | null; deferred_by: string | null }[];
  }

  /**
   * Who acted in the meeting, for the record: who registered the roll, each member present with who
   * marked them, and who closed the vote. Whether a member voted is no secret; how is.
   */
  private async actorsOf(
    manager: EntityManager,
    meeting: MeetingRow,
    closedBy: AssertedPerson,
  ): Promise<StepActor[]> {
    const present = (await manager.query(
      `SELECT "member_id", "recorded_by" FROM "attendance" WHERE "case_id" = $1 AND "meeting" = $2 ORDER BY "member_id"`,
      [meeting.case_id, meeting.number],
    )) as { member_id: string; recorded_by: string | null }[];
    const actors: StepActor[] = [];
    const add = (actor: StepActor) => {
      if (!actors.some((a) => a.id === actor.id && a.role === actor.role)) actors.push(actor);
    };
    if (meeting.roster_set_by) add(this.actor(meeting.roster_set_by, 'registered_roll'));
    for (const p of present) {
      if (p.recorded_by) add(this.actor(p.recorded_by, 'recorded_attendance'));
      add(this.actor(p.member_id, 'member_present'));
    }
    add({ id: closedBy.id, role: 'closed', unitId: closedBy.unitId });
    return actors;
  }

  /** A person as an actor of the meeting's step, by what they did in it. */
  private actor(id: string, did: string): StepActor {
    return { id, role: did, unitId: '' };
  }

  /** Marks a member of the roll present, recording who marked them. */
  async attend(caseId: string, memberId: string, by: AssertedPerson): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      if (!(await this.onRoll(manager, meeting, memberId)))
        throw new BadRequestException(
          refusal(
            'VOTING.NOT_ON_ROLL',
            '该人员不在本次会议的成员名单中',
            'the person is not on the meeting’s roll',
            'memberId',
          ),
        );
      const present = await this.present(manager, meeting);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "attendance" ("case_id", "meeting", "member_id", "recorded_by") VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING "member_id"`,
        [caseId, meeting.number, memberId, by.id],
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

  /**
   * Defers a candidate's item before it is voted on (暂缓表决: views differ widely, or new facts need
   * checking), with the reason; the item comes back at the next meeting.
   */
  async defer(caseId: string, candidateId: string, reason: string, by: AssertedPerson): Promise<void> {
    const verdict = checkDeferralReason(reason);
    if (!verdict.ok)
      throw new BadRequestException({ ...refusal(verdict.code, verdict.zh, verdict.en, 'reason') });
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      if (meeting.number === 0)
        throw new ConflictException(
          refusal(
            'VOTING.NO_DEFERRAL',
            '该事项只有一次表决会议，不能暂缓表决',
            'the case holds a single meeting; an item cannot be deferred',
          ),
        );
      const item = (await this.items(manager, meeting)).find((i) => i.candidate_id === candidateId);
      if (!item)
        throw new NotFoundException(
          refusal(
            'VOTING.NOT_AN_ITEM',
            '该人选不在本次会议表决事项中',
            'the candidate is not put to this meeting',
            'candidateId',
          ),
        );
      if (item.deferral_reason !== null)
        throw new ConflictException(
          refusal('VOTING.DEFERRED', '该人选已暂缓表决', 'the item is already deferred'),
        );
      const [{ voted }] = (await manager.query(
        `SELECT count(*)::int AS voted FROM "voter" WHERE "case_id" = $1 AND "meeting" = $2 AND "candidate_id" = $3`,
        [caseId, meeting.number, candidateId],
      )) as [{ voted: number }];
      if (voted > 0)
        throw new ConflictException(
          refusal(
            'VOTING.VOTE_STARTED',
            '已开始对该人选投票，暂缓表决须在表决前决定',
            'voting on the candidate has begun; a deferral is decided before the vote',
          ),
        );
      await manager.query(
        `UPDATE "meeting_item" SET "deferral_reason" = $4, "deferred_by" = $5
         WHERE "case_id" = $1 AND "meeting" = $2 AND "candidate_id" = $3`,
        [caseId, meeting.number, candidateId, reason.trim(), by.id],
      );
    });
  }

  /**
   * A secret ballot on one candidate. It is checked here, then waits in the ballot box for its batch:
   * the voter's mark and the choice are written with the other ballots of the batch, never alone (see
   * BallotBox). Where the meeting votes on one candidate, it need not be named.
   */
  async cast(caseId: string, memberId: string, choice: Choice, candidateId?: string): Promise<void> {
    const { meeting, item } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      const item = this.itemVotedOn(await this.items(manager, meeting), candidateId);
      await this.mayVote(manager, meeting, item.candidate_id, memberId);
      return { meeting, item };
    });
    await this.box.cast(ballotItem(caseId, meeting.number, item.candidate_id), memberId, choice);
  }

  /** Present members who have not yet voted on an item. */
  private async stillToVote(
    manager: EntityManager,
    caseId: string,
    meeting: number,
    candidateId: string,
  ): Promise<number> {
    const [{ n }] = (await manager.query(
      `SELECT count(*)::int AS n FROM "attendance" a
       WHERE a."case_id" = $1 AND a."meeting" = $2 AND NOT EXISTS (
         SELECT 1 FROM "voter" v WHERE v."case_id" = a."case_id" AND v."meeting" = a."meeting"
           AND v."candidate_id" = $3 AND v."member_id" = a."member_id")`,
      [caseId, meeting, candidateId],
    )) as [{ n: number }];
    return n;
  }

  /** The item a ballot is on: the one named, or the meeting's only one. */
  private itemVotedOn(
    items: { candidate_id: string; deferral_reason: string | null }[],
    candidateId: string | undefined,
  ): { candidate_id: string } {
    const item =
      candidateId === undefined
        ? items.length === 1
          ? items[0]
          : undefined
        : items.find((i) => i.candidate_id === candidateId);
    if (!item) {
      throw new BadRequestException(
        candidateId === undefined
          ? refusal(
              'VOTING.CANDIDATE_REQUIRED',
              '本次会议逐一表决多名人选，须指明对哪名人选投票（candidateId）',
              'the meeting votes on several candidates, each separately: name the candidate (candidateId)',
              'candidateId',
            )
          : refusal(
              'VOTING.NOT_AN_ITEM',
              '该人选不在本次会议表决事项中',
              'the candidate is not put to this meeting',
              'candidateId',
            ),
      );
    }
    if (item.deferral_reason !== null)
      throw new ConflictException(refusal('VOTING.DEFERRED', '该人选已暂缓表决', 'the item is deferred'));
    return item;
  }

  /** Refuses a member who may not vote on the item: off the roll, not present, or who has voted. */
  private async mayVote(
    manager: EntityManager,
    meeting: MeetingRow,
    candidateId: string,
    memberId: string,
  ): Promise<void> {
    if (!(await this.onRoll(manager, meeting, memberId)))
      throw new ForbiddenException(
        refusal(
          'VOTING.NOT_ON_ROLL',
          '您不在本次会议的成员名单中，不能投票',
          'you are not on the meeting’s roll and may not vote',
        ),
      );
    const [attended] = (await manager.query(
      `SELECT 1 FROM "attendance" WHERE "case_id" = $1 AND "meeting" = $2 AND "member_id" = $3`,
      [meeting.case_id, meeting.number, memberId],
    )) as unknown[];
    if (!attended)
      throw new ConflictException(
        refusal('VOTING.NOT_PRESENT', '未签到的成员不能投票', 'a member must be present to vote'),
      );
    const [voted] = (await manager.query(
      `SELECT 1 FROM "voter" WHERE "case_id" = $1 AND "meeting" = $2 AND "candidate_id" = $3 AND "member_id" = $4`,
      [meeting.case_id, meeting.number, candidateId, memberId],
    )) as unknown[];
    if (voted)
      throw new ConflictException(
        refusal('VOTING.ALREADY_VOTED', '该成员已投票', 'the member has already voted'),
      );
  }

  /**
   * Writes one batch of ballots on an item in one transaction: each voter checked again (a voter the
   * rules now refuse is answered with the refusal, the others' ballots are written), the marks in the
   * order of the members' ids, the choices in their own order — nothing pairs a mark with a choice.
   */
  private readonly writeBatch: WriteBatch<Choice> = async (key, batch) => {
    const { caseId, meeting: number, candidateId } = parseBallotItem(key);
    const refused = new Map<string, unknown>();
    await this.dataSource.transaction(async (manager) => {
      let meeting: MeetingRow;
      try {
        meeting = await this.openMeeting(manager, caseId);
        if (meeting.number !== number)
          throw new ConflictException(
            refusal('VOTING.CLOSED', '会议已结束表决', 'the meeting has closed its vote'),
          );
        this.itemVotedOn(await this.items(manager, meeting), candidateId);
      } catch (err) {
        for (const b of batch) refused.set(b.voterId, err);
        return;
      }
      const rechecked = await recheck(batch, (voterId) =>
        this.mayVote(manager, meeting, candidateId, voterId),
      );
      for (const [voterId, why] of rechecked.refused) refused.set(voterId, why);
      const taken = rechecked.taken;
      if (taken.length === 0) return;
      await manager.query(
        `INSERT INTO "voter" ("case_id", "meeting", "candidate_id", "member_id")
         SELECT $1, $2, $3, m FROM unnest($4::text[]) AS m`,
        [caseId, number, candidateId, taken.map((t) => t.voterId).sort()],
      );
      await manager.query(
        `INSERT INTO "ballot" ("case_id", "meeting", "candidate_id", "choice")
         SELECT $1, $2, $3, c FROM unnest($4::text[]) AS c`,
        [caseId, number, candidateId, taken.map((t) => t.ballot).sort()],
      );
    });
    return refused;
  };

  private readonly box: BallotBox<Choice>;

  /** Closes the vote, tallies it under the quorum and majority rules, and queues the result. */
  async close(caseId: string, by: AssertedPerson): Promise<MeetingView> {
    // Ballots still waiting in the box are written first, as one batch, and counted.
    await this.box.drainAll(`${caseId}/`);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.openMeeting(manager, caseId);
      const present = await this.present(manager, meeting);
      const actors = await this.actorsOf(manager, meeting, by);
      const meetingItems = {
        'decision.meeting.body': meeting.body,
        'decision.meeting.expected': meeting.expected_members,
        'decision.meeting.present': present,
        'decision.meeting.method': 'secret_ballot',
      };
      let outcome: string;
      let payload: Uint8Array;
      if (meeting.number === 0) {
        const choices = await this.choices(manager, meeting, meeting.candidate_id);
        const tallied = decideTally({ expected: meeting.expected_members, present, ...choices(present) });
        outcome = tallied;
        payload = toBinary(
          DecisionTalliedSchema,
          create(DecisionTalliedSchema, {
            step: {
              stepId: 'decision.meeting',
              actors,
              items: {
                ...meetingItems,
                ...prefixed('decision.meeting', choices(present)),
                'decision.meeting.outcome': outcome,
              },
            },
            outcome,
            candidateId: meeting.candidate_id,
          }),
        );
      } else {
        // A meeting without two thirds present decides nothing: every item comes back at the next.
        outcome = meetingOutcome(meeting.expected_members, present) === 'void' ? 'void' : 'held';
        const steps: { stepId: string; items: JsonObject; candidateId?: string; actors?: StepActor[] }[] = [
          {
            stepId: 'decision.meeting',
            actors,
            items: { ...meetingItems, 'decision.meeting.outcome': outcome },
          },
        ];
        if (outcome === 'held') {
          for (const item of await this.items(manager, meeting)) {
            if (item.deferral_reason !== null) {
              steps.push({
                stepId: 'decision.deferral',
                candidateId: item.candidate_id,
                ...(item.deferred_by ? { actors: [this.actor(item.deferred_by, 'deferred')] } : {}),
                items: {
                  'decision.deferral.meeting': meeting.number,
                  'decision.deferral.reason': item.deferral_reason,
                },
              });
              continue;
            }
            const tally = (await this.choices(manager, meeting, item.candidate_id))(present);
            steps.push({
              stepId: 'decision.vote',
              candidateId: item.candidate_id,
              items: {
                'decision.vote.meeting': meeting.number,
                ...prefixed('decision.vote', tally),
                'decision.vote.outcome': decideCandidateVote({
                  expected: meeting.expected_members,
                  present,
                  ...tally,
                }),
              },
            });
          }
        }
        payload = toBinary(
          DecisionTalliedSchema,
          create(DecisionTalliedSchema, { outcome, meeting: meeting.number, steps }),
        );
      }
      await manager.query(
        `UPDATE "meeting" SET "status" = 'closed', "outcome" = $3, "closed_by" = $4 WHERE "case_id" = $1 AND "number" = $2`,
        [caseId, meeting.number, outcome, by.id],
      );
      await enqueue(manager, Topics.votingEvents, [
        createEnvelope({
          eventId:
            meeting.number === 0 ? `voting/${caseId}/tally` : `voting/${caseId}/tally/${meeting.number}`,
          caseId,
          type: DecisionTalliedSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'voting-service', kind: ActorKind.SERVICE, role: 'service' },
          payload,
        }),
      ]);
    });
    return this.view(caseId);
  }

  private async present(manager: EntityManager, meeting: MeetingRow): Promise<number> {
    const [{ present }] = (await manager.query(
      `SELECT count(*)::int AS present FROM "attendance" WHERE "case_id" = $1 AND "meeting" = $2`,
      [meeting.case_id, meeting.number],
    )) as [{ present: number }];
    return present;
  }

  /** The choices cast on a candidate; a member present who cast no ballot counts with the abstentions. */
  private async choices(
    manager: EntityManager,
    meeting: MeetingRow,
    candidateId: string,
  ): Promise<(present: number) => { agree: number; disagree: number; abstain: number }> {
    const rows = (await manager.query(
      `SELECT "choice", count(*)::int AS n FROM "ballot" WHERE "case_id" = $1 AND "meeting" = $2 AND "candidate_id" = $3 GROUP BY "choice"`,
      [meeting.case_id, meeting.number, candidateId],
    )) as { choice: string; n: number }[];
    const of = (choice: string) => rows.find((r) => r.choice === choice)?.n ?? 0;
    const agree = of('agree');
    const disagree = of('disagree');
    return (present) => ({ agree, disagree, abstain: present - agree - disagree });
  }

  async view(caseId: string): Promise<MeetingView> {
    const manager = this.dataSource.manager;
    const [meeting] = (await manager.query(
      `SELECT * FROM "meeting" WHERE "case_id" = $1 ORDER BY "number" DESC LIMIT 1`,
      [caseId],
    )) as MeetingRow[];
    if (!meeting)
      throw new NotFoundException(
        refusal('VOTING.NO_MEETING', '该事项没有表决会议', 'the case has no decision meeting'),
      );
    const present = await this.present(manager, meeting);
    const members = (await manager.query(
      `SELECT "member_id" AS "personId", "name" FROM "meeting_member" WHERE "case_id" = $1 AND "meeting" = $2 ORDER BY "member_id"`,
      [caseId, meeting.number],
    )) as { personId: string; name: string }[];
    const closed = meeting.status === 'closed';
    const items: MeetingItemView[] = [];
    for (const item of await this.items(manager, meeting)) {
      const [{ voted }] = (await manager.query(
        `SELECT count(*)::int AS voted FROM "voter" WHERE "case_id" = $1 AND "meeting" = $2 AND "candidate_id" = $3`,
        [caseId, meeting.number, item.candidate_id],
      )) as [{ voted: number }];
      const tally =
        closed && item.deferral_reason === null && meeting.outcome !== 'void'
          ? (await this.choices(manager, meeting, item.candidate_id))(present)
          : undefined;
      items.push({
        candidateId: item.candidate_id,
        voted,
        ...(item.deferral_reason !== null ? { deferred: { reason: item.deferral_reason } } : {}),
        ...(tally
          ? {
              tally: {
                ...tally,
                outcome:
                  meeting.number === 0
                    ? (meeting.outcome as string)
                    : decideCandidateVote({ expected: meeting.expected_members, present, ...tally }),
              },
            }
          : {}),
      });
    }
    const first = items[0];
    return {
      caseId,
      meeting: meeting.number,
      candidateId: meeting.candidate_id,
      body: meeting.body,
      expectedMembers: meeting.expected_members,
      members,
      status: meeting.status,
      present,
      voted: first?.voted ?? 0,
      items,
      ...(closed && meeting.outcome ? { outcome: meeting.outcome } : {}),
      ...(closed && meeting.number === 0 && first?.tally
        ? { tally: { ...first.tally, outcome: meeting.outcome as DecisionOutcome } }
        : {}),
    };
  }
}

function prefixed(step: string, tally: { agree: number; disagree: number; abstain: number }): JsonObject {
  return {
    [`${step}.agree`]: tally.agree,
    [`${step}.disagree`]: tally.disagree,
    [`${step}.abstain`]: tally.abstain,
  };
}

/** A ballot box item: one candidate of one meeting of a case. */
const ballotItem = (caseId: string, meeting: number, candidateId: string) =>
  `${caseId}/${meeting}/${candidateId}`;

function parseBallotItem(key: string): { caseId: string; meeting: number; candidateId: string } {
  const [caseId, meeting, candidateId] = key.split('/') as [string, string, string];
  return { caseId, meeting: Number(meeting), candidateId };
}
