import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inspection notice (考察预告): published on, the inspection's first day, and where, once given. */
export class InspectionNotice1764600000000 implements MigrationInterface {
  name = 'InspectionNotice1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" ADD COLUMN "notice" jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "notice"`);
  }
}
