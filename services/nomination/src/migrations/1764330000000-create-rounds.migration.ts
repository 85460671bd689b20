import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nomination rounds: signed recommendation forms (署名推荐表), and the ballots of the recommendation
 * meeting, kept apart from who cast them (`participant` says someone voted, `recommendation_vote`
 * holds a candidate and nothing that names the voter).
 */
export class CreateRounds1764330000000 implements MigrationInterface {
  name = 'CreateRounds1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "nomination_round" (
        "case_id" text PRIMARY KEY,
        "posts" integer NOT NULL CHECK ("posts" > 0),
        "expected_participants" integer NOT NULL CHECK ("expected_participants" > 0),
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'closed'))
      )`);
    await queryRunner.query(`
      CREATE TABLE "nomination_form" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_id" text NOT NULL REFERENCES "nomination_round" ("case_id"),
        "nominator_id" text NOT NULL,
        "subject" text NOT NULL,
        "first_nominator_id" text NOT NULL,
        "candidate_id" text NOT NULL,
        "reason" text NOT NULL,
        "strengths" text NOT NULL,
        "weaknesses" text NOT NULL,
        "kinship_declared" boolean NOT NULL,
        "signature" text NOT NULL,
        "submitted_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("case_id", "nominator_id", "candidate_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "participant" (
        "case_id" text NOT NULL REFERENCES "nomination_round" ("case_id"),
        "participant_id" text NOT NULL,
        PRIMARY KEY ("case_id", "participant_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "recommendation_vote" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_id" text NOT NULL REFERENCES "nomination_round" ("case_id"),
        "candidate_id" text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['recommendation_vote', 'participant', 'nomination_form', 'nomination_round']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
