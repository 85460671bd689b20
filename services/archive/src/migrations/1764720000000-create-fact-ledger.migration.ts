import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger of the case's facts (the workflow's numbering, with their content), the facts that came
 * before the one they follow, and the facts refused for contradicting one already on the record.
 * The ledger's tables take inserts only: a trigger refuses every UPDATE and DELETE of a fact or a
 * message, whoever sends it.
 */
export class CreateFactLedger1764720000000 implements MigrationInterface {
  name = 'CreateFactLedger1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "ledger_fact" (
        "case_id" text NOT NULL,
        "sequence" integer NOT NULL,
        "gate" text NOT NULL,
        "kind" text NOT NULL,
        "step_id" text,
        "candidate_id" text,
        "actor_id" text NOT NULL,
        "actor_role" text NOT NULL,
        "occurred_at" text NOT NULL,
        "content" text NOT NULL,
        "content_digest" text NOT NULL,
        "previous_hash" text NOT NULL,
        "hash" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "sequence")
      )`);
    await queryRunner.query(`CREATE INDEX "ledger_fact_gate" ON "ledger_fact" ("case_id", "gate")`);
    await queryRunner.query(`
      CREATE TABLE "ledger_fact_head" (
        "case_id" text PRIMARY KEY,
        "last_sequence" integer NOT NULL,
        "last_hash" text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "ledger_fact_pending" (
        "case_id" text NOT NULL,
        "sequence" integer NOT NULL,
        "content" text NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "sequence")
      )`);
    await queryRunner.query(`
      CREATE TABLE "ledger_fact_conflict" (
        "id" bigserial PRIMARY KEY,
        "case_id" text NOT NULL,
        "sequence" integer NOT NULL,
        "event_id" text NOT NULL,
        "content" text NOT NULL,
        "recorded_digest" text NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION "ledger_insert_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger takes inserts only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['ledger_fact', 'ledger_entry', 'ledger_fact_conflict']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_insert_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "ledger_insert_only"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ledger_fact', 'ledger_entry', 'ledger_fact_conflict'])
      await queryRunner.query(`DROP TRIGGER "${table}_insert_only" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "ledger_insert_only"()`);
    await queryRunner.query(`DROP TABLE "ledger_fact_conflict"`);
    await queryRunner.query(`DROP TABLE "ledger_fact_pending"`);
    await queryRunner.query(`DROP TABLE "ledger_fact_head"`);
    await queryRunner.query(`DROP TABLE "ledger_fact"`);
  }
}
