import 'reflect-metadata';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CaseFactRecordedSchema,
  createEnvelope,
  encodeEnvelope,
  type Envelope,
  Topics,
} from '@jishi/contracts';
import { loadStackSettings } from '@jishi/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { loadArchiveConfig } from './config';
import type { CaseRecord } from './ledger/ledger.service';

const stack = loadStackSettings();
const TOKEN = 'gateway-token-for-tests-0123456789';

describe('the archive service on the real stack', () => {
  const schema = `archive_${randomUUID().replace(/-/g, '')}`;
  const caseId = `arch-${randomUUID()}`;
  const pg = new Client({ ...stack.postgres, user: stack.postgres.username, database: 'jishi_archive' });
  let app: INestApplication;
  let base: string;
  let producer: Producer;

  const fact = (sequence: number): Envelope =>
    createEnvelope({
      eventId: `case-${caseId}/fact/${sequence}`,
      caseId,
      type: CaseFactRecordedSchema.typeName,
      occurredAt: new Date(`2026-11-27T08:00:0${sequence}.000Z`),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        CaseFactRecordedSchema,
        create(CaseFactRecordedSchema, {
          sequence,
          gate: 'motion',
          kind: 'step.recorded',
          summary: `${sequence}`,
        }),
      ),
    });

  const get = (path: string, token: string | null = TOKEN) =>
    fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function recordOf(count: number): Promise<CaseRecord> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const record = (await (await get(`/cases/${caseId}/record`)).json()) as CaseRecord;
      if (record.entries.length >= count || Date.now() > deadline) return record;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    await pg.connect();
    await pg.query(`CREATE SCHEMA "${schema}"`);
    const config = loadArchiveConfig({
      ARCHIVE_PORT: '0',
      ARCHIVE_DB_PASSWORD: stack.postgres.password,
      ARCHIVE_DB_SCHEMA: schema,
      ARCHIVE_KAFKA_GROUP: `archive-test-${randomUUID()}`,
      ARCHIVE_CALLER_TOKENS: TOKEN,
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
    });
    app = await NestFactory.create(AppModule.of(config), { logger: ['error'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    producer = new Kafka({
      clientId: 'archive-test',
      brokers: stack.kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  const send = (envelopes: Envelope[]) =>
    producer.send({
      topic: Topics.caseEvents,
      messages: envelopes.map((e) => ({ key: e.caseId, value: Buffer.from(encodeEnvelope(e)) })),
    });

  it('chains every fact of a case in order, and a redelivered fact changes nothing', async () => {
    await send([fact(1), fact(2), fact(3)]);
    const record = await recordOf(3);
    expect(record.entries.map((e) => e.eventId)).toEqual([1, 2, 3].map((n) => `case-${caseId}/fact/${n}`));
    expect(record.entries.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(record.verification).toEqual({ valid: true, entries: 3 });

    await send([fact(2), fact(3)]); // at-least-once: the same events again
    await send([fact(4)]);
    const after = await recordOf(4);
    expect(after.entries.map((e) => e.eventId)).toEqual([1, 2, 3, 4].map((n) => `case-${caseId}/fact/${n}`));
    expect(after.verification.valid).toBe(true);
  });

  it('shows a tampered entry when the chain is verified', async () => {
    await pg.query(
      `UPDATE "${schema}"."ledger_entry" SET "actor_id" = 'forger' WHERE "case_id" = $1 AND "sequence" = 2`,
      [caseId],
    );
    const record = await recordOf(4);
    expect(record.verification).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('refuses a caller without a valid token, and a malformed case id, saying why', async () => {
    const anonymous = await get(`/cases/${caseId}/record`, null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    expect((await get(`/cases/${caseId}/record`, 'wrong-token-wrong-token-0000')).status).toBe(401);
    const malformed = await get(`/cases/${encodeURIComponent('bad id!')}/record`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'caseId' });
  });
});
