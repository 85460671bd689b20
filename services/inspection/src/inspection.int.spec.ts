import 'reflect-metadata';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  InspectionCompletedSchema,
  StartInspectionSchema,
  Topics,
} from '@jishi/contracts';
import { loadStackSettings } from '@jishi/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, type KafkaMessage, logLevel, Partitioners, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { loadInspectionConfig } from './config';
import type { InspectionView } from './inspections/inspections.service';
import { validationPipe } from './validation.pipe';

const stack = loadStackSettings();
const TOKEN = 'gateway-token-for-tests-0123456789';
const kafka = new Kafka({
  clientId: 'inspection-test',
  brokers: stack.kafka.brokers,
  logLevel: logLevel.NOTHING,
});

describe('the inspection service on the real stack', () => {
  const schema = `inspection_${randomUUID().replace(/-/g, '')}`;
  const caseId = `insp-${randomUUID()}`;
  const pg = new Client({ ...stack.postgres, user: stack.postgres.username, database: 'jishi_inspection' });
  let app: INestApplication;
  let base: string;
  let producer: Producer;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/inspections/${caseId}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const report = {
    signerIds: ['inspector-1', 'inspector-2'],
    conclusion: '该同志政治坚定，实绩突出，群众公认',
    fileReviewDone: true,
    personalMatters: 'consistent',
    disciplineOutcome: '未发现影响使用的问题',
    disciplineAffectsUse: false,
    petitionCheckDone: true,
  };

  beforeAll(async () => {
    await pg.connect();
    await pg.query(`CREATE SCHEMA "${schema}"`);
    const config = loadInspectionConfig({
      INSPECTION_PORT: '0',
      INSPECTION_DB_PASSWORD: stack.postgres.password,
      INSPECTION_DB_SCHEMA: schema,
      INSPECTION_KAFKA_GROUP: `inspection-test-${randomUUID()}`,
      INSPECTION_CALLER_TOKENS: TOKEN,
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
    });
    app = await NestFactory.create(AppModule.of(config), { logger: ['error'] });
    app.useGlobalPipes(validationPipe);
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const command = createEnvelope({
      eventId: `case-${caseId}/inspection/start`,
      caseId,
      type: StartInspectionSchema.typeName,
      occurredAt: new Date(),
      actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        StartInspectionSchema,
        create(StartInspectionSchema, { posts: 1, candidateIds: ['cand-a', 'cand-b', 'cand-c'] }),
      ),
    });
    await producer.send({
      topic: Topics.inspectionCommands,
      messages: [{ key: caseId, value: Buffer.from(encodeEnvelope(command)) }],
    });
    for (let i = 0; i < 120 && (await call('GET', '')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 250));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  it('shortlists two candidates per post from the nomination result', async () => {
    expect(await (await call('GET', '')).json()).toMatchObject({
      shortlist: ['cand-a', 'cand-b'],
      status: 'open',
    });
  });

  it('refuses a team of one, or with a candidate’s kin, and the report before the team', async () => {
    expect((await call('PUT', '/report', report)).status).toBe(409);
    const alone = await call('PUT', '/team', { members: [{ personId: 'inspector-1', kinship: {} }] });
    expect(alone.status).toBe(400);
    expect(await alone.json()).toMatchObject({ code: 'INSP.TEAM_SIZE' });
    const kin = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', kinship: {} },
        { personId: 'inspector-2', kinship: { 'cand-b': 'spouse' } },
      ],
    });
    expect(kin.status).toBe(400);
    expect(await kin.json()).toMatchObject({ code: 'INSP.TEAM_RECUSAL' });
    const team = await call('PUT', '/team', {
      members: [
        { personId: 'inspector-1', kinship: {} },
        { personId: 'inspector-2', kinship: { 'cand-b': 'other' } },
      ],
    });
    expect(team.status).toBe(204);
  });

  it('takes appraisals and the report signed by the whole team, refusing a concealed personal matter', async () => {
    const appraisals = [
      { 'cand-a': 'competent', 'cand-b': 'excellent' },
      { 'cand-a': 'competent', 'cand-b': 'excellent' },
      { 'cand-a': 'excellent', 'cand-b': 'competent' },
    ];
    for (const [i, grades] of appraisals.entries()) {
      expect((await call('POST', '/appraisals', { participantId: `p${i}`, grades })).status).toBe(204);
    }
    expect((await call('POST', '/appraisals', { participantId: 'p0', grades: appraisals[0] })).status).toBe(
      409,
    );
    const partial = await call('POST', '/appraisals', {
      participantId: 'p9',
      grades: { 'cand-a': 'competent' },
    });
    expect(partial.status).toBe(400);
    expect(await partial.json()).toMatchObject({ code: 'REQUEST.INVALID', field: 'grades' });

    const unsigned = await call('PUT', '/report', { ...report, signerIds: ['inspector-1'] });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ code: 'INSP.REPORT_SIGNATURES' });
    const concealed = await call('PUT', '/report', { ...report, personalMatters: 'concealed' });
    expect(concealed.status).toBe(400);
    expect(await concealed.json()).toMatchObject({ code: 'INSP.CONCEALMENT' });
    expect((await call('PUT', '/report', report)).status).toBe(204);
  });

  it('ranks the shortlist by appraisal and publishes the result through the outbox', async () => {
    const closed = await call('POST', '/close');
    expect(closed.status).toBe(200);
    const view = (await closed.json()) as InspectionView;
    expect(view.ranking).toEqual([
      { candidateId: 'cand-b', score: 93.33, rank: 1 },
      { candidateId: 'cand-a', score: 86.67, rank: 2 },
    ]);
    const consumer = kafka.consumer({ groupId: `inspection-read-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.inspectionEvents, fromBeginning: true });
    const message = await new Promise<KafkaMessage>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          if (m.key?.toString() === caseId) resolve(m);
        },
      });
    });
    await consumer.disconnect();
    const result = fromBinary(InspectionCompletedSchema, decodeEnvelope(message.value as Buffer).payload);
    expect(result.rankedCandidateIds).toEqual(['cand-b', 'cand-a']);
    expect(result.steps.map((s) => s.stepId)).toEqual([
      'inspection.shortlist',
      'inspection.team',
      'inspection.notice',
      'inspection.appraisal',
      'inspection.talks',
      'inspection.investigation',
      'inspection.four_musts',
      'inspection.ranking',
      'inspection.report',
    ]);
  });
});
