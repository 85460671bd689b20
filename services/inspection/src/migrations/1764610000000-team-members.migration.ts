import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inspection team's members with their names, for the record (the ids stay in "team"). */
export class TeamMembers1764610000000 implements MigrationInterface {
  name = 'TeamMembers1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" ADD COLUMN "team_members" jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "team_members"`);
  }
}
