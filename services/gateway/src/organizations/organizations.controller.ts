import { Answers } from '../contract/answers';
import { policyRecordId } from '@jishi/contracts';
import { organizationParam } from '@jishi/service-kit';
import { Body, Controller, ForbiddenException, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal, RECORD_READERS } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { asObject, form, ServiceClient } from '../participation/service-client';

/**
 * An organization's policy (政策配置): the numbers the rules leave to each place — the shortlist
 * ratio, quorums, deadlines, the consulted units, the impact periods of measures. Its administrator
 * changes it, with the reason; every change is a version on the record, and applies to cases started
 * afterwards only: a running case keeps the policy it started with.
 */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations/:organization/policy')
export class OrganizationsController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly services: ServiceClient,
    private readonly cases: CasesService,
  ) {}

  @Get()
  @Answers(200, 'PolicyView')
  @Allow(...CASE_READERS, 'org_admin')
  @ApiOperation({
    summary:
      '组织现行的政策配置及版本（未设定时为部署配置，版本 0）/ the organization’s policy now, and its version (0: the deployment’s configuration)',
  })
  async current(@Param('organization') organization: string, @Res({ passthrough: true }) res: Response) {
    const org = organizationParam(organization);
    const answer = await this.services.forward('calendar', 'GET', `/organizations/${org}/policy`);
    if (answer.status === 404 && org === this.config.cases.organization) {
      // This deployment's organization has set none yet: its cases run by the configured policy.
      return { organization: org, version: 0, policy: this.cases.configuredPolicy, origin: 'configuration' };
    }
    res.status(answer.status);
    return answer.body;
  }

  @Get('versions')
  @Answers(200, ['PolicyView'])
  @Allow(...RECORD_READERS, 'org_admin')
  @ApiOperation({
    summary: '政策配置的每一个版本及调整人、理由 / every version of the policy, with who set it and why',
  })
  async versions(@Param('organization') organization: string, @Res({ passthrough: true }) res: Response) {
    const answer = await this.services.forward(
      'calendar',
      'GET',
      `/organizations/${organizationParam(organization)}/policy/versions`,
    );
    res.status(answer.status);
    return answer.body;
  }

  @Get('record')
  @Answers(200, 'RecordAnswer')
  @Allow(...RECORD_READERS, 'org_admin')
  @ApiOperation({
    summary: '政策配置的纪实记录，链式校验 / the policy’s changes on the record, their chain verified',
  })
  async record(@Param('organization') organization: string, @Res({ passthrough: true }) res: Response) {
    const id = policyRecordId(organizationParam(organization));
    const answer = await this.services.forward('archive', 'GET', `/cases/${id}/record`);
    res.status(answer.status);
    return answer.body;
  }

  @Put()
  @Answers(200, 'PolicyView')
  @Allow('org_admin')
  @ApiOperation({
    summary:
      '调整本组织的政策配置（须说明理由）；只对此后启动的事项生效 / change the organization’s policy, with the reason; it applies to cases started afterwards',
  })
  @ApiBody(
    form(
      'ChangePolicyDto',
      { policy: { shortlistCandidatesPerPost: 3 }, reason: '本单位差额考察按三选一' },
      true,
    ),
  )
  async change(
    @CurrentPrincipal() p: Principal,
    @Param('organization') organization: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const org = organizationParam(organization);
    // An administrator sets their own organization's policy, no other.
    if (p.unitId !== org) {
      throw new ForbiddenException({
        code: 'AUTH.WRONG_UNIT',
        zh: `只能调整本组织（${p.unitId}）的政策配置`,
        en: `an administrator changes only their own organization’s (${p.unitId}) policy`,
      });
    }
    const answer = await this.services.forward(
      'calendar',
      'PUT',
      `/organizations/${org}/policy`,
      asObject(body),
      p,
    );
    res.status(answer.status);
    return answer.body;
  }
}
