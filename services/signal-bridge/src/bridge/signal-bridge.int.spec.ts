import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CalendarChange,
  CalendarYearChangedSchema,
  ConsultationAnsweredSchema,
  caseWorkflowId,
  createEnvelope,
  DecisionTalliedSchema,
  encodeEnvelope,
  type Envelope,
  Topics,
} from '@jishi/contracts';
import { createProducer, DEAD_LETTER_HEADERS, PartyRegistry, signEnvelope } from '@jishi/messaging';
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Kafka, type KafkaMessage, logLevel, type Producer } from 'kafkajs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { calendarWaiter, receivedQuery, signalRecorder } from '../fixtures/signal-recorder.workflow';
import { SignalBridge } from './signal-bridge';

const stack = loadStackSettings();
const kafka = new Kafka({
  clientId: 'bridge-test',
  brokers: stack.kafka.brokers,
  sasl: stack.kafka.sasl(),
  logLevel: logLevel.NOTHING,
});

// The audit office's system, with its key registered.
const auditKey = generateKeyPairSync('ed25519');
const parties = PartyRegistry.fromJson(
  JSON.stringify({
    parties: [
      {
        principal: 'unit-audit',
        unit: 'audit',
        publicKey: auditKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ],
  }),
);

describe('the signal bridge on the real stack (Kafka → the Temporal server)', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  let producer: Producer;
  let bridge: SignalBridge;
  const caseId = `bridge-${randomUUID()}`;
  const taskQueue = `bridge-test-${randomUUID()}`;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed by an earlier test file in this process
    }
    connection = await Connection.connect({ address: stack.temporal.address, tls: stack.temporal.tls() });
    nativeConnection = await NativeConnection.connect({
      address: stack.temporal.address,
      tls: stack.temporal.tls(),
    });
    client = new Client({ connection, namespace: stack.temporal.namespace });
    producer = createProducer(kafka);
    await producer.connect();
    bridge = new SignalBridge(kafka, producer, client, `bridge-test-${randomUUID()}`, parties);
    await bridge.start();
  });

  afterAll(async () => {
    await bridge?.stop();
    await producer?.disconnect();
    await nativeConnection?.close();
    await connection?.close();
  });

  const envelope = (eventId: string, forCase: string, type: string, payload: Uint8Array): Envelope =>
    createEnvelope({
      eventId,
      caseId: forCase,
      type,
      occurredAt: new Date(),
      actor: { id: 'voting-service', kind: ActorKind.SERVICE, role: 'service' },
      payload,
    });

  const send = (topic: string, e: Envelope) =>
    producer.send({ topic, messages: [{ key: e.caseId, value: Buffer.from(encodeEnvelope(e)) }] });

  it('signals results and answers to the case workflow, with their event ids', async () => {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: stack.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/signal-recorder.workflow'),
    });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start(signalRecorder, {
        taskQueue,
        workflowId: caseWorkflowId(caseId),
      });
      const tally = create(DecisionTalliedSchema, {
        step: { stepId: 'decision.meeting', items: {} },
        outcome: 'passed',
        candidateId: 'b',
      });
      await send(
        Topics.votingEvents,
        envelope(
          `voting/${caseId}/tally`,
          caseId,
          DecisionTalliedSchema.typeName,
          toBinary(DecisionTalliedSchema, tally),
        ),
      );
      const answer = create(ConsultationAnsweredSchema, {
        unit: 'audit',
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-11-27',
      });
      await send(
        Topics.consultationAnswers,
        signEnvelope(
          createEnvelope({
            eventId: `unit-audit/answer/${caseId}`,
            caseId,
            type: ConsultationAnsweredSchema.typeName,
            occurredAt: new Date(),
            actor: { id: 'audit-system', kind: ActorKind.SERVICE, unitId: 'audit' },
            payload: toBinary(ConsultationAnsweredSchema, answer),
          }),
          { principal: 'unit-audit', privateKey: auditKey.privateKey },
        ),
      );

      let received: { name: string; args: unknown }[] = [];
      for (let i = 0; i < 120 && received.length < 2; i++) {
        received = await handle.query(receivedQuery);
        if (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(received).toEqual(
        expect.arrayContaining([
          {
            name: 'serviceResult',
            args: expect.objectContaining({
              eventId: `voting/${caseId}/tally`,
              service: 'voting',
              outcome: 'passed',
            }),
          },
          {
            name: 'consultationAnswer',
            args: expect.objectContaining({ eventId: `unit-audit/answer/${caseId}`, unit: 'audit' }),
          },
        ]),
      );
      await handle.terminate('test done');

      // The same topic replayed after the case ended: nothing to signal, nothing dead-lettered.
      const replayed = {
        key: Buffer.from(caseId),
        value: Buffer.from(
          encodeEnvelope(
            envelope(
              `voting/${caseId}/tally`,
              caseId,
              DecisionTalliedSchema.typeName,
              toBinary(DecisionTalliedSchema, tally),
            ),
          ),
        ),
        headers: {},
      } as unknown as KafkaMessage;
      expect(await bridge.bridge(Topics.votingEvents, replayed)).toBe('ignored');
    });
  });

  it('wakes every running case waiting for a year with its latest change, never twice for one change, and no other case', async () => {
    // A year no other test waits for, so only this test's cases are listed.
    const year = 2150 + Math.floor(Math.random() * 50);
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: stack.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/signal-recorder.workflow'),
    });
    await worker.runUntil(async () => {
      const waiters = await Promise.all(
        [1, 2].map((n) =>
          client.workflow.start(calendarWaiter, {
            taskQueue,
            workflowId: `calendar-waiter-${n}-${randomUUID()}`,
            args: [year],
          }),
        ),
      );
      const other = await client.workflow.start(calendarWaiter, {
        taskQueue,
        workflowId: `calendar-waiter-other-${randomUUID()}`,
        args: [year + 1],
      });
      const change = (version: number, kind: CalendarChange) =>
        createEnvelope({
          eventId: `calendar/${year}/v${version}/${randomUUID()}`,
          caseId: `calendar-${year}`,
          type: CalendarYearChangedSchema.typeName,
          occurredAt: new Date(),
          actor: { id: 'admin-1', kind: ActorKind.PERSON, role: 'org_admin', unitId: 'org-dept' },
          payload: toBinary(
            CalendarYearChangedSchema,
            create(CalendarYearChangedSchema, { year, version, change: kind }),
          ),
        });
      await send(Topics.calendarEvents, change(1, CalendarChange.LOADED));
      await send(Topics.calendarEvents, change(2, CalendarChange.WITHDRAWN));
      // Redelivered: the same change signals nobody twice.
      await send(Topics.calendarEvents, change(2, CalendarChange.WITHDRAWN));
      const signalled = async () => Promise.all(waiters.map((w) => w.query(receivedQuery)));
      let received = await signalled();
      const latest = (r: { args: unknown }[]) => r.some((x) => (x.args as { version: number }).version === 2);
      for (let i = 0; i < 120 && !received.every(latest); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        received = await signalled();
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // A waiter not yet visible when the first change came is woken by the second; none twice by one.
      for (const r of await signalled()) {
        const versions = r.map((x) => (x.args as { year: number; version: number }).version);
        expect(
          r.every((x) => x.name === 'calendarChanged' && (x.args as { year: number }).year === year),
        ).toBe(true);
        expect(versions.at(-1)).toBe(2);
        expect(new Set(versions).size).toBe(versions.length);
      }
      expect(await other.query(receivedQuery)).toEqual([]);
      for (const w of [...waiters, other]) await w.terminate('test done');
    });

    const malformed = {
      key: Buffer.from(`calendar-${year}`),
      value: Buffer.from(
        encodeEnvelope(
          createEnvelope({
            eventId: `calendar/bad/${randomUUID()}`,
            caseId: `calendar-${year}`,
            type: CalendarYearChangedSchema.typeName,
            occurredAt: new Date(),
            actor: { id: 'admin-1', kind: ActorKind.PERSON },
            payload: toBinary(
              CalendarYearChangedSchema,
              create(CalendarYearChangedSchema, { year: 12, version: 1, change: CalendarChange.LOADED }),
            ),
          }),
        ),
      ),
      headers: {},
    } as unknown as KafkaMessage;
    expect(await bridge.bridge(Topics.calendarEvents, malformed)).toBe('dead-letter');
  });

  it('sends a result for a case without a workflow to the dead-letter topic, with the reason', async () => {
    const orphan = `orphan-${randomUUID()}`;
    const tally = create(DecisionTalliedSchema, {
      step: { stepId: 'decision.meeting' },
      outcome: 'passed',
      candidateId: 'b',
    });
    const message = {
      key: Buffer.from(orphan),
      value: Buffer.from(
        encodeEnvelope(
          envelope(
            `voting/${orphan}/tally`,
            orphan,
            DecisionTalliedSchema.typeName,
            toBinary(DecisionTalliedSchema, tally),
          ),
        ),
      ),
      headers: {},
    } as unknown as KafkaMessage;
    expect(await bridge.bridge(Topics.votingEvents, message)).toBe('dead-letter');

    const consumer = kafka.consumer({ groupId: `dead-read-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.deadLetter, fromBeginning: true });
    const dead = await new Promise<KafkaMessage>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          if (m.key?.toString() === orphan) resolve(m);
        },
      });
    });
    await consumer.disconnect();
    expect(dead.headers?.[DEAD_LETTER_HEADERS.consumer]?.toString()).toBe('signal-bridge');
    expect(dead.headers?.[DEAD_LETTER_HEADERS.reason]?.toString()).toMatch(/not found/i);
  });
});
