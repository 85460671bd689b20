import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who acts in an inspection, as the gateway asserts them: the appraisal's roll (民主测评参加人员名单),
 * registered by the team, whose people alone cast an appraisal, each once; the report, filed by a
 * member of the case's team, with its digest; each team member's signature over that digest, verified
 * by the gateway against their registered key; and who set the team, the notice and the roll, and
 * who closed the inspection.
 */
export class TeamActs1764820000000 implements MigrationInterface {
  name = 'TeamActs1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "appraiser_roll" (
        "case_id" text NOT NULL REFERENCES "inspection" ("case_id"),
        "participant_id" text NOT NULL,
        "name" text NOT NULL,
        PRIMARY KEY ("case_id", "participant_id")
      )`);
    await q.query(`
      CREATE TABLE "report_signature" (
        "case_id" text NOT NULL REFERENCES "inspection" ("case_id"),
        "signer_id" text NOT NULL,
        "digest" text NOT NULL,
        "key_id" text NOT NULL,
        "suite" text NOT NULL,
        "signature" text NOT NULL,
        "signed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("case_id", "signer_id")
      )`);
    await q.query(`
      ALTER TABLE "inspection"
        ADD COLUMN "report_digest" text,
        ADD COLUMN "report_filed_by" text,
        ADD COLUMN "team_set_by" text,
        ADD COLUMN "notice_set_by" text,
        ADD COLUMN "roll_set_by" text,
        ADD COLUMN "closed_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "inspection" DROP COLUMN "report_digest", DROP COLUMN "report_filed_by",
        DROP COLUMN "team_set_by", DROP COLUMN "notice_set_by", DROP COLUMN "roll_set_by", DROP COLUMN "closed_by"`);
    await q.query(`DROP TABLE "report_signature"`);
    await q.query(`DROP TABLE "appraiser_roll"`);
  }
}
