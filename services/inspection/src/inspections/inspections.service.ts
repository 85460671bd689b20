import { create, fromBinary, type JsonObject, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  type Envelope,
  EnvelopeError,
  InspectionCompletedSchema,
  StartInspectionSchema,
  Topics,
} from '@jishi/contracts';
import {
  checkExtendedInspection,
  checkFourMusts,
  checkInspectionTeam,
  checkIntegritySignatures,
  addDays,
  chinaDateOf,
  checkReportSignatures,
  isCivilDate,
  checkShortlist,
  rankCandidates,
} from '@jishi/domain';
import { documentDigest } from '@jishi/evidence';
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
import type {
  AppraisalDto,
  CandidateFindingsDto,
  NoticeDto,
  ReportDto,
  ReportSignatureDto,
  TeamMemberDto,
} from './inspections.dto';

/** Points of each appraisal grade, for the score per candidate (the average over appraisers). */
export const GRADE_POINTS = {
  excellent: 100,
  competent: 80,
  basically_competent: 60,
  incompetent: 0,
} as const;

interface InspectionRow {
  posts: number;
  /** The case's resolved policy and profile, as its command carried them. */
  rules: { policy?: unknown; profile?: unknown };
  shortlist: string[];
  /** The organization department's shortlist (specification 2), not the service's. */
  shortlist_given: boolean;
  status: 'open' | 'closed';
  team: string[] | null;
  /** The team's members with their names, as set. */
  team_members: { personId: string; name: string }[] | null;
  /** The inspection notice, once given. */
  notice: NoticeDto | null;
  report: ReportDto | null;
  /** The report's digest, which each team member signs. */
  report_digest: string | null;
  report_filed_by: string | null;
  team_set_by: string | null;
  notice_set_by: string | null;
  roll_set_by: string | null;
}

/** Who acted in a step, by the part they played in it (see StepRecord.actors). */
interface StepActor {
  id: string;
  role: string;
  unitId: string;
}
const actor = (id: string, did: string): StepActor => ({ id, role: did, unitId: '' });

const notOnTeam = () =>
  new ForbiddenException({
    code: 'INSPECTION.NOT_ON_TEAM',
    zh: '您不是本事项考察组成员',
    en: 'you are not a member of this case’s inspection team',
  });

export interface InspectionView {
  readonly caseId: string;
  readonly shortlist: readonly string[];
  readonly status: 'open' | 'closed';
  readonly team: readonly string[];
  readonly notice?: NoticeDto;
  /** The appraisal's roll: who alone casts an appraisal. */
  readonly roll: readonly { personId: string; name: string }[];
  readonly appraisers: number;
  readonly reportFiled: boolean;
  /** The report as filed, and its digest, which each member of the team signs. */
  readonly report?: ReportDto;
  readonly reportDigest?: string;
  /** The team members who have signed the report as it stands. */
  readonly signedBy: readonly string[];
  readonly ranking?: readonly { candidateId: string; score: number; rank: number }[];
}

