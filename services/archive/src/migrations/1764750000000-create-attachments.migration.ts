import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The attachments each case's record names (三种纪实形式: text, tables, audio/video), by their
 * SHA-256 digest: who uploaded which file to which case, under what name and media type. The bytes
 * live in the content-addressed store; this table is insert-only, like the ledger.
 */
export class CreateAttachments1764750000000 implements MigrationInterface {
  name = 'CreateAttachments1764750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "attachment" (
        "case_id" text NOT NULL,
        "sha256" text NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        "name" text NOT NULL,
        "media_type" text NOT NULL,
        "size" bigint NOT NULL CHECK ("size" >= 0),
        "uploaded_by" text NOT NULL,
        "uploaded_role" text NOT NULL,
        "uploaded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "sha256")
      )`);
    await queryRunner.query(
      `CREATE TRIGGER "attachment_insert_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "attachment"
       FOR EACH STATEMENT EXECUTE FUNCTION "ledger_insert_only"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attachment"`);
  }
}
