import { ActorKind, createEnvelope, encodeEnvelope } from '@jishi/contracts';
import type { SystemUnderTest } from '@jishi/e2e';
import { type AssertedPerson, PERSON_ASSERTION_HEADER, signPersonAssertion } from '@jishi/identity';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

export type Service = 'voting' | 'nomination' | 'inspection' | 'calendar';

/**
 * Calls a service of a running system the way an insider on its network could: with a process's
 * credential (the gateway's, unless told otherwise) and, for `as`, an assertion signed with the
 * gateway's key — or with whatever credential and assertion the attack brings.
 */
export class ServiceCalls {
  constructor(private readonly system: SystemUnderTest) {}

  async call(
    service: Service,
    method: string,
    path: string,
    body: unknown,
    options: {
      as?: AssertedPerson;
      credential?: string | null;
      assertion?: string;
      key?: Parameters<typeof signPersonAssertion>[0];
    } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const assertion =
      options.assertion ??
      (options.as
        ? signPersonAssertion(options.key ?? this.system.personAssertionKey.privateKey, options.as, {
            audience: service,
            method,
            path,
            ...(text === undefined ? {} : { body: text }),
          })
        : undefined);
    const credential =
      options.credential === undefined ? this.system.credential('gateway') : options.credential;
    const response = await fetch(`${this.system.serviceUrl(service)}${path}`, {
      method,
      headers: {
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        ...(assertion ? { [PERSON_ASSERTION_HEADER]: assertion } : {}),
      },
      ...(text === undefined ? {} : { body: text }),
    });
    const answer = await response.text();
    return { status: response.status, body: (answer ? JSON.parse(answer) : {}) as Record<string, unknown> };
  }

  /** Rows of a service's table for a case, read behind the service's back (as its tables' owner). */
  async rows(service: Service, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const pg = this.system.databases.get(service);
    if (!pg) throw new Error(`no database for ${service}`);
    return (await pg.query(sql, params)).rows as Record<string, unknown>[];
  }

  /** Sends the command that opens a gate's part in a service, as the case's worker does. */
  async command(topic: string, caseId: string, type: string, payload: Uint8Array): Promise<void> {
    const kafka = new Kafka({
      clientId: `faults-${caseId}`,
      brokers: this.system.stack.kafka.brokers,
      sasl: this.system.stack.kafka.sasl('jishi-worker'),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const envelope = createEnvelope({
      eventId: `case-${caseId}/${topic}/start`,
      caseId,
      type,
      occurredAt: new Date(),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload,
    });
    await producer.send({ topic, messages: [{ key: caseId, value: Buffer.from(encodeEnvelope(envelope)) }] });
    await producer.disconnect();
  }

  /** Waits until a service serves a path (its command has been taken). */
  async opened(service: Service, path: string): Promise<void> {
    for (let i = 0; i < 240; i++) {
      if ((await this.call(service, 'GET', path, undefined)).status === 200) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${path} never opened`);
  }
}

/** A roll of people by id (their names the same). */
export const roll = (ids: readonly string[]) => ({ members: ids.map((id) => ({ personId: id, name: id })) });
