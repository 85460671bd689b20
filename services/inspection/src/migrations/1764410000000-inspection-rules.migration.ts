import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rules each inspection's case runs by (its organization's resolved policy and its profile), from its command. */
export class InspectionRules1764410000000 implements MigrationInterface {
  name = 'InspectionRules1764410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" ADD COLUMN "rules" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "rules"`);
  }
}
