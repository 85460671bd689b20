import { Answers } from '../contract/answers';
import type { CaseStatus, SubmitStepResult } from '@jishi/contracts';
import { caseIdParam } from '@jishi/service-kit';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, PERSON_ROLES, type Principal } from '../auth/principal';
import { CaseFilterQuery, ListCasesQuery, StartCaseDto, SubmitStepDto } from './cases.dto';
import {
  type CaseCount,
  type CaseSummary,
  CasesService,
  type PendingStep,
  type StartedCase,
} from './cases.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Cases: start, list, read, submit a step. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Answers(201, 'StartedCase')
  @Answers(200, 'StartedCase', '同一请求编号的已有事项 / the case this request id started before')
  @Allow('department_officer', 'org_staff')
  @ApiOperation({
    summary: '发起干部选拔任用事项 / start a case',
    description:
      '同一门户请求编号重复提交返回同一事项（200），首次建立返回 201。/ The same request id returns the same case (200); the first time 201.',
  })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartCaseDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StartedCase> {
    const started = await this.cases.start(principal, body);
    res.status(started.created ? 201 : 200);
    return started;
  }

  @Get()
  @Answers(200, ['CaseSummary'])
  // The administrator who loads a year's schedule checks which cases waited for it (awaiting=calendar:<year>).
  @Allow(...CASE_READERS, 'org_admin')
  @ApiOperation({ summary: '事项列表 / list cases (a department officer sees their own department’s)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCasesQuery): Promise<CaseSummary[]> {
    return this.cases.list(principal, query);
  }

  // Before ':caseId', which would take "count" for a case's id.
  @Get('count')
  @Answers(200, 'CaseCount')
  @Allow(...CASE_READERS, 'org_admin')
  @ApiOperation({
    summary: '事项数：与列表相同的筛选条件 / how many cases the list’s filters select',
    description: '部门干部只统计本部门事项。/ A department officer counts their own department’s cases only.',
  })
  count(@CurrentPrincipal() principal: Principal, @Query() query: CaseFilterQuery): Promise<CaseCount> {
    return this.cases.count(principal, query);
  }

  @Get(':caseId')
  @Answers(200, 'CaseStatus')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '事项状态：所在环节、待办环节、等待谁、期限 / a case’s status' })
  status(@CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string): Promise<CaseStatus> {
    return this.cases.status(principal, caseIdParam(caseId));
  }

  @Post(':caseId/steps/:stepId')
  @Answers(200, 'SubmitStepResult', '已记入纪实 / on the record')
  @Answers(202, 'PendingStep')
  @HttpCode(200)
  // Every role reaches the rules, which say which step is whose (the domain, in one place): a step a
  // service brings is refused to all with CASE.STEP_NOT_YOURS, a person's step to other roles.
  @Allow(...PERSON_ROLES)
  @ApiOperation({
    summary: '办理一个环节 / submit a single-actor step',
    description:
      '环节不在当前环节、角色无权办理或数据项不合规时拒绝并说明规则编号，事项不受影响。/ A step in the wrong gate, by the wrong role or with invalid items is refused with the rule’s code and changes nothing.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '重复提交只办理一次 / a repeated submission is done once',
  })
  async submitStep(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Param('stepId') stepId: string,
    @Body() body: SubmitStepDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SubmitStepResult | PendingStep> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'Idempotency-Key',
        zh: 'Idempotency-Key 只能包含字母、数字和 . _ : -，最长 128 位',
        en: 'Idempotency-Key may hold letters, digits and . _ : -, at most 128',
      });
    }
    const outcome = await this.cases.submitStep(
      principal,
      caseIdParam(caseId),
      stepId,
      body.items ?? {},
      idempotencyKey,
      body.candidateId,
    );
    if ('status' in outcome) res.status(202);
    return outcome;
  }

  @Get(':caseId/updates/:updateId')
  @Answers(200, 'SubmitStepResult', '已记入纪实 / on the record')
  @Answers(202, 'PendingStep')
  @Allow(...PERSON_ROLES)
  @ApiOperation({
    summary: '查询已受理环节的办理结果 / the outcome of a step answered 202',
    description:
      '200：已记入纪实；202：仍在办理；404：没有您的这次提交。/ 200: on the record; 202: still pending; 404: no such submission of yours.',
  })
  async updateOutcome(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Param('updateId') updateId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmitStepResult | PendingStep> {
    if (!/^[A-Za-z0-9._:-]{1,64}\/[A-Za-z0-9._:-]{1,128}\/[0-9a-f]{16}$/.test(updateId))
      throw this.cases.badUpdateId();
    const outcome = await this.cases.updateOutcome(principal, caseIdParam(caseId), updateId);
    if ('status' in outcome) res.status(202);
    return outcome;
  }
}
