import { CASE_AWAITING, CASE_GATE, type ServiceResultArgs, type SubmitStepArgs } from '@jishi/contracts';
import { eligibleCheck, exampleItems } from '@jishi/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { addDays, caseProfile, chinaDateOf, profileAsItems, chinaDayEndMs, yearOf } from '@jishi/domain';
import type { CalendarYearRead } from './activities/case.activities';
import {
  calendarChangedSignal,
  caseWorkflow,
  objectionSignal,
  consultationAnswerSignal,
  serviceResultSignal,
  statusQuery,
} from './case.workflow';
import {
  attachment,
  CaseTestBench,
  check,
  emptyRecords,
  filled,
  groupItems,
  input,
  person,
  RecordingActivities,
  stack,
  waitFor,
} from './case-test-bench';

const NOMINATION_STEPS = emptyRecords(
  'nomination.submit',
  'nomination.meeting',
  'nomination.talks',
  'nomination.result',
);
const INSPECTION_STEPS = emptyRecords(
  'inspection.shortlist',
  'inspection.team',
  'inspection.notice',
  'inspection.appraisal',
  'inspection.talks',
  'inspection.investigation',
  'inspection.four_musts',
  'inspection.ranking',
  'inspection.report',
);

describe('case workflow', () => {
  const bench = new CaseTestBench();
  bench.install();
  const withWorker = <T>(acts: RecordingActivities, fn: () => Promise<T>) => bench.withWorker(acts, fn);
  const submit = (handle: WorkflowHandle, args: SubmitStepArgs) => bench.submit(handle, args);
  const refusalOf = (handle: WorkflowHandle, args: SubmitStepArgs) => bench.refusalOf(handle, args);

  it('walks a case through all nine gates, with services, member units and shortened timers', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-walk',
        args: [input('walk')],
      });
      // The nomination's result, early (a stolen login, or a replay out of order): refused at
      // qualification, twice delivered and refused once, and its id still free for the real result.
      for (let i = 0; i < 2; i++)
        await handle.signal(serviceResultSignal, {
          eventId: 'nomination-result-1',
          service: 'nomination',
          steps: NOMINATION_STEPS,
          candidateIds: ['someone-else'],
        });
      await waitFor(handle, () => acts.facts.some((f) => f.kind === 'input.refused'));
      expect(acts.facts.filter((f) => f.summary.startsWith('RESULT.NOT_ITS_GATE'))).toHaveLength(1);
      await submit(handle, {
        stepId: 'qualification.check',
        actor: person('org_staff'),
        items: {
          'qualification.check.conclusion': 'eligible',
          'qualification.check.checked_on': '2026-11-02',
        },
      });
      await submit(handle, {
        stepId: 'motion.propose',
        actor: person('department_officer'),
        items: { 'motion.propose.reason': '原局长到龄退休，职位空缺' },
      });
      await submit(handle, {
        stepId: 'motion.work_plan',
        actor: person('org_staff'),
        items: { 'motion.work_plan.document': attachment },
      });
      expect((await handle.query(statusQuery)).gate).toBe('nomination');
      await waitFor(handle, () => acts.commands.length === 1);
      expect(acts.commands.map((c) => c.service)).toEqual(['nomination']);

      const nomination: ServiceResultArgs = {
        eventId: 'nomination-result-1',
        service: 'nomination',
        steps: NOMINATION_STEPS,
        candidateIds: ['cand-a', 'cand-b'],
      };
      await handle.signal(serviceResultSignal, nomination);
      await handle.signal(serviceResultSignal, nomination); // redelivered: changes nothing
      await waitFor(handle, () => acts.commands.length === 2);
      expect(acts.commands.map((c) => c.service)).toEqual(['nomination', 'inspection']);
      expect(acts.commands[1]?.candidateIds).toEqual(['cand-a', 'cand-b']);
      // Each service decides by the case's own rules: its resolved policy and its profile.
      expect(acts.commands[1]?.rules).toMatchObject({
        policy: { shortlistCandidatesPerPost: 2, consultationUnits: [] },
        profile: { decisionBody: 'standing_committee', promotion: true },
      });

      await handle.signal(serviceResultSignal, {
        eventId: 'inspection-result-1',
        service: 'inspection',
        steps: INSPECTION_STEPS,
        candidateIds: ['cand-b', 'cand-a'],
      });
      await waitFor(handle, (s) => s.gate === 'deliberation');
      await submit(handle, {
        stepId: 'deliberation.department_meeting',
        actor: person('cadre_section_chief'),
        items: {},
      });
      await submit(handle, {
        stepId: 'deliberation.leaders_consulted',
        actor: person('org_staff'),
        items: {},
      });
      await submit(handle, {
        stepId: 'deliberation.five_person_group',
        actor: person('minister'),
        items: {},
      });

      await waitFor(handle, () => acts.consultations.length === 1);
      const units = acts.consultations[0]?.units ?? [];
      expect(units).toEqual([
        'candidate_unit_party_body',
        'candidate_unit_personnel',
        'discipline_inspection',
      ]);
      expect(acts.consultations[0]?.candidateId).toBe('cand-b');
      for (const unit of units) {
        await handle.signal(consultationAnswerSignal, {
          eventId: `answer-${unit}`,
          unit,
          opinion: 'no_objection',
          content: '未发现影响使用的问题',
          answeredOn: '2026-11-20',
        });
      }
      await waitFor(handle, () => acts.commands.length === 3);
      expect(acts.commands[2]).toMatchObject({
        service: 'voting',
        candidateIds: ['cand-b'],
        expectedMembers: 9,
        body: 'standing_committee',
      });

      await handle.signal(serviceResultSignal, {
        eventId: 'vote-1',
        service: 'voting',
        steps: [{ stepId: 'decision.meeting', items: { 'decision.meeting.agree': 7 } }],
        candidateIds: ['cand-b'],
        outcome: 'passed',
      });
      await waitFor(handle, (s) => s.done['decision.meeting'] === 1);
      await submit(handle, { stepId: 'decision.first_submission', actor: person('org_staff'), items: {} });
      await submit(handle, { stepId: 'appointment.announcement', actor: person('org_staff'), items: {} });
      // The period is counted from the calendar once the step is recorded; then its timer runs.
      await waitFor(handle, (s) => s.nextDeadline !== undefined);
      await bench.env.sleep('11s');
      await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
      await submit(handle, { stepId: 'appointment.notice', actor: person('org_staff'), items: {} });
      await submit(handle, { stepId: 'appointment.talk', actor: person('minister'), items: {} });
      await submit(handle, {
        stepId: 'appointment.second_submission',
        actor: person('org_staff'),
        items: {},
      });
      expect((await handle.query(statusQuery)).gate).toBe('probation');

      const early = await refusalOf(handle, {
        stepId: 'probation.assessment',
        actor: person('org_staff'),
        items: {},
      });
      expect(early.code).toBe('PROB.NOT_ENDED');
      await bench.env.sleep('31s');
      await waitFor(handle, () => acts.facts.some((f) => f.kind === 'probation.ended'));
      await submit(handle, {
        stepId: 'probation.assessment',
        actor: person('org_staff'),
        items: { 'probation.assessment.finding': 'competent' },
      });
      await submit(handle, {
        stepId: 'probation.outcome',
        actor: person('org_staff'),
        items: { 'probation.outcome.outcome': 'confirmed' },
      });

      const outcome = await handle.result();
      expect(outcome).toEqual({
        status: 'completed',
        appointedCandidateId: 'cand-b',
        facts: acts.facts.length,
      });
      const sequences = acts.facts.map((f) => f.sequence);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      // The redelivered nomination result recorded its steps once.
      expect(acts.facts.filter((f) => f.step?.stepId === 'nomination.result')).toHaveLength(1);
      expect(acts.facts[0]?.kind).toBe('case.started');
      expect(acts.facts.at(-1)?.kind).toBe('case.completed');

      // `JISHI_RECORD_HISTORIES=<name>` keeps this run's history as test/histories/<name>.json for the
      // replay test; record a new one whenever a patch changes what new cases do.
      const record = process.env['JISHI_RECORD_HISTORIES'];
      if (record) {
        writeFileSync(
          path.join(__dirname, `../test/histories/${record}.json`),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('refuses a step in the wrong gate, by the wrong role or with invalid data, and records nothing', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-refusals',
        args: [input('refusals')],
      });
      await waitFor(handle, (s) => s.facts === 2); // case.started, gate.opened
      const before = await handle.query(statusQuery);

      const wrongGate = await refusalOf(handle, {
        stepId: 'deliberation.department_meeting',
        actor: person('cadre_section_chief'),
        items: {},
      });
      expect(wrongGate.code).toBe('CASE.WRONG_GATE');
      expect(wrongGate.zh).toContain('须依次办理');
      const nextGate = await refusalOf(handle, {
        stepId: 'motion.propose',
        actor: person('department_officer'),
        items: {},
      });
      expect(nextGate.code).toBe('CASE.GATE_INCOMPLETE');
      const wrongRole = await refusalOf(handle, {
        stepId: 'qualification.check',
        actor: person('member_unit'),
        items: {},
      });
      expect(wrongRole.code).toBe('CASE.ROLE_NOT_ALLOWED');
      const asService = await refusalOf(handle, {
        stepId: 'qualification.check',
        actor: person('service'),
        items: {},
      });
      expect(asService.code).toBe('CASE.ROLE_NOT_ALLOWED');
      const badDate = await refusalOf(handle, {
        stepId: 'qualification.check',
        actor: person('org_staff'),
        items: { 'qualification.check.checked_on': '2026-13-01' },
      });
      expect(badDate.code).toBe('CATALOGUE.INVALID_VALUE');
      expect(badDate.zh).toContain('审查日期');
      const foreignItem = await refusalOf(handle, {
        stepId: 'qualification.check',
        actor: person('org_staff'),
        items: { 'motion.propose.reason': '不属于本环节' },
      });
      expect(foreignItem.code).toBe('CATALOGUE.UNKNOWN_ITEM');
      // A step a service, a member unit or the workflow brings is no person's to post, whatever the role.
      for (const [stepId, role] of [
        ['decision.meeting', 'recorder'],
        ['decision.meeting', 'deputy_minister'],
        ['nomination.result', 'org_staff'],
        ['inspection.report', 'inspection_team_member'],
        ['consultation.answer', 'member_unit'],
        ['appointment.announcement_end', 'org_staff'],
      ] as const) {
        const notYours = await refusalOf(handle, { stepId, actor: person(role), items: {} });
        expect({ stepId, role, code: notYours.code }).toEqual({ stepId, role, code: 'CASE.STEP_NOT_YOURS' });
      }

      const after = await handle.query(statusQuery);
      expect(after).toEqual(before);
      expect(acts.facts).toHaveLength(2);
      await handle.terminate('test done');
    });
  });

  /** The short way to a gate: every step by its first allowed role, services and units answering. */
  async function walkTo(
    handle: WorkflowHandle,
    gate: 'consultation' | 'decision' | 'appointment',
    beforeConsultation: () => void = () => undefined,
  ): Promise<void> {
    await submit(handle, { stepId: 'qualification.check', actor: person('org_staff'), items: {} });
    await submit(handle, { stepId: 'motion.propose', actor: person('org_staff'), items: {} });
    await submit(handle, { stepId: 'motion.work_plan', actor: person('org_staff'), items: {} });
    await handle.signal(serviceResultSignal, {
      eventId: 'n',
      service: 'nomination',
      steps: NOMINATION_STEPS,
      candidateIds: ['x'],
    });
    await handle.signal(serviceResultSignal, {
      eventId: 'i',
      service: 'inspection',
      steps: INSPECTION_STEPS,
      candidateIds: ['x'],
    });
    await waitFor(handle, (s) => s.gate === 'deliberation');
    await submit(handle, {
      stepId: 'deliberation.department_meeting',
      actor: person('cadre_section_chief'),
      items: {},
    });
    await submit(handle, { stepId: 'deliberation.leaders_consulted', actor: person('org_staff'), items: {} });
    beforeConsultation();
    await submit(handle, { stepId: 'deliberation.five_person_group', actor: person('minister'), items: {} });
    if (gate === 'consultation') return;
    await waitFor(handle, (s) => s.gate === 'consultation' && s.waitingOn.length === 3);
    for (const unit of ['candidate_unit_party_body', 'candidate_unit_personnel', 'discipline_inspection']) {
      await handle.signal(consultationAnswerSignal, {
        eventId: unit,
        unit,
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-11-20',
      });
    }
    await waitFor(handle, (s) => s.gate === 'decision');
    if (gate === 'decision') return;
    await handle.signal(serviceResultSignal, {
      eventId: 'v',
      service: 'voting',
      steps: [{ stepId: 'decision.meeting', items: {} }],
      candidateIds: ['x'],
      outcome: 'passed',
    });
    await waitFor(handle, (s) => s.done['decision.meeting'] === 1);
    await submit(handle, { stepId: 'decision.first_submission', actor: person('org_staff'), items: {} });
  }

  it('ends the case when the upper department rejects the motion, and opens no nomination', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-motion-rejected',
        args: [input('motion-rejected', { profile: { needsUpperApproval: true } })],
      });
      await submit(handle, { stepId: 'qualification.check', actor: person('org_staff'), items: {} });
      await submit(handle, { stepId: 'motion.propose', actor: person('org_staff'), items: {} });
      await submit(handle, { stepId: 'motion.work_plan', actor: person('org_staff'), items: {} });
      expect((await handle.query(statusQuery)).gate).toBe('motion');
      await submit(handle, {
        stepId: 'motion.upper_approval',
        actor: person('org_staff'),
        items: {
          'motion.upper_approval.reply': 'rejected',
          'motion.upper_approval.replied_on': '2026-11-20',
        },
      });
      expect(await handle.result()).toEqual({ status: 'not_appointed', facts: acts.facts.length });
      expect(acts.facts.map((f) => f.kind)).toEqual(
        expect.arrayContaining(['motion.rejected', 'case.closed']),
      );
      expect(acts.facts.find((f) => f.kind === 'motion.rejected')?.summary).toContain(
        'MOTION.APPROVAL_REJECTED',
      );
      expect(acts.commands).toEqual([]);
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-motion-rejected.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('refuses an objection that arrives together with the announcement’s end (the real server, real time)', async () => {
    // Time-skipping cannot hold a fired timer back for a worker that is away; the real server can:
    // the worker stops, the announcement's end passes, an objection comes, and one activation holds both.
    const acts = new RecordingActivities();
    const queue = `late-objection-${Date.now()}`;
    const connection = await Connection.connect({
      address: stack.temporal.address,
      tls: stack.temporal.tls(),
    });
    const native = await NativeConnection.connect({
      address: stack.temporal.address,
      tls: stack.temporal.tls(),
    });
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const run = async <T>(fn: () => Promise<T>): Promise<T> =>
      (
        await Worker.create({
          connection: native,
          namespace: stack.temporal.namespace,
          taskQueue: queue,
          workflowBundle: bench.workflowBundle,
          activities: acts.functions,
          stickyQueueScheduleToStartTimeout: '1s',
        })
      ).runUntil(fn);
    const objection = (eventId: string) => ({
      eventId,
      receivedOn: chinaDateOf(Date.now()),
      anonymous: false,
      content: '反映该同志在原单位工作作风问题',
      seriousAndSpecific: false,
    });
    const handle = await client.workflow.start(caseWorkflow, {
      taskQueue: queue,
      workflowId: `case-late-objection-${Date.now()}`,
      args: [
        input('late-objection', { timers: { announcement: '2s', probation: '30s', consultation: '1h' } }),
      ],
    });
    try {
      await run(async () => {
        await walkTo(handle, 'appointment');
        await submit(handle, { stepId: 'appointment.announcement', actor: person('org_staff'), items: {} });
        await waitFor(handle, (s) => s.nextDeadline !== undefined);
        await handle.signal(objectionSignal, objection('in-time'));
        await waitFor(handle, (s) => s.done['appointment.objection'] === 1);
      });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await handle.signal(objectionSignal, objection('late'));
      await run(async () => {
        await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
        expect((await handle.query(statusQuery)).done['appointment.objection']).toBe(1);
        const refused = acts.facts.filter((f) => f.kind === 'input.refused');
        expect(refused).toHaveLength(1);
        expect(refused[0]?.summary).toContain('CASE.STEP_CLOSED');
      });
    } finally {
      await handle.terminate('test done').catch(() => undefined);
      await native.close();
      await connection.close();
    }
  });

  it('closes the case without appointment when the vote does not pass', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-rejected',
        args: [input('rejected', { profile: { decisionBody: 'plenary_committee' } })],
      });
      await walkTo(handle, 'decision');
      // The meeting is opened for the body the case names, not a fixed one.
      await waitFor(handle, () => acts.commands.some((c) => c.service === 'voting'));
      expect(acts.commands.find((c) => c.service === 'voting')?.body).toBe('plenary_committee');
      // One service's result cannot arrive at another's gate: recorded as refused, not applied (the
      // history recorded before that rule refused its step instead: CASE.STEP_NOT_YOURS).
      await handle.signal(serviceResultSignal, {
        eventId: 'forged',
        service: 'inspection',
        steps: [{ stepId: 'decision.meeting', items: {} }],
        candidateIds: ['x'],
      });
      await waitFor(handle, () => acts.facts.some((f) => f.kind === 'input.refused'));
      expect(acts.facts.find((f) => f.kind === 'input.refused')?.summary).toContain('RESULT.NOT_ITS_GATE');
      expect((await handle.query(statusQuery)).done['decision.meeting']).toBeUndefined();
      await handle.signal(serviceResultSignal, {
        eventId: 'v',
        service: 'voting',
        steps: [],
        candidateIds: ['x'],
        outcome: 'rejected',
      });
      expect(await handle.result()).toEqual({ status: 'not_appointed', facts: acts.facts.length });
      expect(acts.facts.at(-1)?.kind).toBe('case.closed');
      // It lists as closed, as its status says, not at the gate where it stopped.
      expect((await handle.query(statusQuery)).gate).toBe('closed');
      expect((await handle.describe()).typedSearchAttributes.get(CASE_GATE)).toBe('closed');
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-closed.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('waits, visibly, for a year whose schedule is not loaded, and ends the announcement on the right day', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      // Announcement from the last Monday-ish of this year: its five working days reach next year,
      // whose schedule the calendar does not have yet. Real lengths: no announcement override.
      const today = chinaDateOf(await bench.env.currentTimeMs());
      const next = yearOf(today) + 1;
      const startsOn = today > `${next - 1}-12-28` ? today : `${next - 1}-12-28`;
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-calendar-wait',
        args: [input('calendar-wait', { timers: { probation: '30s', consultation: '1h' } })],
      });
      await walkTo(handle, 'appointment');
      acts.calendar.withheld.add(next);

      const pastStart = await refusalOf(handle, {
        stepId: 'appointment.announcement',
        actor: person('org_staff'),
        items: { 'appointment.announcement.starts_on': addDays(today, -1) },
      });
      expect(pastStart.code).toBe('APPT.ANNOUNCEMENT_START');
      const givenEnd = await refusalOf(handle, {
        stepId: 'appointment.announcement',
        actor: person('org_staff'),
        items: { 'appointment.announcement.ends_on': startsOn },
      });
      expect(givenEnd.code).toBe('APPT.ANNOUNCEMENT_END_COMPUTED');

      await submit(handle, {
        stepId: 'appointment.announcement',
        actor: person('org_staff'),
        items: { 'appointment.announcement.starts_on': startsOn },
      });
      const waiting = await waitFor(handle, (s) => s.waitingOn.includes(`calendar:${next}`));
      expect(waiting.waitingOn).toEqual([`calendar:${next}`]);
      expect(waiting.announcement).toEqual({ startsOn });
      await waitFor(handle, () => acts.facts.some((f) => f.kind === 'calendar.awaited'));
      const awaiting = async () => (await handle.describe()).typedSearchAttributes.get(CASE_AWAITING);
      for (let i = 0; i < 100 && !(await awaiting())?.includes(`calendar:${next}`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await awaiting()).toEqual([`calendar:${next}`]);
      // A signal for another year wakes nothing.
      const reads = acts.calendar.reads.length;
      await handle.signal(calendarChangedSignal, { year: next + 5, version: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(acts.calendar.reads.length).toBe(reads);

      // The year is loaded: New Year's Day off. The case reads it and counts the period.
      acts.calendar.loaded.set(next, {
        year: next,
        version: 1,
        holidays: [`${next}-01-01`],
        makeUpWorkdays: [],
        source: '国办发明电（测试）',
      });
      await handle.signal(calendarChangedSignal, { year: next, version: 1 });
      const expected = acts.calendar.calendar([next - 1, next]).nthWorkingDay(startsOn, 5);
      if (startsOn === '2026-12-28') expect(expected).toBe('2027-01-04'); // Mon 28 … Thu 31, Mon 4
      const counted = await waitFor(handle, (s) => s.announcement?.endsOn !== undefined);
      expect(counted.announcement).toEqual({ startsOn, endsOn: expected });
      expect(counted.waitingOn).not.toContain(`calendar:${next}`);
      expect(counted.nextDeadline).toBe(new Date(chinaDayEndMs(expected)).toISOString());
      const period = acts.facts.find((f) => f.kind === 'appointment.announcement_period');
      expect(period?.step?.items).toEqual({
        'appointment.announcement.starts_on': startsOn,
        'appointment.announcement.ends_on': expected,
      });
      expect(acts.facts.find((f) => f.kind === 'calendar.resumed')?.summary).toContain('国办发明电（测试）');

      // A correction makes the counted last day a holiday: the period is counted again and the
      // timer moves; a later correction back shortens nothing that was published.
      const v1 = acts.calendar.loaded.get(next) as CalendarYearRead;
      acts.calendar.loaded.set(next, { ...v1, version: 2, holidays: [...v1.holidays, expected].sort() });
      const longer = acts.calendar.calendar([next - 1, next]).nthWorkingDay(startsOn, 5);
      expect(longer > expected).toBe(true);
      await handle.signal(calendarChangedSignal, { year: next, version: 2 });
      const recounted = await waitFor(handle, (s) => s.announcement?.endsOn === longer);
      expect(recounted.nextDeadline).toBe(new Date(chinaDayEndMs(longer)).toISOString());
      const periods = acts.facts.filter((f) => f.kind === 'appointment.announcement_period');
      expect(periods.map((f) => f.step?.items['appointment.announcement.ends_on'])).toEqual([
        expected,
        longer,
      ]);
      expect(periods[1]?.summary).toContain(`${next} 年第 2 版`);
      acts.calendar.loaded.set(next, { ...v1, version: 3 });
      await handle.signal(calendarChangedSignal, { year: next, version: 3 });
      await waitFor(handle, () => acts.facts.some((f) => f.kind === 'calendar.recounted'));
      expect((await handle.query(statusQuery)).announcement?.endsOn).toBe(longer);

      // The announcement runs until its last day is over in China, not a moment less: the timer set
      // for the first count fires for nothing.
      const end = chinaDayEndMs(longer);
      await bench.env.sleep(end - (await bench.env.currentTimeMs()) - 60_000);
      expect((await handle.query(statusQuery)).done['appointment.announcement_end']).toBeUndefined();
      await bench.env.sleep(61_000);
      await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
      const ended = acts.facts.find((f) => f.step?.stepId === 'appointment.announcement_end');
      expect(ended?.step?.items['appointment.announcement_end.ended_on']).toBe(longer);

      const record = process.env['JISHI_RECORD_HISTORIES'];
      if (record) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-calendar-wait.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
      await handle.terminate('test done');
    });
  });

  it('waits for the year before it asks the member units, and asks with the deadline counted in it', async () => {
    const acts = new RecordingActivities();
    await withWorker(acts, async () => {
      const today = chinaDateOf(await bench.env.currentTimeMs());
      const year = yearOf(today);
      const handle = await bench.env.client.workflow.start(caseWorkflow, {
        taskQueue: bench.taskQueue,
        workflowId: 'case-calendar-consultation',
        args: [input('calendar-consultation')],
      });
      await walkTo(handle, 'consultation', () => {
        acts.calendar.withheld.add(year);
        acts.calendar.withheld.add(year + 1);
      });
      const waiting = await waitFor(handle, (s) => s.gate === 'consultation' && s.waitingOn.length > 0);
      expect(waiting.waitingOn).toEqual([`calendar:${year}`]);
      expect(acts.consultations).toHaveLength(0);
      acts.calendar.withheld.clear();
      await handle.signal(calendarChangedSignal, { year, version: 1 });
      await waitFor(handle, () => acts.consultations.length === 1);
      const expected = acts.calendar.calendar([year, year + 1]).addWorkingDays(today, 5);
      expect(acts.consultations[0]?.dueOn).toBe(expected);
      expect((await handle.query(statusQuery)).waitingOn).toHaveLength(3);
      await handle.terminate('test done');
    });
  });

  describe('specification 2: one record per candidate', () => {
    /** A date this many days before the test server's today (its clock runs ahead as tests skip time). */
    let serverToday = '';
    beforeEach(async () => {
      serverToday = chinaDateOf(await bench.env.currentTimeMs());
    });
    const daysAgo = (days: number) => addDays(serverToday, -days);

    const toInspection: CaseTestBench['toInspection'] = (...args) => bench.toInspection(...args);

    it('finds each ground of ineligibility in the facts of a candidate’s check, and lets the candidate go with its code', async () => {
      const grounds: [string, Record<string, unknown>][] = [
        ['QUAL.WORK_YEARS', { 'qualification.check.work_years': 3 }],
        ['QUAL.GRASSROOTS_YEARS', { 'qualification.check.grassroots_years': 1 }],
        ['QUAL.LOWER_POSTS', { 'qualification.check.posts_at_level_below': 1 }],
        ['QUAL.PRINCIPAL_TO_UPPER_DEPUTY', { 'qualification.check.current_rank_since': daysAgo(400) }],
        ['QUAL.EDUCATION', { 'qualification.check.education': 'high_school' }],
        ['QUAL.TRAINING', { 'qualification.check.training': 'none' }],
        ['NEG.POLITICAL_DISCIPLINE', { 'qualification.check.political_discipline': 'yes' }],
        ['NEG.LOW_RECOGNITION', { 'qualification.check.low_recognition': 'yes' }],
        ['NEG.ANNUAL_REVIEW', { 'qualification.check.last_annual_review': 'basically_competent' }],
        ['NEG.CANVASSING', { 'qualification.check.canvassing': 'yes' }],
        ['NEG.NAKED_OFFICIAL', { 'qualification.check.naked_official': 'yes' }],
      ];
      const acts = new RecordingActivities();
      await withWorker(acts, async () => {
        const ids = grounds.map((_, i) => `q${i + 1}`);
        const handle = await toInspection(acts, 'grounds', ids);
        for (const [i, [, facts]] of grounds.entries()) {
          await submit(handle, {
            stepId: 'qualification.check',
            actor: person('org_staff'),
            items: check(facts),
            candidateId: ids[i],
          });
        }
        const status = await handle.query(statusQuery);
        expect(status.candidates?.map((c) => `${c.id}:${c.status}:${c.left?.code ?? ''}`)).toEqual(
          grounds.map(([code], i) => `${ids[i]}:ineligible:${code}`),
        );
        // Nobody eligible and no nominee left: nothing is sent to inspection, the case ends.
        expect(await handle.result()).toMatchObject({ status: 'not_appointed' });
        expect(acts.facts.some((f) => f.kind === 'case.no_candidate')).toBe(true);
        expect(acts.commands).toHaveLength(1);
      });
      // Waiting for the result above let the test server skip ahead: today is read again.
      serverToday = chinaDateOf(await bench.env.currentTimeMs());
      const deputy = new RecordingActivities();
      await withWorker(deputy, async () => {
        // A deputy for under two years cannot be the principal of the same level.
        const handle = await toInspection(deputy, 'grounds-principal', ['p1', 'p2'], { rank: 'principal' });
        await submit(handle, {
          stepId: 'qualification.check',
          actor: person('org_staff'),
          items: check({
            'qualification.check.current_level': 'county',
            'qualification.check.current_rank': 'deputy',
            'qualification.check.current_rank_since': daysAgo(300),
          }),
          candidateId: 'p1',
        });
        expect((await handle.query(statusQuery)).candidates?.[0]?.left?.code).toBe(
          'QUAL.DEPUTY_TO_PRINCIPAL',
        );
        await handle.terminate('test done');
      });
      serverToday = chinaDateOf(await bench.env.currentTimeMs());
      const skipping = new RecordingActivities();
      await withWorker(skipping, async () => {
        // From a section principal to a bureau deputy is three grades at once, exceptional or not.
        const handle = await toInspection(skipping, 'grounds-grades', ['g1', 'g2'], {
          level: 'bureau',
          profile: { exceptionalPromotion: true },
        });
        await submit(handle, {
          stepId: 'qualification.check',
          actor: person('org_staff'),
          items: check({
            'qualification.check.on_probation': 'no',
            'qualification.check.last_exceptional_on_years': 'no',
            'qualification.check.exceptional_on_years': 'no',
          }),
          candidateId: 'g1',
        });
        expect((await handle.query(statusQuery)).candidates?.[0]?.left?.code).toBe('EXC.TWO_GRADES');
        await handle.terminate('test done');
      });
    });

    it('does not appoint a candidate who did not pass: another is proposed for the post, or the post is concluded', async () => {
      const acts = new RecordingActivities();
      await withWorker(acts, async () => {
        const handle = await toInspection(acts, 'another', ['n1', 'n2', 'n3']);
        await bench.toDecision(
          acts,
          handle,
          ['n1', 'n2', 'n3'],
          [{ post: 1, candidateId: 'n1', reason: '得票最多' }],
        );
        const org = person('org_staff');
        const tally = (candidateId: string, meeting: number, agree: number) => ({
          eventId: `another-meeting-${meeting}`,
          service: 'voting' as const,
          meeting,
          candidateIds: [],
          steps: [
            {
              stepId: 'decision.meeting',
              items: {
                'decision.meeting.expected': 9,
                'decision.meeting.present': 8,
                'decision.meeting.outcome': 'held',
              },
            },
            {
              stepId: 'decision.vote',
              candidateId,
              items: {
                'decision.vote.meeting': meeting,
                'decision.vote.agree': agree,
                'decision.vote.disagree': 8 - agree,
                'decision.vote.abstain': 0,
                'decision.vote.outcome': agree * 2 > 9 ? 'passed' : 'not_passed',
              },
            },
          ],
        });
        // Four of nine expected members agree: n1 is not passed, and not appointed.
        await handle.signal(serviceResultSignal, tally('n1', 1, 4));
        await waitFor(handle, (s) => s.candidates?.find((c) => c.id === 'n1')?.status === 'not_passed');
        expect((await handle.query(statusQuery)).status).toBe('running');
        const submission = {
          stepId: 'decision.first_submission',
          actor: org,
          items: filled('decision.first_submission'),
        };
        expect((await refusalOf(handle, submission)).code).toBe('DEC.POSTS_UNFILLED');
        const endIt = (outcome: string) => ({
          stepId: 'decision.conclude',
          actor: person('deputy_minister'),
          items: filled('decision.conclude', { 'decision.conclude.outcome': outcome }),
        });
        expect((await refusalOf(handle, endIt('leave_vacant'))).code).toBe('DEC.CONCLUSION');
        const propose = (candidateId: string, post: number) => ({
          stepId: 'decision.new_proposal',
          actor: person('minister'),
          candidateId,
          items: filled('decision.new_proposal', {
            'decision.new_proposal.post': post,
            'decision.new_proposal.reason': '岗位匹配度高',
          }),
        });
        expect((await refusalOf(handle, propose('n2', 2))).code).toBe('DEC.POST_NOT_OPEN');
        expect((await refusalOf(handle, propose('n1', 1))).code).toBe('CAND.NOT_IN_SCOPE');
        await submit(handle, propose('n3', 1));
        await waitFor(handle, () => acts.commands.length === 4);
        expect(acts.commands[3]).toMatchObject({ meeting: 2, candidateIds: ['n3'] });
        await handle.signal(serviceResultSignal, tally('n3', 2, 7));
        await waitFor(handle, (s) => s.candidates?.find((c) => c.id === 'n3')?.status === 'passed');
        expect((await refusalOf(handle, endIt('end_case'))).code).toBe('DEC.CONCLUSION');
        // n1's post is n3's now: n1 cannot be brought back to the vote for it.
        const reconsiderN1 = {
          stepId: 'decision.reconsideration',
          actor: org,
          candidateId: 'n1',
          items: filled('decision.reconsideration', {
            'decision.reconsideration.members': 9,
            'decision.reconsideration.agree_to_reconsider': 6,
          }),
        };
        expect((await refusalOf(handle, reconsiderN1)).code).toBe('DEC.POST_NOT_OPEN');
        await submit(handle, submission);
        expect((await handle.query(statusQuery)).gate).toBe('appointment');
        await handle.terminate('test done');
      });
    });

    it('refuses to run a case whose policy breaks its rules', async () => {
      const acts = new RecordingActivities();
      await withWorker(acts, async () => {
        const handle = await bench.env.client.workflow.start(caseWorkflow, {
          taskQueue: bench.taskQueue,
          workflowId: 'case-bad-policy',
          args: [input('bad-policy', { specVersion: 2, policy: { announcementWorkingDays: 3 } })],
        });
        const failure = await handle.result().catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        expect(((failure as WorkflowFailedError).cause as { type?: string }).type).toBe('POLICY.INVALID');
      });
    });

    it('ends the case when the upper department rejects an exceptional promotion', async () => {
      const acts = new RecordingActivities();
      await withWorker(acts, async () => {
        const handle = await toInspection(acts, 'exceptional', ['e1', 'e2', 'e3', 'e4', 'e5'], {
          profile: { exceptionalPromotion: true },
        });
        // Exceptional promotion's own constraints, from each candidate's promotion history.
        const history = (own: Record<string, unknown>) =>
          eligibleCheck(
            {
              'qualification.check.checked_on': '2026-11-20',
              'qualification.check.on_probation': 'no',
              'qualification.check.last_exceptional_on_years': 'no',
              'qualification.check.exceptional_on_years': 'no',
              ...own,
            },
            { today: '2026-11-20' },
          );
        const histories: Record<string, Record<string, unknown>> = {
          e1: {},
          e2: { 'qualification.check.last_promotion_on': daysAgo(800) },
          e3: { 'qualification.check.on_probation': 'yes' },
          e4: { 'qualification.check.last_promotion_on': daysAgo(100) },
          e5: {
            'qualification.check.last_exceptional_on_years': 'yes',
            'qualification.check.exceptional_on_years': 'yes',
          },
        };
        const missingHistory = await refusalOf(handle, {
          stepId: 'qualification.check',
          actor: person('org_staff'),
          items: check(),
          candidateId: 'e1',
        });
        expect(missingHistory.code).toBe('CATALOGUE.MISSING_ITEM');
        for (const [id, own] of Object.entries(histories))
          await submit(handle, {
            stepId: 'qualification.check',
            actor: person('org_staff'),
            items: history(own),
            candidateId: id,
          });
        expect(
          (await handle.query(statusQuery)).candidates?.map((c) => `${c.id}:${c.left?.code ?? c.status}`),
        ).toEqual([
          'e1:eligible',
          'e2:eligible',
          'e3:EXC.ON_PROBATION',
          'e4:EXC.RECENT_PROMOTION',
          'e5:EXC.TWICE_ON_YEARS',
        ]);
        await waitFor(handle, () => acts.commands.length === 2);
        await bench.inspected(handle, ['e1', 'e2']);
        await bench.deliberate(handle, [{ post: 1, candidateId: 'e2', reason: '实绩特别突出' }]);
        // The approval is required before the decision gate: it waits in deliberation.
        expect((await handle.query(statusQuery)).gate).toBe('deliberation');
        await submit(handle, {
          stepId: 'qualification.exceptional_approval',
          actor: person('org_staff'),
          items: exampleItems(
            'qualification.exceptional_approval',
            { 'qualification.exceptional_approval.reply': 'rejected' },
            { today: chinaDateOf(Date.now()), profile: caseProfile({ exceptionalPromotion: true }) },
          ),
        });
        const closed = await waitFor(handle, (s) => s.status === 'not_appointed');
        expect(closed.gate).toBe('closed');
        await waitFor(handle, () => acts.facts.some((f) => f.kind === 'case.closed'));
        expect(acts.facts.find((f) => f.kind === 'exceptional.rejected')?.summary).toContain(
          'EXC.APPROVAL_REJECTED: ',
        );
        expect(acts.commands.map((c) => c.service)).toEqual(['nomination', 'inspection']);
      });
    });

    it('shortlists, checks each candidate, proposes against the votes, reconvenes a void meeting and votes a deferred candidate later', async () => {
      const acts = new RecordingActivities();
      await withWorker(acts, async () => {
        const handle = await bench.env.client.workflow.start(caseWorkflow, {
          taskQueue: bench.taskQueue,
          workflowId: 'case-candidates',
          args: [
            input('candidates', {
              specVersion: 2,
              posts: 2,
              profile: { promotion: false, recommendationByTalks: false },
              policy: { consultationUnits: [], shortlistCandidatesPerPost: 1.5 },
            }),
          ],
        });
        const org = person('org_staff');
        await submit(handle, {
          stepId: 'qualification.conditions',
          actor: org,
          items: filled('qualification.conditions', {
            'qualification.conditions.level': 'county',
            'qualification.conditions.rank': 'deputy',
          }),
        });
        // The department proposed "no promotion"; the organization department corrects it.
        const missing = await refusalOf(handle, { stepId: 'qualification.profile', actor: org, items: {} });
        expect(missing.code).toBe('CATALOGUE.MISSING_ITEM');
        const unexplained = await refusalOf(handle, {
          stepId: 'qualification.profile',
          actor: org,
          items: profileAsItems(caseProfile({ recommendationByTalks: false })),
        });
        expect(unexplained).toMatchObject({ code: 'QUAL.PROFILE_REASON' });
        await submit(handle, {
          stepId: 'qualification.profile',
          actor: org,
          items: {
            ...profileAsItems(caseProfile({ recommendationByTalks: false })),
            'qualification.profile.reason': '系提拔任职',
          },
        });
        expect(acts.facts.find((f) => f.kind === 'profile.corrected')?.summary).toContain(
          'promotion: false → true',
        );
        await submit(handle, {
          stepId: 'motion.propose',
          actor: person('department_officer'),
          items: filled('motion.propose'),
        });
        await submit(handle, { stepId: 'motion.work_plan', actor: org, items: filled('motion.work_plan') });
        await waitFor(handle, () => acts.commands.length === 1);
        await handle.signal(serviceResultSignal, {
          eventId: 'nomination-result',
          service: 'nomination',
          steps: emptyRecords('nomination.submit', 'nomination.meeting', 'nomination.result'),
          candidateIds: ['c1', 'c2', 'c3', 'c4'],
        });
        let status = await waitFor(handle, (s) => s.gate === 'inspection');
        expect(status.candidates?.map((c) => `${c.id}:${c.status}`)).toEqual([
          'c1:nominated',
          'c2:nominated',
          'c3:nominated',
          'c4:nominated',
        ]);
        // Nothing is sent to the inspection service until people have shortlisted and checked.
        expect(acts.commands).toHaveLength(1);

        const shortlist = (ids: string[], extra: Record<string, unknown> = {}) =>
          filled('inspection.shortlist', {
            'inspection.shortlist.candidates': ids.map((id) => ({ id, name: id })),
            ...extra,
          });
        expect(
          (
            await refusalOf(handle, {
              stepId: 'inspection.shortlist',
              actor: org,
              items: shortlist(['c1', 'c2']),
            })
          ).code,
        ).toBe('INSP.SHORTLIST_RATIO');
        expect(
          (
            await refusalOf(handle, {
              stepId: 'inspection.shortlist',
              actor: org,
              items: shortlist(['c1', 'c2', 'c9']),
            })
          ).code,
        ).toBe('INSP.NOT_NOMINATED');
        expect(
          (
            await refusalOf(handle, {
              stepId: 'inspection.shortlist',
              actor: org,
              items: shortlist(['c1', 'c2', 'c4']),
            })
          ).code,
        ).toBe('INSP.DEPARTURE_REASON');
        await submit(handle, {
          stepId: 'inspection.shortlist',
          actor: org,
          items: shortlist(['c1', 'c2', 'c4'], {
            'inspection.shortlist.departure_reason': '该职位须熟悉财务审计工作，c4 有相关经历',
          }),
        });

        expect(
          (
            await refusalOf(handle, {
              stepId: 'qualification.check',
              actor: org,
              items: check(),
              candidateId: 'c3',
            })
          ).code,
        ).toBe('CAND.NOT_IN_SCOPE');
        expect(
          (await refusalOf(handle, { stepId: 'qualification.check', actor: org, items: check() })).code,
        ).toBe('CAND.REQUIRED');
        expect(
          (
            await refusalOf(handle, {
              stepId: 'qualification.check',
              actor: org,
              items: check({ 'qualification.check.conclusion': 'eligible' }),
              candidateId: 'c4',
            })
          ).code,
        ).toBe('CATALOGUE.COMPUTED_ITEM');
        await submit(handle, {
          stepId: 'qualification.check',
          actor: org,
          items: check(),
          candidateId: 'c1',
        });
        await submit(handle, {
          stepId: 'qualification.check',
          actor: org,
          items: check({
            'qualification.check.measures': [{ kind: 'gov_demerit', decidedOn: daysAgo(60) }],
          }),
          candidateId: 'c4',
        });
        status = await handle.query(statusQuery);
        expect(status.candidates?.find((c) => c.id === 'c4')).toMatchObject({
          status: 'ineligible',
          left: { code: 'NEG.SANCTION_PERIOD' },
        });
        expect(acts.facts.find((f) => f.step?.candidateId === 'c4')?.step?.items).toMatchObject({
          'qualification.check.conclusion': 'ineligible',
        });
        expect(acts.commands).toHaveLength(1);
        // Before the inspection begins, the department may shortlist more — never anyone twice.
        expect(
          (await refusalOf(handle, { stepId: 'inspection.shortlist', actor: org, items: shortlist(['c1']) }))
            .code,
        ).toBe('INSP.ALREADY_SHORTLISTED');
        await submit(handle, { stepId: 'inspection.shortlist', actor: org, items: shortlist(['c3']) });
        for (const id of ['c3', 'c2'])
          await submit(handle, {
            stepId: 'qualification.check',
            actor: org,
            items: check(),
            candidateId: id,
          });
        await waitFor(handle, () => acts.commands.length === 2);
        expect(acts.commands[1]).toMatchObject({
          service: 'inspection',
          candidateIds: ['c1', 'c2', 'c3'],
          shortlisted: true,
        });
        // The inspection has its candidates: the shortlist is closed.
        expect(
          (await refusalOf(handle, { stepId: 'inspection.shortlist', actor: org, items: shortlist(['c4']) }))
            .code,
        ).toBe('CASE.STEP_CLOSED');

        const musts = (candidateId: string, affectsUse = false) => ({
          stepId: 'inspection.four_musts',
          candidateId,
          items: {
            'inspection.four_musts.personal_matters': 'consistent',
            'inspection.four_musts.complaints_received': affectsUse ? 2 : 0,
            'inspection.four_musts.complaints_verified': affectsUse ? 1 : 0,
            'inspection.four_musts.discipline_outcome': affectsUse ? '反映的违规兼职问题属实' : '无',
            'inspection.four_musts.affects_use': affectsUse ? 'yes' : 'no',
          },
        });
        await handle.signal(serviceResultSignal, {
          eventId: 'inspection-result',
          service: 'inspection',
          steps: [
            ...emptyRecords(
              'inspection.team',
              'inspection.notice',
              'inspection.appraisal',
              'inspection.talks',
              'inspection.investigation',
            ),
            // Each candidate's four musts; one without a candidate is refused, not applied.
            { stepId: 'inspection.four_musts', items: {} },
            musts('c1'),
            musts('c2'),
            musts('c3', true),
            ...emptyRecords('inspection.ranking', 'inspection.report'),
          ],
          candidateIds: ['c1', 'c3', 'c2'],
        });
        status = await waitFor(handle, (s) => s.gate === 'deliberation');
        // The discipline organ says a verified complaint affects c3's use: c3 leaves with the code.
        expect(status.candidates?.find((c) => c.id === 'c3')).toMatchObject({
          status: 'ineligible',
          left: { code: 'INSP.AFFECTS_USE' },
        });
        await waitFor(handle, (s) => acts.facts.length >= s.facts);
        expect(acts.facts.filter((f) => f.kind === 'input.refused').map((f) => f.summary)).toEqual([
          expect.stringMatching(/^CAND\.REQUIRED/),
        ]);
        await submit(handle, {
          stepId: 'deliberation.department_meeting',
          actor: person('cadre_section_chief'),
          items: filled('deliberation.department_meeting'),
        });
        await submit(handle, {
          stepId: 'deliberation.leaders_consulted',
          actor: org,
          items: filled('deliberation.leaders_consulted'),
        });
        expect(
          (
            await refusalOf(handle, {
              stepId: 'deliberation.five_person_group',
              actor: person('minister'),
              items: groupItems([
                { post: 1, candidateId: 'c4', reason: '熟悉财务' },
                { post: 2, candidateId: 'c1', reason: '得票最多' },
              ]),
            })
          ).code,
        ).toBe('DELIB.NOT_A_CANDIDATE');
        // The group proposes c2 for the first post, though c1 had the most votes.
        await submit(handle, {
          stepId: 'deliberation.five_person_group',
          actor: person('minister'),
          items: groupItems([
            { post: 1, candidateId: 'c2', reason: '实绩突出，岗位匹配度高' },
            { post: 2, candidateId: 'c1', reason: '经验丰富' },
          ]),
        });
        await waitFor(handle, () => acts.consultations.length === 1);
        // The opinion asked for is about every candidate proposed.
        expect(acts.consultations[0]).toMatchObject({ candidateId: 'c1', candidateIds: ['c1', 'c2'] });
        // A unit that was not asked cannot answer.
        await handle.signal(consultationAnswerSignal, {
          eventId: 'answer-stranger',
          unit: 'no-such-unit',
          opinion: 'objection',
          content: '冒名答复',
          answeredOn: '2026-11-20',
        });
        for (const unit of acts.consultations[0]?.units ?? []) {
          await handle.signal(consultationAnswerSignal, {
            eventId: `answer-${unit}`,
            unit,
            opinion: 'no_objection',
            content: '未发现影响使用的问题',
            answeredOn: '2026-11-20',
          });
        }

        // Meeting 1 lacks a quorum: void, reconvened.
        await waitFor(handle, () => acts.commands.length === 3);
        expect(acts.commands[2]).toMatchObject({ service: 'voting', meeting: 1, candidateIds: ['c1', 'c2'] });
        const meeting = (n: number, outcome: string) => ({
          stepId: 'decision.meeting',
          items: {
            'decision.meeting.expected': 9,
            'decision.meeting.present': outcome === 'void' ? 5 : 8,
            'decision.meeting.outcome': outcome,
          },
        });
        const vote = (candidateId: string, n: number) => ({
          stepId: 'decision.vote',
          candidateId,
          items: {
            'decision.vote.meeting': n,
            'decision.vote.agree': 6,
            'decision.vote.disagree': 2,
            'decision.vote.abstain': 0,
            'decision.vote.outcome': 'passed',
          },
        });
        await handle.signal(serviceResultSignal, {
          eventId: 'meeting-1',
          service: 'voting',
          meeting: 1,
          steps: [meeting(1, 'void')],
          candidateIds: [],
        });
        await waitFor(handle, () => acts.commands.length === 4);
        expect(acts.commands[3]).toMatchObject({ meeting: 2, candidateIds: ['c1', 'c2'] });
        // Meeting 2: c1's item is deferred before the vote, c2 passes.
        await handle.signal(serviceResultSignal, {
          eventId: 'meeting-2',
          service: 'voting',
          meeting: 2,
          steps: [
            meeting(2, 'quorate'),
            {
              stepId: 'decision.deferral',
              candidateId: 'c1',
              items: { 'decision.deferral.meeting': 2, 'decision.deferral.reason': '收到新的反映，需核实' },
            },
            vote('c2', 2),
          ],
          candidateIds: [],
        });
        await waitFor(handle, () => acts.commands.length === 5);
        expect(acts.commands[4]).toMatchObject({ meeting: 3, candidateIds: ['c1'] });
        // A late copy of meeting 1's result changes nothing.
        await handle.signal(serviceResultSignal, {
          eventId: 'meeting-1-again',
          service: 'voting',
          meeting: 1,
          steps: [meeting(1, 'void')],
          candidateIds: [],
        });
        await handle.signal(serviceResultSignal, {
          eventId: 'meeting-3',
          service: 'voting',
          meeting: 3,
          steps: [meeting(3, 'quorate'), vote('c1', 3)],
          candidateIds: [],
        });
        status = await waitFor(
          handle,
          (s) =>
            s.done['decision.meeting'] === 3 && s.candidates?.every((c) => c.status !== 'proposed') === true,
        );
        expect(acts.facts.some((f) => f.summary.startsWith('VOTING.STALE_MEETING'))).toBe(true);
        expect(status.candidates?.map((c) => `${c.id}:${c.status}`)).toEqual([
          'c1:passed',
          'c2:passed',
          'c3:ineligible',
          'c4:ineligible',
        ]);
        expect(acts.commands).toHaveLength(5);
        // The void meeting is on the record with the rule that voided it.
        expect(acts.facts.find((f) => f.kind === 'decision.void')?.summary).toContain('DEC.QUORUM: ');
        expect(acts.facts.some((f) => f.summary.startsWith('CONS.UNKNOWN_UNIT: no-such-unit'))).toBe(true);

        // Reconsideration (复议) of c1 needs more than half of the members: four of nine is not.
        const reconsider = (agree: number) => ({
          stepId: 'decision.reconsideration',
          actor: org,
          candidateId: 'c1',
          items: filled('decision.reconsideration', {
            'decision.reconsideration.members': 9,
            'decision.reconsideration.agree_to_reconsider': agree,
          }),
        });
        expect((await refusalOf(handle, reconsider(4))).code).toBe('DEC.RECONSIDERATION');
        await submit(handle, reconsider(5));
        await waitFor(handle, () => acts.commands.length === 6);
        expect(acts.commands[5]).toMatchObject({ meeting: 4, candidateIds: ['c1'] });
        await handle.signal(serviceResultSignal, {
          eventId: 'meeting-4',
          service: 'voting',
          meeting: 4,
          steps: [meeting(4, 'quorate'), vote('c1', 4)],
          candidateIds: [],
        });
        await waitFor(handle, (s) => s.candidates?.find((c) => c.id === 'c1')?.status === 'passed');

        await submit(handle, {
          stepId: 'decision.first_submission',
          actor: org,
          items: filled('decision.first_submission'),
        });
        await submit(handle, {
          stepId: 'appointment.announcement',
          actor: org,
          items: filled('appointment.announcement', {
            // The test server's clock has run years ahead by now: the announcement starts on its today.
            'appointment.announcement.starts_on': chinaDateOf(await bench.env.currentTimeMs()),
          }),
        });
        await waitFor(handle, (s) => s.nextDeadline !== undefined);
        await bench.env.sleep('11s');
        await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
        await submit(handle, {
          stepId: 'appointment.notice',
          actor: org,
          items: filled('appointment.notice'),
        });
        status = await handle.query(statusQuery);
        expect(
          status.candidates?.filter((c) => c.status === 'appointed').map((c) => `${c.id}@${c.post}`),
        ).toEqual(['c1@2', 'c2@1']);
        // The record's completeness, from what the steps carried: every required item of the
        // qualification gate is filled but its sign-off; each candidate's own check and votes are whole.
        const completeness = status.completeness;
        expect(completeness?.byGate['qualification']?.missing.length).toBeGreaterThan(0);
        expect(completeness?.byGate['qualification']?.missing.every((k) => k.includes('.signoff.'))).toBe(
          true,
        );
        expect(completeness?.byGate['decision']?.missing).toContain('decision.meeting.chair');
        const c1 = completeness?.candidates['c1'];
        expect(
          c1?.missing.filter((k) => k.startsWith('qualification.check.') || k.startsWith('decision.vote.')),
        ).toEqual([]);
        expect(c1?.missing).toContain('inspection.four_musts.petition_findings');
        expect(completeness?.ratio).toBeGreaterThan(0);
        expect(completeness?.ratio).toBeLessThan(1);
        if (process.env['JISHI_RECORD_HISTORIES']) {
          writeFileSync(
            path.join(__dirname, '../test/histories/case-candidates-v2.json'),
            historyToJSON(await handle.fetchHistory()),
          );
        }
        await handle.terminate('test done');
      });
    });
  });
});
