import { caseIdParam } from '@jishi/service-kit';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Principal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { type ServiceName, ServiceClient } from './service-client';

/**
 * Forwards a gate's many-participant part to the service that owns it, once the caller may reach
 * the case (role, unit and case checked), and answers with the service's status and body.
 */
@Injectable()
export class CaseForwarding {
  constructor(
    private readonly services: ServiceClient,
    private readonly cases: CasesService,
  ) {}

  async forward(
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
}
