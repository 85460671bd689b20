import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each organization's policy, version by version: one row per change its administrator made, never
 * updated or deleted, so the policy a case started under can always be shown. An organization with no
 * row runs by the deployment's configured policy (version 0).
 */
export class OrganizationPolicy1764500000000 implements MigrationInterface {
  name = 'OrganizationPolicy1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organization_policy_version" (
        "organization" text NOT NULL,
        "version" integer NOT NULL CHECK ("version" > 0),
        "overrides" jsonb NOT NULL,
        "policy" jsonb NOT NULL,
        "reason" text NOT NULL,
        "actor_id" text NOT NULL,
        "actor_role" text NOT NULL,
        "actor_unit" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organization", "version")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "organization_policy_version"`);
  }
}
