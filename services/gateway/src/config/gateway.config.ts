import { type OpsSettings, opsSettingsFromEnv } from '@jishi/observability';
import { ID_PATTERN } from '@jishi/service-kit';
import { CASE_TASK_QUEUE, type CaseTimerOverrides } from '@jishi/contracts';
import { type Policy, resolvePolicy } from '@jishi/domain';
import { type KafkaLogin, kafkaLoginFromEnv } from '@jishi/messaging';
import { type TemporalTls, temporalTlsFromEnv } from '@jishi/identity';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The gateway's configuration, read once from the environment and checked at boot: a bad value
 * stops the gateway with a message naming every variable at fault.
 */
export interface GatewayConfig {
  readonly port: number;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    /** The gateway's own client certificate: Temporal takes mutual TLS only. */
    readonly tls: TemporalTls;
  };
  readonly kafka: { readonly brokers: readonly string[]; readonly login: KafkaLogin };
  readonly auth: {
    /** The identity provider's Ed25519 public key (PEM) that signs people's access tokens. */
    readonly publicKeyPem: string;
    readonly issuer: string;
    readonly audience: string;
  };
  /** Where the services listen, and the caller token the gateway presents to them. */
  readonly services: {
    readonly nomination: string;
    readonly inspection: string;
    readonly voting: string;
    readonly archive: string;
    readonly calendar: string;
    readonly callerToken: string;
  };
  /**
   * What every case started here runs with: the organization that runs them, its policy as configured
   * (version 0, until its administrator sets one) and shortened timers, if any.
   */
  readonly cases: {
    readonly organization: string;
    readonly policy: Partial<Policy>;
    readonly timers: CaseTimerOverrides;
  };
  /**
   * The gateway's own Ed25519 key (GATEWAY_ENVELOPE_KEY_FILE, PKCS#8 PEM): it signs what it writes on
   * Kafka for a person (a member unit's answer), so the signal bridge knows it came through here.
   */
  readonly envelopeKey: KeyObject;
  /**
   * The key the gateway signs person assertions with (GATEWAY_PERSON_ASSERTION_KEY_FILE, Ed25519,
   * PKCS#8 PEM): for each call it makes to a service on a person's behalf, it vouches for who they are;
   * the services hold its public key. A key of its own, apart from the envelope key.
   */
  readonly personAssertionKey: KeyObject;
  /**
   * How long a step's request waits for the case to record it (GATEWAY_STEP_WAIT_MS, 10 s): past it,
   * an accepted step answers 202 with its update's id.
   */
  readonly stepWaitMs: number;
  /** Requests a minute one person may make, across every route (GATEWAY_RATE_LIMIT, 600). */
  readonly rateLimitPerMinute: number;
  /** The largest attachment one may upload, in bytes (JISHI_ATTACHMENT_MAX_BYTES, 64 MiB). */
  readonly attachmentMaxBytes: number;
  /** Its operations port and readiness bounds (`GATEWAY_OPS_PORT`, 3200; `JISHI_*`). */
  readonly ops: OpsSettings;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const DURATION = /^\d+(ms|s|m|h|d)$/;
