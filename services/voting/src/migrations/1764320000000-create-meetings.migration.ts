import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decision meetings. A secret ballot is stored apart from who cast it: `voter` says that a member
 * voted, `ballot` holds a choice with a random id and nothing else — no member, no time, no order
 * that could link the two.
 */
export class CreateMeetings1764320000000 implements MigrationInterface {
  name = 'CreateMeetings1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "meeting" (
        "case_id" text PRIMARY KEY,
        "candidate_id" text NOT NULL,
        "body" text NOT NULL,
        "expected_members" integer NOT NULL CHECK ("expected_members" > 0),
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'closed')),
        "outcome" text
      )`);
    await queryRunner.query(`
      CREATE TABLE "attendance" (
        "case_id" text NOT NULL REFERENCES "meeting" ("case_id"),
        "member_id" text NOT NULL,
        PRIMARY KEY ("case_id", "member_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "voter" (
        "case_id" text NOT NULL REFERENCES "meeting" ("case_id"),
        "member_id" text NOT NULL,
        PRIMARY KEY ("case_id", "member_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "ballot" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_id" text NOT NULL REFERENCES "meeting" ("case_id"),
        "choice" text NOT NULL CHECK ("choice" IN ('agree', 'disagree', 'abstain'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ballot', 'voter', 'attendance', 'meeting'])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
