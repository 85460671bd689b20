import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The log of every case's facts (RFC 9162 shape): its perfect subtrees, written once (level 0: the
 * leaves), which fact each leaf is, the signed tree heads and which of them went out on Kafka. All
 * insert-only but the log's size, a counter the next append locks.
 */
export class CreateTransparencyLog1764730000000 implements MigrationInterface {
  name = 'CreateTransparencyLog1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "merkle_log" ("id" integer PRIMARY KEY CHECK ("id" = 1), "size" bigint NOT NULL)`,
    );
    await queryRunner.query(`
      CREATE TABLE "merkle_node" (
        "level" integer NOT NULL,
        "index" bigint NOT NULL,
        "hash" text NOT NULL,
        PRIMARY KEY ("level", "index")
      )`);
    await queryRunner.query(`
      CREATE TABLE "merkle_leaf" (
        "index" bigint PRIMARY KEY,
        "case_id" text NOT NULL,
        "sequence" integer NOT NULL,
        UNIQUE ("case_id", "sequence")
      )`);
    await queryRunner.query(`
      CREATE TABLE "merkle_head" (
        "tree_size" bigint PRIMARY KEY,
        "root_hash" text NOT NULL,
        "timestamp" text NOT NULL,
        "suite" text NOT NULL,
        "public_key" text NOT NULL,
        "signature" text NOT NULL
      )`);
    await queryRunner.query(`CREATE TABLE "merkle_head_published" ("tree_size" bigint PRIMARY KEY)`);
    for (const table of ['merkle_node', 'merkle_leaf', 'merkle_head']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_insert_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "ledger_insert_only"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['merkle_head_published', 'merkle_head', 'merkle_leaf', 'merkle_node', 'merkle_log'])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
