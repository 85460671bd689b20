/**
 * Specification 4 of the case workflow: each gate's record signed off once the gate is done — the
 * layer's recorder, a reviewer who is not the recorder, the signatures in order, the three levels
 * where the policy asks for them — and the case archived only when every gate it went through is.
 */
import { caseProfile, chinaDateOf } from '@jishi/domain';
import { exampleItems } from '@jishi/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceResultSignal, statusQuery } from './case.workflow';
import {
  CaseTestBench,
  check,
  emptyRecords,
  filled,
  input,
  person,
  RecordingActivities,
  signature,
  waitFor,
} from './case-test-bench';

describe('case workflow, specification 4: the record signed off gate by gate', () => {
  const bench = new CaseTestBench({ serverPerTest: true });
  bench.install();

  it('archives a case closed at the motion only once its two gates are signed off, at three levels where the policy asks', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const handle = await bench.start(
        input('signed', { specVersion: 4, policy: { consultationUnits: [], threeLevelSignature: true } }),
      );
      const org = person('org_staff');
      await bench.qualify(handle);
      const today = chinaDateOf(await bench.env.currentTimeMs());
      const recorder = person('recorder');
      // The motion gate is open: its record cannot be signed yet.
      expect(
        (
          await bench.refusalOf(
            handle,
            signature(
              'motion',
              recorder,
              ['motion.signoff.recorder', 'motion.signoff.recorder_signature'],
              today,
            ),
          )
        ).code,
      ).toBe('RECORD.GATE_OPEN');
      await bench.submit(handle, {
        stepId: 'motion.propose',
        actor: person('department_officer'),
        items: filled('motion.propose', { 'motion.propose.approval_grounds': ['reorganization'] }),
      });
      // A sign-off's items come with the sign-off, never beside another step.
      expect(
        (
          await bench.refusalOf(handle, {
            stepId: 'motion.work_plan',
            actor: org,
            items: {
              ...filled('motion.work_plan'),
              'motion.signoff.deputy_minister_signature': { signerId: 'deputy_minister-1', signature: 'x' },
            },
          })
        ).code,
      ).toBe('CATALOGUE.UNKNOWN_ITEM');
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
          { 'motion.upper_approval.grounds': ['reorganization'], 'motion.upper_approval.reply': 'rejected' },
          { today, profile: caseProfile({ needsUpperApproval: true }) },
        ),
      });
      // Closed, not archived: the two gates' records wait for their signatures.
      let status = await waitFor(handle, (s) => s.status === 'not_appointed');
      expect(status.signOff?.map((g) => [g.gate, g.signed.length, g.required, g.next])).toEqual([
        ['qualification', 0, 8, ['recorder']],
        ['motion', 0, 8, ['recorder']],
      ]);
      expect(status.waitingOn).toEqual(['recorder']);
      // No work is left but the sign-off.
      expect(
        (await bench.refusalOf(handle, { stepId: 'motion.work_plan', actor: org, items: {} })).code,
      ).toBe('CASE.COMPLETED');
      // The nomination gate never opened: nothing to sign.
      expect(
        (
          await bench.refusalOf(
            handle,
            signature(
              'nomination',
              recorder,
              ['nomination.signoff.recorder', 'nomination.signoff.recorder_signature'],
              today,
            ),
          )
        ).code,
      ).toBe('RECORD.GATE_OPEN');
      const items = (key: string) => [`motion.signoff.${key}`];
      // Nobody signs in another's name, nor fills another place's items.
      const forged = signature(
        'motion',
        recorder,
        ['motion.signoff.recorder', 'motion.signoff.recorder_signature'],
        today,
      );
      expect(
        (
          await bench.refusalOf(handle, {
            ...forged,
            items: {
              ...forged.items,
              'motion.signoff.recorder_signature': { signerId: 'minister-1', signature: 'x' },
            },
          })
        ).code,
      ).toBe('RECORD.OWN_SIGNATURE');
      expect(
        (
          await bench.refusalOf(
            handle,
            signature('motion', recorder, [...items('recorder'), ...items('reviewed_on')], today),
          )
        ).code,
      ).toBe('CATALOGUE.UNKNOWN_ITEM');
      expect(
        (await bench.refusalOf(handle, signature('motion', recorder, items('recorder'), today))).code,
      ).toBe('CATALOGUE.MISSING_ITEM');
      // Order: the cadre section chief cannot sign before the recorder and the review.
      expect(
        (
          await bench.refusalOf(
            handle,
            signature('motion', person('cadre_section_chief'), items('cadre_section_chief_signature'), today),
          )
        ).code,
      ).toBe('RECORD.SIGNOFF_ORDER');
      await bench.submit(handle, forged);
      // The recorder cannot review their own record.
      const selfReview = signature(
        'motion',
        recorder,
        [...items('reviewer'), ...items('reviewed_on')],
        today,
      );
      expect(
        (await bench.refusalOf(handle, { ...selfReview, actor: { ...recorder, role: 'reviewer' } })).code,
      ).toBe('RECORD.REVIEWER_DISTINCT');
      // Nor is the review dated after today.
      const tomorrow = signature(
        'motion',
        person('reviewer'),
        [...items('reviewer'), ...items('reviewed_on')],
        '2999-01-01',
      );
      expect((await bench.refusalOf(handle, tomorrow)).code).toBe('CATALOGUE.INVALID_VALUE');
      await bench.submit(
        handle,
        signature('motion', person('reviewer'), [...items('reviewer'), ...items('reviewed_on')], today),
      );
      for (const role of ['cadre_section_chief', 'supervision_section_chief', 'deputy_minister'])
        await bench.submit(handle, signature('motion', person(role), items(`${role}_signature`), today));
      // The three levels: the deputy in charge, the principal, the responsible unit's leader, in that order.
      expect(
        (
          await bench.refusalOf(
            handle,
            signature('motion', person('minister'), items('selection_principal_signature'), today),
          )
        ).code,
      ).toBe('RECORD.THREE_LEVEL');
      await bench.submit(
        handle,
        signature('motion', person('deputy_minister'), items('selection_deputy_signature'), today),
      );
      expect(
        (
          await bench.refusalOf(
            handle,
            signature('motion', person('unit_leader'), items('responsible_unit_leader_signature'), today),
          )
        ).code,
      ).toBe('RECORD.THREE_LEVEL');
      await bench.submit(
        handle,
        signature('motion', person('minister'), items('selection_principal_signature'), today),
      );
      await bench.submit(
        handle,
        signature('motion', person('unit_leader'), items('responsible_unit_leader_signature'), today),
      );
      expect(
        (
          await bench.refusalOf(
            handle,
            signature('motion', person('unit_leader'), items('responsible_unit_leader_signature'), today),
          )
        ).code,
      ).toBe('RECORD.SIGNOFF_ORDER');
      status = await handle.query(statusQuery);
      expect(status.signOff?.find((g) => g.gate === 'motion')).toMatchObject({ complete: true });
      expect(status.completeness?.byGate['motion']?.missing).toEqual([]);
      expect(status.status).toBe('not_appointed');

      await bench.signOff(handle, 'qualification', true);
      expect(await handle.result()).toMatchObject({ status: 'not_appointed' });
      const signed = acts.facts.filter((f) => f.step?.stepId === 'motion.signoff');
      expect(signed.map((f) => f.actor.role)).toEqual([
        'recorder',
        'reviewer',
        'cadre_section_chief',
        'supervision_section_chief',
        'deputy_minister',
        'deputy_minister',
        'minister',
        'unit_leader',
      ]);
      expect(signed[0]?.step?.items['motion.signoff.recorder_signature']).toEqual({
        signerId: 'recorder-1',
        signature: '签字:recorder-1',
      });
      // Archived last, after every signature.
      expect(acts.facts.at(-1)?.kind).toBe('case.closed');
      if (process.env['JISHI_RECORD_HISTORIES']) {
        writeFileSync(
          path.join(__dirname, '../test/histories/case-signoff-v4.json'),
          historyToJSON(await handle.fetchHistory()),
        );
      }
    });
  });

  it('has the inspection, the deliberation and the decision recorded by their layer’s own recorder, as each gate is done', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const ids = ['l1', 'l2'];
      const handle = await bench.toInspection(acts, 'layers', ids, { input: { specVersion: 4 } });
      await bench.toDecision(acts, handle, ids, [{ post: 1, candidateId: 'l2', reason: '实绩突出' }], {
        team: [
          { id: 'inspection_team_member-1', name: '考察组成员甲' },
          { id: 'inspection_team_member-2', name: '考察组成员乙' },
        ],
      });
      const today = chinaDateOf(await bench.env.currentTimeMs());
      const first = (gate: 'inspection' | 'deliberation' | 'decision', role: string) =>
        signature(
          gate,
          person(role),
          [`${gate}.signoff.recorder`, `${gate}.signoff.recorder_signature`],
          today,
        );
      // The department's recorder does not record the inspection: a member of the team does.
      expect((await bench.refusalOf(handle, first('inspection', 'recorder'))).code).toBe(
        'RECORD.LAYERED_RECORDER',
      );
      // … a member of this case's own team, not one of another case's.
      const outsider = signature(
        'inspection',
        person('inspection_team_member', 'inspection_team_member-9'),
        ['inspection.signoff.recorder', 'inspection.signoff.recorder_signature'],
        today,
      );
      expect((await bench.refusalOf(handle, outsider)).code).toBe('RECORD.LAYERED_RECORDER');
      await bench.submit(handle, first('inspection', 'inspection_team_member'));
      // The deliberation's meetings: the cadre section chief's (department meeting) or the minister's.
      expect((await bench.refusalOf(handle, first('deliberation', 'recorder'))).code).toBe(
        'RECORD.LAYERED_RECORDER',
      );
      await bench.submit(handle, first('deliberation', 'minister'));
      // The decision gate is the one the case stands at: not yet.
      expect((await bench.refusalOf(handle, first('decision', 'deputy_minister'))).code).toBe(
        'RECORD.GATE_OPEN',
      );
      const status = await handle.query(statusQuery);
      expect(status.gate).toBe('decision');
      expect(status.signOff?.map((g) => [g.gate, g.signed.map((s) => s.role)])).toEqual([
        ['qualification', []],
        ['motion', []],
        ['nomination', []],
        ['inspection', ['inspection_team_member']],
        ['deliberation', ['minister']],
        ['consultation', []],
        ['decision', []],
      ]);
      expect(status.waitingOn).toEqual(expect.arrayContaining(['recorder', 'reviewer']));
      await handle.terminate('test done');
    });
  });

  it('counts the inspection notice’s working days ahead by the state calendar, and records a notice too early or missing', async () => {
    const noticed = (id: string, notice: Record<string, unknown>) => {
      const acts = new RecordingActivities();
      return bench.withWorker(acts, async () => {
        const ids = [`${id}-1`, `${id}-2`];
        const handle = await bench.toInspection(acts, id, ids, { input: { specVersion: 4 } });
        for (const candidateId of ids)
          await bench.submit(handle, {
            stepId: 'qualification.check',
            actor: person('org_staff'),
            items: check(),
            candidateId,
          });
        await waitFor(handle, () => acts.commands.filter((c) => c.caseId === id).length === 2);
        await handle.signal(serviceResultSignal, {
          eventId: `${id}-inspection`,
          service: 'inspection',
          steps: [
            ...emptyRecords('inspection.team'),
            { stepId: 'inspection.notice', items: notice },
            ...emptyRecords('inspection.appraisal', 'inspection.talks', 'inspection.investigation'),
            ...ids.map((candidateId) => ({ stepId: 'inspection.four_musts', candidateId, items: {} })),
            ...emptyRecords('inspection.ranking', 'inspection.report'),
          ],
          candidateIds: ids,
        });
        await waitFor(handle, (s) => s.gate === 'deliberation');
        await waitFor(handle, (s) => acts.facts.filter((f) => f.caseId === id).length >= s.facts);
        await handle.terminate('test done');
        return acts.facts.filter((f) => f.caseId === id && f.kind === 'inspection.notice_days');
      });
    };
    // Friday for Monday: one working day ahead, within 1–3.
    expect(
      await noticed('notice-ok', {
        'inspection.notice.published_on': '2026-11-20',
        'inspection.notice.inspection_starts_on': '2026-11-23',
      }),
    ).toEqual([]);
    // Two weeks ahead: ten working days.
    const early = await noticed('notice-early', {
      'inspection.notice.published_on': '2026-11-09',
      'inspection.notice.inspection_starts_on': '2026-11-23',
    });
    expect(early.map((f) => f.summary)).toEqual([
      expect.stringMatching(/^INSP\.NOTICE_DAYS: .*实际提前 10 个工作日/),
    ]);
    // No dates: the record says so.
    expect((await noticed('notice-none', {})).map((f) => f.summary)).toEqual([
      expect.stringMatching(/^INSP\.NOTICE_DAYS: /),
    ]);
  });
});
