/**
 * The archive's configuration: read once from the environment and checked at boot; a bad value
 * stops the service with a message naming the variable.
 */
export interface ArchiveConfig {
  readonly port: number;
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly database: string;
    /** A schema of its own (tests); the default is public. */
    readonly schema?: string;
  };
  readonly kafka: { readonly brokers: readonly string[]; readonly groupId: string };
  /** Bearer tokens of the callers allowed to read the record (the gateway, the supervisors' CLI). */
  readonly readTokens: readonly string[];
}

export const ARCHIVE_CONFIG = Symbol('ARCHIVE_CONFIG');

export function loadArchiveConfig(env: NodeJS.ProcessEnv = process.env): ArchiveConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: string) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      problems.push(`${name} must be a port number`);
    return value;
  };
  const text = (name: string, fallback?: string) => {
    const value = env[name] ?? fallback;
    if (value === undefined || value.trim() === '') problems.push(`${name} is required`);
    return value ?? '';
  };
  const brokers = text('KAFKA_BROKERS', '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim());
  const readTokens = text('ARCHIVE_READ_TOKENS')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (readTokens.some((t) => t.length < 16))
    problems.push('ARCHIVE_READ_TOKENS must hold tokens of 16 characters or more');
  const schema = env['ARCHIVE_DB_SCHEMA'];
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    problems.push('ARCHIVE_DB_SCHEMA must be a plain identifier');
  const config: ArchiveConfig = {
    port: int('ARCHIVE_PORT', '3104'),
    database: {
      host: text('ARCHIVE_DB_HOST', '127.0.0.1'),
      port: int('ARCHIVE_DB_PORT', '5432'),
      username: text('ARCHIVE_DB_USER', 'jishi'),
      password: text('ARCHIVE_DB_PASSWORD'),
      database: text('ARCHIVE_DB_NAME', 'jishi_archive'),
      ...(schema ? { schema } : {}),
    },
    kafka: { brokers, groupId: text('ARCHIVE_KAFKA_GROUP', 'jishi-archive') },
    readTokens,
  };
  if (problems.length > 0)
    throw new Error(`the archive's configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return config;
}
