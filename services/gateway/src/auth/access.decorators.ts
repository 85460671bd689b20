import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { PersonRole, Principal } from './principal';

export const ALLOWED_ROLES = 'jishi:allowed-roles';
export const PUBLIC_ROUTE = 'jishi:public';

/** The roles that may call an endpoint; every other role is refused with 403. */
export const Allow = (...roles: PersonRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** An endpoint anyone may call without a token (health, the OpenAPI document). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The authenticated person of the request (the access guard put it there). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('no principal: the access guard did not run');
  return principal;
});
