import { fromBinary } from '@bufbuild/protobuf';
import { CaseFactRecordedSchema, type Envelope, EnvelopeError, occurredAt } from '@jishi/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  chainFact,
  type FactContent,
  factBytes,
  type FactVerification,
  type StoredFact,
  verifyFacts,
  type CaseBundle,
  gateDigestText,
  GENESIS_HASH,
  SUBMISSION_STEPS,
} from '@jishi/evidence';
import { type LogVerification, TransparencyLogService } from './transparency-log.service';

/** A signing key by its id, as the key registry keeps it. */
export type KeysLookup = (keyId: string) => Promise<
  | {
      keyId: string;
      personId: string;
      suite: string;
      publicKey: string;
      registeredAt: string;
      revokedAt?: string;
    }
  | undefined
>;

/** What a gate's sign-off signs: the gate's digest through a fact, and whether later facts of the gate follow it. */
export interface GateDigest {
  caseId: string;
  gate: string;
  through: number;
  digest: string;
  steps: number;
  stale: boolean;
}

/** A fact as the record shows it: what it says, and its place in the chain. */
export type FactView = (FactContent | (Omit<FactContent, 'summary' | 'actor'> & { unreadable: true })) & {
  readonly contentDigest: string;
  readonly hash: string;
};

export interface FactFilter {
  readonly gate?: string;
  readonly candidateId?: string;
}

export interface FactRecord {
  /** The case's facts (those of the gate and candidate asked for), in the workflow's order. */
  readonly facts: readonly FactView[];
  /** Facts received ahead of one still missing, not yet on the chain. */
  readonly pendingFacts: readonly number[];
  /** The whole case's facts checked from their stored bytes. */
  readonly factVerification: FactVerification;
  /** The facts checked against the log of every case's facts and its latest signed tree head. */
  readonly logVerification: LogVerification;
}

/** The largest place a fact may have (the column is a PostgreSQL integer): "up to the end". */
const LAST_SEQUENCE = 2_147_483_647;

const FACT_COLUMNS = `"case_id" AS "caseId", "sequence", "gate", "kind", "step_id" AS "stepId",
  "candidate_id" AS "candidateId", "actor_id" AS "actorId", "actor_role" AS "actorRole",
  "occurred_at" AS "occurredAt", "content", "content_digest" AS "contentDigest",
  "previous_hash" AS "previousHash", "hash"`;

/** The fact a `CaseFactRecorded` message carries, as the ledger keeps it. */
export function factContentOf(envelope: Envelope): FactContent {
  let fact;
  try {
    fact = fromBinary(CaseFactRecordedSchema, envelope.payload);
  } catch {
    throw new EnvelopeError('payload', 'is not a CaseFactRecorded');
  }
  if (!Number.isInteger(fact.sequence) || fact.sequence < 1 || fact.sequence > 2_147_483_647)
    throw new EnvelopeError('payload.sequence', 'must be a whole number from 1 to 2147483647');
  const at = occurredAt(envelope);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 9999)
    throw new EnvelopeError('occurredAt', 'must be a time between the years 2000 and 9999');
  if (!envelope.actor?.id || !envelope.actor.role) throw new EnvelopeError('actor', 'must name who acted');
  const step = fact.step;
  return {
    v: 1,
    caseId: envelope.caseId,
    sequence: fact.sequence,
    gate: fact.gate,
    kind: fact.kind,
    summary: fact.summary,
    ...(step && step.stepId
      ? {
          step: {
            stepId: step.stepId,
            ...(step.candidateId ? { candidateId: step.candidateId } : {}),
            items: (step.items ?? {}) as Record<string, unknown>,
            ...(step.actors.length > 0
              ? {
                  actors: step.actors.map((a) => ({
                    id: a.id,
                    role: a.role,
                    ...(a.unitId ? { unitId: a.unitId } : {}),
                  })),
                }
              : {}),
          },
        }
      : {}),
    ...(fact.refused && fact.refused.code
      ? {
          refused: {
            stepId: fact.refused.stepId,
            ...(fact.refused.candidateId ? { candidateId: fact.refused.candidateId } : {}),
            code: fact.refused.code,
            ...(fact.refused.field ? { field: fact.refused.field } : {}),
          },
        }
      : {}),
    actor: {
      id: envelope.actor.id,
      role: envelope.actor.role,
      ...(envelope.actor.unitId ? { unitId: envelope.actor.unitId } : {}),
    },
    occurredAt: at.toISOString(),
  };
}

