export { Callers, CallerTokenGuard, ForPerson, Person } from './caller-token.guard';
export { loadServiceConfig, SERVICE_CONFIG, type ServiceConfig } from './service.config';
export { ServiceConfigModule } from './service-config.module';
export { databaseOptions, migrateAsOwner } from './database';
export { grantServiceRole } from './grant-service-role.migration';
export { caseIdParam, organizationParam } from './case-id';
export { CommandMessaging } from './command-messaging';
export { validationPipe } from './validation.pipe';
export { FILE_NAME_RULE, ID_PATTERN, idMessage, isFileName, refusalBody } from './ids';
export { CalendarClient } from './calendar.client';
export { caseRulesOf } from './case-rules';
export { serviceMigrations, serviceModule } from './service.module';
export { RollDto, RollMemberDto } from './roll.dto';
export { BallotBox, type BallotBoxSettings, recheck, type WriteBatch } from './ballot-box';
export {
  type AccessClaims,
  AccessTokenError,
  AccessTokenVerifier,
  type AssertedPerson,
  bodyDigest,
  PERSON_ASSERTION_HEADER,
  PersonAssertionError,
  PersonAssertionVerifier,
  signAccessToken,
  signPersonAssertion,
  type TokenSettings,
} from '@jishi/identity';
export { serve } from './serve';
export { ServiceHealth } from './service-health';
