import { caseIdParam } from '@jishi/service-kit';
import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, RECORD_READERS, stepActors } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { asObject, form, type ServiceName, ServiceClient } from './service-client';

/**
 * The step of the domain each form endpoint feeds: its people (gates.ts) are the roles the endpoint
 * allows, so who may act is said in one place. Ballots are cast by the voters (a gateway role).
 */
export const ENDPOINT_STEPS = {
  nominationForm: 'nomination.submit',
  closeNomination: 'nomination.result',
  inspectionTeam: 'inspection.team',
  inspectionReport: 'inspection.report',
  closeInspection: 'inspection.ranking',
  attendance: 'decision.meeting',
  deferral: 'decision.deferral',
  closeDecision: 'decision.meeting',
} as const;

/**
 * The gates' many-participant parts, forwarded to the service that owns them: nomination forms and
 * recommendation ballots, the inspection team, appraisal ballots and report, the decision meeting's
 * attendance and secret ballots. A ballot is cast in the voter's own name, taken from their token,
 * never from the body.
 */
@ApiTags('participation')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class ParticipationController {
  constructor(
    private readonly services: ServiceClient,
    private readonly cases: CasesService,
  ) {}

  private async forward(
    principal: Principal,
    caseId: string,
    res: Response,
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const id = caseIdParam(caseId);
    await this.cases.authorizeCase(principal, id);
    const answer = await this.services.forward(
      service,
      method,
      path.replace(':caseId', encodeURIComponent(id)),
      body,
    );
    res.status(answer.status);
    return answer.body;
  }

  @Get('nomination')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '提名推荐情况 / the nomination round' })
  nomination(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'nomination', 'GET', '/nominations/:caseId');
  }

  @Post('nomination/forms')
  @Allow(...stepActors(ENDPOINT_STEPS.nominationForm))
  @ApiOperation({ summary: '登记署名推荐表 / file a signed nomination form' })
  @ApiBody(
    form({
      nominatorId: 'secretary-1',
      subject: 'leader',
      signerIsPartySecretary: true,
      organizationDepartmentPrincipalId: 'org-principal',
      candidateId: 'cand-a',
      reason: '主持完成全县农村公路改造三年行动，获省级表彰',
      strengths: '熟悉交通建设',
      weaknesses: '宏观谋划能力有待提高',
      kinshipDeclared: false,
      signature: 'sig-1',
    }),
  )
  nominationForm(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/forms', asObject(body));
  }

  @Post('nomination/ballots')
  @Allow('voter')
  @ApiOperation({ summary: '投推荐票（以本人名义）/ cast a recommendation ballot in one’s own name' })
  @ApiBody(form({ candidateIds: ['cand-a'] }, 'participantId'))
  recommendationBallot(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/ballots', {
      ...asObject(body),
      participantId: p.id,
    });
  }

  @Post('nomination/close')
  @Allow(...stepActors(ENDPOINT_STEPS.closeNomination))
  @ApiOperation({ summary: '结束提名推荐并计票 / close the nomination round' })
  closeNomination(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/close');
  }

  @Get('inspection')
  @Allow(...CASE_READERS, 'inspection_team_member')
  @ApiOperation({ summary: '考察情况 / the inspection' })
  inspection(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'inspection', 'GET', '/inspections/:caseId');
  }

  @Put('inspection/team')
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionTeam))
  @ApiOperation({ summary: '组建考察组 / set the inspection team' })
  @ApiBody(
    form({
      members: [
        { personId: 'inspector-1', kinship: {} },
        { personId: 'inspector-2', kinship: {} },
      ],
    }),
  )
  inspectionTeam(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'inspection', 'PUT', '/inspections/:caseId/team', asObject(body));
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
    return this.forward(p, caseId, res, 'inspection', 'POST', '/inspections/:caseId/appraisals', {
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
    return this.forward(p, caseId, res, 'inspection', 'PUT', '/inspections/:caseId/report', asObject(body));
  }

  @Post('inspection/close')
  @Allow(...stepActors(ENDPOINT_STEPS.closeInspection))
  @ApiOperation({ summary: '结束考察并排序 / close the inspection and rank' })
  closeInspection(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'inspection', 'POST', '/inspections/:caseId/close');
  }

  @Get('decision')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '讨论决定会议 / the decision meeting' })
  decision(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'voting', 'GET', '/meetings/:caseId');
  }

  @Post('decision/attendance')
  @Allow(...stepActors(ENDPOINT_STEPS.attendance))
  @ApiOperation({ summary: '登记到会成员 / record a member’s attendance' })
  @ApiBody(form({ memberId: 'm1' }))
  attendance(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'voting', 'POST', '/meetings/:caseId/attendance', asObject(body));
  }

  @Post('decision/ballots')
  @Allow('voter')
  @ApiOperation({ summary: '无记名表决（以本人名义）/ cast a secret ballot in one’s own name' })
  @ApiBody(form({ choice: 'agree', candidateId: 'cand-a' }, 'memberId'))
  decisionBallot(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'voting', 'POST', '/meetings/:caseId/ballots', {
      ...asObject(body),
      memberId: p.id,
    });
  }

  @Post('decision/deferrals')
  @Allow(...stepActors(ENDPOINT_STEPS.deferral))
  @ApiOperation({
    summary:
      '暂缓表决：表决前决定对某一人选暂缓表决，须说明理由，下次会议再议 / defer the vote on a candidate before voting, with the reason; it comes back at the next meeting',
  })
  @ApiBody(form({ candidateId: 'cand-a', reason: '收到新的反映，需进一步核实' }))
  deferral(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'voting', 'POST', '/meetings/:caseId/deferrals', asObject(body));
  }

  @Post('decision/close')
  @Allow(...stepActors(ENDPOINT_STEPS.closeDecision))
  @ApiOperation({ summary: '结束表决并计票 / close the vote and tally' })
  closeDecision(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'voting', 'POST', '/meetings/:caseId/close');
  }

  @Get('record')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '全程纪实记录及哈希链校验 / the case’s record and its chain check' })
  record(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/record');
  }
}
