import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the inspection's shortlist is the organization department's (specification 2: every
 * candidate given is inspected, and the service records no shortlist of its own) or the service's
 * (specification 1: the best-ranked nominees).
 */
export class ShortlistGiven1764500000000 implements MigrationInterface {
  name = 'ShortlistGiven1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "inspection" ADD COLUMN "shortlist_given" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "shortlist_given"`);
  }
}
