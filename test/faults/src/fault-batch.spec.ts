/**
 * Faults that heal, over a batch of cases on the real stack. While several cases walk all nine gates
 * through the gateway, the run kills with SIGKILL, at seeded random moments, the worker, each service,
 * the signal bridge, the gateway and the archive (run as two replicas), starting each again, and
 * restarts PostgreSQL, Temporal and Kafka; poison messages are written on the topics the services, the
 * bridge and the archive read. Then: every case completed, every fact on Kafka is in the ledger exactly
 * once (and nothing else), every consumer group of the run has read every partition to its end, nothing
 * waits in an outbox, and every poison message is in the dead-letter topic with its reason, once per
 * consumer that read it. The figures are printed.
 *
 * `npm test` runs the small form (FAULTS_CASES=2, every target killed once, each part of the stack
 * restarted once); `npm run faults:batch` the full one (see the README). FAULTS_SEED replays a run.
 */
import { decodeEnvelope, TOPIC_SPECS, Topics } from '@jishi/contracts';
import { type AppName, driveCase, DRIVER_SYSTEM_OPTIONS, KafkaProbe, SystemUnderTest } from '@jishi/e2e';
import { DEAD_LETTER_HEADERS } from '@jishi/messaging';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';

const CASES = Number(process.env['FAULTS_CASES'] ?? '2');
/** Cases walking at once; more are started until CASES have run and every fault of the plan has struck. */
const PARALLEL = Number(process.env['FAULTS_PARALLEL'] ?? '2');
const ROUNDS = Number(process.env['FAULTS_ROUNDS'] ?? '1');
const SEED = Number(process.env['FAULTS_SEED'] ?? String(Date.now() % 1_000_000));
const run = promisify(execFile);

