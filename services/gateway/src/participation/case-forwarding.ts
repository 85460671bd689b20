import { caseIdParam } from '@jishi/service-kit';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Principal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { type ServiceName, ServiceClient } from './service-client';

/**
 * How long a secret ballot's request may wait for its service's answer: the ballot waits in the
 * ballot box until its batch is written (the services' BALLOT_WAIT_MS, 60 s by default), and a little more.
 */
export const BALLOT_TIMEOUT_MS = 75_000;

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
    timeoutMs?: number,
  ): Promise<unknown> {
    const answer = await this.services.forward(
      service,
      method,
      await this.reach(principal, caseId, path),
      body,
      principal,
      timeoutMs,
    );
    res.status(answer.status);
    return answer.body;
  }

  /**
   * Like `forward`, for files: the request's bytes (if any) streamed to the service, and the
   * service's answer — a file, or its JSON refusal — streamed back with its status and headers.
   */
  async forwardFile(
    principal: Principal,
    caseId: string,
    res: Response,
    service: ServiceName,
    method: string,
    path: string,
    options: { body?: Readable; headers?: Record<string, string> } = {},
  ): Promise<void> {
    const answer = await this.services.raw(service, method, await this.reach(principal, caseId, path), {
      ...options,
      person: principal,
    });
    res.status(answer.status);
    for (const header of ['content-type', 'content-length', 'content-disposition', 'x-sha256']) {
      const value = answer.headers.get(header);
      if (value !== null) res.setHeader(header, value);
    }
    if (!answer.body) {
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(answer.body as WebReadableStream), res);
  }

  /** The case's id, once the caller may reach the case (before anything of the request is looked at). */
  async authorize(principal: Principal, caseId: string): Promise<string> {
    const id = caseIdParam(caseId);
    await this.cases.authorizeCase(principal, id);
    return id;
  }

  /** The service's path for the case, once the caller may reach the case. */
  private async reach(principal: Principal, caseId: string, path: string): Promise<string> {
    const id = caseIdParam(caseId);
    await this.cases.authorizeCase(principal, id);
    return path.replace(':caseId', encodeURIComponent(id));
  }
}
