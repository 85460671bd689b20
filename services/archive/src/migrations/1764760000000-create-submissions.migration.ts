import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Submissions of a case's record to the supervising organ (纪实报送): each one due when the fact
 * that records it is chained, and sent once a signed tree head covers it. Both insert-only.
 */
export class CreateSubmissions1764760000000 implements MigrationInterface {
  name = 'CreateSubmissions1764760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "supervision_submission" (
        "case_id" text NOT NULL,
        "submission" text NOT NULL CHECK ("submission" IN ('first', 'second')),
        "sequence" integer NOT NULL,
        "due_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "submission")
      )`);
    await queryRunner.query(`
      CREATE TABLE "supervision_submission_sent" (
        "case_id" text NOT NULL,
        "submission" text NOT NULL,
        "tree_size" bigint NOT NULL,
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "submission"),
        FOREIGN KEY ("case_id", "submission") REFERENCES "supervision_submission" ("case_id", "submission")
      )`);
    for (const table of ['supervision_submission', 'supervision_submission_sent'])
      await queryRunner.query(
        `CREATE TRIGGER "${table}_insert_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "ledger_insert_only"()`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "supervision_submission_sent"`);
    await queryRunner.query(`DROP TABLE "supervision_submission"`);
  }
}
