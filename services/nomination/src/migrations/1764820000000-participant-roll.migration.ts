import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recommendation meeting's roll (参加推荐人员名单), registered for the case: only those on it cast
 * a recommendation ballot, each once. And who acted, as the gateway asserted them: who registered the
 * roll, who filed each signed form (and the key that verified its nominator's signature), who closed
 * the round.
 */
export class ParticipantRoll1764820000000 implements MigrationInterface {
  name = 'ParticipantRoll1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "participant_roll" (
        "case_id" text NOT NULL REFERENCES "nomination_round" ("case_id"),
        "participant_id" text NOT NULL,
        "name" text NOT NULL,
        PRIMARY KEY ("case_id", "participant_id")
      )`);
    await q.query(
      `ALTER TABLE "nomination_round" ADD COLUMN "roll_set_by" text, ADD COLUMN "closed_by" text`,
    );
    // The nominator's signature, verified by the gateway against their registered key: which key, and
    // the form's digest it is over.
    await q.query(
      `ALTER TABLE "nomination_form" ADD COLUMN "filed_by" text, ADD COLUMN "signature_key_id" text,
         ADD COLUMN "signature_suite" text, ADD COLUMN "signature_digest" text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "nomination_form" DROP COLUMN "filed_by", DROP COLUMN "signature_key_id",
         DROP COLUMN "signature_suite", DROP COLUMN "signature_digest"`,
    );
    await q.query(`ALTER TABLE "nomination_round" DROP COLUMN "roll_set_by", DROP COLUMN "closed_by"`);
    await q.query(`DROP TABLE "participant_roll"`);
  }
}
