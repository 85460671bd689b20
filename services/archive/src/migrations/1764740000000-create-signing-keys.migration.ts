import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People's signing keys, registered and revoked by an administrator: both insert-only, so a key's
 * registration and its revocation stay on the record, and a signature is judged by the key as it
 * stood when the signature was made.
 */
export class CreateSigningKeys1764740000000 implements MigrationInterface {
  name = 'CreateSigningKeys1764740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "signing_key" (
        "key_id" text PRIMARY KEY,
        "person_id" text NOT NULL,
        "suite" text NOT NULL,
        "public_key" text NOT NULL UNIQUE,
        "registered_at" timestamptz NOT NULL DEFAULT now(),
        "registered_by" text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "signing_key_person" ON "signing_key" ("person_id")`);
    await queryRunner.query(`
      CREATE TABLE "signing_key_revocation" (
        "key_id" text PRIMARY KEY REFERENCES "signing_key" ("key_id"),
        "revoked_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_by" text NOT NULL,
        "reason" text NOT NULL
      )`);
    for (const table of ['signing_key', 'signing_key_revocation']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_insert_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "ledger_insert_only"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signing_key_revocation"`);
    await queryRunner.query(`DROP TABLE "signing_key"`);
  }
}
