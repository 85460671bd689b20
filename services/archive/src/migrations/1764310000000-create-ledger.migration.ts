import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLedger1764310000000 implements MigrationInterface {
  name = 'CreateLedger1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "ledger_case_head" (
        "case_id" text PRIMARY KEY,
        "last_sequence" integer NOT NULL,
        "last_hash" text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "ledger_entry" (
        "case_id" text NOT NULL,
        "sequence" integer NOT NULL,
        "event_id" text NOT NULL,
        "topic" text NOT NULL,
        "type" text NOT NULL,
        "occurred_at" text NOT NULL,
        "actor_id" text NOT NULL,
        "actor_role" text NOT NULL,
        "payload_digest" text NOT NULL,
        "payload" bytea NOT NULL,
        "previous_hash" text NOT NULL,
        "hash" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "sequence")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ledger_entry_event" ON "ledger_entry" ("event_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ledger_entry"`);
    await queryRunner.query(`DROP TABLE "ledger_case_head"`);
  }
}
