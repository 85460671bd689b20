/**
 * Specification 5 of the case workflow: the deadlines of the process as durable timers — each
 * reminds its owner before its last day, escalates once missed and marks the case overdue until the
 * owed step arrives. Its own time-skipping test server, as the tests skip days.
 */
import { CASE_OVERDUE, CASE_OVERDUE_SINCE, CASE_STATUS } from '@jishi/contracts';
import { addDays, addMonths, caseProfile, chinaDateOf, type GateKey } from '@jishi/domain';
import { exampleItems } from '@jishi/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { consultationAnswerSignal, objectionSignal, statusQuery } from './case.workflow';
import {
  attachment,
  CaseTestBench,
  filled,
  input,
  person,
  RecordingActivities,
  waitFor,
} from './case-test-bench';

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
      // Each notice goes to its addressee on the reminders topic, tied to the fact that records it.
      expect(acts.notices.map((n) => `${n.kind}:${n.to}:${n.deadline}`).sort()).toEqual([
        'escalation:supervision_section_chief:consultation.answer',
        'escalation:supervision_section_chief:consultation.answer',
        `reminder:${units[1]}:consultation.answer`,
        `reminder:${units[1]}:consultation.answer`,
        `reminder:${units[2]}:consultation.answer`,
        `reminder:${units[2]}:consultation.answer`,
      ]);
      for (const notice of acts.notices) {
        expect(acts.facts[notice.factSequence - 1]?.kind).toBe(
          notice.kind === 'reminder' ? 'deadline.reminder' : 'deadline.overdue',
        );
        expect(notice).toMatchObject({ dueOn: lastDay, owedStep: 'consultation.answer' });
      }
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
      await bench.qualify(handle);
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

  it('meets the first submission in time, asks for a deferred objection’s outcome when the deferral runs out, and ends a case whose only appointee is removed on probation as removed', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['r1', 'r2'];
      const handle = await bench.toInspection(acts, 'removed', ids, { input: { specVersion: 5 } });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'r1', reason: '实绩突出' }]);
      const org = person('org_staff');
      const today = () => bench.env.currentTimeMs().then(chinaDateOf);
      await bench.decided(handle, ['r1']);
      let status = await waitFor(handle, (s) =>
        (s.deadlines ?? []).some((d) => d.key === 'decision.first_submission'),
      );
      expect(status.deadlines?.find((d) => d.key === 'decision.first_submission')).toMatchObject({
        startOn: await today(),
        overdue: false,
      });
      await bench.submit(handle, {
        stepId: 'decision.first_submission',
        actor: org,
        items: filled('decision.first_submission', {
          'decision.first_submission.submitted_on': await today(),
        }),
      });
      status = await waitFor(handle, (s) => s.gate === 'appointment');
      expect(status.deadlines).toEqual([]);
      await bench.submit(handle, {
        stepId: 'appointment.announcement',
        actor: org,
        items: filled('appointment.announcement', { 'appointment.announcement.starts_on': await today() }),
      });
      await waitFor(handle, (s) => s.nextDeadline !== undefined);
      // A named, serious objection about r1 that cannot be verified yet: the appointment is deferred
      // a month; when the month runs out the outcome is owed again and escalated.
      // It comes in from the petitions office's own system, on Kafka, through the signal bridge; one
      // that names no candidate is refused on the record.
      const objection = {
        receivedOn: await today(),
        anonymous: false,
        content: '反映 r1 在原单位存在违规问题，附有具体线索',
        seriousAndSpecific: true,
        channel: 'unit_system',
        unit: 'petitions',
      };
      await handle.signal(objectionSignal, { eventId: 'removed-objection-0', ...objection });
      await handle.signal(objectionSignal, {
        eventId: 'removed-objection-1',
        candidateId: 'r1',
        ...objection,
      });
      await handle.signal(objectionSignal, {
        eventId: 'removed-objection-1',
        candidateId: 'r1',
        ...objection,
      });
      status = await waitFor(
        handle,
        (s) => s.candidates?.find((c) => c.id === 'r1')?.done['appointment.objection'] === 1,
      );
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const logged = acts.facts.filter((f) => f.step?.stepId === 'appointment.objection');
      expect(logged).toHaveLength(1); // the redelivery changed nothing
      expect(logged[0]?.step?.items['appointment.objection.channel']).toBe('unit_system');
      expect(logged[0]?.actor).toMatchObject({ id: 'petitions-objections', unitId: 'petitions' });
      expect(
        acts.facts.some((f) => f.kind === 'input.refused' && f.summary.startsWith('CAND.REQUIRED')),
      ).toBe(true);
      const outcome = (finding: string, action: string, extra: Record<string, unknown> = {}) => ({
        stepId: 'appointment.objection_outcome',
        actor: person('supervision_section_chief'),
        candidateId: 'r1',
        items: {
          'appointment.objection_outcome.finding': finding,
          'appointment.objection_outcome.action': action,
          'appointment.objection_outcome.investigated_by': [{ id: 'inv-1', name: '调查人' }],
          'appointment.objection_outcome.report': attachment,
          ...extra,
        },
      });
      const deferredUntil = addDays(await today(), 30);
      await bench.submit(
        handle,
        outcome('serious_unverified', 'defer', {
          'appointment.objection_outcome.deferred_until': deferredUntil,
        }),
      );
      status = await waitFor(handle, (s) => (s.deadlines ?? []).length === 1);
      expect(status.deadlines?.[0]).toMatchObject({
        key: 'appointment.objection_deferral',
        subject: 'r1',
        dueOn: deferredUntil,
      });
      // The deferral is decided while the announcement still runs: supervisors see the earlier of the
      // two as the next deadline, and the deferral's once the announcement has ended.
      const deferralEnds = status.deadlines?.[0]?.dueAt as string;
      expect(Date.parse(status.nextDeadline as string)).toBeLessThan(Date.parse(deferralEnds));
      await bench.env.sleep('11s');
      status = await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
      expect(status.nextDeadline).toBe(deferralEnds);
      await bench.env.sleep('32 days');
      await waitFor(handle, (s) => s.deadlines?.[0]?.overdue === true);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'deadline.overdue')?.summary).toMatch(
        /^暂缓任职期满（r1）：.*期满，须即作出结论/,
      );
      await bench.submit(handle, outcome('minor', 'appoint_with_warning'));
      status = await waitFor(handle, (s) => (s.deadlines ?? []).length === 0);
      await bench.appoint(handle, ['r1']);
      await bench.env.sleep('31s');
      // The probation's (configured) timer has ended; what is left to wait for is the assessment's deadline.
      status = await waitFor(
        handle,
        (s) => s.deadlines?.length === 1 && s.nextDeadline === s.deadlines[0]?.dueAt,
      );
      expect(status.deadlines?.[0]).toMatchObject({
        key: 'probation.assessment',
        subject: 'r1',
        overdue: false,
      });
      await bench.submit(handle, {
        stepId: 'probation.assessment',
        actor: org,
        candidateId: 'r1',
        items: filled('probation.assessment', { 'probation.assessment.finding': 'not_competent' }),
      });
      await bench.submit(handle, {
        stepId: 'probation.outcome',
        actor: org,
        candidateId: 'r1',
        items: filled('probation.outcome', { 'probation.outcome.outcome': 'removed_to_previous_grade' }),
      });
      status = await waitFor(handle, (s) => s.gate === 'completed');
      expect(status.status).toBe('running'); // the record is signed off first
      for (const gate of status.signOff?.map((g) => g.gate) ?? [])
        await bench.signOff(handle, gate as GateKey);
      expect(await handle.result()).toMatchObject({ status: 'removed' });
      status = await handle.query(statusQuery);
      expect(status.status).toBe('removed');
      expect(status.candidates?.find((c) => c.id === 'r1')).toMatchObject({
        status: 'removed',
        left: { code: 'PROB.OUTCOME' },
      });
      expect(acts.facts.find((f) => f.kind === 'probation.removed')?.summary).toContain('恢复原职级');
      expect(acts.facts.filter((f) => f.kind === 'deadline.met').map((f) => f.summary)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^纪实初次提交按时办理/)]),
      );
      expect(acts.facts.at(-1)?.kind).toBe('case.removed');
      expect((await handle.describe()).typedSearchAttributes.get(CASE_STATUS)).toBe('removed');
    });
  });

  it('reminds a silent co-manager that its silence will be consent and records the consent, escalates a missed first submission, and holds each appointee’s assessment to the policy’s days after a probation extended by time away', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['f1', 'f2'];
      const handle = await bench.toInspection(acts, 'in-full', ids, {
        input: { specVersion: 5, timers: { announcement: '10s' } },
        profile: { dualManaged: true },
      });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'f1', reason: '实绩突出' }], {
        silent: ['co_manager'],
      });
      const org = person('org_staff');
      const today = () => bench.env.currentTimeMs().then(chinaDateOf);
      const facts = (kind: string) => acts.facts.filter((f) => f.kind === kind);
      const settled = () => waitFor(handle, (s) => acts.facts.length >= s.facts);

      // The co-manager's month of silence is a deadline; the co-manager is told twice before it ends
      // that its silence will be taken as consent, and then it is.
      let status = await waitFor(handle, (s) =>
        (s.deadlines ?? []).some((d) => d.key === 'consultation.co_manager_silence'),
      );
      const silence = status.deadlines?.find((d) => d.key === 'consultation.co_manager_silence');
      expect(silence).toMatchObject({ subject: 'co_manager', overdue: false });
      // The other units have answered; of the consultation, the case waits on the co-manager only.
      status = await waitFor(handle, (s) => s.done['consultation.answer'] === 3);
      expect(status.waitingOn).toContain('co_manager');
      expect(status.waitingOn).not.toContain('discipline_inspection');
      await bench.env.sleep(
        Date.parse(silence?.dueAt as string) - (await bench.env.currentTimeMs()) + 60_000,
      );
      status = await waitFor(handle, (s) => s.gate === 'decision');
      await waitFor(handle, () => acts.commands.length === 3);
      await settled();
      expect(facts('deadline.reminder').map((f) => f.summary)).toEqual([
        `提醒co_manager：至 ${silence?.dueOn} 仍未答复的，视为同意 / reminder to co_manager: no answer by ${silence?.dueOn} is taken as consent`,
        expect.stringContaining('视为同意'),
      ]);
      expect(acts.notices.map((n) => `${n.kind}:${n.to}:${n.deadline}`)).toEqual([
        'reminder:co_manager:consultation.co_manager_silence',
        'reminder:co_manager:consultation.co_manager_silence',
      ]);
      expect(facts('consultation.silence_consent')[0]?.summary).toMatch(/^CONS\.SILENCE_CONSENT: /);
      expect(facts('deadline.overdue')).toEqual([]); // silence is an answer, not lateness
      // The other units answered in time; the co-manager's deadline is not "met": it consented.
      expect(facts('deadline.met').map((f) => f.summary)).not.toContainEqual(
        expect.stringContaining('co_manager'),
      );
      expect(facts('deadline.met')).toHaveLength(3);
      expect(status.deadlines).toEqual([]);

      // The decision; the first submission is then missed: reminded, escalated, listed as overdue.
      await bench.decided(handle, ['f1']);
      status = await waitFor(handle, (s) =>
        (s.deadlines ?? []).some((d) => d.key === 'decision.first_submission'),
      );
      const submission = status.deadlines?.[0];
      await bench.env.sleep(
        Date.parse(submission?.dueAt as string) - (await bench.env.currentTimeMs()) + 60_000,
      );
      status = await waitFor(handle, (s) => s.deadlines?.[0]?.overdue === true);
      await settled();
      expect(acts.notices.slice(2).map((n) => `${n.kind}:${n.to}`)).toEqual([
        'reminder:org_staff',
        'reminder:recorder',
        'reminder:org_staff',
        'reminder:recorder',
        'escalation:supervision_section_chief',
      ]);
      expect(facts('deadline.overdue')[0]?.summary).toBe(
        `纪实初次提交已于 ${submission?.dueOn} 届满未办理，报干部监督科科长督办 / the record’s first submission to the supervising organ was due on ${submission?.dueOn} and has not arrived: escalated to the supervision section chief`,
      );
      expect((await handle.describe()).typedSearchAttributes.get(CASE_OVERDUE)).toEqual([
        'decision.first_submission',
      ]);
      await bench.submit(handle, {
        stepId: 'decision.first_submission',
        actor: org,
        items: filled('decision.first_submission', {
          'decision.first_submission.submitted_on': await today(),
        }),
      });
      status = await waitFor(handle, (s) => s.gate === 'appointment');
      expect(status.deadlines).toEqual([]);
      expect((await handle.describe()).typedSearchAttributes.get(CASE_OVERDUE)).toBeUndefined();

      // The appointment; the assessment is owed 30 days (the policy's) after the probation's year.
      await bench.submit(handle, {
        stepId: 'appointment.announcement',
        actor: org,
        items: filled('appointment.announcement', { 'appointment.announcement.starts_on': await today() }),
      });
      await bench.env.sleep('11s');
      await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
      await bench.appoint(handle, ['f1']);
      const noticeOn = await today();
      status = await waitFor(handle, (s) =>
        (s.deadlines ?? []).some((d) => d.key === 'probation.assessment'),
      );
      expect(status.deadlines).toEqual([
        expect.objectContaining({
          key: 'probation.assessment',
          subject: 'f1',
          startOn: noticeOn,
          dueOn: addDays(addDays(addMonths(noticeOn, 12), -1), 30),
        }),
      ]);
      // Seven months away: the probation, and the assessment's deadline with it, move by seven months.
      await bench.submit(handle, {
        stepId: 'probation.absence',
        actor: org,
        candidateId: 'f1',
        items: filled('probation.absence', { 'probation.absence.months': 7 }),
      });
      status = await waitFor(
        handle,
        (s) => s.deadlines?.[0]?.dueOn !== addDays(addDays(addMonths(noticeOn, 12), -1), 30),
      );
      const assessment = status.deadlines?.[0];
      expect(assessment).toMatchObject({
        subject: 'f1',
        dueOn: addDays(addDays(addMonths(noticeOn, 19), -1), 30),
      });
      // Nothing is owed before then; the assessment, missed, is reminded and escalated.
      await bench.env.sleep(
        Date.parse(assessment?.dueAt as string) - (await bench.env.currentTimeMs()) + 60_000,
      );
      status = await waitFor(handle, (s) => s.deadlines?.[0]?.overdue === true);
      await settled();
      expect(facts('probation.ended')).toHaveLength(1);
      expect(acts.notices.slice(7).map((n) => `${n.kind}:${n.to}:${n.subject}`)).toEqual([
        'reminder:org_staff:f1',
        'reminder:recorder:f1',
        'reminder:org_staff:f1',
        'reminder:recorder:f1',
        'escalation:supervision_section_chief:f1',
      ]);
      // The record names those reminded: the owners of the assessment, not the appointee.
      const assessmentReminders = facts('deadline.reminder').filter((f) =>
        f.summary.includes('试用期满考核'),
      );
      expect(assessmentReminders).toHaveLength(2);
      for (const f of assessmentReminders) {
        expect(f.summary).toMatch(/^提醒[^：]*、[^：]*：试用期满考核（f1）将于 /);
        expect(f.summary).not.toMatch(/^提醒f1/);
        expect(f.summary).toContain('reminder to organization department staff, recorder:');
      }
      expect((await handle.describe()).typedSearchAttributes.get(CASE_OVERDUE)).toEqual([
        'probation.assessment',
      ]);
      await bench.env.sleep('2 days');
      await bench.submit(handle, {
        stepId: 'probation.assessment',
        actor: org,
        candidateId: 'f1',
        items: filled('probation.assessment', {
          'probation.assessment.finding': 'competent',
          'probation.assessment.absent_months': 7,
        }),
      });
      status = await waitFor(handle, (s) => (s.deadlines ?? []).length === 0);
      await settled();
      expect(facts('deadline.met_late').at(-1)?.summary).toMatch(/^试用期满考核（f1）逾期 3 日后办理/);
      expect((await handle.describe()).typedSearchAttributes.get(CASE_OVERDUE)).toBeUndefined();
      await handle.terminate('test done');
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-deadlines-v5-full.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('meets a co-manager’s deadline when it answers within the month, and takes no silence for consent afterwards', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['c1', 'c2'];
      const handle = await bench.toInspection(acts, 'co-manager', ids, {
        input: { specVersion: 5 },
        profile: { dualManaged: true },
      });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'c1', reason: '实绩突出' }], {
        silent: ['co_manager'],
      });
      const status = await waitFor(handle, (s) =>
        (s.deadlines ?? []).some((d) => d.key === 'consultation.co_manager_silence'),
      );
      const silence = status.deadlines?.find((d) => d.key === 'consultation.co_manager_silence');
      await bench.env.sleep('20 days');
      await handle.signal(consultationAnswerSignal, {
        eventId: 'co-manager-answer',
        unit: 'co_manager',
        opinion: 'no_objection',
        content: '同意',
        answeredOn: chinaDateOf(await bench.env.currentTimeMs()),
      });
      await waitFor(handle, (s) => s.gate === 'decision');
      // Past the month: nothing more happens.
      await bench.env.sleep(
        Date.parse(silence?.dueAt as string) - (await bench.env.currentTimeMs()) + 86_400_000,
      );
      const after = await handle.query(statusQuery);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(after.deadlines).toEqual([]);
      expect(acts.facts.filter((f) => f.kind === 'deadline.met').map((f) => f.summary)).toContainEqual(
        `协管方一个月未答复视为同意（co_manager）按时办理（时限 ${silence?.dueOn}）/ a co-manager silent for a month consents (co_manager) in time (last day ${silence?.dueOn})`,
      );
      expect(acts.facts.some((f) => f.kind === 'consultation.silence_consent')).toBe(false);
      const answers = acts.facts.filter(
        (f) =>
          f.step?.stepId === 'consultation.answer' &&
          f.step.items['consultation.answer.unit'] === 'co_manager',
      );
      expect(answers.map((f) => f.step?.items['consultation.answer.opinion'])).toEqual(['no_objection']);
      // Its reminders (two days and one before the month's end) never went out: it had answered.
      expect(acts.notices.map((n) => n.to)).toEqual([]);
      await handle.terminate('test done');
    });
  });

  it('holds the consultation on a member unit’s objection until the organization department records how it was resolved', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['o1', 'o2'];
      const handle = await bench.toInspection(acts, 'objecting', ids, { input: { specVersion: 5 } });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'o1', reason: '实绩突出' }], {
        silent: ['discipline_inspection'],
      });
      await handle.signal(consultationAnswerSignal, {
        eventId: 'objecting-discipline',
        unit: 'discipline_inspection',
        opinion: 'objection',
        content: '收到反映 o1 的问题线索，尚在核查',
        answeredOn: chinaDateOf(await bench.env.currentTimeMs()),
      });
      // Every unit has answered; the objection holds the gate, and the organization department owes its resolution.
      let status = await waitFor(handle, (s) => s.done['consultation.answer'] === 3);
      expect(status.gate).toBe('consultation');
      expect(status.waitingOn).toEqual(expect.arrayContaining(['org_staff', 'recorder']));
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const held = acts.facts.find((f) => f.kind === 'consultation.objection')?.summary ?? '';
      expect(held.startsWith('CONS.OBJECTION_PENDING: discipline_inspection')).toBe(true);
      const resolved = (unit: string) => ({
        stepId: 'consultation.objection_resolved',
        actor: person('org_staff'),
        items: filled('consultation.objection_resolved', {
          'consultation.objection_resolved.unit': unit,
          'consultation.objection_resolved.resolution': '经核查反映问题不属实，已函复纪检监察机关',
        }),
      });
      expect((await bench.refusalOf(handle, resolved('candidate_unit_personnel'))).code).toBe(
        'CONS.NO_OBJECTION',
      );
      expect(acts.commands).toHaveLength(2); // no meeting called while the objection waits
      await bench.submit(handle, resolved('discipline_inspection'));
      status = await waitFor(handle, (s) => s.gate === 'decision');
      await waitFor(handle, () => acts.commands.length === 3);
      expect(status.done['consultation.objection_resolved']).toBe(1);
      expect((await bench.refusalOf(handle, resolved('discipline_inspection'))).code).toBe(
        'CASE.GATE_CLOSED',
      );
      await handle.terminate('test done');
    });
  });
});
