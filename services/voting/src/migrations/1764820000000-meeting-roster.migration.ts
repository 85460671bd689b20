import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each meeting's roll (表决成员名单): the members of the body, registered for the case and meeting,
 * who alone may be marked present and vote. And who acted: who registered the roll, who recorded each
 * member present, who deferred an item and who closed the vote, as the gateway asserted them.
 */
export class MeetingRoster1764820000000 implements MigrationInterface {
  name = 'MeetingRoster1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "meeting_member" (
        "case_id" text NOT NULL,
        "meeting" integer NOT NULL,
        "member_id" text NOT NULL,
        "name" text NOT NULL,
        PRIMARY KEY ("case_id", "meeting", "member_id"),
        FOREIGN KEY ("case_id", "meeting") REFERENCES "meeting" ("case_id", "number")
      )`);
    await q.query(`ALTER TABLE "meeting" ADD COLUMN "roster_set_by" text, ADD COLUMN "closed_by" text`);
    await q.query(`ALTER TABLE "attendance" ADD COLUMN "recorded_by" text`);
    await q.query(`ALTER TABLE "meeting_item" ADD COLUMN "deferred_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meeting_item" DROP COLUMN "deferred_by"`);
    await q.query(`ALTER TABLE "attendance" DROP COLUMN "recorded_by"`);
    await q.query(`ALTER TABLE "meeting" DROP COLUMN "roster_set_by", DROP COLUMN "closed_by"`);
    await q.query(`DROP TABLE "meeting_member"`);
  }
}
