import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { type Principal, RECORD_READERS } from '../auth/principal';
import { CaseForwarding } from './case-forwarding';
import { ServiceClient } from './service-client';

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

  @Get('bundle')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '导出事项纪实档案：全部事实、签名树头与包含证明、签字人密钥，可离线核验 / the case’s bundle: every fact, the signed tree head with proofs, the signers’ keys — to keep and verify offline',
  })
  bundle(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/bundle');
  }

  @Get('gates/:gate/digest')
  @Allow(...RECORD_READERS, 'inspection_team_member')
  @ApiOperation({
    summary:
      '环节纪实摘要：复核签字所签的内容 / a gate’s digest: what its sign-off signs (with `through`, the last fact it covers)',
  })
  @ApiQuery({ name: 'through', required: false })
  gateDigest(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Param('gate') gate: string,
    @Res({ passthrough: true }) res: Response,
    @Query('through') through?: string,
  ) {
    const query = typeof through === 'string' ? `?${new URLSearchParams({ through }).toString()}` : '';
    return this.cases.forward(
      p,
      caseId,
      res,
      'archive',
      'GET',
      `/cases/:caseId/gates/${encodeURIComponent(gate)}/digest${query}`,
    );
  }
}

/**
 * The log of every case's facts (RFC 9162 shape), for those who may read the record: the latest
 * signed tree head, a fact's audit path in a head's tree (for a case they may read), and the
 * consistency proof between two heads — what a verifier needs besides the heads it kept.
 */
@ApiTags('record')
@ApiBearerAuth()
@Controller('ledger')
export class LedgerLogController {
  constructor(
    private readonly cases: CaseForwarding,
    private readonly services: ServiceClient,
  ) {}

  @Get('head')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '最新签名树头 / the latest signed tree head of the log of every case’s facts' })
  async head(@Res({ passthrough: true }) res: Response) {
    const answer = await this.services.forward('archive', 'GET', '/log/head');
    res.status(answer.status);
    return answer.body;
  }

  @Get('inclusion')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '某一事实在树头中的包含证明 / a fact’s audit path in a signed head’s tree' })
  @ApiQuery({ name: 'case', required: true })
  @ApiQuery({ name: 'sequence', required: true })
  @ApiQuery({ name: 'size', required: true })
  inclusion(
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
    @Query('case') caseId?: string,
    @Query('sequence') sequence?: string,
    @Query('size') size?: string,
  ) {
    const query = new URLSearchParams({ case: caseId ?? '', sequence: sequence ?? '', size: size ?? '' });
    return this.cases.forward(p, caseId ?? '', res, 'archive', 'GET', `/log/inclusion?${query.toString()}`);
  }

  @Get('consistency')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '两个树头之间的一致性证明 / the consistency proof between two heads' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  async consistency(
    @Res({ passthrough: true }) res: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const query = new URLSearchParams({ from: from ?? '', to: to ?? '' });
    const answer = await this.services.forward('archive', 'GET', `/log/consistency?${query.toString()}`);
    res.status(answer.status);
    return answer.body;
  }
}