const TIMERS = ['announcement', 'probation', 'consultation', 'deadlineDay'] as const;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const port = Number(env['GATEWAY_PORT'] ?? '3100');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push('GATEWAY_PORT must be a port number');
  const address = env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  if (!HOST_PORT.test(address)) problems.push(`TEMPORAL_ADDRESS must be host:port, not "${address}"`);
  const temporalTls = temporalTlsFromEnv(env, problems);
  const taskQueue = env['GATEWAY_TASK_QUEUE'] ?? CASE_TASK_QUEUE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(taskQueue))
    problems.push(
      `GATEWAY_TASK_QUEUE must be letters, digits, . _ - (it is quoted in visibility queries), not "${taskQueue}"`,
    );
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  if (brokers.some((b) => !HOST_PORT.test(b)))
    problems.push('KAFKA_BROKERS must be host:port, comma separated');

  let publicKeyPem = '';
  const keyFile = env['GATEWAY_AUTH_PUBLIC_KEY_FILE'];
  if (!keyFile)
    problems.push('GATEWAY_AUTH_PUBLIC_KEY_FILE is required (the identity provider’s Ed25519 key)');
  else {
    try {
      publicKeyPem = readFileSync(keyFile, 'utf8');
    } catch {
      problems.push(`GATEWAY_AUTH_PUBLIC_KEY_FILE cannot be read: ${keyFile}`);
    }
  }

  const url = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (!/^https?:\/\/[^\s/]+$/.test(value))
      problems.push(`${name} must be an http(s) origin, not "${value}"`);
    return value;
  };
  const callerToken = env['GATEWAY_SERVICE_TOKEN'] ?? '';
  if (callerToken.length < 16)
    problems.push('GATEWAY_SERVICE_TOKEN must be a token of 16 characters or more');

  const timers: Record<string, string> = {};
  for (const part of (env['GATEWAY_CASE_TIMERS'] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!TIMERS.includes(name as (typeof TIMERS)[number]) || !value || !DURATION.test(value)) {
      problems.push(
        `GATEWAY_CASE_TIMERS has "${part}": use ${TIMERS.map((t) => `${t}=<n>(ms|s|m|h|d)`).join(',')}`,
      );
    } else timers[name as string] = value;
  }

  // Shortened timers are a demonstration's and a test's: a deployment runs the periods the rules set.
  if (Object.keys(timers).length > 0 && env['JISHI_MODE'] !== 'development')
    problems.push(
      'GATEWAY_CASE_TIMERS shortens the periods the rules set (announcement, probation, deadlines): it is taken only with JISHI_MODE=development',
    );

  // The organization department that runs this deployment's cases (its administrators set its policy).
  const organization = env['GATEWAY_ORGANIZATION'] ?? 'org-dept';
  if (!ID_PATTERN.test(organization))
    problems.push(`GATEWAY_ORGANIZATION must be an id of letters, digits and . _ : -, not "${organization}"`);

  let policy: Partial<Policy> = {};
  if (env['GATEWAY_POLICY']) {
    try {
      policy = JSON.parse(env['GATEWAY_POLICY']) as Partial<Policy>;
      const resolved = resolvePolicy(policy);
      if (Array.isArray(resolved)) problems.push(`GATEWAY_POLICY: ${resolved.map((r) => r.en).join('; ')}`);
    } catch {
      problems.push('GATEWAY_POLICY must be a JSON object of policy settings');
    }
  }

  const privateKeyFrom = (variable: string, purpose: string): KeyObject | undefined => {
    const file = env[variable] ?? '';
    if (file === '') {
      problems.push(`${variable} is required (${purpose})`);
      return undefined;
    }
    try {
      const key = createPrivateKey(readFileSync(file, 'utf8'));
      if (key.asymmetricKeyType === 'ed25519') return key;
      problems.push(`${variable} must hold an Ed25519 private key`);
    } catch {
      problems.push(`${variable} cannot be read as a private key: ${file}`);
    }
    return undefined;
  };
  const envelopeKey = privateKeyFrom(
    'GATEWAY_ENVELOPE_KEY_FILE',
    'the gateway’s Ed25519 key that signs answers',
  );
  const personAssertionKey = privateKeyFrom(
    'GATEWAY_PERSON_ASSERTION_KEY_FILE',
    'the gateway’s Ed25519 key that vouches for people to the services',
  );

  const stepWaitMs = Number(env['GATEWAY_STEP_WAIT_MS'] ?? '10000');
  if (!Number.isInteger(stepWaitMs) || stepWaitMs < 100 || stepWaitMs > 60_000)
    problems.push('GATEWAY_STEP_WAIT_MS must be a whole number of milliseconds from 100 to 60000');

  const rateLimitPerMinute = Number(env['GATEWAY_RATE_LIMIT'] ?? '600');
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)
    problems.push('GATEWAY_RATE_LIMIT must be a whole number of requests a minute, 1 or more');

  const attachmentMaxBytes = Number(env['JISHI_ATTACHMENT_MAX_BYTES'] ?? String(64 * 1024 * 1024));
  if (!Number.isInteger(attachmentMaxBytes) || attachmentMaxBytes < 1)
    problems.push('JISHI_ATTACHMENT_MAX_BYTES must be a whole number of 1 or more');

  const config: GatewayConfig = {
    port,
    ops: opsSettingsFromEnv('GATEWAY', 3200, env, problems),
    attachmentMaxBytes,
    stepWaitMs,
    rateLimitPerMinute,
    envelopeKey: envelopeKey as KeyObject,
    personAssertionKey: personAssertionKey as KeyObject,
    temporal: {
      address,
      namespace: env['TEMPORAL_NAMESPACE'] ?? 'jishi',
      taskQueue,
      tls: temporalTls,
    },
    kafka: { brokers, login: kafkaLoginFromEnv(env, problems) },
    auth: {
      publicKeyPem,
      issuer: env['GATEWAY_AUTH_ISSUER'] ?? 'jishi-local',
      audience: env['GATEWAY_AUTH_AUDIENCE'] ?? 'jishi-gateway',
    },
    services: {
      nomination: url('NOMINATION_URL', 'http://127.0.0.1:3101'),
      inspection: url('INSPECTION_URL', 'http://127.0.0.1:3102'),
      voting: url('VOTING_URL', 'http://127.0.0.1:3103'),
      archive: url('ARCHIVE_URL', 'http://127.0.0.1:3104'),
      calendar: url('CALENDAR_URL', 'http://127.0.0.1:3105'),
      callerToken,
    },
    cases: { organization, policy, timers },
  };
  if (problems.length > 0)
    throw new Error(`the gateway's configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return config;
}
