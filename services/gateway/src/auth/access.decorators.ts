import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { PersonRole, Principal } from './principal';

export const ALLOWED_ROLES = 'jishi:allowed-roles';
export const PUBLIC_ROUTE = 'jishi:public';

/**
 * The roles that may call an endpoint; every other role is refused with 403. The OpenAPI document says
 * them too (`x-jishi-roles`), so clients and the role × endpoint matrix test read the same list.
 */
export const Allow = (...roles: PersonRole[]) =>
  applyDecorators(SetMetadata(ALLOWED_ROLES, roles), ApiExtension('x-jishi-roles', roles));

/** An endpoint anyone may call without a token (health, the OpenAPI document). */
export const PublicRoute = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension('x-jishi-public', true));

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The authenticated person of the request (the access guard put it there). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('no principal: the access guard did not run');
  return principal;
});
