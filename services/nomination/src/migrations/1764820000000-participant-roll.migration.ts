import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recommendation meeting's roll (参加推荐人员名单), registered for the case: only those on it cast
 * a recommendation ballot, each once. And who acted, as the gateway asserted them: who registered the
 * roll, who filed each signed form, who closed the round.
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
    await q.query(`ALTER TABLE "nomination_form" ADD COLUMN "filed_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination_form" DROP COLUMN "filed_by"`);
    await q.query(`ALTER TABLE "nomination_round" DROP COLUMN "roll_set_by", DROP COLUMN "closed_by"`);
    await q.query(`DROP TABLE "participant_roll"`);
  }
}
