import { type Envelope, occurredAt } from '@jishi/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entryHash, GENESIS_HASH, sha256Hex, verifyChain, type Verification } from './ledger-chain';
import { LedgerEntryEntity } from './ledger-entry.entity';

export interface CaseRecord {
  readonly caseId: string;
  readonly entries: readonly Omit<LedgerEntryEntity, 'payload'>[];
  readonly verification: Verification;
}

@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends a message to its case's chain, inside the caller's transaction. The case's head row is
   * locked, so concurrent appends to one case take consecutive sequence numbers.
   */
  async append(envelope: Envelope, topic: string, manager: EntityManager): Promise<LedgerEntryEntity> {
    await manager.query(
      `INSERT INTO "ledger_case_head" ("case_id", "last_sequence", "last_hash") VALUES ($1, 0, $2)
       ON CONFLICT ("case_id") DO NOTHING`,
      [envelope.caseId, GENESIS_HASH],
    );
    const [head] = (await manager.query(
      `SELECT "last_sequence", "last_hash" FROM "ledger_case_head" WHERE "case_id" = $1 FOR UPDATE`,
      [envelope.caseId],
    )) as [{ last_sequence: number; last_hash: string }];
    const fields = {
      caseId: envelope.caseId,
      sequence: head.last_sequence + 1,
      eventId: envelope.eventId,
      topic,
      type: envelope.type,
      occurredAt: occurredAt(envelope).toISOString(),
      actorId: envelope.actor?.id ?? '',
      actorRole: envelope.actor?.role ?? '',
      payloadDigest: sha256Hex(envelope.payload),
      previousHash: head.last_hash,
    };
    const entry = manager.create(LedgerEntryEntity, {
      ...fields,
      payload: Buffer.from(envelope.payload),
      hash: entryHash(fields),
    });
    await manager.insert(LedgerEntryEntity, entry);
    await manager.query(
      `UPDATE "ledger_case_head" SET "last_sequence" = $2, "last_hash" = $3 WHERE "case_id" = $1`,
      [envelope.caseId, entry.sequence, entry.hash],
    );
    return entry;
  }

  /** A case's record in order, with the verification of its chain. */
  async record(caseId: string): Promise<CaseRecord> {
    const entries = await this.dataSource.getRepository(LedgerEntryEntity).find({
      where: { caseId },
      order: { sequence: 'ASC' },
    });
    return {
      caseId,
      entries: entries.map(({ payload: _payload, ...rest }) => rest),
      verification: verifyChain(entries),
    };
  }
}
