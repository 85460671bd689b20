import { EnvelopeError } from '@jishi/contracts';

/** SQLSTATE classes of errors that another try may not meet: connections, transactions rolled back
 * by the server (serialization, deadlock), resources, a server shutting down, a lock not granted, a
 * table not there yet (a migration under way), the server's own failures. */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '40', '42', '53', '55', '57', '58', 'XX'];

const TRANSIENT_MESSAGE =
  /Connection terminated|timeout exceeded|connection error|ECONNREFUSED|pool after calling end|not Connected|not initialized|QueryRunnerAlreadyReleased|QueryRunnerProviderAlreadyReleased|Pool is closed/i;

/** Node's errors of a network that may come back. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether a failure may pass if the same work is tried again: a database or broker that is away, a
 * transaction the server rolled back. Everything else — a message that does not decode, a value the
 * database refuses (a NUL, a time out of range), a check or constraint it breaks, a handler's own
 * TypeError or RangeError on what the message holds — fails the same way on every try, so it goes to
 * the dead letters with its reason instead of holding its partition for ever.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof EnvelopeError) return false;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as {
    code?: unknown;
    driverError?: unknown;
    retriable?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  // TypeORM wraps the driver's error.
  if (e.driverError !== undefined && e.driverError !== err) return isTransient(e.driverError);
  // A client that gave up retrying (kafkajs' KafkaJSNumberOfRetriesExceeded, marked not retriable) is
  // judged by what it kept meeting: a broker away for half a minute is still a broker that may return.
  if (e.name === 'KafkaJSNoBrokerAvailableError') return true;
  if (e.name === 'KafkaJSNumberOfRetriesExceeded' && e.cause === undefined) return true;
  if (e.cause !== undefined && e.cause !== err && isTransient(e.cause)) return true;
  if (typeof e.code === 'string') {
    // A network code first: EPIPE looks like a SQLSTATE.
    if (TRANSIENT_NODE_CODES.has(e.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(e.code)) return TRANSIENT_SQLSTATE_CLASSES.includes(e.code.slice(0, 2));
  }
  // kafkajs says of its own errors whether they may pass.
  if (typeof e.retriable === 'boolean') return e.retriable;
  // The pg driver's lost connection or timeout, a pool or data source closing while the service stops.
  if (err instanceof Error && (TRANSIENT_MESSAGE.test(err.message) || TRANSIENT_MESSAGE.test(err.name)))
    return true;
  return false;
}

/** A failure as one line for a dead letter's reason or a log: its kind, code and message. */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const driver = (err as { driverError?: { code?: unknown } }).driverError;
  const sqlstate =
    typeof driver?.code === 'string' ? driver.code : typeof code === 'string' ? code : undefined;
  return `${err.name}${sqlstate ? ` ${sqlstate}` : ''}: ${err.message}`;
}
