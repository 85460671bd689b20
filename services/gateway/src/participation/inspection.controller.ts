import { Answers } from '../contract/answers';
import { documentSignText } from '@jishi/evidence';
import { refusalBody } from '@jishi/service-kit';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, stepActors } from '../auth/principal';
import { BALLOT_TIMEOUT_MS, CaseForwarding } from './case-forwarding';
import { ENDPOINT_STEPS } from './endpoint-steps';
import { refusalStatus } from '../cases/refusal-status';
import { asObject, form } from './service-client';
import { SignerKeys } from './signer-keys';

/**
 * Gate 3 · inspection (组织考察): the inspection team, the democratic-appraisal ballots and the report
 * with each candidate's four musts, forwarded to the inspection service.
 */
@ApiTags('inspection')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class InspectionController {
  constructor(
    private readonly cases: CaseForwarding,
    private readonly signers: SignerKeys,
  ) {}

  @Get('inspection')
  @Answers(200, 'InspectionView')
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
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionTeam))
  @ApiOperation({ summary: '组建考察组 / set the inspection team' })
  @ApiBody(
    form('TeamDto', {
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
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionNotice))
  @ApiOperation({
    summary: '发布考察预告 / record the inspection notice',
    description:
      '考察预告应在考察开始前 1 至 3 个工作日（按本单位配置）发布；提前天数由事项按国家法定节假日安排计算，不符合的记入纪实（INSP.NOTICE_DAYS）。/ The notice comes 1–3 working days (per the organization’s policy) before the inspection starts; the case counts them by the state calendar and records a breach (INSP.NOTICE_DAYS).',
  })
  @ApiBody(
    form('NoticeDto', { publishedOn: '2026-11-23', startsOn: '2026-11-25', channel: '单位公示栏及内网' }),
  )
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
  @Answers(204)
  @Allow('voter')
  @ApiOperation({ summary: '民主测评投票（以本人名义）/ cast an appraisal ballot in one’s own name' })
  @ApiBody(form('AppraisalDto', { grades: { 'cand-a': 'competent', 'cand-b': 'excellent' } }, true))
  appraisal(
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
      'POST',
      '/inspections/:caseId/appraisals',
      asObject(body),
      BALLOT_TIMEOUT_MS,
    );
  }

  @Put('inspection/appraisers')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.appraisalRoll))
  @ApiOperation({
    summary:
      '登记民主测评参加人员名单（本事项考察组成员登记；有人测评后不能再改）/ register the appraisal’s roll (a member of the case’s team; not after anyone has appraised)',
  })
  @ApiBody(form('RollDto', { members: [{ personId: 'p1', name: '参加测评人员1' }] }))
  appraisalRoll(
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
      '/inspections/:caseId/appraisers',
      asObject(body),
    );
  }

  @Put('inspection/report')
  @Answers(200, 'ReportDigest', '已登记，返回报告摘要供签名 / recorded; the digest to sign')
  @Allow(...stepActors(ENDPOINT_STEPS.inspectionReport))
  @ApiOperation({
    summary:
      '提交考察报告（本事项考察组成员提交；答复报告摘要，供每名成员签名）/ file the inspection report (a member of the case’s team); answers its digest, which each member signs',
  })
  @ApiBody(
    form('ReportDto', {
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

  @Post('inspection/report/signatures')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.signReport))
  @ApiOperation({
    summary:
      '考察组成员签署考察报告：以本人登记的密钥对报告摘要签名 / a team member signs the report: their registered key’s signature over the report’s digest',
    description:
      '签名内容为 "jishi.document.v1\\n<事项编号>\\ninspection.report\\n<摘要>\\n<本人编号>"；网关以本人登记且有效的密钥验证后转交 / the signed text is "jishi.document.v1\\n<case id>\\ninspection.report\\n<digest>\\n<your id>"; the gateway verifies it with your registered key in force before it is taken',
  })
  @ApiBody(form('SignedReport', { digest: 'e3b0c442…', signature: '9f2c…' }, true))
  async signReport(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { digest, signature } = asObject(body);
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest))
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'digest',
        zh: 'digest：须为所签考察报告的摘要（64 位十六进制）',
        en: 'digest must be the digest of the report signed (64 hex)',
      });
    if (typeof signature !== 'string' || !/^[0-9a-f]{2,512}$/.test(signature))
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'signature',
        zh: 'signature：须为十六进制签名值',
        en: 'signature must be hex',
      });
    const key = await this.signers.verify(
      p.id,
      documentSignText({
        caseId: await this.cases.authorize(p, caseId),
        kind: 'inspection.report',
        digest,
        signerId: p.id,
      }),
      signature,
      'inspection.report.signatures',
      'document',
    );
    if ('code' in key) throw new HttpException(refusalBody(key), refusalStatus(key.code));
    return this.cases.forward(
      p,
      caseId,
      res,
      'inspection',
      'POST',
      '/inspections/:caseId/report/signatures',
      {
        signature,
        digest,
        keyId: key.keyId,
        suite: key.suite,
      },
    );
  }

  @Post('inspection/close')
  @Answers(200, 'InspectionView', '已结束，返回结果 / closed; the result')
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