@Injectable()
export class InspectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.box = new BallotBox(config.ballotBox, this.writeBatch, async (caseId) => {
      const [{ n }] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM "appraiser_roll" r WHERE r."case_id" = $1 AND NOT EXISTS (
           SELECT 1 FROM "appraiser" a WHERE a."case_id" = r."case_id" AND a."participant_id" = r."participant_id")`,
        [caseId],
      )) as [{ n: number }];
      return n;
    });
  }

  /** Opens the inspection a case's inspection gate asks for, shortlisting the best-ranked nominees. */
  async open(envelope: Envelope, manager: EntityManager): Promise<void> {
    if (envelope.type !== StartInspectionSchema.typeName) return;
    const command = fromBinary(StartInspectionSchema, envelope.payload);
    if (command.posts < 1) throw new EnvelopeError('payload.posts', 'must be 1 or more');
    const rules = caseRulesOf(command.rules);
    // Specification 2: the organization department shortlisted and checked each candidate.
    const shortlist = command.shortlisted
      ? [...command.candidateIds]
      : command.candidateIds.slice(
          0,
          Math.ceil(command.posts * rules.policy.shortlistCandidatesPerPost - 1e-9),
        );
    if (command.shortlisted && shortlist.length === 0)
      throw new EnvelopeError('payload.candidate_ids', 'names no candidate');
    await manager.query(
      `INSERT INTO "inspection" ("case_id", "posts", "shortlist", "rules", "shortlist_given") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("case_id") DO NOTHING`,
      [envelope.caseId, command.posts, shortlist, JSON.stringify(rules), command.shortlisted],
    );
  }

  private async openInspection(manager: EntityManager, caseId: string): Promise<InspectionRow> {
    const [row] = (await manager.query(`SELECT * FROM "inspection" WHERE "case_id" = $1 FOR UPDATE`, [
      caseId,
    ])) as InspectionRow[];
    if (!row)
      throw new NotFoundException({
        code: 'INSPECTION.NONE',
        zh: '该事项没有组织考察',
        en: 'the case has no inspection',
      });
    if (row.status !== 'open')
      throw new ConflictException({
        code: 'INSPECTION.CLOSED',
        zh: '考察已结束',
        en: 'the inspection has closed',
      });
    return row;
  }

  async setTeam(caseId: string, members: readonly TeamMemberDto[], by: AssertedPerson): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.openInspection(manager, caseId);
      const verdict = checkInspectionTeam(members, row.shortlist);
      if (!verdict.ok) throw new BadRequestException(refusalBody(verdict));
      // The team signs the report it filed: once filed, the team stands (file a new team before the report).
      if (row.report)
        throw new ConflictException({
          code: 'INSPECTION.TEAM_FIXED',
          zh: '考察报告已提交，考察组不能再更改',
          en: 'the report has been filed; the team can no longer change',
        });
      await manager.query(
        `UPDATE "inspection" SET "team" = $2, "team_members" = $3, "team_set_by" = $4 WHERE "case_id" = $1`,
        [
          caseId,
          members.map((m) => m.personId),
          JSON.stringify(members.map((m) => ({ personId: m.personId, name: m.name }))),
          by.id,
        ],
      );
    });
  }

  /**
   * The inspection notice: published before the inspection starts, not after today (China). How far
   * ahead in working days is the case's rule (INSP.NOTICE_DAYS), counted by the workflow with the
   * state calendar when the inspection's result reaches it.
   */
  async setNotice(caseId: string, notice: NoticeDto, by: AssertedPerson): Promise<void> {
    const wrong = (field: string, zh: string, en: string) =>
      new BadRequestException({ code: 'REQUEST.INVALID', field, zh, en });
    if (!isCivilDate(notice.publishedOn)) {
      throw wrong('publishedOn', 'publishedOn：不是有效日期', 'publishedOn is not a valid date');
    }
    if (!isCivilDate(notice.startsOn)) {
      throw wrong('startsOn', 'startsOn：不是有效日期', 'startsOn is not a valid date');
    }
    if (notice.publishedOn > chinaDateOf(Date.now())) {
      throw wrong('publishedOn', 'publishedOn：发布日期不能晚于今天', 'publishedOn cannot be after today');
    }
    const today = chinaDateOf(Date.now());
    if (notice.publishedOn < addDays(today, -366)) {
      throw wrong(
        'publishedOn',
        'publishedOn：发布日期不能早于一年前',
        'publishedOn cannot be more than a year ago',
      );
    }
    if (notice.startsOn > addDays(notice.publishedOn, 366)) {
      throw wrong(
        'startsOn',
        'startsOn：考察开始日期不能在预告发布一年之后',
        'startsOn cannot be more than a year after the notice',
      );
    }
    if (notice.startsOn <= notice.publishedOn) {
      throw wrong(
        'startsOn',
        'startsOn：考察开始日期须在预告发布日期之后',
        'startsOn must come after the notice is published',
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await this.openInspection(manager, caseId);
      const value = { publishedOn: notice.publishedOn, startsOn: notice.startsOn, channel: notice.channel };
      await manager.query(
        `UPDATE "inspection" SET "notice" = $2, "notice_set_by" = $3 WHERE "case_id" = $1`,
        [caseId, JSON.stringify(value), by.id],
      );
    });
  }

  /**
   * Registers the appraisal's roll: the people who take part in the democratic appraisal, set by a
   * member of the case's team before anyone appraises. Only those on it cast an appraisal.
   */
  async setRoll(
    caseId: string,
    members: readonly { personId: string; name: string }[],
    by: AssertedPerson,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.openInspection(manager, caseId);
      if (!row.team?.includes(by.id)) throw notOnTeam();
      // Before anyone appraises, the roll may be corrected at will; after, it may only grow: taking
      // people off it would leave fewer who may still appraise, and so smaller batches in the box.
      const started =
        this.box.pending(caseId) > 0 ||
        (
          (await manager.query(`SELECT 1 FROM "appraiser" WHERE "case_id" = $1 LIMIT 1`, [
            caseId,
          ])) as unknown[]
        ).length > 0;
      const current = (
        (await manager.query(`SELECT "participant_id" FROM "appraiser_roll" WHERE "case_id" = $1`, [
          caseId,
        ])) as {
          participant_id: string;
        }[]
      ).map((r) => r.participant_id);
      const dropped = current.filter((id) => !members.some((m) => m.personId === id)).sort();
      if (started && dropped.length > 0)
        throw new ConflictException({
          code: 'INSPECTION.ROLL_IN_USE',
          field: 'members',
          zh: `测评已开始，名单只能增加人员，不能去掉：${dropped.join('、')}`,
          en: `the appraisal has begun: the roll may only grow, not lose ${dropped.join(', ')}`,
          details: { dropped },
        });
      await manager.query(`DELETE FROM "appraiser_roll" WHERE "case_id" = $1`, [caseId]);
      for (const m of members)
        await manager.query(
          `INSERT INTO "appraiser_roll" ("case_id", "participant_id", "name") VALUES ($1, $2, $3)`,
          [caseId, m.personId, m.name],
        );
      await manager.query(`UPDATE "inspection" SET "roll_set_by" = $2 WHERE "case_id" = $1`, [caseId, by.id]);
    });
  }

  /**
   * A democratic-appraisal form: one grade per shortlisted candidate. It is checked here, then waits in
   * the ballot box for its batch: the appraiser's mark and the grades are written with the other forms
   * of the batch, never alone (see BallotBox).
   */
  async appraise(caseId: string, participantId: string, form: AppraisalDto): Promise<void> {
    const grades = { ...form.grades };
    await this.dataSource.transaction(async (manager) => {
      const row = await this.openInspection(manager, caseId);
      const graded = Object.keys(grades);
      const missing = row.shortlist.filter((c) => !graded.includes(c));
      const unknown = graded.filter((c) => !row.shortlist.includes(c));
      const badGrade = Object.values(grades).some(
        (g) => typeof g !== 'string' || !Object.hasOwn(GRADE_POINTS, g),
      );
      if (missing.length > 0 || unknown.length > 0 || badGrade) {
        throw new BadRequestException({
          code: 'REQUEST.INVALID',
          field: 'grades',
          zh: '须为每名考察对象给出优秀、称职、基本称职或不称职之一，且只评考察对象',
          en: 'grade every shortlisted candidate, and only them, as excellent, competent, basically_competent or incompetent',
          details: { missing, unknown },
        });
      }
      await this.mayAppraise(manager, caseId, participantId);
    });
    await this.box.cast(caseId, participantId, grades);
  }

  /** Refuses someone who may not appraise: no roll, off the roll, appraised before. */
  private async mayAppraise(manager: EntityManager, caseId: string, participantId: string): Promise<void> {
    const roll = (await manager.query(
      `SELECT r."participant_id", (a."participant_id" IS NOT NULL) AS "done" FROM "appraiser_roll" r
       LEFT JOIN "appraiser" a USING ("case_id", "participant_id") WHERE r."case_id" = $1`,
      [caseId],
    )) as { participant_id: string; done: boolean }[];
    if (roll.length === 0)
      throw new ConflictException({
        code: 'INSPECTION.NO_ROLL',
        zh: '须先登记民主测评的参加人员名单',
        en: 'register the appraisal’s roll first',
      });
    const own = roll.find((r) => r.participant_id === participantId);
    if (!own)
      throw new ForbiddenException({
        code: 'INSPECTION.NOT_ON_ROLL',
        zh: '您不在本次民主测评的参加人员名单中，不能测评',
        en: 'you are not on the appraisal’s roll and may not appraise',
      });
    if (own.done)
      throw new ConflictException({
        code: 'INSPECTION.ALREADY_APPRAISED',
        zh: '该人员已参加测评',
        en: 'this participant has already appraised',
      });
  }

  /**
   * Writes one batch of appraisal forms in one transaction: each appraiser checked again, the marks in
   * the order of their ids, the grades in their own order — nothing pairs a mark with a form.
   */
  private readonly writeBatch: WriteBatch<Record<string, string>> = async (caseId, batch) => {
    const refused = new Map<string, unknown>();
    await this.dataSource.transaction(async (manager) => {
      try {
        await this.openInspection(manager, caseId);
      } catch (err) {
        for (const b of batch) refused.set(b.voterId, err);
        return;
      }
      const rechecked = await recheck(batch, (voterId) => this.mayAppraise(manager, caseId, voterId));
      for (const [voterId, why] of rechecked.refused) refused.set(voterId, why);
      const taken = rechecked.taken;
      if (taken.length === 0) return;
      await manager.query(
        `INSERT INTO "appraiser" ("case_id", "participant_id") SELECT $1, p FROM unnest($2::text[]) AS p`,
        [caseId, taken.map((t) => t.voterId).sort()],
      );
      const votes = taken
        .flatMap((t) => Object.entries(t.ballot))
        .sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
      await manager.query(
        `INSERT INTO "appraisal_vote" ("case_id", "candidate_id", "grade")
         SELECT $1, c, g FROM unnest($2::text[], $3::text[]) AS v(c, g)`,
        [caseId, votes.map((v) => v[0]), votes.map((v) => v[1])],
      );
    });
    return refused;
  };

  private readonly box: BallotBox<Record<string, string>>;

  /**
   * The inspection report with the four musts and their results, filed by a member of the case's
   * team. Filing it again replaces it, and the signatures made over the earlier one no longer count.
   */
  async fileReport(caseId: string, report: ReportDto, by: AssertedPerson): Promise<{ digest: string }> {
    const digest = documentDigest(report);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.openInspection(manager, caseId);
      if (!row.team) {
        throw new ConflictException({
          code: 'CASE.STEP_OUT_OF_ORDER',
          zh: '须先组建考察组',
          en: 'form the inspection team first',
        });
      }
      if (!row.team.includes(by.id)) throw notOnTeam();
      const listed = report.candidates.map((c) => c.candidateId);
      const missing = row.shortlist.filter((c) => !listed.includes(c));
      const unknown = listed.filter((c, i) => !row.shortlist.includes(c) || listed.indexOf(c) !== i);
      if (missing.length > 0 || unknown.length > 0) {
        throw new BadRequestException({
          code: 'REQUEST.INVALID',
          field: 'candidates',
          zh: '须为每名考察对象各填写一份“凡提四必”结果，且只填考察对象',
          en: 'give each shortlisted candidate’s four musts once, and only theirs',
          details: { missing, unknown },
        });
      }
      const today = chinaDateOf(Date.now());
      for (const [i, c] of report.candidates.entries()) {
        // Each candidate's own facts, as the team found them; the case's profile says whether an
        // audit is one of the musts.
        const verdicts = [
          checkFourMusts(
            {
              fileReview: c.fileReview,
              personalMatters: { result: c.personalMatters },
              disciplineOpinion: c.disciplineOpinion,
              petitionCheck: c.petitionCheck,
              ...(c.audit ? { audit: c.audit } : {}),
            },
            caseRulesOf(row.rules).profile,
          ),
          checkIntegritySignatures(c.integrity),
          checkExtendedInspection(c.inCurrentPostSince, today, c.extended?.done ?? false),
        ];
        for (const verdict of verdicts) {
          if (verdict.ok) continue;
          // Under specification 2 a concealment bars that candidate, whom the case then lets go; the
          // report stands for the others. A specification-1 case has one record: it is refused.
          if (verdict.code === 'INSP.CONCEALMENT' && row.shortlist_given) continue;
          throw new BadRequestException({
            ...refusalBody(verdict),
            field: `candidates[${i}]`,
            details: { ...(verdict.details ?? {}), candidateId: c.candidateId },
          });
        }
      }
      await manager.query(
        `UPDATE "inspection" SET "report" = $2, "report_digest" = $3, "report_filed_by" = $4 WHERE "case_id" = $1`,
        [caseId, JSON.stringify(report), digest, by.id],
      );
      await manager.query(`DELETE FROM "report_signature" WHERE "case_id" = $1 AND "digest" <> $2`, [
        caseId,
        digest,
      ]);
    });
    return { digest };
  }

  /**
   * A team member's signature over the report as it stands, verified by the gateway against their
   * registered key; a signature over a report since replaced is refused.
   */
  async signReport(caseId: string, signed: ReportSignatureDto, by: AssertedPerson): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.openInspection(manager, caseId);
      if (!row.team?.includes(by.id)) throw notOnTeam();
      if (!row.report_digest)
        throw new ConflictException({
          code: 'CASE.STEP_OUT_OF_ORDER',
          zh: '须先提交考察报告',
          en: 'file the report first',
        });
      if (signed.digest !== row.report_digest)
        throw new ConflictException({
          code: 'INSPECTION.REPORT_CHANGED',
          field: 'digest',
          zh: '所签的不是当前的考察报告（报告已更新），请按最新摘要重新签名',
          en: 'the signature is over another version of the report: sign its current digest',
        });
      await manager.query(
        `INSERT INTO "report_signature" ("case_id", "signer_id", "digest", "key_id", "suite", "signature")
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ("case_id", "signer_id") DO UPDATE SET "digest" = EXCLUDED."digest", "key_id" = EXCLUDED."key_id",
           "suite" = EXCLUDED."suite", "signature" = EXCLUDED."signature", "signed_at" = now()`,
        [caseId, by.id, signed.digest, signed.keyId, signed.suite, signed.signature],
      );
    });
  }

  /** The signatures over the report as it stands. */
  private async signatures(
    manager: EntityManager,
    caseId: string,
    digest: string | null,
  ): Promise<{ signer_id: string; key_id: string; suite: string; signature: string; digest: string }[]> {
    if (!digest) return [];
    return (await manager.query(
      `SELECT "signer_id", "key_id", "suite", "signature", "digest" FROM "report_signature"
       WHERE "case_id" = $1 AND "digest" = $2 ORDER BY "signer_id"`,
      [caseId, digest],
    )) as { signer_id: string; key_id: string; suite: string; signature: string; digest: string }[];
  }

  /** Closes the inspection: checks the shortlist, ranks by appraisal, queues the result. */
  async close(caseId: string, by: AssertedPerson): Promise<InspectionView> {
    // A member of an inspection team closes their own case's inspection only.
    // Every rule of the close that appraisals do not change: checked before the box is drained, so that
    // a refused close never writes a small batch of appraisals.
    const closable = async (manager: EntityManager) => {
      const row = await this.openInspection(manager, caseId);
      if (by.role === 'inspection_team_member' && !row.team?.includes(by.id)) throw notOnTeam();
      if (!row.shortlist_given) {
        // Specification 1: the service shortlisted; its negative-list check was never made per candidate.
        const shortlist = checkShortlist(
          row.shortlist.map((candidateId) => ({ candidateId, negativeListChecked: true })),
          row.posts,
          caseRulesOf(row.rules).profile,
          caseRulesOf(row.rules).policy,
        );
        if (!shortlist.ok) throw new ConflictException(refusalBody(shortlist));
      }
      if (!row.team || !row.report) {
        throw new ConflictException({
          code: 'CASE.STEP_OUT_OF_ORDER',
          zh: '须先组建考察组并提交考察报告',
          en: 'the team and the report come first',
        });
      }
      // Every member of the team signs the report as it stands (考察报告由考察组成员签名).
      const signatures = await this.signatures(manager, caseId, row.report_digest);
      const signed = checkReportSignatures(
        row.team,
        signatures.map((s) => s.signer_id),
      );
      if (!signed.ok) throw new ConflictException(refusalBody(signed));
      return { row: row as InspectionRow & { team: string[]; report: ReportDto }, signatures };
    };
    await this.dataSource.transaction(closable);
    // Appraisals still waiting in the box are written first, as one batch, and counted.
    await this.box.drain(caseId);
    await this.dataSource.transaction(async (manager) => {
      const { row, signatures } = await closable(manager);
      const ranking = await this.ranking(manager, caseId, row.shortlist);
      const appraisers = await this.appraisers(manager, caseId);
      await manager.query(
        `UPDATE "inspection" SET "status" = 'closed', "closed_by" = $2 WHERE "case_id" = $1`,
        [caseId, by.id],
      );
      const record = (stepId: string, items: JsonObject = {}, actors: StepActor[] = []) => ({
        stepId,
        items,
        ...(actors.length > 0 ? { actors } : {}),
      });
      const steps = [
        ...(row.shortlist_given
          ? []
          : [
              record('inspection.shortlist', {
                'inspection.shortlist.ratio': row.shortlist.length / row.posts,
              }),
            ]),
        record(
          'inspection.team',
          {
            'inspection.team.size': row.team.length,
            ...(row.team_members
              ? { 'inspection.team.members': row.team_members.map((m) => ({ id: m.personId, name: m.name })) }
              : {}),
          },
          row.team_set_by ? [actor(row.team_set_by, 'set_team')] : [],
        ),
        record(
          'inspection.notice',
          row.notice
            ? {
                'inspection.notice.published_on': row.notice.publishedOn,
                'inspection.notice.inspection_starts_on': row.notice.startsOn,
                'inspection.notice.channel': row.notice.channel,
              }
            : {},
          row.notice_set_by ? [actor(row.notice_set_by, 'gave_notice')] : [],
        ),
        record(
          'inspection.appraisal',
          { 'inspection.appraisal.participants': appraisers },
          row.roll_set_by ? [actor(row.roll_set_by, 'registered_roll')] : [],
        ),
        record('inspection.talks'),
        record('inspection.investigation'),
        // Specification 2: each candidate's own four musts; specification 1: one record for the case.
        ...(row.shortlist_given ? row.report.candidates : row.report.candidates.slice(0, 1)).map((c) => ({
          ...record('inspection.four_musts', fourMustsItems(c)),
          ...(row.shortlist_given ? { candidateId: c.candidateId } : {}),
        })),
        record('inspection.ranking', {
          'inspection.ranking.method': '民主测评：优秀 100、称职 80、基本称职 60、不称职 0，取平均',
        }),
        record(
          'inspection.report',
          {
            'inspection.report.conclusion': row.report.conclusion,
            // Each member's signature over the report's digest, with the key that verified it.
            'inspection.report.signatures': signatures.map((s) => ({
              signerId: s.signer_id,
              signature: s.signature,
              keyId: s.key_id,
              suite: s.suite,
              digest: s.digest,
            })),
          },
          [
            ...(row.report_filed_by ? [actor(row.report_filed_by, 'filed')] : []),
            ...signatures.map((s) => actor(s.signer_id, 'signed')),
            { id: by.id, role: 'closed', unitId: by.unitId },
          ],
        ),
      ];
      await enqueue(manager, Topics.inspectionEvents, [
        createEnvelope({
          eventId: `inspection/${caseId}/result`,
          caseId,
          type: InspectionCompletedSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'inspection-service', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(
            InspectionCompletedSchema,
            create(InspectionCompletedSchema, {
              steps,
              rankedCandidateIds: ranking.map((r) => r.candidateId),
            }),
          ),
        }),
      ]);
    });
    return this.view(caseId);
  }

  private async appraisers(manager: EntityManager, caseId: string): Promise<number> {
    const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM "appraiser" WHERE "case_id" = $1`, [
      caseId,
    ])) as [{ n: number }];
    return n;
  }

  private async ranking(manager: EntityManager, caseId: string, shortlist: readonly string[]) {
    const rows = (await manager.query(
      `SELECT "candidate_id", "grade" FROM "appraisal_vote" WHERE "case_id" = $1`,
      [caseId],
    )) as {
      candidate_id: string;
      grade: keyof typeof GRADE_POINTS;
    }[];
    return rankCandidates(
      shortlist.map((candidateId) => {
        const points: number[] = rows
          .filter((r) => r.candidate_id === candidateId)
          .map((r) => GRADE_POINTS[r.grade]);
        const score =
          points.length === 0
            ? 0
            : Math.round((points.reduce((a, b) => a + b, 0) / points.length) * 100) / 100;
        return { candidateId, score };
      }),
    );
  }

  /** The inspection; the report's content only to a member of the case's team (the record's readers read it in the ledger). */
  async view(caseId: string, reader?: AssertedPerson): Promise<InspectionView> {
    const [row] = (await this.dataSource.query(`SELECT * FROM "inspection" WHERE "case_id" = $1`, [
      caseId,
    ])) as InspectionRow[];
    if (!row)
      throw new NotFoundException({
        code: 'INSPECTION.NONE',
        zh: '该事项没有组织考察',
        en: 'the case has no inspection',
      });
    const manager = this.dataSource.manager;
    return {
      caseId,
      shortlist: row.shortlist,
      status: row.status,
      team: row.team ?? [],
      ...(row.notice ? { notice: row.notice } : {}),
      roll: (await manager.query(
        `SELECT "participant_id" AS "personId", "name" FROM "appraiser_roll" WHERE "case_id" = $1 ORDER BY 1`,
        [caseId],
      )) as { personId: string; name: string }[],
      appraisers: await this.appraisers(manager, caseId),
      reportFiled: row.report !== null,
      ...(row.report_digest ? { reportDigest: row.report_digest } : {}),
      ...(row.report && reader && row.team?.includes(reader.id) ? { report: row.report } : {}),
      signedBy: (await this.signatures(manager, caseId, row.report_digest)).map((s) => s.signer_id),
      ...(row.status === 'closed' ? { ranking: await this.ranking(manager, caseId, row.shortlist) } : {}),
    };
  }
}

