/**
 * Secret ballots, tried the way an administrator of the database, the logs and the broker would try to
 * link a ballot to its voter: transaction ids (`xmin`), physical order (`ctid`), commit timestamps
 * (`track_commit_timestamp`), the WAL's order through logical decoding (`test_decoding`), the server's
 * statement log (`log_statement = 'mod'` for the services' roles), the messages on Kafka and the
 * record they feed, and the time each voter is answered — for all three kinds of ballot: the decision
 * meeting's, the recommendation meeting's and the democratic appraisal's.
 *
 * Each kind is run twice, in two cases, by the same four voters casting the same ballots — but with
 * two of them swapping theirs, one of them the last to vote. Every observation, once the case's id and random ids are taken out,
 * must be the same in both runs: then nothing observed depends on who cast which ballot. Each
 * observation must also hold something (the channel was really read), and no voter is answered before
 * the one batch holding every ballot has committed.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  DecisionTalliedSchema,
  decodeEnvelope,
  NominationCompletedSchema,
  OpenDecisionMeetingSchema,
  StartInspectionSchema,
  StartNominationSchema,
  Topics,
} from '@jishi/contracts';
import { KafkaProbe, SystemUnderTest } from '@jishi/e2e';
import type { AssertedPerson } from '@jishi/identity';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { roll, type Service, ServiceCalls } from './service-calls';

interface Kind {
  readonly name: string;
  readonly service: Service;
  readonly database: string;
  /** The tables of the voters' marks and of the ballots, and what a ballot row holds. */
  readonly marks: { table: string; voter: string };
  readonly ballots: { table: string; content: string };
  /** Opens a round for a case and registers its voters (present, where a meeting needs it). */
  open(caseId: string, voters: readonly string[]): Promise<void>;
  /** Casts one voter's ballot. */
  cast(caseId: string, voter: string, ballot: unknown): Promise<{ status: number }>;
  close(caseId: string): Promise<{ status: number }>;
  /** The result the service published for the case, as decoded from Kafka. */
  result(caseId: string): Promise<unknown>;
}

