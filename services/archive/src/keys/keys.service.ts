import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TransparencyLogService } from '../ledger/transparency-log.service';

export interface SigningKey {
  readonly keyId: string;
  readonly personId: string;
  readonly suite: string;
  readonly publicKey: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  readonly reason?: string;
}

const KEY_COLUMNS = `k."key_id" AS "keyId", k."person_id" AS "personId", k."suite", k."public_key" AS "publicKey",
  k."registered_at" AS "registeredAt", k."registered_by" AS "registeredBy", r."revoked_at" AS "revokedAt",
  r."revoked_by" AS "revokedBy", r."reason"`;

const view = (row: Record<string, unknown>): SigningKey => {
  const at = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string));
  return {
    keyId: row['keyId'] as string,
    personId: row['personId'] as string,
    suite: row['suite'] as string,
    publicKey: row['publicKey'] as string,
    registeredAt: at(row['registeredAt']),
    registeredBy: row['registeredBy'] as string,
    ...(row['revokedAt'] ? { revokedAt: at(row['revokedAt']), revokedBy: row['revokedBy'] as string } : {}),
    ...(row['reason'] ? { reason: row['reason'] as string } : {}),
  };
};

/**
 * People's signing keys in the deployment's suite: registered by an administrator for a person,
 * revoked by one with the reason. A key is named by the suite's digest of its public key. Revoking
 * a key never undoes what it signed before: a signature is judged by the key as it stood then.
 */
@Injectable()
export class KeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: TransparencyLogService,
  ) {}

  isPublicKey(publicKey: string): boolean {
    return this.log.suite.isPublicKey(publicKey);
  }

  keyIdOf(publicKey: string): string {
    return this.log.suite.digest(Buffer.from(publicKey, 'hex'));
  }

  /** Registers a key; the same key for the same person again is the same registration. */
  async register(personId: string, publicKey: string, registeredBy: string): Promise<SigningKey | 'taken'> {
    const keyId = this.keyIdOf(publicKey);
    await this.dataSource.query(
      `INSERT INTO "signing_key" ("key_id", "person_id", "suite", "public_key", "registered_by")
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [keyId, personId, this.log.suite.name, publicKey, registeredBy],
    );
    const key = await this.key(keyId);
    return key && key.personId === personId ? key : 'taken';
  }

  async revoke(keyId: string, revokedBy: string, reason: string): Promise<SigningKey | undefined> {
    if (!(await this.key(keyId))) return undefined;
    await this.dataSource.query(
      `INSERT INTO "signing_key_revocation" ("key_id", "revoked_by", "reason") VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [keyId, revokedBy, reason],
    );
    return this.key(keyId);
  }

  async key(keyId: string): Promise<SigningKey | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${KEY_COLUMNS} FROM "signing_key" k LEFT JOIN "signing_key_revocation" r USING ("key_id")
       WHERE k."key_id" = $1`,
      [keyId],
    )) as Record<string, unknown>[];
    return row ? view(row) : undefined;
  }

  async keysOf(personId: string): Promise<SigningKey[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${KEY_COLUMNS} FROM "signing_key" k LEFT JOIN "signing_key_revocation" r USING ("key_id")
       WHERE k."person_id" = $1 ORDER BY k."registered_at"`,
      [personId],
    )) as Record<string, unknown>[];
    return rows.map(view);
  }
}
