import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { type Principal, RECORD_READERS } from '../auth/principal';
import { CaseForwarding } from './case-forwarding';

/** The case's full-process record (全程纪实), from the archive, for those who may read it. */
@ApiTags('record')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class RecordController {
  constructor(private readonly cases: CaseForwarding) {}

  @Get('record')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '全程纪实记录及哈希链校验 / the case’s record and its chain check' })
  record(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/record');
  }
}
