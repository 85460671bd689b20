import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspections (组织考察): the shortlist, the team, the democratic appraisal (its votes kept apart
 * from who cast them), and the report with the four musts.
 */
export class CreateInspections1764340000000 implements MigrationInterface {
  name = 'CreateInspections1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "inspection" (
        "case_id" text PRIMARY KEY,
        "posts" integer NOT NULL CHECK ("posts" > 0),
        "shortlist" text[] NOT NULL,
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'closed')),
        "team" text[],
        "report" jsonb
      )`);
    await queryRunner.query(`
      CREATE TABLE "appraiser" (
        "case_id" text NOT NULL REFERENCES "inspection" ("case_id"),
        "participant_id" text NOT NULL,
        PRIMARY KEY ("case_id", "participant_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "appraisal_vote" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_id" text NOT NULL REFERENCES "inspection" ("case_id"),
        "candidate_id" text NOT NULL,
        "grade" text NOT NULL CHECK ("grade" IN ('excellent', 'competent', 'basically_competent', 'incompetent'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['appraisal_vote', 'appraiser', 'inspection'])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
