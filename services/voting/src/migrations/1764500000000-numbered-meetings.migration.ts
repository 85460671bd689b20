import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case holds as many decision meetings as it takes (specification 2): meetings are numbered
 * within their case (0 is the one meeting of a specification-1 case), each votes on its items — the
 * candidates put to it — separately, and an item may be deferred before it is voted on. Attendance,
 * voters and ballots belong to one meeting; voters and ballots to one item. A ballot still names
 * no member.
 */
export class NumberedMeetings1764500000000 implements MigrationInterface {
  name = 'NumberedMeetings1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['attendance', 'voter', 'ballot'])
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${table}_case_id_fkey"`);
    await q.query(
      `ALTER TABLE "meeting" ADD COLUMN "number" integer NOT NULL DEFAULT 0 CHECK ("number" >= 0)`,
    );
    await q.query(
      `ALTER TABLE "meeting" DROP CONSTRAINT "meeting_pkey", ADD PRIMARY KEY ("case_id", "number")`,
    );
    await q.query(`
      CREATE TABLE "meeting_item" (
        "case_id" text NOT NULL,
        "meeting" integer NOT NULL,
        "candidate_id" text NOT NULL,
        "deferral_reason" text,
        PRIMARY KEY ("case_id", "meeting", "candidate_id"),
        FOREIGN KEY ("case_id", "meeting") REFERENCES "meeting" ("case_id", "number")
      )`);
    await q.query(
      `INSERT INTO "meeting_item" ("case_id", "meeting", "candidate_id") SELECT "case_id", "number", "candidate_id" FROM "meeting"`,
    );
    await q.query(`ALTER TABLE "attendance" ADD COLUMN "meeting" integer NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE "attendance" DROP CONSTRAINT "attendance_pkey", ADD PRIMARY KEY ("case_id", "meeting", "member_id"),
       ADD FOREIGN KEY ("case_id", "meeting") REFERENCES "meeting" ("case_id", "number")`,
    );
    for (const table of ['voter', 'ballot']) {
      await q.query(
        `ALTER TABLE "${table}" ADD COLUMN "meeting" integer NOT NULL DEFAULT 0, ADD COLUMN "candidate_id" text NOT NULL DEFAULT ''`,
      );
      await q.query(
        `UPDATE "${table}" t SET "candidate_id" = m."candidate_id" FROM "meeting" m WHERE m."case_id" = t."case_id" AND m."number" = 0`,
      );
      await q.query(
        `ALTER TABLE "${table}" ADD FOREIGN KEY ("case_id", "meeting", "candidate_id") REFERENCES "meeting_item" ("case_id", "meeting", "candidate_id")`,
      );
    }
    await q.query(
      `ALTER TABLE "voter" DROP CONSTRAINT "voter_pkey", ADD PRIMARY KEY ("case_id", "meeting", "candidate_id", "member_id")`,
    );
  }

  async down(): Promise<void> {
    throw new Error('numbered meetings cannot be undone without losing every later meeting');
  }
}
