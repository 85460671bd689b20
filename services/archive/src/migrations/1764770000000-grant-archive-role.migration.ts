import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables the archive's own role may only read and add to: the record, the log, the keys. */
export const INSERT_ONLY_TABLES = [
  'ledger_entry',
  'ledger_fact',
  'ledger_fact_conflict',
  'merkle_node',
  'merkle_leaf',
  'merkle_head',
  'merkle_head_published',
  'signing_key',
  'signing_key_revocation',
  'attachment',
  'supervision_submission',
  'supervision_submission_sent',
];
/** Its working tables: where each chain and the log stand, facts waiting for their place, messaging. */
export const WORKING_TABLES = [
  'ledger_case_head',
  'ledger_fact_head',
  'ledger_fact_pending',
  'merkle_log',
  'processed_event',
  'outbox',
];

/**
 * What the archive's own database role (`jishi_archive_app`, which the service logs in through; the
 * tables' owner only runs migrations) may do: read and insert on the record's tables, never update,
 * delete or truncate them, never switch their guard off (only an owner can). Where the deployment has
 * not made the role, nothing is granted and the service runs as the owner.
 */
export class GrantArchiveRole1764770000000 implements MigrationInterface {
  name = 'GrantArchiveRole1764770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jishi_archive_app') THEN
          EXECUTE format('GRANT USAGE ON SCHEMA %I TO jishi_archive_app', current_schema());
          EXECUTE 'GRANT SELECT, INSERT ON ${INSERT_ONLY_TABLES.map((t) => `"${t}"`).join(', ')} TO jishi_archive_app';
          EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ${WORKING_TABLES.map((t) => `"${t}"`).join(', ')} TO jishi_archive_app';
          EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO jishi_archive_app', current_schema());
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jishi_archive_app') THEN
          EXECUTE 'REVOKE ALL ON ${[...INSERT_ONLY_TABLES, ...WORKING_TABLES].map((t) => `"${t}"`).join(', ')} FROM jishi_archive_app';
        END IF;
      END $$`);
  }
}
