import { type KafkaLogin, kafkaLoginFromEnv } from '@jishi/messaging';
import { type OpsSettings, opsSettingsFromEnv } from '@jishi/observability';
import { type BallotBoxSettings, ballotBoxSettings } from './ballot-box';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The configuration every service has: its name, its port, its own database, Kafka, the credential of
 * each process that calls it (`<PREFIX>_CALLERS`: `gateway=<token>,worker=<token>`), and the gateway's
 * public key for the person assertions it signs (`<PREFIX>_PERSON_ASSERTION_KEY_FILE`).
 * Read once from the environment under the service's prefix (`ARCHIVE_PORT`, `VOTING_DB_NAME`, …)
 * and checked at boot: a bad value stops the service with a message naming the variable.
 */
export interface ServiceConfig {
  /** The service's name, the audience of the person assertions it takes (`voting`). */
  readonly name: string;
  readonly port: number;
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly database: string;
    /** A schema of its own (tests); the default is public. */
    readonly schema?: string;
    /**
     * The tables' owner, who runs the migrations before the service starts, where the service itself
     * logs in as a role with fewer rights (`<PREFIX>_DB_MIGRATION_USER` and its password).
     */
    readonly migrator?: { readonly username: string; readonly password: string };
  };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly groupId: string;
    readonly login: KafkaLogin;
  };
  /** Each calling process's name and its bearer token. */
  readonly callers: readonly { readonly name: string; readonly token: string }[];
  /** The gateway's Ed25519 public key (PEM), which signs the person assertions. */
  readonly personAssertionKey: string;
  /** How secret ballots are batched (`<PREFIX>_BALLOT_MIX_SIZE`, `<PREFIX>_BALLOT_WAIT_MS`). */
  readonly ballotBox: BallotBoxSettings;
  /** Its operations port and readiness bounds (`<PREFIX>_OPS_PORT`, the service's port + 100; `JISHI_*`). */
  readonly ops: OpsSettings;
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export function loadServiceConfig(
  prefix: string,
  defaults: { port: number; database: string; groupId: string },
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const problems: string[] = [];
  const get = (name: string, fallback?: string) => {
    const value = env[name] ?? fallback;
    if (value === undefined || value.trim() === '') problems.push(`${name} is required`);
    return value ?? '';
  };
  const port = (name: string, fallback: string) => {
    const value = Number(get(name, fallback));
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      problems.push(`${name} must be a port number`);
    return value;
  };
  const callers = get(`${prefix}_CALLERS`)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      return { name: entry.slice(0, at).trim(), token: entry.slice(at + 1).trim() };
    });
  if (callers.some((c) => !/^[a-z][a-z0-9-]{0,31}$/.test(c.name) || c.token.length < 16))
    problems.push(`${prefix}_CALLERS must be name=token pairs, each token of 16 characters or more`);
  if (new Set(callers.map((c) => c.name)).size !== callers.length)
    problems.push(`${prefix}_CALLERS names a caller twice`);
  if (new Set(callers.map((c) => c.token)).size !== callers.length)
    problems.push(`${prefix}_CALLERS gives two callers one token: each process has its own`);
  let personAssertionKey = '';
  const keyFile = get(`${prefix}_PERSON_ASSERTION_KEY_FILE`);
  if (keyFile) {
    try {
      personAssertionKey = readFileSync(keyFile, 'utf8');
      if (createPublicKey(personAssertionKey).asymmetricKeyType !== 'ed25519')
        problems.push(`${prefix}_PERSON_ASSERTION_KEY_FILE must hold an Ed25519 public key`);
    } catch {
      problems.push(`${prefix}_PERSON_ASSERTION_KEY_FILE must name a readable PEM public key`);
    }
  }
  const schema = env[`${prefix}_DB_SCHEMA`];
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    problems.push(`${prefix}_DB_SCHEMA must be a plain identifier`);
  const brokers = get('KAFKA_BROKERS', '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim());
  if (brokers.some((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b)))
    problems.push('KAFKA_BROKERS must be host:port, comma separated');
  const migrationUser = env[`${prefix}_DB_MIGRATION_USER`];
  const migrator =
    migrationUser === undefined
      ? undefined
      : { username: migrationUser, password: get(`${prefix}_DB_MIGRATION_PASSWORD`) };
  const config: ServiceConfig = {
    name: prefix.toLowerCase(),
    port: port(`${prefix}_PORT`, String(defaults.port)),
    database: {
      host: get(`${prefix}_DB_HOST`, '127.0.0.1'),
      port: port(`${prefix}_DB_PORT`, '5432'),
      username: get(`${prefix}_DB_USER`, 'jishi'),
      password: get(`${prefix}_DB_PASSWORD`),
      database: get(`${prefix}_DB_NAME`, defaults.database),
      ...(schema ? { schema } : {}),
      ...(migrator ? { migrator } : {}),
    },
    kafka: {
      brokers,
      groupId: get(`${prefix}_KAFKA_GROUP`, defaults.groupId),
      login: kafkaLoginFromEnv(env, problems),
    },
    callers,
    personAssertionKey,
    ballotBox: ballotBoxSettings(prefix, env, problems),
    ops: opsSettingsFromEnv(prefix, defaults.port + 100, env, problems),
  };
  if (problems.length > 0) throw new Error(`the configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return config;
}
