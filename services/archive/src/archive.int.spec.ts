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
import {
  loadStackSettings,
  personHeader,
  type ServiceUnderTest,
  startServiceUnderTest,
  TEST_CALLER_TOKEN,
} from '@jishi/testing';
import { Client } from 'pg';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NestFactory } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { AppModule } from './app.module';
import { loadArchiveConfig } from './config';
import { signatureSuite } from '@jishi/evidence';

/** The log key of the archives under test, and heads signed every half second. */
const LOG_KEY = signatureSuite('ed25519-sha256').generateKeyPair();
const attachmentsDir = mkdtempSync(nodePath.join(tmpdir(), 'jishi-attachments-'));
const LOG_ENV = {
  ARCHIVE_LOG_PRIVATE_KEY: LOG_KEY.privateKey,
  ARCHIVE_TREE_HEAD_INTERVAL_MS: '500',
  ARCHIVE_ATTACHMENTS_DIR: attachmentsDir,
};
import type { CaseRecord } from './ledger/ledger.service';

describe('the archive service on the real stack', () => {
  const caseId = `arch-${randomUUID()}`;
  let service: ServiceUnderTest;

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

  const get = (path: string, token?: string | null) => service.request('GET', path, undefined, token);

  async function recordOf(count: number): Promise<CaseRecord> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const record = (await (await get(`/cases/${caseId}/record`)).json()) as CaseRecord;
      if (record.entries.length >= count || Date.now() > deadline) return record;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'ARCHIVE',
      database: 'jishi_archive',
      boot: (env) =>
        NestFactory.create(AppModule.of(loadArchiveConfig({ ...env, ...LOG_ENV })), {
          logger: ['error'],
          rawBody: true,
        }),
    });
  });

  afterAll(() => service?.close());

  const send = async (envelopes: Envelope[]) => {
    for (const envelope of envelopes)
      await service.send(Topics.caseEvents, envelope.caseId, encodeEnvelope(envelope));
  };

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

  it('takes inserts only, and shows an entry tampered by the tables’ owner when the chain is verified', async () => {
    const table = `"${service.schema}"."ledger_entry"`;
    const tamper = `UPDATE ${table} SET "actor_id" = 'forger' WHERE "case_id" = $1 AND "sequence" = 2`;
    await expect(service.pg.query(tamper, [caseId])).rejects.toThrow(/the ledger takes inserts only/);
    await expect(service.pg.query(`DELETE FROM ${table} WHERE "case_id" = $1`, [caseId])).rejects.toThrow(
      /the ledger takes inserts only/,
    );
    // The owner of the tables can switch the guard off: the chain still shows what was changed.
    await service.pg.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await service.pg.query(tamper, [caseId]);
    await service.pg.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    const record = await recordOf(4);
    expect(record.verification).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('re-hashes each stored payload: one edited in place, its digest left alone, is found', async () => {
    const other = `arch-${randomUUID()}`;
    for (const n of [1, 2, 3])
      await service.send(
        Topics.caseEvents,
        other,
        encodeEnvelope({ ...fact(n), caseId: other, eventId: `case-${other}/fact/${n}` }),
      );
    const deadline = Date.now() + 45_000;
    let record: CaseRecord;
    do {
      record = (await (await get(`/cases/${other}/record`)).json()) as CaseRecord;
    } while (record.entries.length < 3 && Date.now() < deadline);
    expect(record.verification).toEqual({ valid: true, entries: 3 });
    const table = `"${service.schema}"."ledger_entry"`;
    await service.pg.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await service.pg.query(
      `UPDATE ${table} SET "payload" = overlay("payload" placing '\\x58'::bytea from 3 for 1) WHERE "case_id" = $1 AND "sequence" = 3`,
      [other],
    );
    await service.pg.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    record = (await (await get(`/cases/${other}/record`)).json()) as CaseRecord;
    expect(record.verification).toEqual({
      valid: false,
      entries: 3,
      brokenAt: 3,
      reason: 'its payload does not match its digest',
    });
  });

  it('keeps attachments by digest: the same bytes once, a file edited on disk found and repaired by its bytes, another case refused', async () => {
    const bytes = Buffer.from(`%PDF-1.4 会议记录 ${caseId}`, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const put = (id: string, name: string, mediaType = 'application/pdf', body: Buffer = bytes) =>
      fetch(`${service.baseUrl}/cases/${id}/attachments?${new URLSearchParams({ name }).toString()}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${TEST_CALLER_TOKEN}`,
          ...personHeader(
            'archive',
            { id: 'staff-1', role: 'org_staff', unitId: 'org-dept' },
            {
              method: 'PUT',
              path: `/cases/${id}/attachments?${new URLSearchParams({ name }).toString()}`,
              streamed: true,
            },
          ),
          'content-type': 'application/octet-stream',
          'x-media-type': mediaType,
        },
        body,
      });
    const first = await put(caseId, '会议记录.pdf');
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      sha256,
      size: bytes.length,
      mediaType: 'application/pdf',
      uploadedBy: 'staff-1',
    });
    const again = await put(caseId, '另一名称.pdf');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sha256, name: '会议记录.pdf' });
    expect((await put(caseId, 'x.pdf', 'not a type')).status).toBe(400);
    expect((await put(caseId, 'a/b.pdf')).status).toBe(400);
    const meta = async (id = caseId) => {
      const reply = await get(`/cases/${id}/attachments/${sha256}/meta`);
      return { status: reply.status, body: (await reply.json()) as { intact?: boolean } };
    };
    expect(await meta()).toMatchObject({ status: 200, body: { intact: true } });
    // Bound to its case: another case does not hold it until it is uploaded there.
    expect((await meta(`${caseId}-other`)).status).toBe(404);
    // Someone with access to the disk edits the stored file: it no longer hashes to its digest.
    const file = nodePath.join(attachmentsDir, sha256.slice(0, 2), sha256);
    writeFileSync(file, Buffer.from('%PDF-1.4 另一份记录'));
    expect(await meta()).toMatchObject({ status: 200, body: { intact: false } });
    // The true bytes uploaded again restore it; other bytes never replace it.
    expect((await put(caseId, '会议记录.pdf')).status).toBe(200);
    expect(await meta()).toMatchObject({ status: 200, body: { intact: true } });
    const read = await get(`/cases/${caseId}/attachments/${sha256}`);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    // The table takes inserts only.
    await expect(
      service.pg.query(`UPDATE "${service.schema}"."attachment" SET "name" = 'x' WHERE "sha256" = $1`, [
        sha256,
      ]),
    ).rejects.toThrow(/inserts only/);
  });

  it('lets the archive’s own role read and add to the record, never change, delete or truncate it, nor switch its guard off', async () => {
    const { postgres } = loadStackSettings();
    const asArchive = new Client({
      host: postgres.host,
      port: postgres.port,
      user: postgres.archive.username,
      password: postgres.archive.password,
      database: 'jishi_archive',
    });
    await asArchive.connect();
    try {
      await asArchive.query(`SET search_path TO "${service.schema}"`);
      // What the service does: read, and add.
      expect((await asArchive.query(`SELECT count(*)::int AS n FROM "ledger_entry"`)).rows[0]).toMatchObject({
        n: expect.any(Number),
      });
      await asArchive.query(
        `INSERT INTO "attachment" ("case_id", "sha256", "name", "media_type", "size", "uploaded_by", "uploaded_role")
         VALUES ($1, $2, 'x.pdf', 'application/pdf', 1, 'staff-1', 'org_staff')`,
        [caseId, 'f'.repeat(64)],
      );
      // What an insider with the service's credentials would try: each refused by the grants.
      for (const tamper of [
        `UPDATE "ledger_fact" SET "gate" = 'motion'`,
        `DELETE FROM "ledger_entry"`,
        `UPDATE "merkle_node" SET "hash" = "hash"`,
        `DELETE FROM "merkle_head"`,
        `UPDATE "signing_key_revocation" SET "reason" = 'x'`,
        `DELETE FROM "attachment"`,
        `TRUNCATE "ledger_fact"`,
      ])
        await expect(asArchive.query(tamper)).rejects.toThrow(/permission denied/);
      await expect(asArchive.query(`ALTER TABLE "ledger_fact" DISABLE TRIGGER USER`)).rejects.toThrow(
        /must be owner/,
      );
    } finally {
      await asArchive.end();
    }
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

describe('the archive’s attachments in an S3-compatible store (S3Proxy, as deployments run any S3 service)', () => {
  const caseId = `s3-${randomUUID()}`;
  const bucket = `jishi-test-${randomUUID().slice(0, 8)}`;
  const { s3 } = loadStackSettings();
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'ARCHIVE',
      database: 'jishi_archive',
      boot: (env) =>
        NestFactory.create(
          AppModule.of(
            loadArchiveConfig({
              ...env,
              ...LOG_ENV,
              ARCHIVE_S3_ENDPOINT: s3.endpoint,
              ARCHIVE_S3_BUCKET: bucket,
              ARCHIVE_S3_ACCESS_KEY: s3.accessKey,
              ARCHIVE_S3_SECRET_KEY: s3.secretKey,
            }),
          ),
          { logger: ['error'], rawBody: true },
        ),
    });
  });

  afterAll(async () => {
    await service?.close();
    client.destroy();
  });

  it('keeps each file once under its digest in the bucket, finds one rewritten there, and is restored only by its true bytes', async () => {
    const bytes = Buffer.from(`OggS 会议录音 ${caseId}`, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const put = (name: string) =>
      fetch(`${service.baseUrl}/cases/${caseId}/attachments?${new URLSearchParams({ name }).toString()}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${TEST_CALLER_TOKEN}`,
          ...personHeader(
            'archive',
            { id: 'recorder-1', role: 'recorder', unitId: 'org-dept' },
            {
              method: 'PUT',
              path: `/cases/${caseId}/attachments?${new URLSearchParams({ name }).toString()}`,
              streamed: true,
            },
          ),
          'content-type': 'application/octet-stream',
          'x-media-type': 'audio/ogg',
        },
        body: bytes,
      });
    expect((await put('会议录音.ogg')).status).toBe(201);
    expect((await put('会议录音.ogg')).status).toBe(200);
    // In the bucket under its digest, byte for byte.
    const stored = await client.send(new GetObjectCommand({ Bucket: bucket, Key: sha256 }));
    expect(
      Buffer.from(
        await (stored.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ).equals(bytes),
    ).toBe(true);
    const meta = async () =>
      (await (await service.request('GET', `/cases/${caseId}/attachments/${sha256}/meta`)).json()) as {
        intact: boolean;
      };
    expect(await meta()).toMatchObject({ intact: true });
    // Someone with access to the bucket rewrites the object.
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: sha256, Body: Buffer.from('OggS another recording') }),
    );
    expect(await meta()).toMatchObject({ intact: false });
    expect((await put('会议录音.ogg')).status).toBe(200);
    expect(await meta()).toMatchObject({ intact: true });
    const read = await service.request('GET', `/cases/${caseId}/attachments/${sha256}`);
    expect(read.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    // A digest the bucket does not hold is not found.
    expect((await service.request('GET', `/cases/${caseId}/attachments/${'0'.repeat(64)}/meta`)).status).toBe(
      404,
    );
  });
});
