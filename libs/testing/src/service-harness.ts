import type { INestApplication } from '@nestjs/common';
import { Kafka, type KafkaMessage, logLevel, Partitioners, type Producer } from 'kafkajs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type AssertedPerson, PERSON_ASSERTION_HEADER, signPersonAssertion } from '@jishi/identity';
import { loadStackSettings } from './config/stack.config';

/** The gateway's credential at a service under test. */
export const TEST_CALLER_TOKEN = 'gateway-token-for-tests-0123456789';
/** Another process's credential there (the worker's), which opens only the endpoints naming it. */
export const TEST_WORKER_TOKEN = 'worker-token-for-tests-0123456789';

/** The gateway's person-assertion key in tests, its public half given to every service under test. */
export const TEST_PERSON_ASSERTION_KEY = generateKeyPairSync('ed25519');
const personAssertionKeyFile = join(mkdtempSync(join(tmpdir(), 'jishi-service-')), 'person-assertion.pem');
writeFileSync(
  personAssertionKeyFile,
  TEST_PERSON_ASSERTION_KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
);

/** The header by which the gateway vouches for `as` on one call to a service under test. */
export function personHeader(
  audience: string,
  as: AssertedPerson,
  call: { method: string; path: string; body?: string; streamed?: boolean },
): Record<string, string> {
  return {
    [PERSON_ASSERTION_HEADER]: signPersonAssertion(TEST_PERSON_ASSERTION_KEY.privateKey, as, {
      audience,
      ...call,
    }),
  };
}

/** A NestJS service started for a test on the real stack, in a schema of its own. */
export interface ServiceUnderTest {
  readonly baseUrl: string;
  readonly schema: string;
  /** Connected to the service's database, for checks behind the service's back. */
  readonly pg: Client;
  /**
   * An HTTP request with the gateway's credential (or `token`; `null` sends none), acting for `as`
   * with an assertion signed as the gateway signs it.
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
    as?: AssertedPerson,
  ): Promise<Response>;
  /** Produces a record (an encoded envelope) on a topic under a key (the case id). */
  send(topic: string, key: string, value: Uint8Array): Promise<void>;
  /** Reads a topic from its start until a record with this key arrives. */
  firstKeyed(topic: string, key: string): Promise<KafkaMessage>;
  /** Reads a topic from its start until `count` records with this key have arrived, in order. */
  keyed(topic: string, key: string, count: number): Promise<KafkaMessage[]>;
  close(): Promise<void>;
}

/**
 * Starts a service the way its main does, with the environment of a test: its own schema in the
 * service's database, its own consumer group, port 0 and the test caller token.
 */
export async function startServiceUnderTest(options: {
  /** The service's configuration prefix, e.g. VOTING. */
  readonly prefix: string;
  /** The service's database, e.g. jishi_voting. */
  readonly database: string;
  /** Creates the application from the environment (config, pipes); the harness makes it listen. */
  readonly boot: (env: Record<string, string>) => Promise<INestApplication>;
}): Promise<ServiceUnderTest> {
  const stack = loadStackSettings();
  const name = options.prefix.toLowerCase();
  const schema = `${name}_${randomUUID().replace(/-/g, '')}`;
  const pg = new Client({ ...stack.postgres, user: stack.postgres.username, database: options.database });
  await pg.connect();
  await pg.query(`CREATE SCHEMA "${schema}"`);
  const app = await options.boot({
    [`${options.prefix}_PORT`]: '0',
    [`${options.prefix}_DB_PASSWORD`]: stack.postgres.password,
    [`${options.prefix}_DB_SCHEMA`]: schema,
    // The service logs in to Kafka as itself: its consumer groups start with its principal's name.
    [`${options.prefix}_KAFKA_GROUP`]: `jishi-${name}-test-${randomUUID()}`,
    ...stack.kafka.env(`jishi-${name}`),
    [`${options.prefix}_CALLERS`]: `gateway=${TEST_CALLER_TOKEN},worker=${TEST_WORKER_TOKEN}`,
    [`${options.prefix}_PERSON_ASSERTION_KEY_FILE`]: personAssertionKeyFile,
    // Each ballot its own batch, so that a test of the rules may cast one at a time (test/faults tries
    // the batches themselves).
    [`${options.prefix}_BALLOT_MIX_SIZE`]: '1',
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
  });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const kafka = new Kafka({
    clientId: `${name}-test`,
    brokers: stack.kafka.brokers,
    sasl: stack.kafka.sasl(),
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();

  async function keyed(topic: string, key: string, count: number): Promise<KafkaMessage[]> {
    const consumer = kafka.consumer({ groupId: `${name}-read-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const found: KafkaMessage[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          if (m.key?.toString() !== key || found.length >= count) return;
          found.push(m);
          if (found.length === count) resolve();
        },
      });
    });
    await consumer.disconnect();
    return found;
  }

  return {
    baseUrl,
    schema,
    pg,
    request: (method, path, body, token = TEST_CALLER_TOKEN, as) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const assertion = as
        ? personHeader(name, as, { method, path, ...(text === undefined ? {} : { body: text }) })
        : {};
      return fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...assertion,
        },
        ...(text === undefined ? {} : { body: text }),
      });
    },
    send: async (topic, key, value) => {
      await producer.send({ topic, messages: [{ key, value: Buffer.from(value) }] });
    },
    firstKeyed: async (topic, key) => (await keyed(topic, key, 1))[0] as KafkaMessage,
    keyed: (topic, key, count) => keyed(topic, key, count),
    close: async () => {
      await producer.disconnect();
      await app.close();
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
    },
  };
}
