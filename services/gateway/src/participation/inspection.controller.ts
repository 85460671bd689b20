import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, stepActors } from '../auth/principal';
import { CaseForwarding } from './case-forwarding';
import { ENDPOINT_STEPS } from './endpoint-steps';
import { asObject, form } from './service-client';

/**
 * Gate 3 · inspection (组织考察): the inspection team, the democratic-appraisal ballots and the report
 * with each candidate's four musts, forwarded to the inspection service.
 */
@ApiTags('inspection')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class InspectionController {
  constructor(private readonly cases: CaseForwarding) {}

  @Get('inspection')
  @Allow(...CASE_READERS, 'inspection_team_member')
  @ApiOperation({ summary: '考察情况 / the inspection' })
  inspection(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'inspection', 'GET', '/inspections/:caseId');
  }

  @Put('inspection/team')
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionTeam))
  @ApiOperation({ summary: '组建考察组 / set the inspection team' })
  @ApiBody(
    form({
      members: [
        { personId: 'inspector-1', name: '考察组成员1', kinship: {} },
        { personId: 'inspector-2', name: '考察组成员2', kinship: {} },
      ],
    }),
  )
  inspectionTeam(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'inspection',
      'PUT',
      '/inspections/:caseId/team',
      asObject(body),
    );
  }

  @Put('inspection/notice')
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionNotice))
  @ApiOperation({
    summary: '发布考察预告 / record the inspection notice',
    description:
      '考察预告应在考察开始前 1 至 3 个工作日（按本单位配置）发布；提前天数由事项按国家法定节假日安排计算，不符合的记入纪实（INSP.NOTICE_DAYS）。/ The notice comes 1–3 working days (per the organization’s policy) before the inspection starts; the case counts them by the state calendar and records a breach (INSP.NOTICE_DAYS).',
  })
  @ApiBody(form({ publishedOn: '2026-11-23', startsOn: '2026-11-25', channel: '单位公示栏及内网' }))
  inspectionNotice(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'inspection',
      'PUT',
      '/inspections/:caseId/notice',
      asObject(body),
    );
  }

  @Post('inspection/appraisals')
  @Allow('voter')
  @ApiOperation({ summary: '民主测评投票（以本人名义）/ cast an appraisal ballot in one’s own name' })
  @ApiBody(form({ grades: { 'cand-a': 'competent', 'cand-b': 'excellent' } }, 'participantId'))
  appraisal(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'inspection', 'POST', '/inspections/:caseId/appraisals', {
      ...asObject(body),
      participantId: p.id,
    });
  }

  @Put('inspection/report')
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionReport))
  @ApiOperation({ summary: '提交考察报告 / file the inspection report' })
  @ApiBody(
    form({
      signerIds: ['inspector-1', 'inspector-2'],
      conclusion: '考察对象政治坚定，实绩突出，群众公认',
      candidates: [
        {
          candidateId: 'cand-a',
          fileReview: { done: true, findings: '“三龄二历一身份”经审核无误' },
          personalMatters: 'consistent',
          disciplineOpinion: {
            complaintsReceived: 1,
            complaintsVerified: 1,
            outcome: '经核实，反映问题不属实',
            affectsUse: false,
          },
          petitionCheck: { done: true, findings: '无信访举报' },
          integrity: { partySecretary: 'secretary-1', disciplineSecretary: 'discipline-1' },
          inCurrentPostSince: '2021-03-01',
        },
      ],
    }),
  )
  inspectionReport(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'inspection',
      'PUT',
      '/inspections/:caseId/report',
      asObject(body),
    );
  }

  @Post('inspection/close')
  @Allow(...stepActors(ENDPOINT_STEPS.closeInspection))
  @ApiOperation({ summary: '结束考察并排序 / close the inspection and rank' })
  closeInspection(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'inspection', 'POST', '/inspections/:caseId/close');
  }
}
