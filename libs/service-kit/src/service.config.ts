import { type KafkaLogin, kafkaLoginFromEnv } from '@jishi/messaging';

/**
 * The configuration every service has: its port, its own database, Kafka, and the bearer tokens of
 * the callers it serves (the gateway, which checks people's roles and units; the supervisors' CLI).
 * Read once from the environment under the service's prefix (`ARCHIVE_PORT`, `VOTING_DB_NAME`, …)
 * and checked at boot: a bad value stops the service with a message naming the variable.
 */
export interface ServiceConfig {
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
  readonly callerTokens: readonly string[];
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
  const callerTokens = get(`${prefix}_CALLER_TOKENS`)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (callerTokens.some((t) => t.length < 16))
    problems.push(`${prefix}_CALLER_TOKENS must hold tokens of 16 characters or more`);
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
    callerTokens,
  };
  if (problems.length > 0) throw new Error(`the configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return config;
}