/** What a stored fact says; one whose bytes no longer parse shows its columns, marked unreadable. */
function readable(
  fact: StoredFact,
): FactContent | (Omit<FactContent, 'summary' | 'actor'> & { unreadable: true }) {
  try {
    return JSON.parse(fact.content) as FactContent;
  } catch {
    return {
      v: 1,
      caseId: fact.caseId,
      sequence: fact.sequence,
      gate: fact.gate,
      kind: fact.kind,
      occurredAt: fact.occurredAt,
      unreadable: true,
    };
  }
}

/**
 * The ledger of the case's facts: each fact at the place the workflow gave it, whatever order the
 * messages arrive in (one that comes ahead of a missing fact waits for it), chained per case. A
 * redelivered fact changes nothing; one that contradicts the fact on the record at its place is kept
 * aside as a conflict, never replacing it.
 */
@Injectable()
export class FactLedgerService {
  private readonly logger = new Logger(FactLedgerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: TransparencyLogService,
  ) {}

  /** Appends the fact a message carries, inside the caller's transaction. */
  async append(envelope: Envelope, manager: EntityManager): Promise<void> {
    const content = factContentOf(envelope);
    let bytes: string;
    try {
      bytes = factBytes(content);
    } catch {
      // A value JSON cannot carry (NaN, Infinity): the message is dead-lettered, never retried for ever.
      throw new EnvelopeError('payload.step.items', 'must hold JSON values only');
    }
    const { caseId, sequence } = content;
    await manager.query(
      `INSERT INTO "ledger_fact_head" ("case_id", "last_sequence", "last_hash") VALUES ($1, 0, $2)
       ON CONFLICT ("case_id") DO NOTHING`,
      [caseId, GENESIS_HASH],
    );
    const [head] = (await manager.query(
      `SELECT "last_sequence", "last_hash" FROM "ledger_fact_head" WHERE "case_id" = $1 FOR UPDATE`,
      [caseId],
    )) as [{ last_sequence: number; last_hash: string }];
    if (sequence <= head.last_sequence) {
      const [kept] = (await manager.query(
        `SELECT "content_digest" FROM "ledger_fact" WHERE "case_id" = $1 AND "sequence" = $2`,
        [caseId, sequence],
      )) as [{ content_digest: string } | undefined];
      await this.conflictUnlessSame(manager, envelope, content, bytes, kept?.content_digest);
      return;
    }
    if (sequence > head.last_sequence + 1) {
      const [waiting] = (await manager.query(
        `INSERT INTO "ledger_fact_pending" ("case_id", "sequence", "content") VALUES ($1, $2, $3)
         ON CONFLICT ("case_id", "sequence") DO NOTHING RETURNING "sequence"`,
        [caseId, sequence, bytes],
      )) as [unknown];
      if (!waiting) {
        const [kept] = (await manager.query(
          `SELECT "content" FROM "ledger_fact_pending" WHERE "case_id" = $1 AND "sequence" = $2`,
          [caseId, sequence],
        )) as [{ content: string }];
        await this.conflictUnlessSame(manager, envelope, content, bytes, this.log.digest(kept.content));
      }
      return;
    }
    let last = await this.insert(manager, content, head.last_hash);
    // The facts that came ahead of this one follow it now.
    for (;;) {
      const [next] = (await manager.query(
        `SELECT "content" FROM "ledger_fact_pending" WHERE "case_id" = $1 AND "sequence" = $2`,
        [caseId, last.sequence + 1],
      )) as [{ content: string } | undefined];
      if (!next) break;
      const waiting = JSON.parse(next.content) as FactContent;
      if (waiting.caseId !== caseId || waiting.sequence !== last.sequence + 1)
        throw new Error(`case ${caseId}: the fact waiting at ${last.sequence + 1} says it is another`);
      await manager.query(`DELETE FROM "ledger_fact_pending" WHERE "case_id" = $1 AND "sequence" = $2`, [
        caseId,
        last.sequence + 1,
      ]);
      last = await this.insert(manager, waiting, last.hash);
    }
    await manager.query(
      `UPDATE "ledger_fact_head" SET "last_sequence" = $2, "last_hash" = $3 WHERE "case_id" = $1`,
      [caseId, last.sequence, last.hash],
    );
  }

