import { Answers } from '../contract/answers';
import { documentDigest, documentSignText, signedPart } from '@jishi/evidence';
import { ID_PATTERN, refusalBody } from '@jishi/service-kit';
import { Body, Controller, Get, HttpException, Param, Post, Put, Res } from '@nestjs/common';
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
 * Gate 2 · nomination (提名推荐): the signed recommendation forms and the recommendation ballots,
 * forwarded to the nomination service. A ballot is cast in the voter's own name, taken from their
 * token, never from the body.
 */
@ApiTags('nomination')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class NominationController {
  constructor(
    private readonly cases: CaseForwarding,
    private readonly signers: SignerKeys,
  ) {}

  @Get('nomination')
  @Answers(200, 'RoundView')
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
  @Answers(201, 'FiledForm')
  @Allow(...stepActors(ENDPOINT_STEPS.nominationForm))
  @ApiOperation({
    summary:
      '登记署名推荐表（推荐人以本人登记的密钥签名）/ file a signed nomination form, signed by the nominator’s registered key',
    description:
      '签名内容为 "jishi.document.v1\\n<事项编号>\\nnomination.form\\n<摘要>\\n<推荐人编号>"，摘要为推荐表（不含 signature）按 RFC 8785 规范化后的 SHA-256；网关以推荐人登记且有效的密钥验证 / the signed text is "jishi.document.v1\\n<case id>\\nnomination.form\\n<digest>\\n<nominator id>", the digest being SHA-256 over the form without its signature, canonicalized by RFC 8785; the gateway verifies it with the nominator’s registered key in force',
  })
  @ApiBody(
    form('SignedNominationForm', {
      nominatorId: 'secretary-1',
      subject: 'leader',
      signerIsPartySecretary: true,
      organizationDepartmentPrincipalId: 'org-principal',
      candidateId: 'cand-a',
      reason: '主持完成全县农村公路改造三年行动，获省级表彰',
      strengths: '熟悉交通建设',
      weaknesses: '宏观谋划能力有待提高',
      kinshipDeclared: false,
      signature: '9f2c…',
    }),
  )
  async nominationForm(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const filed = asObject(body);
    const { nominatorId, signature } = filed;
    // The rest of the form the nomination service checks; the signature is checked here, by the
    // nominator's registered key, before anything is taken.
    if (typeof nominatorId === 'string' && ID_PATTERN.test(nominatorId) && typeof signature === 'string') {
      const signed = signedPart(filed);
      const digest = documentDigest(signed);
      const key = await this.signers.verify(
        nominatorId,
        documentSignText({
          caseId: await this.cases.authorize(p, caseId),
          kind: 'nomination.form',
          digest,
          signerId: nominatorId,
        }),
        signature,
        'nomination.submit.signature',
        'document',
      );
      if ('code' in key) throw new HttpException(refusalBody(key), refusalStatus(key.code));
      return this.cases.forward(p, caseId, res, 'nomination', 'POST', '/nominations/:caseId/forms', {
        ...signed,
        signature,
        signatureKeyId: key.keyId,
        signatureSuite: key.suite,
        signatureDigest: digest,
      });
    }
    return this.cases.forward(
      p,
      caseId,
      res,
      'nomination',
      'POST',
      '/nominations/:caseId/forms',
      signedPart(filed),
    );
  }

  @Put('nomination/participants')
  @Answers(204)
  @Allow(...stepActors(ENDPOINT_STEPS.nominationRoll))
  @ApiOperation({
    summary:
      '登记推荐会议参加人员名单（全部应到人员；有人投票后不能再改）/ register the recommendation meeting’s roll: every participant expected, before anyone votes',
  })
  @ApiBody(form('RollDto', { members: [{ personId: 'p1', name: '参加人员1' }] }))
  nominationRoll(
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
      'PUT',
      '/nominations/:caseId/participants',
      asObject(body),
    );
  }

  @Post('nomination/ballots')
  @Answers(204)
  @Allow('voter')
  @ApiOperation({
    summary:
      '投推荐票（以本人名义，须在参加人员名单中）/ cast a recommendation ballot in one’s own name (on the roll)',
  })
  @ApiBody(form('RecommendationBallotDto', { candidateIds: ['cand-a'] }, true))
  recommendationBallot(
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
      '/nominations/:caseId/ballots',
      asObject(body),
      BALLOT_TIMEOUT_MS,
    );
  }

  @Post('nomination/close')
  @Answers(200, 'RoundView', '已结束，返回结果 / closed; the result')
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
