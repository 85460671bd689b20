export { Callers, CallerTokenGuard, ForPerson, Person } from './caller-token.guard';
export {
  type AssertedPerson,
  bodyDigest,
  PERSON_ASSERTION_HEADER,
  PersonAssertionError,
  PersonAssertionVerifier,
  signPersonAssertion,
} from './person-assertion';
export { loadServiceConfig, SERVICE_CONFIG, type ServiceConfig } from './service.config';
export { ServiceConfigModule } from './service-config.module';
export { databaseOptions, migrateAsOwner } from './database';
export { grantServiceRole } from './grant-service-role.migration';
export { caseIdParam, organizationParam } from './case-id';
export { CommandMessaging } from './command-messaging';
export { validationPipe } from './validation.pipe';
export {
  type AccessClaims,
  AccessTokenError,
  AccessTokenVerifier,
  signAccessToken,
  type TokenSettings,
} from './access-token';
export { FILE_NAME_RULE, ID_PATTERN, idMessage, isFileName, refusalBody } from './ids';
export { CalendarClient } from './calendar.client';
export { caseRulesOf } from './case-rules';
export { serviceMigrations, serviceModule } from './service.module';
export { RollDto, RollMemberDto } from './roll.dto';
