import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { AttachmentStore } from './attachment-store';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** An attachment of a case, as the record names it. */
export interface Attachment {
  readonly caseId: string;
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly uploadedBy: string;
  readonly uploadedRole: string;
  readonly uploadedAt: string;
}

const COLUMNS = `"case_id" AS "caseId", "sha256", "name", "media_type" AS "mediaType", "size",
  "uploaded_by" AS "uploadedBy", "uploaded_role" AS "uploadedRole", "uploaded_at" AS "uploadedAt"`;

const view = (row: Record<string, unknown>): Attachment => ({
  caseId: row['caseId'] as string,
  sha256: row['sha256'] as string,
  name: row['name'] as string,
  mediaType: row['mediaType'] as string,
  size: Number(row['size']),
  uploadedBy: row['uploadedBy'] as string,
  uploadedRole: row['uploadedRole'] as string,
  uploadedAt: (row['uploadedAt'] as Date).toISOString(),
});

/** Attachments of cases: bytes in the content-addressed store, each case's files in its table. */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ATTACHMENT_STORE) readonly store: AttachmentStore,
  ) {}

  /**
   * Stores a file for a case. The same bytes uploaded again to the case change nothing and answer
   * with the file as first recorded (its first name stands).
   */
  async upload(
    caseId: string,
    source: Readable,
    meta: { name: string; mediaType: string; by: string; role: string },
  ): Promise<Attachment & { readonly created: boolean }> {
    const { sha256, size } = await this.store.put(source);
    const inserted = (await this.dataSource.query(
      `INSERT INTO "attachment" ("case_id", "sha256", "name", "media_type", "size", "uploaded_by", "uploaded_role")
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [caseId, sha256, meta.name, meta.mediaType, size, meta.by, meta.role],
    )) as Record<string, unknown>[];
    if (inserted[0]) return { ...view(inserted[0]), created: true };
    return { ...((await this.get(caseId, sha256)) as Attachment), created: false };
  }

  async get(caseId: string, sha256: string): Promise<Attachment | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "attachment" WHERE "case_id" = $1 AND "sha256" = $2`,
      [caseId, sha256],
    )) as Record<string, unknown>[];
    return rows[0] ? view(rows[0]) : undefined;
  }

  async list(caseId: string): Promise<Attachment[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "attachment" WHERE "case_id" = $1 ORDER BY "uploaded_at", "sha256"`,
      [caseId],
    )) as Record<string, unknown>[];
    return rows.map(view);
  }
}
