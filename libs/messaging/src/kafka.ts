import { rootLogger } from '@jishi/observability';
import { Kafka, type logCreator, logLevel, Partitioners, type Producer } from 'kafkajs';

/** kafkajs's lines as the process's JSON lines (warnings and errors only). */
const kafkaLog: logCreator = () => {
  const log = rootLogger.child({ component: 'kafka' });
  return ({ namespace, level, log: { message, timestamp: _timestamp, logger: _logger, ...fields } }) => {
    const at =
      level === logLevel.ERROR
        ? 'error'
        : level === logLevel.WARN
          ? 'warn'
          : level === logLevel.INFO
            ? 'info'
            : 'debug';
    log[at]({ namespace, ...fields }, message);
  };
};

/** A client's login to Kafka: SCRAM-SHA-512 with the principal of the process (`jishi-archive`, …). */
export interface KafkaLogin {
  readonly username: string;
  readonly password: string;
}

export interface KafkaSettings {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** Every client of Jishi's Kafka authenticates; the broker refuses a connection without a login. */
  readonly login?: KafkaLogin;
}

/**
 * The process's Kafka login from `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`, both required: a
 * missing one is added to `problems` (the caller's configuration check names it and refuses to start).
 */
export function kafkaLoginFromEnv(env: NodeJS.ProcessEnv, problems: string[]): KafkaLogin {
  const username = env['KAFKA_SASL_USERNAME'] ?? '';
  const password = env['KAFKA_SASL_PASSWORD'] ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(username))
    problems.push(
      'KAFKA_SASL_USERNAME is required: the Kafka principal this process logs in as (letters, digits, . _ -)',
    );
  if (password.length < 16)
    problems.push("KAFKA_SASL_PASSWORD is required: the principal's password, 16 characters or more");
  return { username, password };
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    logCreator: kafkaLog,
    ...(settings.login
      ? {
          sasl: {
            mechanism: 'scram-sha-512' as const,
            username: settings.login.username,
            password: settings.login.password,
          },
        }
      : {}),
  });
}

/**
 * An idempotent producer (no duplicates from the producer's own retries), waiting for all replicas.
 * kafkajs retries an idempotent producer's send for ever unless told otherwise: `retries` bounds it
 * for a caller that handles the failure itself (the outbox relay).
 */
export function createProducer(kafka: Kafka, options: { readonly retries?: number } = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
  });
}
