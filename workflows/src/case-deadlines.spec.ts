/**
 * Specification 5 of the case workflow: the deadlines of the process as durable timers — each
 * reminds its owner before its last day, escalates once missed and marks the case overdue until the
 * owed step arrives. Its own time-skipping test server, as the tests skip days.
 */
import { CASE_OVERDUE, CASE_OVERDUE_SINCE } from '@jishi/contracts';
import { caseProfile, chinaDateOf, profileAsItems } from '@jishi/domain';
import { exampleItems } from '@jishi/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { consultationAnswerSignal } from './case.workflow';
import { CaseTestBench, filled, input, person, RecordingActivities, waitFor } from './case-test-bench';

describe('case workflow, specification 5: deadlines with reminders and escalation', () => {
  const bench = new CaseTestBench({ serverPerTest: true });
  bench.install();

  it('reminds each member unit before its answer is due, escalates once it is missed, and records a late answer as late', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['d1', 'd2'];
      const handle = await bench.toInspection(acts, 'deadlines', ids, { input: { specVersion: 5 } });
      const units = ['candidate_unit_party_body', 'candidate_unit_personnel', 'discipline_inspection'];
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'd2', reason: '实绩突出' }], {
        silent: units,
      });
      let status = await waitFor(handle, (s) => (s.deadlines ?? []).length === 3);
      const [first] = status.deadlines ?? [];
      expect(status.deadlines?.map((d) => [d.key, d.subject, d.overdue])).toEqual(
        units.map((u) => ['consultation.answer', u, false]),
      );
      const facts = (kind: string) => acts.facts.filter((f) => f.kind === kind);
      // One unit answers in time: its deadline is met, the others run on.
      await handle.signal(consultationAnswerSignal, {
        eventId: 'deadlines-answer-1',
        unit: units[0] as string,
        opinion: 'no_objection',
        content: '无',
        answeredOn: chinaDateOf(await bench.env.currentTimeMs()),
      });
      await waitFor(handle, (s) => (s.deadlines ?? []).length === 2);
      // Skip to the day after the last: two reminders each for the two silent units, then the escalation.
      const now = await bench.env.currentTimeMs();
      const lastDay = first?.dueOn as string;
      await bench.env.sleep(Date.parse(first?.dueAt as string) - now + 60_000);
      status = await waitFor(handle, (s) => (s.deadlines ?? []).every((d) => d.overdue));
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(facts('deadline.met').map((f) => f.summary)).toEqual([
        expect.stringContaining(units[0] as string),
      ]);
      expect(facts('deadline.reminder')).toHaveLength(4);
      expect(facts('deadline.reminder')[0]?.summary).toContain(`将于 ${lastDay} 届满`);
      expect(facts('deadline.overdue').map((f) => f.summary)).toEqual([
        expect.stringContaining('报干部监督科科长督办'),
        expect.stringContaining('报干部监督科科长督办'),
      ]);
      expect(status.deadlines?.map((d) => [d.subject, d.overdue, d.daysLate])).toEqual([
        [units[1], true, 1],
        [units[2], true, 1],
      ]);
      // Supervisors find it overdue, since the end of the last day.
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(CASE_OVERDUE)).toEqual(['consultation.answer']);
      expect(attributes.get(CASE_OVERDUE_SINCE)?.toISOString()).toBe(first?.dueAt);
      // The late answers arrive: each is recorded as late, and the case is no longer overdue.
      await bench.env.sleep('2 days');
      for (const unit of units.slice(1)) {
        await handle.signal(consultationAnswerSignal, {
          eventId: `deadlines-${unit}`,
          unit,
          opinion: 'no_objection',
          content: '无',
          answeredOn: chinaDateOf(await bench.env.currentTimeMs()),
        });
      }
      status = await waitFor(handle, (s) => s.gate === 'decision');
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(facts('deadline.met_late').map((f) => f.summary)).toEqual([
        expect.stringMatching(/逾期 \d+ 日后办理/),
        expect.stringMatching(/逾期 \d+ 日后办理/),
      ]);
      expect(status.deadlines).toEqual([]);
      expect((await handle.describe()).typedSearchAttributes.get(CASE_OVERDUE)).toBeUndefined();
      await handle.terminate('test done');
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-deadlines-v5.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('holds the upper department’s reply to ten working days, and the motion waits for it', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const handle = await bench.start(input('reply', { specVersion: 5 }));
      const org = person('org_staff');
      await bench.submit(handle, {
        stepId: 'qualification.conditions',
        actor: org,
        items: filled('qualification.conditions', {
          'qualification.conditions.level': 'county',
          'qualification.conditions.rank': 'deputy',
        }),
      });
      await bench.submit(handle, {
        stepId: 'qualification.profile',
        actor: org,
        items: {
          ...profileAsItems(caseProfile({ recommendationByTalks: false })),
          'qualification.profile.reason': '按本次选拔的实际情况确认',
        },
      });
      await bench.submit(handle, {
        stepId: 'motion.propose',
        actor: person('department_officer'),
        items: filled('motion.propose', { 'motion.propose.approval_grounds': ['large_batch'] }),
      });
      let status = await waitFor(handle, (s) => (s.deadlines ?? []).length === 1);
      expect(status.deadlines?.[0]).toMatchObject({ key: 'motion.upper_approval', overdue: false });
      expect(status.nextDeadline).toBe(status.deadlines?.[0]?.dueAt);
      await bench.env.sleep(
        Date.parse(status.deadlines?.[0]?.dueAt as string) - (await bench.env.currentTimeMs()) + 1000,
      );
      status = await waitFor(handle, (s) => s.deadlines?.[0]?.overdue === true);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.filter((f) => f.kind === 'deadline.reminder')).toHaveLength(2);
      expect(acts.facts.find((f) => f.kind === 'deadline.overdue')?.summary).toContain('报组织部部长督办');
      expect(status.gate).toBe('motion');
      await bench.submit(handle, {
        stepId: 'motion.work_plan',
        actor: org,
        items: filled('motion.work_plan'),
      });
      await bench.submit(handle, {
        stepId: 'motion.upper_approval',
        actor: org,
        items: exampleItems(
          'motion.upper_approval',
          { 'motion.upper_approval.grounds': ['large_batch'], 'motion.upper_approval.reply': 'approved' },
          {
            today: chinaDateOf(await bench.env.currentTimeMs()),
            profile: caseProfile({ needsUpperApproval: true }),
          },
        ),
      });
      status = await waitFor(handle, (s) => s.gate === 'nomination');
      expect(status.deadlines).toEqual([]);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'deadline.met_late')?.summary).toMatch(
        /^上级组织部门批复逾期 1 日后办理/,
      );
      await handle.terminate('test done');
    });
  });
});
