import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    summary:
      '全程纪实：事项的每一事实及其内容（可按环节、人选筛选），哈希链校验 / the case’s record: each fact with its content (by gate, by candidate), its chain verified',
  })
  @ApiQuery({ name: 'gate', required: false, description: '环节 / a gate, e.g. decision' })
  @ApiQuery({ name: 'candidate', required: false, description: '人选编号 / a candidate id' })
  record(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
    @Query('gate') gate?: string,
    @Query('candidate') candidate?: string,
  ) {
    const query = new URLSearchParams();
    if (typeof gate === 'string') query.set('gate', gate);
    if (typeof candidate === 'string') query.set('candidate', candidate);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.cases.forward(p, caseId, res, 'archive', 'GET', `/cases/:caseId/record${suffix}`);
  }
}
