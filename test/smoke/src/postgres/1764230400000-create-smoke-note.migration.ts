import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSmokeNote1764230400000 implements MigrationInterface {
  name = 'CreateSmokeNote1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "smoke_note" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "text" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "smoke_note"`);
  }
}
