/**
 * Specification 3 of the case workflow: the appointment and probation are each candidate's, the
 * motion's grounds for approval and the recommendation result's year, the meetings' own record. Its
 * own time-skipping test server, as the tests skip months (a deferral, a year's probation and its extension).
 */
import { addDays, caseProfile, chinaDateOf } from '@jishi/domain';
import { exampleItems } from '@jishi/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { objectionSignal, serviceResultSignal, statusQuery } from './case.workflow';
import {
  attachment,
  CaseTestBench,
  emptyRecords,
  filled,
  input,
  person,
  RecordingActivities,
  waitFor,
} from './case-test-bench';

describe('case workflow, specification 3: the appointment and probation per candidate', () => {
  const bench = new CaseTestBench({ serverPerTest: true });
  bench.install();

  it('appoints each candidate on their own notice once the objections about them are concluded, and runs each one’s probation', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['p1', 'p2', 'p3'];
      const handle = await bench.toInspection(acts, 'per-candidate', ids, {
        input: { specVersion: 3, posts: 2, timers: { announcement: '10s', consultation: '1h' } },
        policy: { shortlistCandidatesPerPost: 1.5 },
      });
      await bench.toDecision(
        acts,
        handle,
        ids,
        [
          { post: 1, candidateId: 'p1', reason: '实绩突出' },
          { post: 2, candidateId: 'p2', reason: '群众公认' },
        ],
        { checks: { p1: { 'qualification.check.relatives': [{ id: 'm-9', name: '亲属' }] } } },
      );
      const org = person('org_staff');
      const passed = (candidateId: string, meeting = 1) => ({
        stepId: 'decision.vote',
        candidateId,
        items: {
          'decision.vote.meeting': meeting,
          'decision.vote.agree': 7,
          'decision.vote.disagree': 1,
          'decision.vote.abstain': 0,
          'decision.vote.outcome': 'passed',
        },
      });
      await handle.signal(serviceResultSignal, {
        eventId: 'per-candidate-meeting-1',
        service: 'voting',
        meeting: 1,
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
          passed('p1'),
          passed('p2'),
        ],
      });
      await waitFor(handle, (s) => s.candidates?.filter((c) => c.status === 'passed').length === 2);

      // The people's record of the meeting: chair, minutes, recording, views stated with the principal last.
      const minutes = (meeting: number, order: string[], principal?: string) => ({
        stepId: 'decision.minutes',
        actor: person('deputy_minister'),
        items: filled('decision.minutes', {
          'decision.minutes.meeting': meeting,
          ...(order.length > 0
            ? { 'decision.minutes.speaking_order': order.map((id) => ({ id, name: id })) }
            : {}),
          ...(principal ? { 'decision.minutes.principal': { id: principal, name: principal } } : {}),
        }),
      });
      expect((await bench.refusalOf(handle, minutes(1, ['m-2', 'secretary', 'm-3'], 'secretary'))).code).toBe(
        'DEC.PRINCIPAL_LAST',
      );
      expect((await bench.refusalOf(handle, minutes(1, ['m-2', 'secretary']))).code).toBe(
        'DEC.PRINCIPAL_LAST',
      );
      expect((await bench.refusalOf(handle, minutes(2, []))).code).toBe('CASE.STEP_OUT_OF_ORDER');
      expect(
        (
          await bench.refusalOf(handle, {
            stepId: 'decision.first_submission',
            actor: org,
            items: filled('decision.first_submission', {
              'decision.first_submission.submitted_on': chinaDateOf(await bench.env.currentTimeMs()),
            }),
          })
        ).code,
      ).toBe('DEC.RECORD_INCOMPLETE');
      // The record says m-9 spoke at meeting 1, and m-9 is p1's relative (declared at p1's check): the
      // record stands as it happened, p1's vote does not, and p1 is voted on again at meeting 2.
      await bench.submit(handle, minutes(1, ['m-9', 'm-3', 'secretary'], 'secretary'));
      expect((await bench.refusalOf(handle, minutes(1, []))).code).toBe('CASE.STEP_ALREADY_DONE');
      await waitFor(handle, () => acts.commands.length === 4);
      expect(acts.commands[3]).toMatchObject({ meeting: 2, candidateIds: ['p1'] });
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const breach = acts.facts.find((f) => f.kind === 'decision.recusal_breach')?.summary ?? '';
      expect(breach.startsWith('RECUSAL.KINSHIP: m-9 ')).toBe(true);
      expect(breach).toContain('p1');
      await handle.signal(serviceResultSignal, {
        eventId: 'per-candidate-meeting-2',
        service: 'voting',
        meeting: 2,
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
          passed('p1', 2),
        ],
      });
      await waitFor(handle, (s) => s.candidates?.filter((c) => c.status === 'passed').length === 2);
      await bench.submit(handle, minutes(2, ['m-2', 'm-3', 'secretary'], 'secretary'));
      const decidedOn = chinaDateOf(await bench.env.currentTimeMs());

      // The first submission is dated between the decision and today; a week later it is late, and
      // the record says so with the rule.
      const firstSubmission = (submittedOn: string) => ({
        stepId: 'decision.first_submission',
        actor: org,
        items: filled('decision.first_submission', {
          'decision.first_submission.submitted_on': submittedOn,
        }),
      });
      expect((await bench.refusalOf(handle, firstSubmission(addDays(decidedOn, -1)))).code).toBe(
        'REPORT.FIRST_SUBMISSION',
      );
      await bench.env.sleep('7 days');
      const weekLater = chinaDateOf(await bench.env.currentTimeMs());
      expect((await bench.refusalOf(handle, firstSubmission(addDays(weekLater, 1)))).code).toBe(
        'REPORT.FIRST_SUBMISSION',
      );
      await bench.submit(handle, firstSubmission(weekLater));
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'report.late')?.summary).toMatch(
        /^REPORT\.FIRST_SUBMISSION: /,
      );

      // One announcement for both; objections are each about one candidate.
      const today = () => bench.env.currentTimeMs().then(chinaDateOf);
      await bench.submit(handle, {
        stepId: 'appointment.announcement',
        actor: org,
        items: filled('appointment.announcement', { 'appointment.announcement.starts_on': await today() }),
      });
      await waitFor(handle, (s) => s.nextDeadline !== undefined);
      const objection = (candidateId: string, anonymous: boolean, seriousAndSpecific: boolean) => ({
        stepId: 'appointment.objection',
        actor: person('supervision_section_chief'),
        candidateId,
        items: filled('appointment.objection', {
          'appointment.objection.anonymous': anonymous ? 'yes' : 'no',
          'appointment.objection.serious_and_specific': seriousAndSpecific ? 'yes' : 'no',
        }),
      });
      expect(
        (await bench.refusalOf(handle, { ...objection('p1', false, false), candidateId: undefined })).code,
      ).toBe('CAND.REQUIRED');
      await bench.submit(handle, objection('p1', true, true));
      await bench.submit(handle, objection('p2', true, false));
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'appointment.objection_kept')?.summary).toMatch(
        /^APPT\.ANONYMOUS_OBJECTION: .*p2/,
      );
      await bench.env.sleep('11s');
      await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);

      const outcome = (candidateId: string, finding: string, action: string, extra = {}) => ({
        stepId: 'appointment.objection_outcome',
        actor: person('supervision_section_chief'),
        candidateId,
        items: {
          'appointment.objection_outcome.finding': finding,
          'appointment.objection_outcome.action': action,
          'appointment.objection_outcome.investigated_by': [{ id: 'inv-1', name: '调查人' }],
          'appointment.objection_outcome.report': attachment,
          ...extra,
        },
      });
      const notice = (candidateId: string) => ({
        stepId: 'appointment.notice',
        actor: org,
        candidateId,
        items: filled('appointment.notice'),
      });
      // Nothing about p2 to investigate: the anonymous objection was kept only.
      expect((await bench.refusalOf(handle, outcome('p2', 'nothing_found', 'appoint'))).code).toBe(
        'APPT.ANONYMOUS_OBJECTION',
      );
      // p1's notice waits for the outcome, which must fit the finding; a deferral lasts 3 months at most.
      expect((await bench.refusalOf(handle, notice('p1'))).code).toBe('APPT.OBJECTION_PENDING');
      expect((await bench.refusalOf(handle, outcome('p1', 'serious_unverified', 'appoint'))).code).toBe(
        'APPT.OBJECTION_OUTCOME',
      );
      expect((await bench.refusalOf(handle, outcome('p1', 'serious_unverified', 'defer'))).code).toBe(
        'APPT.DEFERRAL_LIMIT',
      );
      const deferredOn = await today();
      const until = (months: number) => ({
        'appointment.objection_outcome.deferred_until': addDays(deferredOn, months * 31),
      });
      expect(
        (await bench.refusalOf(handle, outcome('p1', 'serious_unverified', 'defer', until(4)))).code,
      ).toBe('APPT.DEFERRAL_LIMIT');
      await bench.submit(handle, outcome('p1', 'serious_unverified', 'defer', until(2)));
      expect((await bench.refusalOf(handle, notice('p1'))).code).toBe('APPT.OBJECTION_PENDING');
      // p2 is appointed on their own notice, while p1 waits.
      await bench.submit(handle, notice('p2'));
      let status = await handle.query(statusQuery);
      expect(status.candidates?.map((c) => `${c.id}:${c.status}`)).toEqual([
        'p1:passed',
        'p2:appointed',
        'p3:eligible',
      ]);
      await bench.submit(handle, {
        stepId: 'appointment.talk',
        actor: person('minister'),
        candidateId: 'p2',
        items: filled('appointment.talk'),
      });
      const second = (submittedOn: string) => ({
        stepId: 'appointment.second_submission',
        actor: org,
        items: filled('appointment.second_submission', {
          'appointment.second_submission.submitted_on': submittedOn,
        }),
      });
      expect((await bench.refusalOf(handle, second(await today()))).code).toBe('CASE.STEP_OUT_OF_ORDER');
      // Verified a month later: serious. p1 is not appointed and leaves with the rule's code.
      await bench.env.sleep('30 days');
      await bench.submit(handle, outcome('p1', 'serious', 'do_not_appoint'));
      status = await handle.query(statusQuery);
      expect(status.candidates?.find((c) => c.id === 'p1')).toMatchObject({
        status: 'not_appointed',
        left: { code: 'APPT.OBJECTION_OUTCOME' },
      });
      expect(status.status).toBe('running');
      expect((await bench.refusalOf(handle, second(addDays(await today(), -40)))).code).toBe(
        'REPORT.SECOND_SUBMISSION',
      );
      expect((await bench.refusalOf(handle, second(addDays(await today(), 1)))).code).toBe(
        'REPORT.SECOND_SUBMISSION',
      );
      await bench.submit(handle, second(await today()));
      status = await waitFor(handle, (s) => s.gate === 'probation');

      // p2's probation: a year from the notice, extended by seven months away.
      const assessment = (extra: Record<string, unknown> = {}) => ({
        stepId: 'probation.assessment',
        actor: org,
        candidateId: 'p2',
        items: filled('probation.assessment', { 'probation.assessment.finding': 'competent', ...extra }),
      });
      expect((await bench.refusalOf(handle, assessment())).code).toBe('PROB.NOT_ENDED');
      // A serious error ends probation early, but only with removal.
      expect(
        (await bench.refusalOf(handle, assessment({ 'probation.assessment.serious_error': 'yes' }))).code,
      ).toBe('PROB.EARLY_END');
      const absence = (months: number) => ({
        stepId: 'probation.absence',
        actor: org,
        candidateId: 'p2',
        items: filled('probation.absence', {
          'probation.absence.months': months,
          'probation.absence.reason': '脱产学习',
        }),
      });
      expect((await bench.refusalOf(handle, absence(0))).code).toBe('PROB.EXTENSION');
      await bench.submit(handle, absence(7));
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'probation.extended')?.summary).toMatch(/^PROB\.EXTENSION: /);
      await bench.env.sleep('370 days');
      expect((await bench.refusalOf(handle, assessment())).code).toBe('PROB.EXTENSION');
      await bench.env.sleep('220 days');
      await waitFor(handle, (s) => s.nextDeadline === undefined);
      expect(
        (await bench.refusalOf(handle, assessment({ 'probation.assessment.absent_months': 3 }))).code,
      ).toBe('PROB.EXTENSION');
      await bench.submit(handle, assessment({ 'probation.assessment.absent_months': 7 }));
      expect((await bench.refusalOf(handle, absence(1))).code).toBe('CASE.STEP_CLOSED');
      const probationOutcome = (outcome: string) => ({
        stepId: 'probation.outcome',
        actor: org,
        candidateId: 'p2',
        items: filled('probation.outcome', { 'probation.outcome.outcome': outcome }),
      });
      expect((await bench.refusalOf(handle, probationOutcome('removed_to_previous_grade'))).code).toBe(
        'PROB.OUTCOME',
      );
      await bench.submit(handle, probationOutcome('confirmed'));
      await waitFor(handle, (s) => s.status === 'completed');
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'completed', appointedCandidateId: 'p2' });
      status = await handle.query(statusQuery);
      expect(status.candidates?.map((c) => `${c.id}:${c.status}`)).toEqual([
        'p1:not_appointed',
        'p2:confirmed',
        'p3:eligible',
      ]);
      expect(status.specVersion).toBe(3);
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-candidates-v3.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });
  it('logs an objection about a candidate from a unit’s system on Kafka, in a case of specification 3, as one posted through the gateway', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['k1', 'k2'];
      const handle = await bench.toInspection(acts, 'kafka-objection', ids, { input: { specVersion: 3 } });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'k1', reason: '实绩突出' }]);
      const org = person('org_staff');
      const today = () => bench.env.currentTimeMs().then(chinaDateOf);
      await bench.decided(handle, ['k1']);
      await bench.submit(handle, {
        stepId: 'decision.first_submission',
        actor: org,
        items: filled('decision.first_submission', {
          'decision.first_submission.submitted_on': await today(),
        }),
      });
      await waitFor(handle, (s) => s.gate === 'appointment');
      await bench.submit(handle, {
        stepId: 'appointment.announcement',
        actor: org,
        items: filled('appointment.announcement', { 'appointment.announcement.starts_on': await today() }),
      });
      const objection = {
        receivedOn: await today(),
        anonymous: false,
        content: '反映 k1 在原单位存在违规问题，附有具体线索',
        seriousAndSpecific: true,
        channel: 'unit_system',
        unit: 'petitions',
      };
      // One naming no candidate is refused on the record; one naming k1 is logged, once.
      await handle.signal(objectionSignal, { eventId: 'kafka-objection-0', ...objection });
      for (let i = 0; i < 2; i++)
        await handle.signal(objectionSignal, {
          eventId: 'kafka-objection-1',
          candidateId: 'k1',
          ...objection,
        });
      const status = await waitFor(
        handle,
        (s) => s.candidates?.find((c) => c.id === 'k1')?.done['appointment.objection'] === 1,
      );
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const logged = acts.facts.filter((f) => f.step?.stepId === 'appointment.objection');
      expect(logged).toHaveLength(1);
      expect(logged[0]?.step?.candidateId).toBe('k1');
      expect(logged[0]?.step?.items['appointment.objection.content']).toBe(objection.content);
      expect(acts.facts.filter((f) => f.kind === 'input.refused').map((f) => f.summary)).toEqual([
        expect.stringMatching(/^CAND\.REQUIRED: /),
      ]);
      // The notice waits for the objection's outcome, as it would for one posted through the gateway.
      await bench.env.sleep('11s');
      await waitFor(handle, (s) => s.done['appointment.announcement_end'] === 1);
      expect(
        (
          await bench.refusalOf(handle, {
            stepId: 'appointment.notice',
            actor: org,
            candidateId: 'k1',
            items: filled('appointment.notice'),
          })
        ).code,
      ).toBe('APPT.OBJECTION_PENDING');
      expect(status.specVersion).toBe(3);
      await handle.terminate('test done');
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-objection-v3.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });
  it('takes the grounds for the upper department’s approval from the motion, and uses no recommendation result over a year old', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const handle = await bench.start(input('grounds', { specVersion: 3 }));
      const org = person('org_staff');
      await bench.qualify(handle);
      const propose = (grounds?: string[]) => ({
        stepId: 'motion.propose',
        actor: person('department_officer'),
        items: filled('motion.propose', grounds ? { 'motion.propose.approval_grounds': grounds } : {}),
      });
      // The department cannot leave the question unanswered, nor answer both ways.
      expect((await bench.refusalOf(handle, propose())).code).toBe('MOTION.UPPER_APPROVAL_REQUIRED');
      expect((await bench.refusalOf(handle, propose(['none', 'reorganization']))).code).toBe(
        'MOTION.UPPER_APPROVAL_REQUIRED',
      );
      await bench.submit(handle, propose(['reorganization']));
      await bench.submit(handle, {
        stepId: 'motion.work_plan',
        actor: org,
        items: filled('motion.work_plan'),
      });
      // The profile said no approval; the motion's facts say otherwise: nothing proceeds without it.
      expect(await handle.query(statusQuery)).toMatchObject({
        gate: 'motion',
        missing: ['motion.upper_approval'],
      });
      expect(acts.commands).toHaveLength(0);
      const approval = (grounds: string[]) => ({
        stepId: 'motion.upper_approval',
        actor: org,
        items: exampleItems(
          'motion.upper_approval',
          { 'motion.upper_approval.grounds': grounds, 'motion.upper_approval.reply': 'approved' },
          { today: chinaDateOf(Date.now()), profile: caseProfile({ needsUpperApproval: true }) },
        ),
      });
      expect((await bench.refusalOf(handle, approval(['large_batch']))).code).toBe(
        'MOTION.UPPER_APPROVAL_REQUIRED',
      );
      await bench.submit(handle, approval(['reorganization']));
      await waitFor(handle, () => acts.commands.length === 1);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.find((f) => f.kind === 'motion.approval_required')?.summary).toMatch(
        /^MOTION\.UPPER_APPROVAL_REQUIRED: .*reorganization/,
      );
      await handle.signal(serviceResultSignal, {
        eventId: 'grounds-nomination',
        service: 'nomination',
        steps: emptyRecords('nomination.submit', 'nomination.meeting', 'nomination.result'),
        candidateIds: ['q1', 'q2'],
      });
      await waitFor(handle, (s) => s.gate === 'inspection' && s.candidates?.length === 2);
      // A year on, the recommendation result is stale: it cannot be shortlisted from.
      await bench.env.sleep('366 days');
      expect(
        (
          await bench.refusalOf(handle, {
            stepId: 'inspection.shortlist',
            actor: org,
            items: filled('inspection.shortlist', {
              'inspection.shortlist.candidates': [
                { id: 'q1', name: 'q1' },
                { id: 'q2', name: 'q2' },
              ],
            }),
          })
        ).code,
      ).toBe('NOM.RESULT_EXPIRED');
      await handle.terminate('test done');
    });
  });
  it('takes a dual-managed cadre’s co-manager, silent for a month, to consent, and records it with the dates', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const handle = await bench.toInspection(acts, 'silence', ['s1', 's2'], {
        input: { specVersion: 3 },
        profile: { dualManaged: true },
      });
      await bench.toDecision(
        acts,
        handle,
        ['s1', 's2'],
        [{ post: 1, candidateId: 's1', reason: '实绩突出' }],
        {
          silent: ['co_manager'],
        },
      );
      expect(acts.consultations[0]?.units).toContain('co_manager');
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(acts.facts.some((f) => f.kind === 'consultation.silence_consent')).toBe(false);
      // The other units answered; the case waits for the co-manager — for a month, not for ever.
      expect(await handle.query(statusQuery)).toMatchObject({
        gate: 'consultation',
        waitingOn: ['co_manager'],
      });
      await bench.env.sleep('20 days');
      expect((await handle.query(statusQuery)).gate).toBe('consultation');
      await bench.env.sleep('12 days');
      await waitFor(handle, () => acts.commands.length === 3);
      const status = await handle.query(statusQuery);
      expect(status.gate).toBe('decision');
      expect(acts.facts.find((f) => f.kind === 'consultation.silence_consent')?.summary).toMatch(
        /^CONS\.SILENCE_CONSENT: /,
      );
      const answer = acts.facts.find(
        (f) =>
          f.step?.stepId === 'consultation.answer' &&
          f.step.items['consultation.answer.unit'] === 'co_manager',
      );
      expect(answer?.step?.items['consultation.answer.opinion']).toBe('consent_by_silence');
      expect(answer?.actor).toMatchObject({ id: 'case-workflow', role: 'service' });
      await handle.terminate('test done');
    });
  });
});
