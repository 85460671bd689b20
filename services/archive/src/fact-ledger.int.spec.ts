import 'reflect-metadata';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CaseFactRecordedSchema,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
  SupervisionSubmissionSchema,
  Topics,
  TreeHeadSchema,
} from '@jishi/contracts';
import { type ServiceUnderTest, startServiceUnderTest } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadArchiveConfig } from './config';
import {
  type ConsistencyProof,
  leafData,
  leafHash,
  nodeHash,
  signatureSuite,
  treeHeadText,
  verifyConsistency,
  verifyHeadSeries,
  verifyInclusion,
  verifySubmission,
} from '@jishi/evidence';

/** The log key of the archives under test, and heads signed every half second. */
const LOG_KEY = signatureSuite('ed25519-sha256').generateKeyPair();
const LOG_ENV = { ARCHIVE_LOG_PRIVATE_KEY: LOG_KEY.privateKey, ARCHIVE_TREE_HEAD_INTERVAL_MS: '500' };
import { factHash } from '@jishi/evidence';
import type { FactRecord } from './ledger/fact-ledger.service';
import { sha256Hex } from './ledger/ledger-chain';

type Record = FactRecord & { entries: unknown[] };

/**
 * The ledger of the case's facts on the real stack: facts from the case workflow's topic, each at
 * the place the workflow numbered it, with its content; redelivered, reordered, contradicted; read
 * back by gate and candidate; tampered with directly in PostgreSQL; rebuilt from the topic.
 */