  private async insert(manager: EntityManager, content: FactContent, previousHash: string) {
    const fact = chainFact(this.log.digest, content, previousHash);
    await manager.query(
      `INSERT INTO "ledger_fact" ("case_id", "sequence", "gate", "kind", "step_id", "candidate_id",
         "actor_id", "actor_role", "occurred_at", "content", "content_digest", "previous_hash", "hash")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        fact.caseId,
        fact.sequence,
        fact.gate,
        fact.kind,
        fact.stepId,
        fact.candidateId,
        fact.actorId,
        fact.actorRole,
        fact.occurredAt,
        fact.content,
        fact.contentDigest,
        fact.previousHash,
        fact.hash,
      ],
    );
    await this.log.append(manager, fact.caseId, fact.sequence, fact.contentDigest);
    // A submission to the supervising organ is sent once a signed head covers it.
    const submission =
      fact.stepId !== null && Object.hasOwn(SUBMISSION_STEPS, fact.stepId)
        ? SUBMISSION_STEPS[fact.stepId as keyof typeof SUBMISSION_STEPS]
        : undefined;
    if (fact.kind === 'step.recorded' && submission !== undefined)
      await manager.query(
        `INSERT INTO "supervision_submission" ("case_id", "submission", "sequence") VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [fact.caseId, submission, fact.sequence],
      );
    return fact;
  }

  private async conflictUnlessSame(
    manager: EntityManager,
    envelope: Envelope,
    content: FactContent,
    bytes: string,
    recordedDigest: string | undefined,
  ): Promise<void> {
    if (recordedDigest === this.log.digest(bytes)) return; // the same fact again: nothing changes
    await manager.query(
      `INSERT INTO "ledger_fact_conflict" ("case_id", "sequence", "event_id", "content", "recorded_digest")
       VALUES ($1, $2, $3, $4, $5)`,
      [content.caseId, content.sequence, envelope.eventId, bytes, recordedDigest ?? ''],
    );
    this.logger.warn(
      `case ${content.caseId}: fact ${content.sequence} (event ${envelope.eventId}) contradicts the one on the record; kept aside`,
    );
  }

  /**
   * A gate's digest, what its sign-off signs: the suite's digest over the gate's recorded steps (not
   * its sign-off) up to fact `through` (by default the last fact on the chain). `stale` when steps of
   * the gate were recorded after `through`; `not_sealed` when the chain does not reach `through` yet.
   */
  async gateDigest(caseId: string, gate: string, through?: number): Promise<GateDigest | 'not_sealed'> {
    const sealed = await this.chainedThrough(caseId);
    const upTo = through ?? sealed;
    if (upTo > sealed || upTo < 1) return 'not_sealed';
    const steps = (await this.dataSource.query(
      `SELECT "sequence", "content_digest" AS "contentDigest" FROM "ledger_fact"
       WHERE "case_id" = $1 AND "gate" = $2 AND "kind" = 'step.recorded' AND "step_id" <> $3
       ORDER BY "sequence"`,
      [caseId, gate, `${gate}.signoff`],
    )) as { sequence: number; contentDigest: string }[];
    const covered = steps.filter((s) => s.sequence <= upTo);
    return {
      caseId,
      gate,
      through: upTo,
      digest: this.log.digest(gateDigestText(caseId, gate, upTo, covered)),
      steps: covered.length,
      stale: covered.length < steps.length,
    };
  }

  private async chainedThrough(caseId: string): Promise<number> {
    const [head] = (await this.dataSource.query(
      `SELECT "last_sequence" FROM "ledger_fact_head" WHERE "case_id" = $1`,
      [caseId],
    )) as [{ last_sequence: number } | undefined];
    return head?.last_sequence ?? 0;
  }

  /**
   * The case's bundle (纪实档案) for a supervisor to keep and check offline: every fact with its
   * bytes and chain, the latest signed tree head with each fact's audit path in it, and the keys of
   * everyone who signed the case's gates off. `not_sealed` while the head does not cover every fact.
   */

