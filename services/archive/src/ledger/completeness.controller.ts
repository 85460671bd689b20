import { isCivilDate } from '@jishi/domain';
import {
  type CaseLedgerCompleteness,
  caseLedgerCompleteness,
  type CompletenessSummary,
  type FactContent,
  summarizeCompleteness,
} from '@jishi/evidence';
import { CallerTokenGuard, caseIdParam, ID_PATTERN } from '@jishi/service-kit';
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  UseGuards,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The longest period one summary covers: a year, leap or not. */
const MAX_PERIOD_DAYS = 366;
/** The facts completeness reads. */
const KINDS = ['case.started', 'gate.opened', 'step.recorded'];

/** Completeness over a period: all cases, by department, and case by case. */
export interface PeriodCompleteness extends CompletenessSummary {
  period: { from: string | null; to: string | null };
  byDepartment: Record<string, CompletenessSummary>;
  perCase: Pick<
    CaseLedgerCompleteness,
    'caseId' | 'department' | 'startedOn' | 'hasRecord' | 'ratio' | 'required' | 'filled' | 'missing'
  >[];
}

const invalid = (field: string, zh: string, en: string) =>
  new BadRequestException({ code: 'QUERY.INVALID', field, zh, en });

/**
 * Completeness (完整度) and fill rate (填写率) from the ledger, for supervisors: of one case, and of
 * the cases a department started in a period, by department and gate.
 */
@Controller()
@UseGuards(CallerTokenGuard)
export class CompletenessController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async measured(caseIds: readonly string[]): Promise<CaseLedgerCompleteness[]> {
    if (caseIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT "case_id" AS "caseId", "content" FROM "ledger_fact"
       WHERE "case_id" = ANY($1) AND "kind" = ANY($2) ORDER BY "case_id", "sequence"`,
      [caseIds, KINDS],
    )) as { caseId: string; content: string }[];
    const byCase = new Map<string, FactContent[]>();
    for (const r of rows) {
      const list = byCase.get(r.caseId) ?? [];
      list.push(JSON.parse(r.content) as FactContent);
      byCase.set(r.caseId, list);
    }
    return caseIds.filter((id) => byCase.has(id)).map((id) => caseLedgerCompleteness(byCase.get(id) ?? []));
  }

  @Get('cases/:caseId/completeness')
  async ofCase(@Param('caseId') caseId: string): Promise<CaseLedgerCompleteness> {
    const [measured] = await this.measured([caseIdParam(caseId)]);
    if (!measured)
      throw new NotFoundException({
        code: 'CASE.NOT_FOUND',
        zh: '纪实中没有该事项',
        en: 'the record has no such case',
      });
    return measured;
  }

  /** Cases started from `from` to `to` (China dates, both included, at most a year), of one department or all. */
  @Get('completeness')
  async summary(
    @Query('department') department?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<PeriodCompleteness> {
    if (department !== undefined && !ID_PATTERN.test(department))
      throw invalid('department', '部门编号格式不正确', 'department is not a department id');
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (typeof value !== 'string' || !isCivilDate(value))
        throw invalid(field, `${field} 须为日期 YYYY-MM-DD`, `${field} must be a date, YYYY-MM-DD`);
    const days =
      (Date.parse(`${to as string}T00:00:00Z`) - Date.parse(`${from as string}T00:00:00Z`)) / 86_400_000;
    if (days < 0) throw invalid('to', 'to 不得早于 from', 'to may not be before from');
    if (days > MAX_PERIOD_DAYS)
      throw invalid(
        'to',
        `统计期间不得超过 ${MAX_PERIOD_DAYS} 天`,
        `the period may not be longer than ${MAX_PERIOD_DAYS} days`,
      );
    // Started in the period (China time is UTC+8, without daylight saving).
    const started = (await this.dataSource.query(
      `SELECT "case_id" AS "caseId" FROM "ledger_fact"
       WHERE "kind" = 'case.started'
         AND ($1::text IS NULL OR "content"::jsonb #>> '{actor,unitId}' = $1)
         AND ($2::date IS NULL OR ("occurred_at"::timestamptz AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
         AND ($3::date IS NULL OR ("occurred_at"::timestamptz AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)
       ORDER BY "occurred_at", "case_id"`,
      [department ?? null, from ?? null, to ?? null],
    )) as { caseId: string }[];
    const cases = await this.measured(started.map((s) => s.caseId));
    const departments = [...new Set(cases.map((c) => c.department))].sort();
    return {
      period: { from: from ?? null, to: to ?? null },
      ...summarizeCompleteness(cases),
      byDepartment: Object.fromEntries(
        departments.map((d) => [d, summarizeCompleteness(cases.filter((c) => c.department === d))]),
      ),
      perCase: cases.map(
        ({ caseId, department: d, startedOn, hasRecord, ratio, required, filled, missing }) => ({
          caseId,
          department: d,
          startedOn,
          hasRecord,
          ratio,
          required,
          filled,
          missing,
        }),
      ),
    };
  }
}
