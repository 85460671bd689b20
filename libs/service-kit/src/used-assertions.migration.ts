import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person assertions a service has taken, by id, until they expire: an assertion is taken once,
 * by whichever replica of the service it reaches first, and replayed to any replica it is refused.
 */
export class PersonAssertionsUsed1764830000000 implements MigrationInterface {
  name = 'PersonAssertionsUsed1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "person_assertion_used" (
        "jti" text PRIMARY KEY,
        "expires_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "person_assertion_used_expires" ON "person_assertion_used" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "person_assertion_used"`);
  }
}
