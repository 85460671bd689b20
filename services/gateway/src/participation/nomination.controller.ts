import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, stepActors } from '../auth/principal';
import { CaseForwarding } from './case-forwarding';
import { ENDPOINT_STEPS } from './endpoint-steps';
import { asObject, form } from './service-client';

/**
 * Gate 2 · nomination (提名推荐): the signed recommendation forms and the recommendation ballots,
 * forwarded to the nomination service. A ballot is cast in the voter's own name, taken from their
 * token, never from the body.
 */
@ApiTags('nomination')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class NominationController {
  constructor(private readonly cases: CaseForwarding) {}

  @Get('nomination')
  @Allow(...CASE_READERS)
  @ApiOperation({ summary: '提名推荐情况 / the nomination round' })
  nomination(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'nomination', 'GET', '/nominations/:caseId');
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
    return this.cases.forward(
      p,
      caseId,
      res,
      'nomination',
      'POST',
      '/nominations/:caseId/forms',
      asObject(body),
    );
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
    return this.cases.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/ballots', {
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
    return this.cases.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/close');
  }
}
