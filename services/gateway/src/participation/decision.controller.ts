import { Answers } from '../contract/answers';
import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, stepActors } from '../auth/principal';
import { BALLOT_TIMEOUT_MS, CaseForwarding } from './case-forwarding';
import { ENDPOINT_STEPS } from './endpoint-steps';
import { asObject, form } from './service-client';

/**
 * Gate 6 · decision (讨论决定): the meeting's attendance, deferrals before the vote, secret ballots on
 * each candidate and the close, forwarded to the voting service.
 */
@ApiTags('decision')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class DecisionController {
  constructor(private readonly cases: CaseForwarding) {}

  @Get('decision')
  @Answers(200, 'MeetingView')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '讨论决定会议 / the decision meeting' })
  decision(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'voting', 'GET', '/meetings/:caseId');
  }

  @Put('decision/members')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.decisionRoll))
  @ApiOperation({
    summary:
      '登记本次会议的成员名单（全部应到成员；有人签到后不能再改；下次会议沿用）/ register the meeting’s roll: every member of the body, before anyone is marked present; the next meeting keeps it',
  })
  @ApiBody(form('RollDto', { members: [{ personId: 'm1', name: '常委1' }] }))
  decisionRoll(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'voting', 'PUT', '/meetings/:caseId/members', asObject(body));
  }

  @Post('decision/attendance')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.attendance))
  @ApiOperation({ summary: '登记到会成员 / record a member’s attendance' })
  @ApiBody(form('AttendanceDto', { memberId: 'm1' }))
  attendance(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'voting',
      'POST',
      '/meetings/:caseId/attendance',
      asObject(body),
    );
  }

  @Post('decision/ballots')
  @Answers(204)
  @Allow('voter')
  @ApiOperation({
    summary:
      '无记名表决（以本人名义，须在成员名单中且已签到）/ cast a secret ballot in one’s own name (on the roll and present)',
  })
  @ApiBody(form('CandidateBallotDto', { choice: 'agree', candidateId: 'cand-a' }, true))
  decisionBallot(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'voting',
      'POST',
      '/meetings/:caseId/ballots',
      asObject(body),
      BALLOT_TIMEOUT_MS,
    );
  }

  @Post('decision/deferrals')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.deferral))
  @ApiOperation({
    summary:
      '暂缓表决：表决前决定对某一人选暂缓表决，须说明理由，下次会议再议 / defer the vote on a candidate before voting, with the reason; it comes back at the next meeting',
  })
  @ApiBody(form('DeferralDto', { candidateId: 'cand-a', reason: '收到新的反映，需进一步核实' }))
  deferral(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(
      p,
      caseId,
      res,
      'voting',
      'POST',
      '/meetings/:caseId/deferrals',
      asObject(body),
    );
  }

  @Post('decision/close')
  @Answers(200, 'MeetingView', '已结束，返回结果 / closed; the result')
  @Allow(...stepActors(ENDPOINT_STEPS.closeDecision))
  @ApiOperation({ summary: '结束表决并计票 / close the vote and tally' })
  closeDecision(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'voting', 'POST', '/meetings/:caseId/close');
  }
}
