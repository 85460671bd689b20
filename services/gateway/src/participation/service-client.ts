import { type SchemaName, schemaRef } from '../contract/answers';
import { currentRequestId, currentTraceContext } from '@jishi/observability';
import { PERSON_ASSERTION_HEADER, signPersonAssertion } from '@jishi/service-kit';
import { BadGatewayException, Inject, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Principal } from '../auth/principal';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';

export type ServiceName = 'nomination' | 'inspection' | 'voting' | 'archive' | 'calendar';

/** A service's answer, passed on to the client as it is (status and JSON body). */
export interface Forwarded {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Calls the service that owns a gate's many-participant part, with the gateway's caller token and,
 * where the gateway acts for a person, its signed assertion of who they are, bound to this one call
 * (service, method, path, body). The service validates the body, takes who acted from the assertion
 * and applies its rules and rosters; its 2xx and 4xx answers go back to the client unchanged. A
 * service that is down or fails is reported as 502 with a code, never as its internals.
 */
@Injectable()
export class ServiceClient {
  private readonly logger = new Logger('gateway');

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async forward(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    person?: Principal,
    timeoutMs = 15_000,
  ): Promise<Forwarded> {
    const url = `${this.config.services[service]}${path}`;
    const sent = body === undefined ? undefined : JSON.stringify(body);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.services.callerToken}`,
          ...requestIdHeader(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.vouchFor(person, service, method, url, sent),
        },
        ...(sent === undefined ? {} : { body: sent }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      this.logger.warn(`${service} unreachable: ${method} ${url}: ${(err as Error).message}`);
      throw this.unavailable(service);
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 401) {
      // 401 means our own caller token is wrong: a deployment fault, not the client's.
      this.logger.error(`${service} answered ${response.status} to ${method} ${url}: ${text.slice(0, 500)}`);
      throw this.unavailable(service);
    }
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /**
   * A call whose body or answer is a file, not JSON: the request's bytes streamed to the service,
   * and the service's answer handed back as it is, to be streamed on to the client.
   */
  async raw(
    service: ServiceName,
    method: string,
    path: string,
    options: {
      body?: Readable;
      headers?: Record<string, string>;
      timeoutMs?: number;
      person?: Principal;
    } = {},
  ): Promise<Response> {
    const url = `${this.config.services[service]}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.services.callerToken}`,
          ...requestIdHeader(),
          ...options.headers,
          // A streamed body is digested by the service as it reads it (an attachment's SHA-256).
          ...this.vouchFor(options.person, service, method, url, undefined, options.body !== undefined),
        },
        ...(options.body === undefined
          ? {}
          : { body: Readable.toWeb(options.body) as ReadableStream, duplex: 'half' }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      } as RequestInit);
    } catch (err) {
      this.logger.warn(`${service} unreachable: ${method} ${url}: ${(err as Error).message}`);
      throw this.unavailable(service);
    }
    if (response.status >= 500 || response.status === 401) {
      this.logger.error(`${service} answered ${response.status} to ${method} ${url}`);
      await response.body?.cancel();
      throw this.unavailable(service);
    }
    return response;
  }

  /** The assertion header for a call made on a person's behalf (none for the gateway's own reads). */
  private vouchFor(
    person: Principal | undefined,
    service: ServiceName,
    method: string,
    url: string,
    body: string | undefined,
    streamed = false,
  ): Record<string, string> {
    if (!person) return {};
    const { pathname, search } = new URL(url);
    return {
      [PERSON_ASSERTION_HEADER]: signPersonAssertion(
        this.config.personAssertionKey,
        {
          id: person.id,
          role: person.role,
          unitId: person.unitId,
          ...(person.name ? { name: person.name } : {}),
        },
        {
          audience: service,
          method,
          path: `${pathname}${search}`,
          ...(body === undefined ? {} : { body }),
          streamed,
        },
      ),
    };
  }

  private unavailable(service: ServiceName): BadGatewayException {
    return new BadGatewayException({
      code: 'UPSTREAM.UNAVAILABLE',
      zh: `${service} 服务暂时不可用，请稍后重试`,
      en: `the ${service} service is unavailable; try again later`,
    });
  }
}

/**
 * A body the owning service validates: its schema is the service's own form (`type`), with an example
 * of a valid one. `inOwnName`: who acts is the person of the access token, whom the gateway vouches
 * for to the service; the body names no one.
 */
export const form = (type: SchemaName, example: Record<string, unknown>, inOwnName = false) => ({
  schema: schemaRef(type),
  examples: { example: { value: example } },
  description: `表单字段由所属服务校验，错误以字段和规则说明返回 / the owning service validates the fields and names the one at fault${
    inOwnName
      ? '；办理人取自访问令牌，请求体不得指明任何人 / who acts comes from the access token; the body names no one'
      : ''
  }`,
});

/** A JSON object body, or an empty one; the owning service checks its fields. */
export const asObject = (body: unknown): Record<string, unknown> =>
  body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/**
 * The request's id and trace context, passed on so that the service's lines of it carry the same id as
 * the gateway's, and its span is a child of the gateway's.
 */
function requestIdHeader(): Record<string, string> {
  const id = currentRequestId();
  return { ...(id ? { 'x-request-id': id } : {}), ...currentTraceContext() };
}
