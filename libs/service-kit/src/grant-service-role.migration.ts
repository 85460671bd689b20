import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that lets a service's own database role (`<app role>`, which its login role is a member
 * of) read and change the rows of its tables — and nothing else: no DDL, no TRUNCATE, no triggers, no
 * other database (stack.sh revokes CONNECT from everyone else). The tables' owner runs the migrations.
 * Tables made by later migrations are covered by the owner's default privileges. Where the deployment
 * has not made the role, nothing is granted and the service runs as the owner.
 */
export function grantServiceRole(appRole: string): new () => MigrationInterface {
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole)) throw new Error(`${appRole} is not a role name`);
  return class GrantServiceRole1764810000000 implements MigrationInterface {
    name = 'GrantServiceRole1764810000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${appRole}', current_schema());
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${appRole}', current_schema());
            EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ${appRole}', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole}', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO ${appRole}', current_schema());
          END IF;
        END $$`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM ${appRole}', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM ${appRole}', current_schema());
            EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM ${appRole}', current_schema());
            EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM ${appRole}', current_schema());
          END IF;
        END $$`);
    }
  };
}
