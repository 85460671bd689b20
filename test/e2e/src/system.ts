import { signatureSuite } from '@jishi/evidence';
import { signAccessToken } from '@jishi/service-kit';
import { loadStackSettings, type StackSettings } from '@jishi/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client as PgClient } from 'pg';

/** One process of Jishi, as `npm start` runs it. */
interface AppSpec {
  readonly name: AppName;
  /** The entry point, relative to the workspace. */
  readonly main: string;
  /** The line the process prints once it serves; an http URL in it is the process's address. */
  readonly ready: string;
  /** The service's configuration prefix and database, for those that have one. */
  readonly database?: { readonly prefix: string; readonly name: string };
}

export type AppName =
  'archive' | 'nomination' | 'inspection' | 'voting' | 'calendar' | 'signal-bridge' | 'worker' | 'gateway';

const APPS: readonly AppSpec[] = [
  {
    name: 'archive',
    main: 'services/archive/src/main.ts',
    ready: 'jishi archive:',
    database: { prefix: 'ARCHIVE', name: 'jishi_archive' },
  },
  {
    name: 'nomination',
    main: 'services/nomination/src/main.ts',
    ready: 'jishi nomination:',
    database: { prefix: 'NOMINATION', name: 'jishi_nomination' },
  },
  {
    name: 'inspection',
    main: 'services/inspection/src/main.ts',
    ready: 'jishi inspection:',
    database: { prefix: 'INSPECTION', name: 'jishi_inspection' },
  },
  {
    name: 'voting',
    main: 'services/voting/src/main.ts',
    ready: 'jishi voting:',
    database: { prefix: 'VOTING', name: 'jishi_voting' },
  },
  {
    name: 'calendar',
    main: 'services/calendar/src/main.ts',
    ready: 'jishi calendar:',
    database: { prefix: 'CALENDAR', name: 'jishi_calendar' },
  },
  { name: 'signal-bridge', main: 'services/signal-bridge/src/main.ts', ready: 'jishi signal bridge:' },
  // Its entry registers the TypeScript loader in its main thread only (start.js says why).
  { name: 'worker', main: 'workflows/src/worker/start.js', ready: 'jishi worker:' },
  { name: 'gateway', main: 'services/gateway/src/main.ts', ready: 'jishi gateway:' },
];

const ISSUER = 'jishi-e2e';
const AUDIENCE = 'jishi-gateway';
// Chalk colours the framework's log lines even in a pipe under Nx.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The whole of Jishi started for a test as the separate processes `npm start` runs, on the real
 * stack, isolated from anything else running there: each service in a schema of its own, its own
 * consumer groups, its own task queue, port 0 everywhere, its own identity key and service token.
 */
export class SystemUnderTest {
  readonly runId = randomUUID().replace(/-/g, '').slice(0, 12);
  readonly taskQueue = `e2e-${this.runId}`;
  readonly stack: StackSettings = loadStackSettings();
  /** A database client per service, on the service's schema, for checks behind its back. */
  readonly databases = new Map<AppName, PgClient>();
  /** Each running process, by its name (`archive`) or, for a replica, its name and number (`archive#2`). */
  private readonly processes = new Map<string, ChildProcess>();
  private readonly urls = new Map<AppName, string>();
  /** Each process's operations port (health and metrics), by instance key. */
  private readonly opsUrls = new Map<string, string>();
  /** The port each process listens on, kept so a restarted process comes back where its callers look. */
  private readonly ports = new Map<string, string>();
  private readonly logs = new Map<string, WriteStream>();
  private readonly secrets = mkdtempSync(path.join(tmpdir(), 'jishi-e2e-'));
  /** The archive's log key for this run. */
  readonly logKey = signatureSuite('ed25519-sha256').generateKeyPair();
  private readonly privateKeyPem: string;
  /** Each calling process's own credential at the services. */
  private readonly callerTokens = {
    gateway: randomBytes(24).toString('hex'),
    worker: randomBytes(24).toString('hex'),
  };
  /** The gateway's key for the person assertions it signs, which the services check. */
  readonly personAssertionKey = generateKeyPairSync('ed25519');
  private readonly unitKeys = new Map<string, KeyObject>();
  private readonly logDir: string;