  /** A case's facts as stored (up to `through`), in the workflow's order: each one's bytes and chain hash. */
  async chained(
    caseId: string,
    through = LAST_SEQUENCE,
  ): Promise<{ sequence: number; content: string; hash: string }[]> {
    return (await this.dataSource.query(
      `SELECT "sequence", "content", "hash" FROM "ledger_fact" WHERE "case_id" = $1 AND "sequence" <= $2
       ORDER BY "sequence"`,
      [caseId, through],
    )) as { sequence: number; content: string; hash: string }[];
  }

  /** The case's bundle: all its facts, or those up to `through`, under the latest signed head. */
  async bundle(
    caseId: string,
    keys: KeysLookup,
    through = LAST_SEQUENCE,
    /**
     * `first`: under the first head that covers the facts, exported at that head's time, with the
     * signers' keys as they stood then — the same bundle however often it is made (a submission).
     */
    asOf: 'latest' | 'first' = 'latest',
  ): Promise<CaseBundle | 'not_sealed' | 'no_case'> {
    const facts = (await this.dataSource.query(
      `SELECT "sequence", "content", "content_digest" AS "contentDigest", "previous_hash" AS "previousHash", "hash"
       FROM "ledger_fact" WHERE "case_id" = $1 AND "sequence" <= $2 ORDER BY "sequence"`,
      [caseId, through],
    )) as CaseBundle['facts'][number][];
    if (facts.length === 0) return 'no_case';
    const leaves = (await this.log.leavesOf(caseId)).filter((l) => l.sequence <= through);
    if (leaves.length < facts.length) return 'not_sealed';
    const covering = Math.max(...leaves.map((l) => l.index)) + 1;
    const head = asOf === 'first' ? await this.log.firstHeadOf(covering) : await this.log.latestHead();
    if (!head || head.treeSize < covering) return 'not_sealed';
    const exportedAt = asOf === 'first' ? head.timestamp : new Date().toISOString();
    const keyIds = new Set<string>();
    for (const f of facts) {
      const content = JSON.parse(f.content) as FactContent;
      if (!content.step?.stepId.endsWith('.signoff')) continue;
      for (const [item, value] of Object.entries(content.step.items))
        if (item.endsWith('_signature')) keyIds.add(String((value as { keyId?: unknown })?.keyId ?? ''));
    }
    const signers = (await Promise.all([...keyIds].map((id) => keys(id)))).filter(
      (k): k is NonNullable<typeof k> => k !== undefined,
    );
    return {
      format: 'jishi.bundle.v1',
      suite: this.log.suite.name,
      caseId,
      exportedAt,
      facts,
      head,
      inclusion: await this.log.inclusionOfAll(leaves, head.treeSize),
      keys: signers.map((k) => ({
        keyId: k.keyId,
        personId: k.personId,
        suite: k.suite,
        publicKey: k.publicKey,
        registeredAt: k.registeredAt,
        // A revocation after the export is not in it: the bundle says what stood then.
        ...(k.revokedAt && k.revokedAt <= exportedAt ? { revokedAt: k.revokedAt } : {}),
      })),
    };
  }

  /** A case's facts, filtered by gate and candidate, with the whole case's verification. */
  async record(caseId: string, filter: FactFilter = {}): Promise<FactRecord> {
    const facts = (await this.dataSource.query(
      `SELECT ${FACT_COLUMNS} FROM "ledger_fact" WHERE "case_id" = $1 ORDER BY "sequence"`,
      [caseId],
    )) as StoredFact[];
    const pending = (await this.dataSource.query(
      `SELECT "sequence" FROM "ledger_fact_pending" WHERE "case_id" = $1 ORDER BY "sequence"`,
      [caseId],
    )) as { sequence: number }[];
    const shown = facts.filter(
      (f) =>
        (filter.gate === undefined || f.gate === filter.gate) &&
        (filter.candidateId === undefined || f.candidateId === filter.candidateId),
    );
    return {
      facts: shown.map((f) => ({ ...readable(f), contentDigest: f.contentDigest, hash: f.hash })),
      pendingFacts: pending.map((p) => p.sequence),
      factVerification: verifyFacts(this.log.digest, caseId, facts),
      logVerification: await this.log.verifyCase(caseId, facts, await this.chainedThrough(caseId)),
    };
  }
}
