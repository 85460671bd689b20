import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The archive's own role keeps the person assertions it has taken (a working table, not the record). */
export class GrantUsedAssertions1764830000001 implements MigrationInterface {
  name = 'GrantUsedAssertions1764830000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jishi_archive_app') THEN
          EXECUTE 'GRANT SELECT, INSERT, DELETE ON "person_assertion_used" TO jishi_archive_app';
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jishi_archive_app') THEN
          EXECUTE 'REVOKE ALL ON "person_assertion_used" FROM jishi_archive_app';
        END IF;
      END $$`);
  }
}
