import { CallerTokenGuard } from '@jishi/service-kit';
import { BadRequestException, Controller, Get, Param, UseGuards } from '@nestjs/common';
import { type CaseRecord, LedgerService } from './ledger.service';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

@Controller('cases')
@UseGuards(CallerTokenGuard)
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** A case's record in order, and whether its hash chain holds. */
  @Get(':caseId/record')
  async record(@Param('caseId') caseId: string): Promise<CaseRecord> {
    if (!CASE_ID.test(caseId)) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'caseId',
        zh: '事项编号只能包含字母、数字、点、下划线和连字符，最长 128 位',
        en: 'caseId may hold letters, digits, dots, underscores and hyphens, at most 128',
      });
    }
    return this.ledger.record(caseId);
  }
}
