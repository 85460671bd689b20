import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import {
  type AssertedPerson,
  PERSON_ASSERTION_HEADER,
  PersonAssertionError,
  PersonAssertionVerifier,
} from '@jishi/identity';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config';

const CALLERS = 'jishi:callers';
const FOR_PERSON = 'jishi:for-person';

/**
 * The calling processes an endpoint serves, by name (`gateway`, `worker`). Without it an endpoint
 * serves the gateway alone: a credential opens only the endpoints its process needs.
 */
export const Callers = (...callers: string[]) => SetMetadata(CALLERS, callers);

/**
 * The endpoint acts for a person: the call must carry the gateway's signed assertion of who they are
 * (see person-assertion.ts), which the handler reads with `@Person()`. `streamedBody`: the request's
 * body is a stream the service digests itself (an upload), so the assertion may bind no body; no
 * other endpoint takes such an assertion.
 */
export const ForPerson = (options: { readonly streamedBody?: boolean } = {}) =>
  SetMetadata(FOR_PERSON, options.streamedBody ? 'streamed' : true);

interface ServiceRequest extends Request {
  rawBody?: Buffer;
  jishiPerson?: AssertedPerson;
  jishiCaller?: string;
}

/**
 * The person the gateway asserted for this call: required on `@ForPerson()` endpoints; elsewhere,
 * `@Person({ optional: true })` reads whoever the gateway vouched for, if anyone.
 */
export const Person = createParamDecorator(
  (data: { optional?: boolean } | undefined, context: ExecutionContext): AssertedPerson | undefined => {
    const person = context.switchToHttp().getRequest<ServiceRequest>().jishiPerson;
    if (!person && !data?.optional) throw new Error('@Person() needs @ForPerson() on the endpoint');
    return person;
  },
);

const unauthenticated = (en: string) =>
  new UnauthorizedException({
    code: 'AUTH.UNAUTHENTICATED',
    zh: '未认证：调用方或其所代表的人员未通过认证',
    en: `not authenticated: ${en}`,
  });

/**
 * A service's HTTP endpoints serve Jishi's own processes, each with a credential of its own
 * (`<PREFIX>_CALLERS`, `name=token`), and each endpoint only the processes it names. People reach
 * them through the gateway, which authenticates them, checks their role, unit and case, and vouches
 * for them to the service with a signed assertion bound to the call.
 */
@Injectable()
export class CallerTokenGuard implements CanActivate {
  private readonly callers: { name: string; token: Buffer }[];
  private readonly persons: PersonAssertionVerifier;

  private taken = 0;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.callers = config.callers.map((c) => ({ name: c.name, token: Buffer.from(c.token) }));
    this.persons = new PersonAssertionVerifier(config.personAssertionKey, config.name);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ServiceRequest>();
    const header = request.headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const caller = this.callers.find(
      (c) => c.token.length === presented.length && timingSafeEqual(c.token, presented),
    );
    if (!caller) throw unauthenticated('present a valid bearer token');
    const targets = [context.getHandler(), context.getClass()];
    const allowed = this.reflector.getAllAndOverride<string[] | undefined>(CALLERS, targets) ?? ['gateway'];
    if (!allowed.includes(caller.name)) {
      throw new ForbiddenException({
        code: 'AUTH.CALLER_NOT_ALLOWED',
        zh: `调用方 ${caller.name} 无权调用该接口`,
        en: `the caller ${caller.name} may not call this endpoint`,
      });
    }
    request.jishiCaller = caller.name;
    const assertion = request.headers[PERSON_ASSERTION_HEADER];
    const forPerson =
      this.reflector.getAllAndOverride<boolean | 'streamed' | undefined>(FOR_PERSON, targets) ?? false;
    if (typeof assertion !== 'string') {
      if (forPerson) throw unauthenticated('the call acts for a person and carries no assertion of who');
      return true;
    }
    let asserted: { person: AssertedPerson; jti: string; expiresAt: Date };
    try {
      asserted = this.persons.verifyOnce(
        assertion,
        {
          method: request.method,
          path: request.originalUrl,
          ...(request.rawBody ? { body: request.rawBody } : {}),
        },
        { streamedBody: forPerson === 'streamed' },
      );
    } catch (err) {
      if (err instanceof PersonAssertionError) throw unauthenticated(err.message);
      throw err;
    }
    // Taken once across every replica of the service: the first to record its id takes it.
    const [first] = (await this.dataSource.query(
      `INSERT INTO "person_assertion_used" ("jti", "expires_at") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "jti"`,
      [asserted.jti, asserted.expiresAt],
    )) as unknown[];
    if (!first) throw unauthenticated('the person assertion was used before');
    if (++this.taken % 500 === 0)
      await this.dataSource.query(
        `DELETE FROM "person_assertion_used" WHERE "expires_at" < now() - interval '1 hour'`,
      );
    request.jishiPerson = asserted.person;
    return true;
  }
}
