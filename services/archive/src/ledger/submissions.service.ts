/**
 * Sends each case's record to the supervising organ (纪实报送) on jishi.supervision.submissions.v1:
 * the first submission after the decision, the second after appointment. A submission is due when
 * the fact recording it is chained; it is sent once a signed tree head covers every fact up to it,
 * as the case's bundle up to that fact under the first such head, signed by the log key, gzip-
 * compressed on the wire. Sent at least once: a send that fails is tried again after the next head,
 * with the same event id and the same bytes (the bundle is made as of that first head).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  encodeEnvelope,
  SupervisionSubmissionSchema,
  Topics,
} from '@jishi/contracts';
import { type SignedTreeHead, type SubmissionKind, submissionText } from '@jishi/evidence';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CompressionTypes } from 'kafkajs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { KeysService } from '../keys/keys.service';
import { FactLedgerService } from './fact-ledger.service';
import { TransparencyLogService } from './transparency-log.service';

@Injectable()
export class SubmissionsService implements OnModuleInit {
  private readonly logger = new Logger(SubmissionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: TransparencyLogService,
    private readonly facts: FactLedgerService,
    private readonly keys: KeysService,
  ) {}

  onModuleInit(): void {
    this.log.onHead(async (head) => void (await this.sendDue(head)));
  }

  /** Sends every submission due and covered by the head, oldest first. */
  async sendDue(head: SignedTreeHead): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT s."case_id" AS "caseId", s."submission", s."sequence" FROM "supervision_submission" s
       LEFT JOIN "supervision_submission_sent" t USING ("case_id", "submission")
       WHERE t."case_id" IS NULL ORDER BY s."due_at", s."case_id"`,
    )) as { caseId: string; submission: SubmissionKind; sequence: number }[];
    let sent = 0;
    for (const s of due) {
      const bundle = await this.facts.bundle(s.caseId, (keyId) => this.keys.key(keyId), s.sequence, 'first');
      if (typeof bundle === 'string') continue; // not covered by a signed head yet
      const bundleJson = JSON.stringify(bundle);
      const signed = this.log.signAsLog(submissionText(s, this.log.digest(bundleJson)));
      const envelope = createEnvelope({
        eventId: `archive/${s.caseId}/submission/${s.submission}`,
        caseId: s.caseId,
        type: SupervisionSubmissionSchema.typeName,
        occurredAt: new Date(bundle.exportedAt),
        actor: { id: 'archive', kind: ActorKind.SERVICE, role: 'service' },
        payload: toBinary(
          SupervisionSubmissionSchema,
          create(SupervisionSubmissionSchema, {
            caseId: s.caseId,
            submission: s.submission,
            sequence: BigInt(s.sequence),
            bundleJson,
            ...signed,
          }),
        ),
      });
      try {
        await this.log.send(
          Topics.supervisionSubmissions,
          [{ key: s.caseId, value: Buffer.from(encodeEnvelope(envelope)) }],
          CompressionTypes.GZIP,
        );
      } catch (err) {
        // Tried again after the next head, the same bytes; the others go on.
        this.logger.warn(`the ${s.submission} submission of ${s.caseId} is not sent yet: ${String(err)}`);
        continue;
      }
      await this.dataSource.query(
        `INSERT INTO "supervision_submission_sent" ("case_id", "submission", "tree_size") VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [s.caseId, s.submission, bundle.head.treeSize],
      );
      sent += 1;
    }
    if (sent > 0)
      this.logger.log(`sent ${sent} submission(s) to the supervising organ under head ${head.treeSize}`);
    return sent;
  }
}
