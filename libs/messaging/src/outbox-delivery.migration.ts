import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps how each row's delivery went: the attempts that failed and the last failure, and
 * when a row that can never be sent was set aside (and dead-lettered); the relay's index leaves those
 * rows out, and the published rows it prunes are found by when they were published.
 */
export class OutboxDelivery1764800000000 implements MigrationInterface {
  name = 'OutboxDelivery1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "last_error" text`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "dead_at" timestamptz`);
    await queryRunner.query(`DROP INDEX "outbox_unpublished"`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished" ON "outbox" ("id") WHERE "published_at" IS NULL AND "dead_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_published" ON "outbox" ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_published"`);
    await queryRunner.query(`DROP INDEX "outbox_unpublished"`);
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished" ON "outbox" ("id") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "dead_at"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "attempts"`);
  }
}
