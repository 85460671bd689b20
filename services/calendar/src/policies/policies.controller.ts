import {
  type AssertedPerson,
  CallerTokenGuard,
  ForPerson,
  organizationParam,
  Person,
} from '@jishi/service-kit';
import { actorOf } from '../years/years.controller';
import { Body, Controller, Get, Param, Put, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ChangePolicyDto } from './policies.dto';
import { PoliciesService, type PolicyView } from './policies.service';

/**
 * Organizations' policies, reached through the gateway, which authenticates the administrators who
 * change them and vouches for who they are.
 */
@Controller('organizations/:organization/policy')
@UseGuards(CallerTokenGuard)
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  current(@Param('organization') organization: string): Promise<PolicyView> {
    return this.policies.current(organizationParam(organization));
  }

  @Get('versions')
  versions(@Param('organization') organization: string): Promise<PolicyView[]> {
    return this.policies.versions(organizationParam(organization));
  }

  /** 201 with the new version; 200 when the policy is already this (a retried request). */
  @Put()
  @ForPerson()
  async change(
    @Param('organization') organization: string,
    @Body() body: ChangePolicyDto,
    @Person() by: AssertedPerson,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PolicyView> {
    const { created, policy } = await this.policies.change(organizationParam(organization), {
      ...body,
      actor: actorOf(by),
    });
    res.status(created ? 201 : 200);
    return policy;
  }
}
