import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { type CaseRecord, LedgerService } from './ledger.service';

@Controller('cases')
@UseGuards(CallerTokenGuard)
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** A case's record in order, and whether its hash chain holds. */
  @Get(':caseId/record')
  async record(@Param('caseId') caseId: string): Promise<CaseRecord> {
    return this.ledger.record(caseIdParam(caseId));
  }
}