  constructor(
    private readonly options: {
      readonly timers: string;
      readonly policy: string;
      /** Settings of one process beyond the run's own (e.g. the gateway's GATEWAY_STEP_WAIT_MS). */
      readonly env?: Partial<Record<AppName, Record<string, string>>>;
    },
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(
      path.join(this.secrets, 'auth-public.pem'),
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    writeFileSync(
      path.join(this.secrets, 'person-assertion.pem'),
      this.personAssertionKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    writeFileSync(
      path.join(this.secrets, 'person-assertion-public.pem'),
      this.personAssertionKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    // The parties that sign what they write on Kafka: the gateway, and each member unit's system.
    const gatewayKey = generateKeyPairSync('ed25519');
    writeFileSync(
      path.join(this.secrets, 'gateway-envelope.pem'),
      gatewayKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const parties: { principal: string; unit?: string; vouchesForPeople?: boolean; key: KeyObject }[] = [
      { principal: 'jishi-gateway', vouchesForPeople: true, key: gatewayKey.publicKey },
    ];
    for (const unit of this.stack.kafka.memberUnits) {
      const key = generateKeyPairSync('ed25519');
      this.unitKeys.set(unit, key.privateKey);
      parties.push({ principal: `unit-${unit}`, unit, key: key.publicKey });
    }
    writeFileSync(
      path.join(this.secrets, 'parties.json'),
      JSON.stringify({
        parties: parties.map(({ key, ...party }) => ({
          ...party,
          publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
        })),
      }),
    );
    this.logDir = path.join(this.stack.workspaceRoot, '.jishi', 'logs', 'e2e');
    mkdirSync(this.logDir, { recursive: true });
  }

  /** The schema every service of this run keeps its tables in. */
  get schema(): string {
    return `e2e_${this.runId}`;
  }

  /** How a member unit's own system signs what it writes on Kafka: its principal and registered key. */
  unitSigner(unit: string): { principal: string; privateKey: KeyObject } {
    const privateKey = this.unitKeys.get(unit);
    if (!privateKey) throw new Error(`${unit} is not a member unit of KAFKA_MEMBER_UNITS`);
    return { principal: `unit-${unit}`, privateKey };
  }

  /** The consumer group a process of this run reads Kafka with. */
  groupOf(name: AppName): string {
    // A principal's consumer groups start with its name (the broker's ACLs grant that prefix).
    return `jishi-${name}-e2e-${this.runId}`;
  }

  async start(): Promise<void> {
    for (const app of APPS) {
      if (!app.database) continue;
      const pg = await this.connectDatabase(app.database.name);
      await pg.query(`CREATE SCHEMA "${this.schema}"`);
      await pg.query(`SET search_path TO "${this.schema}"`);
      this.databases.set(app.name, pg);
    }
    // Every process boots side by side, except that the worker needs the calendar's address and the
    // gateway every service's.
    const services = new Map(
      APPS.filter((a) => a.name !== 'gateway' && a.name !== 'worker').map((a) => [
        a.name,
        this.launch(a.name),
      ]),
    );
    const worker = (services.get('calendar') as Promise<void>).then(() => this.launch('worker'));
    const gateway = Promise.all(services.values()).then(() => this.launch('gateway'));
    // Every launch awaited, so that none fails unseen.
    await Promise.all([...services.values(), worker, gateway]);
  }

  private async connectDatabase(database: string): Promise<PgClient> {
    const pg = new PgClient({
      host: this.stack.postgres.host,
      port: this.stack.postgres.port,
      user: this.stack.postgres.username,
      password: this.stack.postgres.password,
      database,
    });
    // A restart of PostgreSQL ends the connection: reconnectDatabases() replaces it.
    pg.on('error', () => undefined);
    await pg.connect();
    return pg;
  }

  /** New connections for the checks behind the services' backs, after PostgreSQL was restarted. */
  async reconnectDatabases(): Promise<void> {
    for (const app of APPS) {
      if (!app.database) continue;
      await this.databases
        .get(app.name)
        ?.end()
        .catch(() => undefined);
      const pg = await this.connectDatabase(app.database.name);
      await pg.query(`SET search_path TO "${this.schema}"`);
      this.databases.set(app.name, pg);
    }
  }

  /**
   * Starts (or starts again) one process and waits until it serves. Instance 2, 3, … is a replica of
   * the same process beside the first (same database schema, consumer groups and settings); a process
   * started again listens on the port it had before.
   */
  async launch(name: AppName, instance = 1): Promise<void> {
    const app = APPS.find((a) => a.name === name) as AppSpec;
    const key = instanceKey(name, instance);
    const log = createWriteStream(this.logFile(name, instance), {
      flags: 'a',
    });
    this.logs.set(key, log);
    // The worker's Temporal SDK serves its metrics on a port of its own, kept across restarts.
    if (name === 'worker' && !this.ports.has(`${key}/sdk`))
      this.ports.set(`${key}/sdk`, String(await freePort()));
    const child = spawn(
      process.execPath,
      [
        ...(app.main.endsWith('.js') ? [] : ['-r', '@swc-node/register']),
        path.join(this.stack.workspaceRoot, app.main),
      ],
      {
        cwd: path.join(this.stack.workspaceRoot, path.dirname(app.main)),
        env: {
          ...process.env,
          ...this.environment(app, this.ports.get(key) ?? '0'),
          [`${OPS_PREFIX[name]}_OPS_PORT`]: this.ports.get(`${key}/ops`) ?? '0',
          ...(name === 'worker' ? { WORKER_SDK_METRICS_PORT: this.ports.get(`${key}/sdk`) as string } : {}),
          ...this.options.env?.[name],
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.processes.set(key, child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start within 120 s:\n${output.slice(-3000)}`)),
        120_000,
      );
      const onData = (chunk: Buffer) => {
        const text = chunk.toString().replace(ANSI, '');
        log.write(text);
        if (output.length < 200_000) output += text;
        const line = output.split('\n').find((l) => l.includes(app.ready));
        if (line) {
          const ops = /health and metrics: (https?:\/\/[^\s)]+)/.exec(line)?.[1];
          if (ops) {
            this.opsUrls.set(key, ops);
            this.ports.set(`${key}/ops`, new URL(ops).port);
          }
          const url = /https?:\/\/[^\s);]+/.exec(line.replace(/health and metrics: \S+/, ''))?.[0];
          if (url) {
            const address = url.replace('[::1]', '127.0.0.1');
            if (instance === 1) this.urls.set(name, address);
            this.ports.set(key, new URL(address).port);
          }
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited while starting (${code ?? signal}):\n${output.slice(-3000)}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** Stops one process: SIGTERM lets it leave its consumer group; SIGKILL is a crash. */
  async stopApp(name: AppName, signal: NodeJS.Signals = 'SIGTERM', instance = 1): Promise<void> {
    const key = instanceKey(name, instance);
    const child = this.processes.get(key);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timeout);
    this.processes.delete(key);
  }

  /** The pid of a running process, or undefined. */
  pidOf(name: AppName, instance = 1): number | undefined {
    const child = this.processes.get(instanceKey(name, instance));
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  async stop(): Promise<void> {
    for (const key of [...this.processes.keys()].filter((k) => k.includes('#'))) {
      const [name, instance] = key.split('#') as [AppName, string];
      await this.stopApp(name, 'SIGTERM', Number(instance));
    }
    for (const app of [...APPS].reverse()) await this.stopApp(app.name);
    for (const log of this.logs.values()) log.end();
    for (const pg of this.databases.values()) {
      await pg.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
      await pg.end();
    }
    rmSync(this.secrets, { recursive: true, force: true });
  }

  get gatewayUrl(): string {
    return this.urls.get('gateway') as string;
  }

  /** The file a process's output is written to in this run. */
  logFile(name: AppName, instance = 1): string {
    return path.join(this.logDir, `${this.runId}-${instanceKey(name, instance).replace('#', '-')}.log`);
  }

  /** A process's operations port: `/health/live`, `/health/ready`, `/metrics`. */
  opsUrl(name: AppName, instance = 1): string {
    const url = this.opsUrls.get(instanceKey(name, instance));
    if (!url) throw new Error(`${name} (instance ${instance}) has not told its operations port`);
    return url;
  }

  /** Where a process of this run listens, as anyone on its network could reach it. */
  serviceUrl(name: AppName): string {
    return this.urls.get(name) as string;
  }

  /** A calling process's credential at the services, as an insider who took it would hold it. */
  credential(caller: 'gateway' | 'worker'): string {
    return this.callerTokens[caller];
  }

  /** An access token for a person, as the organization's identity provider would issue it. */
  token(role: string, unit: string, sub = `${role}-1`): string {
    return signAccessToken(this.privateKeyPem, { sub, role, unit }, { issuer: ISSUER, audience: AUDIENCE });
  }

  /** A token signed by a key the gateway does not trust. */
  foreignToken(role: string, unit: string): string {
    const { privateKey } = generateKeyPairSync('ed25519');
    return signAccessToken(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      { sub: 'intruder', role, unit },
      { issuer: ISSUER, audience: AUDIENCE },
    );
  }

  private environment(app: AppSpec, port: string): Record<string, string> {
    const env: Record<string, string> = {
      SWC_NODE_PROJECT: path.join(this.stack.workspaceRoot, 'tsconfig.runtime.json'),
      // As deployed: every access line and the processes' own (a test run's own process logs less).
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: this.stack.temporal.address,
      TEMPORAL_NAMESPACE: this.stack.temporal.namespace,
      // The callers of Temporal present their own client certificate, as deployed.
      ...(['gateway', 'signal-bridge', 'worker'].includes(app.name) ? this.stack.temporal.env(app.name) : {}),
      KAFKA_BROKERS: this.stack.kafka.brokers.join(','),
      // Each process logs in to Kafka as its own principal, as deployed.
      ...this.stack.kafka.env(`jishi-${app.name}`),
    };
    if (app.database) {
      const p = app.database.prefix;
      Object.assign(env, {
        [`${p}_PORT`]: port,
        [`${p}_DB_HOST`]: this.stack.postgres.host,
        [`${p}_DB_PORT`]: String(this.stack.postgres.port),
        [`${p}_DB_USER`]: this.stack.postgres.username,
        [`${p}_DB_PASSWORD`]: this.stack.postgres.password,
        [`${p}_DB_SCHEMA`]: this.schema,
        [`${p}_KAFKA_GROUP`]: this.groupOf(app.name),
        // The gateway calls every service; the worker only the calendar.
        [`${p}_CALLERS`]:
          `gateway=${this.callerTokens.gateway}` +
          (app.name === 'calendar' ? `,worker=${this.callerTokens.worker}` : ''),
        [`${p}_PERSON_ASSERTION_KEY_FILE`]: path.join(this.secrets, 'person-assertion-public.pem'),
      });
      // As deployed: the service logs in as its own role; the tables' owner migrates.
      if (this.stack.postgres.serviceRoles.includes(app.name)) {
        const login = this.stack.postgres.login(app.name);
        Object.assign(env, {
          [`${p}_DB_USER`]: login.username,
          [`${p}_DB_PASSWORD`]: login.password,
          [`${p}_DB_MIGRATION_USER`]: this.stack.postgres.username,
          [`${p}_DB_MIGRATION_PASSWORD`]: this.stack.postgres.password,
        });
      }
    }
    if (app.name === 'signal-bridge') {
      env['BRIDGE_KAFKA_GROUP'] = this.groupOf(app.name);
      env['BRIDGE_PARTY_KEYS_FILE'] = path.join(this.secrets, 'parties.json');
    }
    if (app.name === 'archive') {
      // The run's own log key; heads signed every second, so the run sees its facts under one.
      env['ARCHIVE_LOG_PRIVATE_KEY'] = this.logKey.privateKey;
      env['ARCHIVE_TREE_HEAD_INTERVAL_MS'] = '1000';
      env['ARCHIVE_PARTY_KEYS_FILE'] = path.join(this.secrets, 'parties.json');
      // The run's own attachment store, beside its secrets.
      env['ARCHIVE_ATTACHMENTS_DIR'] = path.join(this.secrets, 'attachments');
      // As deployed: the archive logs in as its own role; the tables' owner migrates.
      Object.assign(env, {
        ARCHIVE_DB_USER: this.stack.postgres.archive.username,
        ARCHIVE_DB_PASSWORD: this.stack.postgres.archive.password,
        ARCHIVE_DB_MIGRATION_USER: this.stack.postgres.username,
        ARCHIVE_DB_MIGRATION_PASSWORD: this.stack.postgres.password,
      });
    }
    if (app.name === 'worker') {
      env['WORKER_TASK_QUEUE'] = this.taskQueue;
      env['KAFKA_CLIENT_ID'] = `e2e-worker-${this.runId}`;
      env['CALENDAR_URL'] = this.urls.get('calendar') as string;
      env['WORKER_SERVICE_TOKEN'] = this.callerTokens.worker;
    }
    if (app.name === 'gateway') {
      Object.assign(env, {
        GATEWAY_PORT: port,
        GATEWAY_TASK_QUEUE: this.taskQueue,
        GATEWAY_AUTH_PUBLIC_KEY_FILE: path.join(this.secrets, 'auth-public.pem'),
        GATEWAY_ENVELOPE_KEY_FILE: path.join(this.secrets, 'gateway-envelope.pem'),
        GATEWAY_AUTH_ISSUER: ISSUER,
        GATEWAY_AUTH_AUDIENCE: AUDIENCE,
        GATEWAY_SERVICE_TOKEN: this.callerTokens.gateway,
        GATEWAY_PERSON_ASSERTION_KEY_FILE: path.join(this.secrets, 'person-assertion.pem'),
        GATEWAY_CASE_TIMERS: this.options.timers,
        // Shortened timers are taken only in development.
        JISHI_MODE: 'development',
        // One person polls a case many times a minute here; the faults suite tries the limit itself.
        GATEWAY_RATE_LIMIT: '100000',
        GATEWAY_POLICY: this.options.policy,
        NOMINATION_URL: this.urls.get('nomination') as string,
        INSPECTION_URL: this.urls.get('inspection') as string,
        VOTING_URL: this.urls.get('voting') as string,
        ARCHIVE_URL: this.urls.get('archive') as string,
        CALENDAR_URL: this.urls.get('calendar') as string,
      });
    }
    return { ...env, ...this.options.env?.[app.name] };
  }
}

/** The configuration prefix of each process's operations port. */
const OPS_PREFIX: Readonly<Record<AppName, string>> = {
  archive: 'ARCHIVE',
  nomination: 'NOMINATION',
  inspection: 'INSPECTION',
  voting: 'VOTING',
  calendar: 'CALENDAR',
  'signal-bridge': 'BRIDGE',
  worker: 'WORKER',
  gateway: 'GATEWAY',
};

/**
 * A port for a process to listen on later (the worker's SDK metrics), chosen below Linux's ephemeral
 * range (32768 and up): the processes booting meanwhile open connections and port-0 listeners, which
 * the system gives ports from that range, and one of them took the port chosen there before the
 * worker could bind it.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function instanceKey(name: AppName, instance: number): string {
  return instance === 1 ? name : `${name}#${instance}`;
}
