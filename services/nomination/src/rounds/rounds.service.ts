import { create, fromBinary, type JsonObject, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  type Envelope,
  EnvelopeError,
  NominationCompletedSchema,
  StartNominationSchema,
  Topics,
} from '@jishi/contracts';
import {
  chinaDateOf,
  checkRecommendationForm,
  checkRecommendationQuorum,
  checkReferenceCandidates,
  filedNominationSubject,
  firstNominator,
  rankCandidates,
} from '@jishi/domain';
import { enqueue } from '@jishi/messaging';
import {
  type AssertedPerson,
  BallotBox,
  recheck,
  caseRulesOf,
  refusalBody,
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
import { documentDigest, signedPart } from '@jishi/evidence';
import type { NominationFormDto } from './rounds.dto';

export interface RoundView {
  readonly caseId: string;
  readonly posts: number;
  readonly expectedParticipants: number;
  /** The meeting's roll: who alone casts a recommendation ballot. */
  readonly roll: readonly { personId: string; name: string }[];
  readonly status: 'open' | 'closed';
  readonly forms: number;
  readonly participants: number;
  /** Ballots cast and waiting in the ballot box for their batch (or the close). */
  readonly waiting: number;
  /** Votes per candidate and rank, once the round is closed. */
  readonly ranking?: readonly { candidateId: string; score: number; rank: number }[];
}

const notFound = () =>
  new NotFoundException({
    code: 'NOMINATION.NO_ROUND',
    zh: '该事项没有提名推荐',
    en: 'the case has no nomination round',
  });

@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.box = new BallotBox(config.ballotBox, this.writeBatch, async (caseId) => {
      const [{ n }] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM "participant_roll" r WHERE r."case_id" = $1 AND NOT EXISTS (
           SELECT 1 FROM "participant" p WHERE p."case_id" = r."case_id" AND p."participant_id" = r."participant_id")`,
        [caseId],
      )) as [{ n: number }];
      return n;
    });
  }

  /** Opens the round a case's nomination gate asks for (idempotent: one round per case). */
  async open(envelope: Envelope, manager: EntityManager): Promise<void> {
    if (envelope.type !== StartNominationSchema.typeName) return;
    const command = fromBinary(StartNominationSchema, envelope.payload);
    if (command.posts < 1) throw new EnvelopeError('payload.posts', 'must be 1 or more');
    if (command.expectedParticipants < 1)
      throw new EnvelopeError('payload.expected_participants', 'must be 1 or more');
    const rules = caseRulesOf(command.rules);
    await manager.query(
      `INSERT INTO "nomination_round" ("case_id", "posts", "expected_participants", "rules") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("case_id") DO NOTHING`,
      [envelope.caseId, command.posts, command.expectedParticipants, JSON.stringify(rules)],
    );
  }

  private async openRound(
    manager: EntityManager,
    caseId: string,
  ): Promise<{
    posts: number;
    expected_participants: number;
    rules: { policy?: unknown; profile?: unknown };
    roll_set_by: string | null;
  }> {
    const [round] = (await manager.query(`SELECT * FROM "nomination_round" WHERE "case_id" = $1 FOR UPDATE`, [
      caseId,
    ])) as {
      status: string;
      posts: number;
      expected_participants: number;
      rules: { policy?: unknown; profile?: unknown };
      roll_set_by: string | null;
    }[];
    if (!round) throw notFound();
    if (round.status !== 'open') {
      throw new ConflictException({
        code: 'NOMINATION.CLOSED',
        zh: '提名推荐已结束',
        en: 'the nomination round has closed',
      });
    }
    return round;
  }

  /** Records a signed recommendation form, refusing a vague reason or a missing part. */
  async submitForm(
    caseId: string,
    form: NominationFormDto,
    by: AssertedPerson,
  ): Promise<{ firstNominatorId: string; filedAs: string }> {
    const verdict = checkRecommendationForm(form);
    if (!verdict.ok) throw new BadRequestException(refusalBody(verdict));
    // The gateway verified the signature over this digest; the form must be the one it verified.
    if (documentDigest(signedPart(form)) !== form.signatureDigest)
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'signatureDigest',
        zh: '推荐表与签名所对应的内容不一致',
        en: 'the form is not the one its signature is over',
      });
    const nominator = {
      subject: form.subject,
      signerId: form.nominatorId,
      ...(form.signerIsPartySecretary !== undefined
        ? { signerIsPartySecretary: form.signerIsPartySecretary }
        : {}),
      ...(form.unitPrincipalLeaderId ? { unitPrincipalLeaderId: form.unitPrincipalLeaderId } : {}),
      organizationDepartmentPrincipalId: form.organizationDepartmentPrincipalId,
    };
    if (filedNominationSubject(nominator) === 'unit_party_organization' && !form.unitPrincipalLeaderId) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'unitPrincipalLeaderId',
        zh: '单位党组织推荐须填写其主要领导（首提责任人）',
        en: 'a unit party organization’s nomination names its principal leader, the first nominator',
      });
    }
    const filedAs = filedNominationSubject(nominator);
    const firstNominatorId = firstNominator(nominator);
    await this.dataSource.transaction(async (manager) => {
      await this.openRound(manager, caseId);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "nomination_form" ("case_id", "nominator_id", "subject", "first_nominator_id", "candidate_id", "reason",
           "strengths", "weaknesses", "kinship_declared", "signature", "filed_by", "signature_key_id",
           "signature_suite", "signature_digest")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING "id"`,
        [
          caseId,
          form.nominatorId,
          filedAs,
          firstNominatorId,
          form.candidateId,
          form.reason,
          form.strengths,
          form.weaknesses,
          form.kinshipDeclared,
          form.signature,
          by.id,
          form.signatureKeyId,
          form.signatureSuite,
          form.signatureDigest,
        ],
      );
      if (inserted.length === 0) {
        throw new ConflictException({
          code: 'NOMINATION.DUPLICATE_FORM',
          zh: '该推荐人已推荐过该人选',
          en: 'this nominator has already nominated this candidate',
        });
      }
    });
    return { firstNominatorId, filedAs };
  }

  /**
   * Registers the recommendation meeting's roll: every participant expected, before anyone votes.
   * Only those on it cast a ballot.
   */
  async setRoll(
    caseId: string,
    members: readonly { personId: string; name: string }[],
    by: AssertedPerson,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const round = await this.openRound(manager, caseId);
      if (members.length !== round.expected_participants)
        throw new BadRequestException({
          code: 'NOMINATION.ROLL_SIZE',
          field: 'members',
          zh: `参加人员名单须列出全部 ${round.expected_participants} 名应到人员`,
          en: `the roll lists every participant expected: ${round.expected_participants}`,
        });
      // A roll may be corrected while it keeps everyone who has already voted.
      const voted = (
        (await manager.query(`SELECT "participant_id" FROM "participant" WHERE "case_id" = $1`, [
          caseId,
        ])) as {
          participant_id: string;
        }[]
      ).map((r) => r.participant_id);
      const dropped = voted.filter((id) => !members.some((m) => m.personId === id)).sort();
      if (dropped.length > 0)
        throw new ConflictException({
          code: 'NOMINATION.ROLL_IN_USE',
          field: 'members',
          zh: `参加人员名单须包括已投票的人员：${dropped.join('、')}`,
          en: `the roll must keep those who have voted: ${dropped.join(', ')}`,
          details: { dropped },
        });
      await manager.query(`DELETE FROM "participant_roll" WHERE "case_id" = $1`, [caseId]);
      for (const m of members)
        await manager.query(
          `INSERT INTO "participant_roll" ("case_id", "participant_id", "name") VALUES ($1, $2, $3)`,
          [caseId, m.personId, m.name],
        );
      await manager.query(`UPDATE "nomination_round" SET "roll_set_by" = $2 WHERE "case_id" = $1`, [
        caseId,
        by.id,
      ]);
    });
  }

  /**
   * A recommendation ballot. It is checked here, then waits in the ballot box for its batch: the
   * participant's mark and the candidates named are written with the other ballots of the batch,
   * never alone (see BallotBox).
   */
  async vote(caseId: string, participantId: string, candidateIds: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const round = await this.openRound(manager, caseId);
      const distinct = [...new Set(candidateIds)];
      if (distinct.length !== candidateIds.length || distinct.length > round.posts) {
        throw new BadRequestException({
          code: 'REQUEST.INVALID',
          field: 'candidateIds',
          zh: `每人最多推荐 ${round.posts} 名不同人选`,
          en: `a ballot names at most ${round.posts} different candidate(s)`,
        });
      }
      await this.mayVote(manager, caseId, participantId);
    });
    await this.box.cast(caseId, participantId, [...candidateIds]);
  }

  /** Refuses a participant who may not vote: no roll, off the roll, voted before. */
  private async mayVote(manager: EntityManager, caseId: string, participantId: string): Promise<void> {
    const roll = (await manager.query(
      `SELECT r."participant_id", (p."participant_id" IS NOT NULL) AS "voted" FROM "participant_roll" r
       LEFT JOIN "participant" p USING ("case_id", "participant_id") WHERE r."case_id" = $1`,
      [caseId],
    )) as { participant_id: string; voted: boolean }[];
    if (roll.length === 0)
      throw new ConflictException({
        code: 'NOMINATION.NO_ROLL',
        zh: '须先登记推荐会议的参加人员名单',
        en: 'register the recommendation meeting’s roll first',
      });
    const own = roll.find((r) => r.participant_id === participantId);
    if (!own)
      throw new ForbiddenException({
        code: 'NOMINATION.NOT_ON_ROLL',
        zh: '您不在本次推荐会议的参加人员名单中，不能投票',
        en: 'you are not on the recommendation meeting’s roll and may not vote',
      });
    if (own.voted)
      throw new ConflictException({
        code: 'NOMINATION.ALREADY_VOTED',
        zh: '该参加人员已投票',
        en: 'this participant has already voted',
      });
  }

  /**
   * Writes one batch of recommendation ballots in one transaction: each participant checked again,
   * the marks in the order of their ids, the candidates named in their own order — nothing pairs them.
   */
  private readonly writeBatch: WriteBatch<string[]> = async (caseId, batch) => {
    const refused = new Map<string, unknown>();
    await this.dataSource.transaction(async (manager) => {
      try {
        await this.openRound(manager, caseId);
      } catch (err) {
        for (const b of batch) refused.set(b.voterId, err);
        return;
      }
      const rechecked = await recheck(batch, (voterId) => this.mayVote(manager, caseId, voterId));
      for (const [voterId, why] of rechecked.refused) refused.set(voterId, why);
      const taken = rechecked.taken;
      if (taken.length === 0) return;
      await manager.query(
        `INSERT INTO "participant" ("case_id", "participant_id") SELECT $1, p FROM unnest($2::text[]) AS p`,
        [caseId, taken.map((t) => t.voterId).sort()],
      );
      await manager.query(
        `INSERT INTO "recommendation_vote" ("case_id", "candidate_id") SELECT $1, c FROM unnest($2::text[]) AS c`,
        [caseId, taken.flatMap((t) => t.ballot).sort()],
      );
    });
    return refused;
  };

  private readonly box: BallotBox<string[]>;

  /** Closes the round under the quorum rule, ranks the candidates, and queues the result. */
  async close(caseId: string, by: AssertedPerson): Promise<RoundView> {
    /** The close's rules, over the ballots written and `waiting` (those the box still holds). */
    const closable = async (manager: EntityManager, waiting: readonly string[][]) => {
      const round = await this.openRound(manager, caseId);
      const present = (await this.count(manager, 'participant', caseId)) + waiting.length;
      // The case's own policy, as its command carried it (the organization's quorum, say 4/5).
      const quorum = checkRecommendationQuorum(
        round.expected_participants,
        present,
        caseRulesOf(round.rules).policy,
      );
      if (!quorum.ok) throw new ConflictException(refusalBody(quorum));
      const named = new Set([
        ...(await this.ranking(manager, caseId)).map((r) => r.candidateId),
        ...waiting.flat(),
      ]);
      const reference = checkReferenceCandidates(named.size, round.posts);
      if (!reference.ok) throw new ConflictException(refusalBody(reference));
      return { round, present };
    };
    // Ballots still waiting in the box are written first, as one batch, and counted — only once the
    // close is sure to pass: a refused close must not write a small batch.
    await this.dataSource.transaction((manager) => closable(manager, this.box.waitingBallots(caseId)));
    await this.box.drain(caseId);
    await this.dataSource.transaction(async (manager) => {
      const { round, present } = await closable(manager, []);
      const ranking = await this.ranking(manager, caseId);
      const forms = await this.count(manager, 'nomination_form', caseId);
      await manager.query(
        `UPDATE "nomination_round" SET "status" = 'closed', "closed_by" = $2 WHERE "case_id" = $1`,
        [caseId, by.id],
      );
      const closer = { id: by.id, role: 'closed', unitId: by.unitId };
      const filers = (
        (await manager.query(
          `SELECT DISTINCT "filed_by" FROM "nomination_form" WHERE "case_id" = $1 AND "filed_by" IS NOT NULL ORDER BY 1`,
          [caseId],
        )) as { filed_by: string }[]
      ).map((r) => ({ id: r.filed_by, role: 'filed', unitId: '' }));
      const voters = (
        (await manager.query(`SELECT "participant_id" FROM "participant" WHERE "case_id" = $1 ORDER BY 1`, [
          caseId,
        ])) as { participant_id: string }[]
      ).map((r) => ({ id: r.participant_id, role: 'participant_voted', unitId: '' }));
      const rankingText = ranking.map((r) => `${r.rank}. ${r.candidateId}（${r.score} 票）`).join('；');
      const steps: {
        stepId: string;
        items: JsonObject;
        actors: { id: string; role: string; unitId: string }[];
      }[] = [
        {
          stepId: 'nomination.submit',
          actors: filers,
          items: { 'nomination.submit.submitted_on': chinaDateOf(Date.now()) },
        },
        {
          stepId: 'nomination.meeting',
          actors: [
            ...(round.roll_set_by ? [{ id: round.roll_set_by, role: 'registered_roll', unitId: '' }] : []),
            ...voters,
          ],
          items: {
            'nomination.meeting.expected': round.expected_participants,
            'nomination.meeting.present': present,
            'nomination.meeting.ranking': rankingText,
          },
        },
        {
          stepId: 'nomination.result',
          actors: [closer],
          items: {
            'nomination.result.reference_candidates': ranking.length,
            'nomination.result.posts': round.posts,
            'nomination.result.analysis': `署名推荐 ${forms} 份；会议推荐到会 ${present} 人。${rankingText}`,
          },
        },
      ];
      await enqueue(manager, Topics.nominationEvents, [
        createEnvelope({
          eventId: `nomination/${caseId}/result`,
          caseId,
          type: NominationCompletedSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'nomination-service', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(
            NominationCompletedSchema,
            create(NominationCompletedSchema, { steps, candidateIds: ranking.map((r) => r.candidateId) }),
          ),
        }),
      ]);
    });
    return this.view(caseId);
  }

  private async count(
    manager: EntityManager,
    table: 'participant' | 'nomination_form',
    caseId: string,
  ): Promise<number> {
    const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "case_id" = $1`, [
      caseId,
    ])) as [{ n: number }];
    return n;
  }

  /** Candidates nominated or voted for, ranked by votes (a nominated candidate with no vote has 0). */
  private async ranking(manager: EntityManager, caseId: string) {
    const rows = (await manager.query(
      `SELECT c."candidate_id", count(v."id")::int AS votes
       FROM (SELECT "candidate_id" FROM "nomination_form" WHERE "case_id" = $1
             UNION SELECT "candidate_id" FROM "recommendation_vote" WHERE "case_id" = $1) c
       LEFT JOIN "recommendation_vote" v ON v."case_id" = $1 AND v."candidate_id" = c."candidate_id"
       GROUP BY c."candidate_id"`,
      [caseId],
    )) as { candidate_id: string; votes: number }[];
    return rankCandidates(rows.map((r) => ({ candidateId: r.candidate_id, score: r.votes })));
  }

  async view(caseId: string): Promise<RoundView> {
    const [round] = (await this.dataSource.query(`SELECT * FROM "nomination_round" WHERE "case_id" = $1`, [
      caseId,
    ])) as {
      posts: number;
      expected_participants: number;
      status: 'open' | 'closed';
    }[];
    if (!round) throw notFound();
    const manager = this.dataSource.manager;
    return {
      caseId,
      posts: round.posts,
      expectedParticipants: round.expected_participants,
      roll: (await this.dataSource.query(
        `SELECT "participant_id" AS "personId", "name" FROM "participant_roll" WHERE "case_id" = $1 ORDER BY 1`,
        [caseId],
      )) as { personId: string; name: string }[],
      status: round.status,
      forms: await this.count(manager, 'nomination_form', caseId),
      participants: await this.count(manager, 'participant', caseId),
      waiting: this.box.pending(caseId),
      ...(round.status === 'closed' ? { ranking: await this.ranking(manager, caseId) } : {}),
    };
  }
}
