/**
 * Refused attempts as facts of the record: the gateway tells the case of each step a rule refused,
 * and the case records who tried what and which rule refused it — once per attempt, and up to a
 * limit a person a day.
 */
import { attemptRefusedSignal, serviceResultSignal, statusQuery } from './case.workflow';
import { CaseTestBench, input, person, RecordingActivities, waitFor } from './case-test-bench';
import { REFUSALS_ITEMIZED_PER_DAY } from './refusals';

describe('case workflow: refused attempts on the record', () => {
  const bench = new CaseTestBench({ serverPerTest: true });
  bench.install();

  it('records each refused attempt with who, what and which rule, once, and itemizes a person’s attempts up to a limit a day', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      const handle = await bench.start(input('refusals', { specVersion: 5 }));
      const officer = person('department_officer');
      const attempt = (eventId: string, actor = officer) =>
        handle.signal(attemptRefusedSignal, {
          eventId,
          actor,
          stepId: 'decision.meeting',
          candidateId: 'x1',
          code: 'CASE.STEP_NOT_YOURS',
          field: 'stepId',
          zh: '该环节由表决服务提交',
          en: 'the voting service brings this step',
        });
      const before = (await handle.query(statusQuery)).facts;
      await attempt('refused-1');
      await attempt('refused-1'); // the same attempt again (a retried request): one fact
      let status = await waitFor(handle, (s) => s.facts === before + 1);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const [fact] = acts.facts.filter((f) => f.kind === 'step.refused');
      expect(fact).toMatchObject({
        actor: officer,
        gate: status.gate,
        refused: {
          stepId: 'decision.meeting',
          candidateId: 'x1',
          code: 'CASE.STEP_NOT_YOURS',
          field: 'stepId',
        },
        summary:
          'CASE.STEP_NOT_YOURS: decision.meeting（x1） — 该环节由表决服务提交 / the voting service brings this step',
      });
      expect(fact).not.toHaveProperty('step'); // nothing was recorded as done
      expect(status.done).toEqual((await handle.query(statusQuery)).done);

      // One person's attempts are itemized up to the limit a day; past it, one fact says so.
      for (let i = 2; i <= REFUSALS_ITEMIZED_PER_DAY + 5; i++) await attempt(`refused-${i}`);
      await attempt('refused-other', person('minister'));
      status = await waitFor(handle, (s) => s.facts === before + REFUSALS_ITEMIZED_PER_DAY + 2);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      const refused = acts.facts.filter((f) => f.kind.startsWith('step.refused'));
      expect(refused.filter((f) => f.actor.id === officer.id).map((f) => f.kind)).toEqual([
        ...Array<string>(REFUSALS_ITEMIZED_PER_DAY).fill('step.refused'),
        'step.refused_more',
      ]);
      expect(refused.filter((f) => f.actor.role === 'minister')).toHaveLength(1);
      // The next day, the officer's attempts are itemized again.
      await bench.env.sleep('1 day');
      await attempt('refused-next-day');
      await waitFor(handle, (s) => s.facts === status.facts + 1);
      await handle.terminate('test done');
    });
  });

  it('takes a service’s result only at the gate that service owns: a vote at qualification closes nothing', async () => {
    const acts = new RecordingActivities();
    await bench.withWorker(acts, async () => {
      // Specification 1, where a vote that did not pass closed the case at whatever gate it was.
      const handle = await bench.start(input('result-gate', { specVersion: 1 }));
      const before = await handle.query(statusQuery);
      expect(before.gate).toBe('qualification');
      // A void meeting's tally, and a nomination result naming someone, while the case is at qualification.
      await handle.signal(serviceResultSignal, {
        eventId: 'voting/result-gate/tally',
        service: 'voting',
        steps: [{ stepId: 'decision.meeting', items: {} }],
        candidateIds: [],
        outcome: 'void',
        meeting: 1,
      });
      await handle.signal(serviceResultSignal, {
        eventId: 'nomination/result-gate/result',
        service: 'nomination',
        steps: [{ stepId: 'nomination.result', items: {} }],
        candidateIds: ['someone'],
      });
      const after = await waitFor(handle, (s) => s.facts === before.facts + 2);
      await waitFor(handle, (s) => acts.facts.length >= s.facts);
      expect(after).toMatchObject({ gate: 'qualification', status: 'running', done: before.done });
      expect(after.candidateIds).toEqual(before.candidateIds);
      const refused = acts.facts.slice(-2);
      expect(refused.map((f) => f.kind)).toEqual(['input.refused', 'input.refused']);
      expect(refused.map((f) => f.actor.id)).toEqual(['voting-service', 'nomination-service']);
      for (const fact of refused) expect(fact.summary).toMatch(/^RESULT\.NOT_ITS_GATE: /);
      await handle.terminate('test done');
    });
  });
});