/** A candidate's four musts as record items of `inspection.four_musts`. */
function fourMustsItems(c: CandidateFindingsDto): JsonObject {
  return {
    'inspection.four_musts.file_review_result': c.fileReview.findings,
    'inspection.four_musts.personal_matters': c.personalMatters,
    'inspection.four_musts.complaints_received': c.disciplineOpinion.complaintsReceived,
    'inspection.four_musts.complaints_verified': c.disciplineOpinion.complaintsVerified,
    'inspection.four_musts.discipline_outcome': c.disciplineOpinion.outcome,
    'inspection.four_musts.affects_use': c.disciplineOpinion.affectsUse ? 'yes' : 'no',
    'inspection.four_musts.petition_findings': c.petitionCheck.findings,
    // Who signed the integrity conclusion; their digital signatures belong to the record's sign-off.
    'inspection.four_musts.integrity_conclusion': `廉洁结论经单位党委（党组）书记 ${c.integrity.partySecretary}、纪委书记（纪检组长）${c.integrity.disciplineSecretary} 签字 / integrity conclusion signed by party secretary ${c.integrity.partySecretary} and discipline secretary ${c.integrity.disciplineSecretary}`,
    ...(c.audit ? { 'inspection.four_musts.audit_findings': c.audit.findings } : {}),
  };
}