describe('the archive’s ledger of facts on the real stack', () => {
  let service: ServiceUnderTest;

  /** A case's fact n: a step with items for a candidate, by a person, or a fact of the case. */
  const fact = (caseId: string, sequence: number, extra: { eventId?: string; content?: string } = {}) =>
    createEnvelope({
      eventId: extra.eventId ?? `case-${caseId}/fact/${sequence}`,
      caseId,
      type: CaseFactRecordedSchema.typeName,
      occurredAt: new Date(Date.UTC(2026, 10, 27, 8, 0, sequence)),
      actor:
        sequence % 2 === 0
          ? { id: 'staff-1', kind: ActorKind.PERSON, role: 'org_staff', unitId: 'org-dept' }
          : { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(
        CaseFactRecordedSchema,
        create(CaseFactRecordedSchema, {
          sequence,
          gate: sequence <= 2 ? 'qualification' : 'motion',
          kind: sequence % 2 === 0 ? 'step.recorded' : 'gate.opened',
          summary: `事实 ${sequence} / fact ${sequence}`,
          ...(sequence % 2 === 0
            ? {
                step: {
                  stepId: sequence <= 2 ? 'qualification.check' : 'motion.propose',
                  candidateId: sequence <= 2 ? 'c1' : '',
                  items: {
                    'motion.propose.reason': extra.content ?? `理由 ${sequence}`,
                    'qualification.check.work_years': sequence + 0.5,
                    'qualification.check.flags': ['a', 'b'],
                  },
                },
              }
            : {}),
        }),
      ),
    });

  const send = async (envelopes: Envelope[]) => {
    for (const envelope of envelopes)
      await service.send(Topics.caseEvents, envelope.caseId, encodeEnvelope(envelope));
  };

  const get = (path: string) => service.request('GET', path);

  async function recordOf(
    caseId: string,
    until: (r: Record) => boolean,
    query = '',
    on: ServiceUnderTest = service,
  ): Promise<Record> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const record = (await (await on.request('GET', `/cases/${caseId}/record${query}`)).json()) as Record;
      if (until(record) || Date.now() > deadline) return record;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** A case whose first `n` facts are on the record. */
  async function caseWith(n: number): Promise<string> {
    const caseId = `facts-${randomUUID()}`;
    await send(Array.from({ length: n }, (_, i) => fact(caseId, i + 1)));
    const record = await recordOf(caseId, (r) => r.facts.length === n);
    expect(record.factVerification).toEqual({ valid: true, facts: n });
    return caseId;
  }

  const table = () => `"${service.schema}"."ledger_fact"`;

  /** Waits until a signed head covers every fact of the case. */
  async function headCoveringAll(caseId: string): Promise<void> {
    const record = await recordOf(caseId, (r) => r.logVerification.inSignedHead === r.facts.length);
    expect(record.logVerification.valid).toBe(true);
  }

  /** Changes the ledger as an operator owning its tables would: with the guard switched off. */
  async function asOwner(sql: string, params: unknown[]): Promise<void> {
    await service.pg.query(`ALTER TABLE ${table()} DISABLE TRIGGER USER`);
    try {
      await service.pg.query(sql, params);
    } finally {
      await service.pg.query(`ALTER TABLE ${table()} ENABLE TRIGGER USER`);
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

  it('keeps each fact with its content at the place the workflow gave it, whatever order it arrives in, and a redelivery changes nothing', async () => {
    const caseId = `facts-${randomUUID()}`;
    // Fact 3 arrives first: it waits for 1 and 2.
    await send([fact(caseId, 3), fact(caseId, 1)]);
    let record = await recordOf(caseId, (r) => r.facts.length === 1 && r.pendingFacts.length === 1);
    expect(record.facts.map((f) => f.sequence)).toEqual([1]);
    expect(record.pendingFacts).toEqual([3]);
    await send([fact(caseId, 2), fact(caseId, 2), fact(caseId, 1), fact(caseId, 4)]);
    record = await recordOf(caseId, (r) => r.facts.length === 4);
    expect(record.facts.map((f) => f.sequence)).toEqual([1, 2, 3, 4]);
    expect(record.pendingFacts).toEqual([]);
    expect(record.factVerification).toEqual({ valid: true, facts: 4 });
    // The content is there: step, candidate, items, who acted and when.
    expect(record.facts[1]).toMatchObject({
      v: 1,
      caseId,
      sequence: 2,
      gate: 'qualification',
      kind: 'step.recorded',
      step: {
        stepId: 'qualification.check',
        candidateId: 'c1',
        items: {
          'motion.propose.reason': '理由 2',
          'qualification.check.work_years': 2.5,
          'qualification.check.flags': ['a', 'b'],
        },
      },
      actor: { id: 'staff-1', role: 'org_staff', unitId: 'org-dept' },
      occurredAt: '2026-11-27T08:00:02.000Z',
    });
    expect(record.facts[0]).not.toHaveProperty('step');
    const rows = await service.pg.query(`SELECT count(*)::int AS n FROM ${table()} WHERE "case_id" = $1`, [
      caseId,
    ]);
    expect(rows.rows[0].n).toBe(4);
  });

  it('keeps aside a fact that contradicts the one on the record at its place, never replacing it', async () => {
    const caseId = await caseWith(3);
    const before = await recordOf(caseId, () => true);
    await send([fact(caseId, 2, { eventId: `forged-${randomUUID()}`, content: '另一个理由' })]);
    const deadline = Date.now() + 45_000;
    let conflicts = 0;
    while (conflicts === 0 && Date.now() < deadline) {
      conflicts = (
        await service.pg.query(
          `SELECT count(*)::int AS n FROM "${service.schema}"."ledger_fact_conflict" WHERE "case_id" = $1 AND "sequence" = 2`,
          [caseId],
        )
      ).rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(conflicts).toBe(1);
    const after = await recordOf(caseId, () => true);
    expect(after.facts).toEqual(before.facts);
    expect(after.factVerification.valid).toBe(true);
  });

  it('dead-letters a fact it cannot keep (a place past the integer range) and goes on with the next', async () => {
    const caseId = `facts-${randomUUID()}`;
    await send([fact(caseId, 2 ** 31), fact(caseId, 1)]);
    const record = await recordOf(caseId, (r) => r.facts.length === 1);
    expect(record.facts.map((f) => f.sequence)).toEqual([1]);
    expect(record.pendingFacts).toEqual([]);
  });

  it('reads the record back by gate and by candidate, and says which query parameter is wrong', async () => {
    const caseId = await caseWith(4);
    const byGate = await recordOf(caseId, () => true, '?gate=qualification');
    expect(byGate.facts.map((f) => f.sequence)).toEqual([1, 2]);
    expect(byGate.factVerification).toEqual({ valid: true, facts: 4 }); // the whole case is verified
    const byCandidate = await recordOf(caseId, () => true, '?candidate=c1');
    expect(byCandidate.facts.map((f) => f.sequence)).toEqual([2]);
    const badGate = await get(`/cases/${caseId}/record?gate=nowhere`);
    expect(badGate.status).toBe(400);
    expect(await badGate.json()).toMatchObject({ code: 'QUERY.INVALID', field: 'gate' });
    const badCandidate = await get(`/cases/${caseId}/record?candidate=${encodeURIComponent('no such!')}`);
    expect(badCandidate.status).toBe(400);
    expect(await badCandidate.json()).toMatchObject({ field: 'candidate' });
  });

  describe('tampered with directly in PostgreSQL', () => {
    it('refuses to change or delete a fact, even its owner without switching the guard off', async () => {
      const caseId = await caseWith(2);
      await expect(
        service.pg.query(`UPDATE ${table()} SET "kind" = 'x' WHERE "case_id" = $1`, [caseId]),
      ).rejects.toThrow(/the ledger takes inserts only: UPDATE on ledger_fact refused/);
      await expect(service.pg.query(`DELETE FROM ${table()} WHERE "case_id" = $1`, [caseId])).rejects.toThrow(
        /inserts only/,
      );
    });

    it('finds a fact whose content was rewritten, at that fact', async () => {
      const caseId = await caseWith(4);
      await asOwner(
        `UPDATE ${table()} SET "content" = replace("content", '理由 2', '理由 X') WHERE "case_id" = $1 AND "sequence" = 2`,
        [caseId],
      );
      const record = await recordOf(caseId, () => true);
      expect(record.factVerification).toEqual({
        valid: false,
        facts: 4,
        brokenAt: 2,
        reason: 'its content does not match its digest',
      });
    });

    it('finds a fact rewritten with its digest and hash recomputed, at the fact after it', async () => {
      const caseId = await caseWith(4);
      const [row] = (
        await service.pg.query(
          `SELECT "content", "previous_hash" FROM ${table()} WHERE "case_id" = $1 AND "sequence" = 2`,
          [caseId],
        )
      ).rows as { content: string; previous_hash: string }[];
      const content = (row?.content ?? '').replace('理由 2', '理由 X');
      const digest = sha256Hex(content);
      await asOwner(
        `UPDATE ${table()} SET "content" = $2, "content_digest" = $3, "hash" = $4 WHERE "case_id" = $1 AND "sequence" = 2`,
        [caseId, content, digest, factHash(sha256Hex, row?.previous_hash ?? '', digest)],
      );
      const record = await recordOf(caseId, () => true);
      expect(record.factVerification).toMatchObject({ valid: false, brokenAt: 3 });
      expect(record.facts[1]?.step?.items['motion.propose.reason']).toBe('理由 X');
    });

    it('finds a column that no longer says what the content says (a fact moved to another gate)', async () => {
      const caseId = await caseWith(3);
      await asOwner(`UPDATE ${table()} SET "gate" = 'decision' WHERE "case_id" = $1 AND "sequence" = 3`, [
        caseId,
      ]);
      const record = await recordOf(caseId, () => true);
      expect(record.factVerification).toMatchObject({
        valid: false,
        brokenAt: 3,
        reason: 'its gate column differs from its content',
      });
    });

    it('finds a dropped fact, and two facts swapped', async () => {
      const dropped = await caseWith(4);
      await asOwner(`DELETE FROM ${table()} WHERE "case_id" = $1 AND "sequence" = 3`, [dropped]);
      expect((await recordOf(dropped, () => true)).factVerification).toMatchObject({
        valid: false,
        brokenAt: 3,
        reason: 'fact 3 is missing',
      });
      // The last facts removed: the chain alone cannot tell, the log can.
      const cut = await caseWith(4);
      await headCoveringAll(cut);
      await asOwner(`DELETE FROM ${table()} WHERE "case_id" = $1 AND "sequence" >= 3`, [cut]);
      const shortened = await recordOf(cut, () => true);
      expect(shortened.factVerification).toEqual({ valid: true, facts: 2 });
      expect(shortened.logVerification).toMatchObject({
        valid: false,
        brokenAt: 3,
        reason: 'fact 3 is missing: the log holds facts of the case up to 4',
      });
      const swapped = await caseWith(4);
      const move = (from: number, to: number) =>
        asOwner(`UPDATE ${table()} SET "sequence" = $3 WHERE "case_id" = $1 AND "sequence" = $2`, [
          swapped,
          from,
          to,
        ]);
      await move(2, 1000);
      await move(3, 2);
      await move(1000, 3);
      const record = await recordOf(swapped, () => true);
      expect(record.factVerification).toMatchObject({ valid: false, brokenAt: 2 });
    });
  });

  describe('the log of every case’s facts', () => {
    const suite = signatureSuite('ed25519-sha256');
    const hash = (data: Uint8Array) => Uint8Array.from(Buffer.from(suite.digest(data), 'hex'));
    const unhex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
    type Head = {
      treeSize: number;
      rootHash: string;
      timestamp: string;
      suite: string;
      publicKey: string;
      signature: string;
    };
    const signed = (h: Head) =>
      h.publicKey === LOG_KEY.publicKey && suite.verify(treeHeadText(h), h.signature, h.publicKey);

    /** The latest signed head once it covers the case's facts. */
    async function headCovering(caseId: string): Promise<Head> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const record = await recordOf(caseId, () => true);
        const reply = await get('/log/head');
        if (reply.status === 200) {
          const head = (await reply.json()) as Head;
          if (record.logVerification.inSignedHead === record.facts.length) return head;
        }
        if (Date.now() > deadline) throw new Error('no head covers the case');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    it('signs heads that prove each fact included and each later head consistent, and publishes them', async () => {
      const caseId = await caseWith(3);
      const first = await headCovering(caseId);
      expect(signed(first)).toBe(true);
      const record = await recordOf(caseId, () => true);
      expect(record.logVerification).toMatchObject({ valid: true, inSignedHead: 3 });
      for (const fact of record.facts) {
        const reply = await get(
          `/log/inclusion?case=${caseId}&sequence=${fact.sequence}&size=${first.treeSize}`,
        );
        const proof = (await reply.json()) as { leafIndex: number; treeSize: number; path: string[] };
        const leaf = leafHash(hash, leafData(caseId, fact.sequence, fact.contentDigest));
        expect(
          verifyInclusion(
            hash,
            proof.leafIndex,
            first.treeSize,
            leaf,
            proof.path.map(unhex),
            unhex(first.rootHash),
          ),
        ).toBe(true);
        // The same path does not prove another fact.
        const other = leafHash(hash, leafData(caseId, fact.sequence, suite.digest('something else')));
        expect(
          verifyInclusion(
            hash,
            proof.leafIndex,
            first.treeSize,
            other,
            proof.path.map(unhex),
            unhex(first.rootHash),
          ),
        ).toBe(false);
      }
      // The log grows; the later head is consistent with the earlier one.
      const later = await headCovering(await caseWith(2));
      expect(later.treeSize).toBeGreaterThan(first.treeSize);
      const consistency = (await (
        await get(`/log/consistency?from=${first.treeSize}&to=${later.treeSize}`)
      ).json()) as { proof: string[] };
      expect(
        verifyConsistency(
          hash,
          first.treeSize,
          unhex(first.rootHash),
          later.treeSize,
          unhex(later.rootHash),
          consistency.proof.map(unhex),
        ),
      ).toBe(true);
      // Supervisors keep the heads from the topic: signed, the same as served.
      const message = await service.firstKeyed(Topics.treeHeads, LOG_KEY.publicKey);
      const published = fromBinary(TreeHeadSchema, decodeEnvelope(message.value as Buffer).payload);
      const kept = { ...published, treeSize: Number(published.treeSize) };
      expect(signed(kept)).toBe(true);
      expect((await get('/log/inclusion?case=x&sequence=0&size=1')).status).toBe(400);
      const beyond = await get(`/log/inclusion?case=${caseId}&sequence=1&size=${later.treeSize + 1_000_000}`);
      expect(beyond.status).toBe(400);
      expect(await beyond.json()).toMatchObject({ code: 'QUERY.INVALID', field: 'size' });
    });

    it('finds a case whose facts were rewritten with the whole chain recomputed, at the first fact changed', async () => {
      const caseId = await caseWith(4);
      await headCovering(caseId);
      // An operator with the tables' rights rewrites fact 2 and recomputes every digest and link after it.
      const rows = (
        await service.pg.query(
          `SELECT "sequence", "content", "previous_hash" FROM ${table()} WHERE "case_id" = $1 ORDER BY "sequence"`,
          [caseId],
        )
      ).rows as { sequence: number; content: string; previous_hash: string }[];
      let previous = rows[0]?.previous_hash ?? '';
      for (const row of rows) {
        const content = row.sequence === 2 ? row.content.replace('理由 2', '理由 X') : row.content;
        const digest = sha256Hex(content);
        const hash = factHash(sha256Hex, previous, digest);
        await asOwner(
          `UPDATE ${table()} SET "content" = $3, "content_digest" = $4, "previous_hash" = $5, "hash" = $6
           WHERE "case_id" = $1 AND "sequence" = $2`,
          [caseId, row.sequence, content, digest, previous, hash],
        );
        previous = hash;
      }
      const record = await recordOf(caseId, () => true);
      expect(record.factVerification.valid).toBe(true); // the chain alone is fooled
      expect(record.logVerification).toMatchObject({
        valid: false,
        brokenAt: 2,
        reason: 'fact 2 is not the fact the log holds at its place',
      });
    });

    it('finds a log whose leaf was rewritten too: the fact is no longer proved in the signed head', async () => {
      const caseId = await caseWith(2);
      const head = await headCovering(caseId);
      const [leaf] = (
        await service.pg.query(
          `SELECT "index" FROM "${service.schema}"."merkle_leaf" WHERE "case_id" = $1 AND "sequence" = 2`,
          [caseId],
        )
      ).rows as { index: string }[];
      const forged = leafHash(hash, leafData(caseId, 2, sha256Hex('forged')));
      const nodes = `"${service.schema}"."merkle_node"`;
      await service.pg.query(`ALTER TABLE ${nodes} DISABLE TRIGGER USER`);
      await service.pg.query(`UPDATE ${nodes} SET "hash" = $2 WHERE "level" = 0 AND "index" = $1`, [
        leaf?.index,
        Buffer.from(forged).toString('hex'),
      ]);
      await service.pg.query(`ALTER TABLE ${nodes} ENABLE TRIGGER USER`);
      const reply = await get(`/log/inclusion?case=${caseId}&sequence=2&size=${head.treeSize}`);
      const proof = (await reply.json()) as { leafIndex: number; leafHash: string; path: string[] };
      expect(proof.leafHash).toBe(Buffer.from(forged).toString('hex'));
      // Against the head a supervisor kept, the rewritten leaf does not verify.
      expect(
        verifyInclusion(
          hash,
          proof.leafIndex,
          head.treeSize,
          forged,
          proof.path.map(unhex),
          unhex(head.rootHash),
        ),
      ).toBe(false);
    });

    it('sends a submission to the supervising organ once a head covers it, and sends the same bytes again when the sending was lost', async () => {
      const caseId = `submitted-${randomUUID()}`;
      const submitted = createEnvelope({
        eventId: `case-${caseId}/fact/2`,
        caseId,
        type: CaseFactRecordedSchema.typeName,
        occurredAt: new Date(Date.UTC(2026, 10, 27, 9, 0, 2)),
        actor: { id: 'staff-1', kind: ActorKind.PERSON, role: 'org_staff', unitId: 'org-dept' },
        payload: toBinary(
          CaseFactRecordedSchema,
          create(CaseFactRecordedSchema, {
            sequence: 2,
            gate: 'decision',
            kind: 'step.recorded',
            summary: '纪实初次提交 / first submission of the record',
            step: { stepId: 'decision.first_submission', candidateId: '', items: {} },
          }),
        ),
      });
      await send([fact(caseId, 1), submitted]);
      const [first] = await service.keyed(Topics.supervisionSubmissions, caseId, 1);
      const sent = fromBinary(SupervisionSubmissionSchema, decodeEnvelope(first?.value as Buffer).payload);
      expect(
        verifySubmission(
          { ...sent, submission: 'first', sequence: Number(sent.sequence) },
          { logPublicKey: LOG_KEY.publicKey },
        ),
      ).toMatchObject({ valid: true, facts: 2 });
      // The archive stops after sending, before it records that it sent: the mark is lost …
      const table = `"${service.schema}"."supervision_submission_sent"`;
      await service.pg.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await service.pg.query(`DELETE FROM ${table} WHERE "case_id" = $1`, [caseId]);
      await service.pg.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      // … so after the next head it sends again: the same bytes under the same event id.
      await caseWith(1);
      const [, again] = await service.keyed(Topics.supervisionSubmissions, caseId, 2);
      expect(Buffer.from(again?.value as Buffer).equals(Buffer.from(first?.value as Buffer))).toBe(true);
    });

    it('finds a fork: a log rewritten and re-signed with the log key is no extension of a head kept before', async () => {
      const kept = await headCovering(await caseWith(2));
      const before = await headCovering(await caseWith(1));
      const proofBetween = async (a: Head, b: Head) =>
        (await (
          await get(`/log/consistency?from=${a.treeSize}&to=${b.treeSize}`)
        ).json()) as ConsistencyProof;
      // Untouched, the kept heads form a series, each consistent with the one before; the supervisor
      // audits as heads arrive and keeps each proof.
      const audited = await proofBetween(kept, before);
      expect(verifyHeadSeries([kept, before], [audited], LOG_KEY.publicKey)).toEqual({
        valid: true,
        heads: 2,
      });
      // An insider with the database and the log key rewrites an early leaf and every node above it …
      const nodes = `"${service.schema}"."merkle_node"`;
      const rows = (
        await service.pg.query(`SELECT "level", "index", "hash" FROM ${nodes} ORDER BY "level", "index"`)
      ).rows as { level: number; index: string; hash: string }[];
      const tree = new Map<string, Uint8Array>(rows.map((r) => [`${r.level}/${r.index}`, unhex(r.hash)]));
      tree.set('0/0', leafHash(hash, leafData('forged', 1, sha256Hex('forged'))));
      for (const r of rows.filter((x) => x.level > 0)) {
        const i = Number(r.index);
        tree.set(
          `${r.level}/${i}`,
          nodeHash(
            hash,
            tree.get(`${r.level - 1}/${2 * i}`) as Uint8Array,
            tree.get(`${r.level - 1}/${2 * i + 1}`) as Uint8Array,
          ),
        );
      }
      await service.pg.query(`ALTER TABLE ${nodes} DISABLE TRIGGER USER`);
      for (const [key, value] of tree) {
        const [level, index] = key.split('/');
        await service.pg.query(`UPDATE ${nodes} SET "hash" = $3 WHERE "level" = $1 AND "index" = $2`, [
          level,
          index,
          Buffer.from(value).toString('hex'),
        ]);
      }
      await service.pg.query(`ALTER TABLE ${nodes} ENABLE TRIGGER USER`);
      // … and the archive goes on signing heads over the rewritten tree.
      const after = await headCovering(await caseWith(1));
      expect(signed(after)).toBe(true);
      expect(after.treeSize).toBeGreaterThan(before.treeSize);
      // The supervisor's series of kept heads names where the log was forked.
      expect(
        verifyHeadSeries(
          [kept, before, after],
          [audited, await proofBetween(before, after)],
          LOG_KEY.publicKey,
        ),
      ).toMatchObject({
        valid: false,
        problem: { check: 'fork', from: before.treeSize, to: after.treeSize },
      });
      // Asked again now, the archive cannot prove even its own earlier heads consistent.
      expect(
        verifyHeadSeries([kept, before], [await proofBetween(kept, before)], LOG_KEY.publicKey).problem,
      ).toMatchObject({ check: 'fork', from: kept.treeSize, to: before.treeSize });
      // A second head of a size already kept, with another root, is a fork on its face.
      const unsigned = {
        treeSize: before.treeSize,
        rootHash: after.rootHash,
        timestamp: after.timestamp,
        suite: suite.name,
      };
      const twin = {
        ...unsigned,
        publicKey: LOG_KEY.publicKey,
        signature: suite.sign(treeHeadText(unsigned), LOG_KEY.privateKey),
      };
      expect(verifyHeadSeries([before, twin], [], LOG_KEY.publicKey)).toMatchObject({
        valid: false,
        problem: { check: 'fork', from: before.treeSize },
      });
      // One head alone proves nothing about growth.
      expect(verifyHeadSeries([kept], [], LOG_KEY.publicKey).problem).toMatchObject({ check: 'head' });
      // A head not signed by the pinned key is refused as such.
      expect(
        verifyHeadSeries([kept, before], [audited], suite.generateKeyPair().publicKey).problem,
      ).toMatchObject({
        check: 'head',
      });
    });
  });

  it('rebuilt from the topic into an empty archive, holds the same facts byte for byte', async () => {
    const caseId = await caseWith(5);
    const rebuilt = await startServiceUnderTest({
      prefix: 'ARCHIVE',
      database: 'jishi_archive',
      boot: (env) =>
        NestFactory.create(AppModule.of(loadArchiveConfig({ ...env, ...LOG_ENV })), {
          logger: ['error'],
          rawBody: true,
        }),
    });
    try {
      await recordOf(caseId, (r) => r.facts.length === 5, '', rebuilt);
      const rows = async (schema: string) =>
        (
          await service.pg.query(
            `SELECT "sequence", "gate", "kind", "step_id", "candidate_id", "actor_id", "actor_role",
                    "occurred_at", "content", "content_digest", "previous_hash", "hash"
             FROM "${schema}"."ledger_fact" WHERE "case_id" = $1 ORDER BY "sequence"`,
            [caseId],
          )
        ).rows;
      const original = await rows(service.schema);
      expect(original).toHaveLength(5);
      expect(await rows(rebuilt.schema)).toEqual(original);
    } finally {
      await rebuilt.close();
    }
  });
});
