import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A processed event is known by its topic and event id, with the digest of the bytes that were
 * processed: a message that reuses a known id with other content is told apart from a redelivery
 * (and dead-lettered), never dropped as a duplicate. Rows from before carry no digest.
 */
export class ProcessedEventDigest1764790000000 implements MigrationInterface {
  name = 'ProcessedEventDigest1764790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "processed_event" ADD COLUMN "digest" text`);
    await queryRunner.query(`ALTER TABLE "processed_event" DROP CONSTRAINT "processed_event_pkey"`);
    await queryRunner.query(
      `ALTER TABLE "processed_event" ADD PRIMARY KEY ("consumer", "topic", "event_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "processed_event" DROP CONSTRAINT "processed_event_pkey"`);
    await queryRunner.query(`ALTER TABLE "processed_event" ADD PRIMARY KEY ("consumer", "event_id")`);
    await queryRunner.query(`ALTER TABLE "processed_event" DROP COLUMN "digest"`);
  }
}
