import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rules each round's case runs by (its organization's resolved policy and its profile), from its command. */
export class RoundRules1764410000000 implements MigrationInterface {
  name = 'RoundRules1764410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "nomination_round" ADD COLUMN "rules" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "nomination_round" DROP COLUMN "rules"`);
  }
}
