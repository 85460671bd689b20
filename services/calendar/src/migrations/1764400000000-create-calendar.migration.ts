import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar's versions: one row per change to a year (loaded, amended, replaced,
 * withdrawn), never updated or deleted, so the calendar a case counted with can always be shown.
 * A year's calendar is its newest row; a year with no row is the package's (chinese-days), if any.
 */
export class CreateCalendar1764400000000 implements MigrationInterface {
  name = 'CreateCalendar1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_year_version" (
        "year" integer NOT NULL CHECK ("year" BETWEEN 2000 AND 2200),
        "version" integer NOT NULL CHECK ("version" > 0),
        "change" text NOT NULL CHECK ("change" IN ('loaded', 'replaced', 'amended', 'withdrawn')),
        "festivals" jsonb,
        "notice_kind" text NOT NULL CHECK ("notice_kind" IN ('annual', 'adjustment', 'extension', 'json', 'withdrawal')),
        "notice_text" text NOT NULL DEFAULT '',
        "source_number" text NOT NULL DEFAULT '',
        "published_on" text NOT NULL DEFAULT '',
        "correction" boolean NOT NULL DEFAULT false,
        "reason" text NOT NULL DEFAULT '',
        "actor_id" text NOT NULL,
        "actor_role" text NOT NULL,
        "actor_unit" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("year", "version"),
        CHECK (("change" = 'withdrawn') = ("festivals" IS NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_year_version"`);
  }
}
