export { ID_PATTERN } from './ids';
export {
  type AccessClaims,
  AccessTokenError,
  AccessTokenVerifier,
  MAX_TOKEN_LIFETIME_S,
  signAccessToken,
  type TokenSettings,
} from './access-token';
export {
  type AssertedCall,
  type AssertedPerson,
  bodyDigest,
  PERSON_ASSERTION_HEADER,
  PersonAssertionError,
  PersonAssertionVerifier,
  signPersonAssertion,
} from './person-assertion';
export {
  type TemporalTls,
  temporalTlsFromEnv,
  temporalTlsOption,
  type TemporalTlsOption,
} from './temporal-tls';