/** mulberry32: a small seeded generator, so a run's kills and their moments can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fault =
  | { readonly kind: 'kill'; readonly app: AppName; readonly instance: number }
  | { readonly kind: 'restart'; readonly part: 'postgres' | 'temporal' | 'kafka' };

const describeFault = (f: Fault) =>
  f.kind === 'kill' ? `kill -9 ${f.app}${f.instance > 1 ? `#${f.instance}` : ''}` : `restart ${f.part}`;

describe('faults that heal: kills and restarts over a batch of cases', () => {
  const system = new SystemUnderTest(DRIVER_SYSTEM_OPTIONS);
  const random = seeded(SEED);
  const probe = new KafkaProbe(system.stack.kafka.brokers, system.stack.kafka.sasl());
  const kafka = new Kafka({
    clientId: 'faults-batch',
    brokers: system.stack.kafka.brokers,
    sasl: system.stack.kafka.sasl(),
    logLevel: logLevel.NOTHING,
  });
  const log = (line: string) => process.stdout.write(`[faults seed ${SEED}] ${line}\n`);
  /** Processes being started again after a kill: the plan goes on meanwhile; stop() waits for them. */
  const relaunching = new Map<string, Promise<void>>();

  beforeAll(async () => {
    log(`seed ${SEED}: FAULTS_SEED=${SEED} replays this run`);
    await system.start();
    // The archive runs as two replicas in one consumer group, as a deployment would scale it.
    await system.launch('archive', 2);
    await probe.connect();
  }, 600_000);

  afterAll(async () => {
    await Promise.allSettled(relaunching.values());
    await probe.disconnect();
    await system.stop();
  }, 300_000);

  it(
    'every case completes, every fact is in the ledger once, no partition is stuck, every poison message is dead-lettered',
    async () => {
      const began = Date.now();
      // The plan: every target killed once per round, each part of the stack restarted once per round,
      // in a seeded order, at seeded moments.
      const plan: Fault[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const faults: Fault[] = [
          { kind: 'kill', app: 'worker', instance: 1 },
          { kind: 'kill', app: 'nomination', instance: 1 },
          { kind: 'kill', app: 'inspection', instance: 1 },
          { kind: 'kill', app: 'voting', instance: 1 },
          { kind: 'kill', app: 'calendar', instance: 1 },
          { kind: 'kill', app: 'signal-bridge', instance: 1 },
          { kind: 'kill', app: 'gateway', instance: 1 },
          { kind: 'kill', app: 'archive', instance: random() < 0.5 ? 1 : 2 },
          { kind: 'restart', part: 'postgres' },
          { kind: 'restart', part: 'temporal' },
          { kind: 'restart', part: 'kafka' },
        ];
        for (let i = faults.length - 1; i > 0; i -= 1) {
          const j = Math.floor(random() * (i + 1));
          [faults[i], faults[j]] = [faults[j] as Fault, faults[i] as Fault];
        }
        plan.push(...faults);
      }
      const pauses = plan.map(() => 3_000 + Math.floor(random() * 5_000));
      const downtimes = plan.map(() => 500 + Math.floor(random() * 3_000));
      log(`plan: ${plan.map((f, i) => `${describeFault(f)} after ${pauses[i]} ms`).join('; ')}`);

      // Poison: bytes that are no envelope, on every topic a consumer of this run reads.
      const poisonTopics = [
        Topics.caseEvents,
        Topics.nominationCommands,
        Topics.nominationEvents,
        Topics.inspectionEvents,
        Topics.votingCommands,
        Topics.consultationAnswers,
      ];
      const poison = poisonTopics.map((topic, i) => ({
        topic,
        key: `poison-${system.runId}-${i}`,
        value: randomBytes(64),
      }));

      // The cases, PARALLEL at a time, started a few seconds apart, and the faults, side by side: cases
      // keep starting until CASES have run and the plan is through, so every fault strikes cases under way.
      let planDone = false;
      let started = 0;
      const outcomes: Array<Promise<{ caseId: string }>> = [];
      const slots = Array.from({ length: PARALLEL }, async (_, slot) => {
        await new Promise((resolve) => setTimeout(resolve, slot * 3_000));
        while (!(planDone && started >= CASES)) {
          started += 1;
          const outcome = driveCase(system, { label: `case ${started}`, log });
          outcomes.push(outcome);
          await outcome.catch(() => undefined);
        }
      });
      const done: Fault[] = [];
      const send = async (message: (typeof poison)[number]) => {
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({ topic: message.topic, messages: [message] });
        await producer.disconnect();
      };
      const faults = (async () => {
        try {
          const [first] = poison;
          if (first) await send(first);
          for (const [i, fault] of plan.entries()) {
            await new Promise((resolve) => setTimeout(resolve, pauses[i]));
            const at = Math.round((Date.now() - began) / 1000);
            if (fault.kind === 'kill') {
              const key = `${fault.app}#${fault.instance}`;
              await relaunching.get(key);
              await system.stopApp(fault.app, 'SIGKILL', fault.instance);
              const downtime = downtimes[i] ?? 1_000;
              relaunching.set(
                key,
                (async () => {
                  await new Promise((resolve) => setTimeout(resolve, downtime));
                  await system.launch(fault.app, fault.instance);
                })(),
              );
            } else {
              await Promise.all(relaunching.values());
              await run(
                'bash',
                [path.join(system.stack.workspaceRoot, 'deploy/local/stack.sh'), 'restart', fault.part],
                {
                  env: { ...process.env, JISHI_NO_INSTALL: '1' },
                  timeout: 300_000,
                },
              );
              if (fault.part === 'postgres') await system.reconnectDatabases();
            }
            done.push(fault);
            log(`${describeFault(fault)} at ${at} s, ${started} cases started`);
            // The rest of the poison, one message after each fault.
            const next = poison[done.length];
            if (next) await send(next);
          }
          await Promise.all(relaunching.values());
          // Whatever poison is left once the plan is through.
          for (const message of poison.slice(done.length + 1)) await send(message);
        } finally {
          // A plan that failed stops the cases from starting more, so the test ends and says why.
          planDone = true;
        }
      })();
      await Promise.all([...slots, faults]);
      const settled = await Promise.allSettled(outcomes);
      const failures = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason));
      expect(failures).toEqual([]);
      const caseIds = settled.map((s) => (s as PromiseFulfilledResult<{ caseId: string }>).value.caseId);
      // How many facts each case counts itself, read through the gateway as a supervisor would.
      const finalFacts = new Map<string, number>();
      for (const caseId of caseIds) {
        const reply = await fetch(`${system.gatewayUrl}/cases/${caseId}`, {
          headers: { authorization: `Bearer ${system.token('org_staff', 'org-dept', 'faults-check')}` },
        });
        expect(reply.status).toBe(200);
        finalFacts.set(caseId, ((await reply.json()) as { facts: number }).facts);
      }
      expect(done).toHaveLength(plan.length);

      // Every consumer group of this run reads every partition of its topics to the end.
      const groups: Array<[AppName, string]> = [
        ['archive', 'archive'],
        ['nomination', 'nomination'],
        ['inspection', 'inspection'],
        ['voting', 'voting'],
        ['signal-bridge', 'signal-bridge'],
      ];
      const stuck: string[] = [];
      for (const [app, reader] of groups) {
        const topics = TOPIC_SPECS.filter((t) => t.readers.includes(reader)).map((t) => t.name);
        const deadline = Date.now() + 180_000;
        while (!(await probe.caughtUp(system.groupOf(app), topics))) {
          if (Date.now() > deadline) {
            stuck.push(app);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      }
      expect(stuck).toEqual([]);

      // Nothing waits in an outbox, and nothing was set aside as unsendable.
      for (const app of ['nomination', 'inspection', 'voting', 'calendar'] as const) {
        const db = system.databases.get(app);
        if (!db) continue;
        const { rows } = await db.query<{ waiting: string; dead: string }>(
          `SELECT count(*) FILTER (WHERE "published_at" IS NULL AND "dead_at" IS NULL) AS waiting,
                  count(*) FILTER (WHERE "dead_at" IS NOT NULL) AS dead FROM "outbox"`,
        );
        expect({ app, ...rows[0] }).toEqual({ app, waiting: '0', dead: '0' });
      }

      // Every fact on Kafka for these cases, by (topic, event id), against the ledger's entries.
      const archiveTopics = TOPIC_SPECS.filter((t) => t.readers.includes('archive')).map((t) => t.name);
      const onKafka = new Map<string, Set<string>>(caseIds.map((id) => [id, new Set<string>()]));
      for (const topic of archiveTopics) {
        for (const message of await readAll(kafka, topic)) {
          let envelope;
          try {
            envelope = decodeEnvelope(message.value ?? new Uint8Array());
          } catch {
            continue; // poison, of this run or an earlier one
          }
          const set = onKafka.get(envelope.caseId);
          if (!set) continue;
          set.add(`${topic} ${envelope.eventId}`);
        }
      }
      const archive = system.databases.get('archive');
      if (!archive) throw new Error('no archive database');
      let facts = 0;
      let duplicated = 0;
      let lost = 0;
      let foreign = 0;
      for (const caseId of caseIds) {
        const { rows } = await archive.query<{ topic: string; event_id: string; n: string }>(
          `SELECT "topic", "event_id", count(*) AS n FROM "ledger_entry" WHERE "case_id" = $1 GROUP BY 1, 2`,
          [caseId],
        );
        const inLedger = new Set(rows.map((r) => `${r.topic} ${r.event_id}`));
        duplicated += rows.filter((r) => Number(r.n) > 1).length;
        const expected = onKafka.get(caseId) as Set<string>;
        lost += [...expected].filter((e) => !inLedger.has(e)).length;
        foreign += [...inLedger].filter((e) => !expected.has(e)).length;
        facts += inLedger.size;
        // The case's facts, in order: one row per sequence from 1, none left waiting for a gap.
        const ordered = await archive.query<{ sequence: number }>(
          `SELECT "sequence" FROM "ledger_fact" WHERE "case_id" = $1 ORDER BY "sequence"`,
          [caseId],
        );
        const sequences = ordered.rows.map((r) => Number(r.sequence));
        expect(sequences).toEqual(sequences.map((_, i) => i + 1));
        const pending = await archive.query(`SELECT 1 FROM "ledger_fact_pending" WHERE "case_id" = $1`, [
          caseId,
        ]);
        expect(pending.rowCount).toBe(0);
        // No fact contradicted another under the same place in the case.
        const conflicts = await archive.query(`SELECT 1 FROM "ledger_fact_conflict" WHERE "case_id" = $1`, [
          caseId,
        ]);
        expect(conflicts.rowCount).toBe(0);
        // As many facts as the case itself counts, none missing at the end.
        expect(sequences.length).toBeGreaterThan(50);
        expect({ caseId, facts: sequences.length }).toEqual({ caseId, facts: finalFacts.get(caseId) });
      }
      expect({ lost, duplicated, foreign }).toEqual({ lost: 0, duplicated: 0, foreign: 0 });
      expect(facts).toBeGreaterThan(0);

      // Every poison message dead-lettered by each consumer of this run that read its topic, with a reason
      // (a consumer killed between dead-lettering and committing does it again on redelivery: at least once).
      const deadLetters = await readAll(kafka, Topics.deadLetter);
      const missing: string[] = [];
      let dead = 0;
      let again = 0;
      for (const message of poison) {
        const readers = TOPIC_SPECS.find((t) => t.name === message.topic)?.readers ?? [];
        for (const reader of readers.filter((r) =>
          ['archive', 'nomination', 'inspection', 'voting', 'signal-bridge'].includes(r),
        )) {
          const found = deadLetters.filter(
            (m) =>
              m.key?.toString() === message.key &&
              m.headers?.[DEAD_LETTER_HEADERS.consumer]?.toString() === reader &&
              m.headers?.[DEAD_LETTER_HEADERS.topic]?.toString() === message.topic,
          );
          const reason = found[0]?.headers?.[DEAD_LETTER_HEADERS.reason]?.toString() ?? '';
          if (found.length === 0 || reason === '') missing.push(`${message.topic} ${reader}`);
          else {
            dead += 1;
            again += found.length - 1;
          }
        }
      }
      expect(missing).toEqual([]);

      const kills = done.filter((f) => f.kind === 'kill').length;
      const restarts = done.filter((f) => f.kind === 'restart').length;
      log(
        `figures: cases ${caseIds.length} completed of ${started}, kills ${kills}, restarts ${restarts}, ` +
          `facts in the ledger ${facts} (lost ${lost}, duplicated ${duplicated}), ` +
          `poison ${poison.length} messages, ${dead} dead letters with their reason (${again} again after a kill), ` +
          `${Math.round((Date.now() - began) / 1000)} s, seed ${SEED}`,
      );
    },
    60 * 60_000,
  );
});

/** Every record of a topic, from the beginning to its end when called. */
async function readAll(kafka: Kafka, topic: string): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: `faults-read-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: KafkaMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (messages.length >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}
