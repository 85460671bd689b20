import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every service's database needs for messaging: processed events (idempotent
 * consumers) and the transactional outbox. Each service lists this migration among its own.
 */
export class MessagingTables1764300000000 implements MigrationInterface {
  name = 'MessagingTables1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "processed_event" (
        "consumer" text NOT NULL,
        "event_id" text NOT NULL,
        "topic" text NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("consumer", "event_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "event_id" text NOT NULL UNIQUE,
        "topic" text NOT NULL,
        "case_id" text NOT NULL,
        "envelope" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished" ON "outbox" ("id") WHERE "published_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "processed_event"`);
  }
}
