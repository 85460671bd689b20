import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The cases started in a period, found without reading every fact (completeness by period). */
export class IndexCasesStarted1764780000000 implements MigrationInterface {
  name = 'IndexCasesStarted1764780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ledger_fact_case_started" ON "ledger_fact" ("occurred_at") WHERE "kind" = 'case.started'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ledger_fact_case_started"`);
  }
}