describe('secret ballots: nothing links a ballot to its voter', () => {
  const system = new SystemUnderTest({ timers: 'consultation=1h', policy: '{"consultationUnits":[]}' });
  const probe = new KafkaProbe(system.stack.kafka.brokers, system.stack.kafka.sasl());
  const calls = new ServiceCalls(system);
  const run = randomUUID().slice(0, 8);
  const staff: AssertedPerson = { id: 'staff-1', role: 'org_staff', unitId: 'org-dept' };
  const recorder: AssertedPerson = { id: 'recorder-1', role: 'recorder', unitId: 'org-dept' };
  const inspector: AssertedPerson = { id: 'insp-1', role: 'inspection_team_member', unitId: 'org-dept' };
  const voter = (id: string): AssertedPerson => ({ id, role: 'voter', unitId: 'committee' });
  const VOTERS = ['v1', 'v2', 'v3', 'v4'] as const;
  const slots = new Map<string, string>();
  let logStart = 0;

  const KINDS: Kind[] = [
    {
      name: 'decision ballots (讨论决定)',
      service: 'voting',
      database: 'voting',
      marks: { table: 'voter', voter: 'member_id' },
      ballots: { table: 'ballot', content: 'choice' },
      open: async (caseId, voters) => {
        await calls.command(
          Topics.votingCommands,
          caseId,
          OpenDecisionMeetingSchema.typeName,
          toBinary(
            OpenDecisionMeetingSchema,
            create(OpenDecisionMeetingSchema, {
              candidateId: 'cand-a',
              expectedMembers: 4,
              body: 'standing_committee',
            }),
          ),
        );
        await calls.opened('voting', `/meetings/${caseId}`);
        expect(
          (await calls.call('voting', 'PUT', `/meetings/${caseId}/members`, roll(voters), { as: recorder }))
            .status,
        ).toBe(204);
        for (const v of voters)
          expect(
            (
              await calls.call(
                'voting',
                'POST',
                `/meetings/${caseId}/attendance`,
                { memberId: v },
                { as: recorder },
              )
            ).status,
          ).toBe(204);
      },
      cast: (caseId, v, ballot) =>
        calls.call('voting', 'POST', `/meetings/${caseId}/ballots`, { choice: ballot }, { as: voter(v) }),
      close: (caseId) =>
        calls.call('voting', 'POST', `/meetings/${caseId}/close`, undefined, { as: recorder }),
      result: async (caseId) => {
        return fromBinary(DecisionTalliedSchema, await onlyMessage(Topics.votingEvents, caseId));
      },
    },
    {
      name: 'recommendation ballots (会议推荐)',
      service: 'nomination',
      database: 'nomination',
      marks: { table: 'participant', voter: 'participant_id' },
      ballots: { table: 'recommendation_vote', content: 'candidate_id' },
      open: async (caseId, voters) => {
        await calls.command(
          Topics.nominationCommands,
          caseId,
          StartNominationSchema.typeName,
          toBinary(
            StartNominationSchema,
            create(StartNominationSchema, { posts: 1, expectedParticipants: 4 }),
          ),
        );
        await calls.opened('nomination', `/nominations/${caseId}`);
        expect(
          (
            await calls.call('nomination', 'PUT', `/nominations/${caseId}/participants`, roll(voters), {
              as: staff,
            })
          ).status,
        ).toBe(204);
      },
      cast: (caseId, v, ballot) =>
        calls.call(
          'nomination',
          'POST',
          `/nominations/${caseId}/ballots`,
          { candidateIds: [ballot] },
          { as: voter(v) },
        ),
      close: (caseId) =>
        calls.call('nomination', 'POST', `/nominations/${caseId}/close`, undefined, { as: staff }),
      result: async (caseId) => {
        return fromBinary(NominationCompletedSchema, await onlyMessage(Topics.nominationEvents, caseId));
      },
    },
    {
      name: 'democratic appraisals (民主测评)',
      service: 'inspection',
      database: 'inspection',
      marks: { table: 'appraiser', voter: 'participant_id' },
      ballots: { table: 'appraisal_vote', content: `"candidate_id" || ':' || "grade"` },
      open: async (caseId, voters) => {
        await calls.command(
          Topics.inspectionCommands,
          caseId,
          StartInspectionSchema.typeName,
          toBinary(
            StartInspectionSchema,
            create(StartInspectionSchema, {
              posts: 1,
              candidateIds: ['cand-a', 'cand-b'],
              shortlisted: true,
            }),
          ),
        );
        await calls.opened('inspection', `/inspections/${caseId}`);
        const team = { members: ['insp-1', 'insp-2'].map((id) => ({ personId: id, name: id, kinship: {} })) };
        expect(
          (await calls.call('inspection', 'PUT', `/inspections/${caseId}/team`, team, { as: staff })).status,
        ).toBe(204);
        expect(
          (
            await calls.call('inspection', 'PUT', `/inspections/${caseId}/appraisers`, roll(voters), {
              as: inspector,
            })
          ).status,
        ).toBe(204);
      },
      cast: (caseId, v, ballot) =>
        calls.call(
          'inspection',
          'POST',
          `/inspections/${caseId}/appraisals`,
          { grades: { 'cand-a': ballot, 'cand-b': 'competent' } },
          { as: voter(v) },
        ),
      // The appraisal's result comes with the inspection's close, which needs the team's report: the
      // rows, the WAL and the log are what this kind is tried on.
      close: async () => ({ status: 200 }),
      result: async () => null,
    },
  ];

  /**
   * The one message a service published for a case on its events topic (its result): no ballot is
   * ever a message of its own.
   */
  async function onlyMessage(topic: string, caseId: string): Promise<Uint8Array> {
    for (let i = 0; i < 60; i++) {
      const messages = await probe.keyed(topic, caseId);
      if (messages.length > 0) {
        expect(messages).toHaveLength(1);
        return decodeEnvelope(messages[0]?.value as Buffer).payload;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`no result for ${caseId} on ${topic}`);
  }

  /**
   * What each voter casts in a run: the same ballots, the first voter and the last swapping theirs.
   * The last votes after the others have cast: a box that wrote the first three as a batch would write
   * the last alone, and the runs would differ.
   */
  const BALLOTS: Record<string, { first: string[]; second: string[] }> = {
    voting: {
      first: ['disagree', 'agree', 'agree', 'agree'],
      second: ['agree', 'agree', 'agree', 'disagree'],
    },
    nomination: {
      first: ['cand-b', 'cand-a', 'cand-a', 'cand-a'],
      second: ['cand-a', 'cand-a', 'cand-a', 'cand-b'],
    },
    inspection: {
      first: ['incompetent', 'excellent', 'excellent', 'excellent'],
      second: ['excellent', 'excellent', 'excellent', 'incompetent'],
    },
  };

  beforeAll(async () => {
    await system.start();
    await probe.connect();
    // A logical replication slot on each database: the WAL from here on, decoded. Temporary: it goes
    // with the session that made it, so no interrupted run leaves one keeping the WAL.
    for (const kind of KINDS) {
      const slot = `linkage_${kind.service}_${run}`;
      await calls.rows(
        kind.database as Service,
        `SELECT pg_create_logical_replication_slot($1, 'test_decoding', true)`,
        [slot],
      );
      slots.set(kind.service, slot);
    }
    logStart = statSync(system.stack.postgres.logFile).size;
  }, 300_000);

  afterAll(async () => {
    await probe.disconnect();
    await system.stop();
  });

  /** The statement log's entries since the suite began. */
  function statementLog(): string[] {
    const file = system.stack.postgres.logFile;
    const size = statSync(file).size;
    const buffer = Buffer.alloc(size - logStart);
    const fd = openSync(file, 'r');
    readSync(fd, buffer, 0, buffer.length, logStart);
    closeSync(fd);
    // An entry begins with the line prefix's timestamp, its statement continuing below it; the
    // statement's parameters (a DETAIL line of their own) belong to it.
    const entries: string[] = [];
    for (const line of buffer.toString('utf8').split('\n')) {
      const starts = /^\d{4}-\d{2}-\d{2} /.test(line) && !/ DETAIL: {2}parameters:/.test(line);
      if (starts) entries.push(line);
      else if (entries.length > 0) entries[entries.length - 1] += `\n${line}`;
    }
    return entries;
  }

  /** Everything an administrator could read about a case's ballots, with the case's own ids taken out. */
  async function observe(kind: Kind, caseId: string, decoded: string[], log: string[]) {
    const db = kind.database as Service;
    const marks = await calls.rows(
      db,
      `SELECT "${kind.marks.voter}" AS "who", xmin::text AS "xmin", ctid::text AS "place",
         pg_xact_commit_timestamp(xmin) AS "committed" FROM "${kind.marks.table}" WHERE "case_id" = $1 ORDER BY ctid`,
      [caseId],
    );
    const ballots = await calls.rows(
      db,
      `SELECT ${kind.ballots.content.startsWith('"') ? kind.ballots.content : `"${kind.ballots.content}"`} AS "what",
         xmin::text AS "xmin", ctid::text AS "place", pg_xact_commit_timestamp(xmin) AS "committed"
       FROM "${kind.ballots.table}" WHERE "case_id" = $1 ORDER BY ctid`,
      [caseId],
    );
    const normalize = (text: string) =>
      text
        .replaceAll(caseId, 'CASE')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
        .replace(/^\d{4}-\d{2}-\d{2} [^\]]*\] /gm, '')
        .replace(/\b(BEGIN|COMMIT) \d+/g, '$1');
    // The WAL's changes to the marks and the ballots, transaction by transaction, for this case.
    const transactions: string[][] = [];
    let current: string[] = [];
    for (const line of decoded) {
      if (line.startsWith('BEGIN')) current = [];
      else if (line.startsWith('COMMIT')) transactions.push(current);
      else if (line.includes(`.${kind.marks.table}:`) || line.includes(`.${kind.ballots.table}:`))
        current.push(line);
    }
    const wal = transactions
      .filter((t) => t.some((line) => line.includes(`'${caseId}'`)))
      .map((t) => t.map((line) => normalize(line).replace(/table [^.]+\./, 'table ')));
    // The statement log's writes of marks and ballots for this case.
    const statements = log
      .filter(
        (e) =>
          e.includes(caseId) &&
          (e.includes(`"${kind.marks.table}"`) || e.includes(`"${kind.ballots.table}"`)),
      )
      .map(normalize);
    return {
      // Each voter, with the ballots written in the same transaction, and at the same commit time.
      byTransaction: marks.map((m) => ({
        who: m['who'],
        ballots: ballots
          .filter((b) => b['xmin'] === m['xmin'])
          .map((b) => b['what'])
          .sort(),
      })),
      byCommitTime: marks.map((m) => ({
        who: m['who'],
        ballots: ballots
          .filter((b) => String(b['committed']) === String(m['committed']))
          .map((b) => b['what'])
          .sort(),
      })),
      // The i-th voter stored beside the i-th ballot stored.
      byPlace: marks.map((m, i) => ({ who: m['who'], ballot: ballots[i]?.['what'] })),
      wal,
      statements,
    };
  }

  for (const kind of KINDS) {
    it(`links no ${kind.name} to its voter: transaction, place, commit time, WAL, statement log, Kafka, timing`, async () => {
      const runs: Record<string, { caseId: string; answeredAfterCommit: boolean; ballots: string[] }> = {};
      for (const which of ['first', 'second'] as const) {
        const caseId = `link-${kind.service}-${which}-${run}`;
        await kind.open(caseId, VOTERS);
        const ballots = BALLOTS[kind.service]?.[which] as string[];
        // Three voters at once, then the fourth; each is answered when the batch is written.
        const answered: number[] = [];
        const castBy = async (i: number) => {
          const reply = await kind.cast(caseId, VOTERS[i] as string, ballots[i]);
          answered.push(Date.now());
          expect([VOTERS[i], reply.status]).toEqual([VOTERS[i], 204]);
        };
        const firstThree = [0, 1, 2].map(castBy);
        await new Promise((r) => setTimeout(r, 500));
        expect(answered).toEqual([]);
        await Promise.all([...firstThree, castBy(3)]);
        // No one was answered before the batch with every ballot in it committed (one clock here).
        const [{ committed }] = (await calls.rows(
          kind.database as Service,
          `SELECT max(pg_xact_commit_timestamp(xmin)) AS "committed" FROM "${kind.ballots.table}" WHERE "case_id" = $1`,
          [caseId],
        )) as [{ committed: Date }];
        const answeredAfterCommit = answered.every((t) => t >= committed.getTime() - 1);
        expect((await kind.close(caseId)).status).toBe(200);
        runs[which] = { caseId, answeredAfterCommit, ballots };
      }
      const first = runs['first'] as (typeof runs)[string];
      const second = runs['second'] as (typeof runs)[string];
      // The truth differs: v1 cast another ballot in each run.
      expect(first.ballots[0]).not.toEqual(second.ballots[0]);
      expect([first.answeredAfterCommit, second.answeredAfterCommit]).toEqual([true, true]);

      const slot = slots.get(kind.service) as string;
      const decoded = (
        await calls.rows(
          kind.database as Service,
          `SELECT data FROM pg_logical_slot_peek_changes($1, NULL, NULL)`,
          [slot],
        )
      ).map((r) => String(r['data']));
      const log = statementLog();
      const seen = {
        first: await observe(kind, first.caseId, decoded, log),
        second: await observe(kind, second.caseId, decoded, log),
      };
      // Each channel was read: the rows, the WAL's inserts and the logged statements are there.
      expect(seen.first.byTransaction).toHaveLength(4);
      // One transaction wrote every mark and every ballot: four voters, one batch.
      expect(seen.first.wal).toHaveLength(1);
      expect(seen.first.wal[0]?.filter((l) => l.includes(`table ${kind.marks.table}: INSERT`))).toHaveLength(
        4,
      );
      expect(
        seen.first.wal[0]?.filter((l) => l.includes(`table ${kind.ballots.table}: INSERT`)).length,
      ).toBeGreaterThanOrEqual(4);
      expect(seen.first.statements.some((e) => e.includes(`INSERT INTO "${kind.ballots.table}"`))).toBe(true);
      // And nothing read in either run depends on who cast which ballot.
      expect(seen.second).toEqual(seen.first);
      // Kafka and the record it feeds: the result names who voted and the counts, never who chose what.
      const results = [await kind.result(first.caseId), await kind.result(second.caseId)].map((r) =>
        r === null
          ? null
          : JSON.parse(JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))),
      );
      expect(results[1]).toEqual(results[0]);
    });
  }
});
