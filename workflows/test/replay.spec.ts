import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { CALENDAR_CHANGED_SIGNAL } from '@jishi/contracts';
import {
  AWAITING_PATCH,
  CALENDAR_PATCH,
  CLOSED_GATE_PATCH,
  DEADLINES_IN_FULL_PATCH,
  OBJECTION_CANDIDATE_PATCH,
  UPPER_REJECTION_PATCH,
} from '../src/case.workflow';
import { startTracing } from '@jishi/observability';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { BUNDLE_OPTIONS } from '../src/worker/bundle';
import { tracedWorkerOptions } from '../src/worker/tracing';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every recorded history in test/histories must replay on today's workflow code without a
 * nondeterminism error: a change to workflow code that would break a running case fails here
 * (use `patched` to change behaviour for new cases only).
 */
describe('recorded histories replay on the current workflow code', () => {
  const dir = path.join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed by an earlier test file in this process
    }
  });

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('holds histories from before and after each patch, so both paths stay replayable', () => {
    const patchesOf = (file: string): string[] =>
      (historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))).events ?? [])
        .map((e) => e.markerRecordedEventAttributes)
        .filter((m) => m?.markerName === 'core_patch')
        .map((m) => {
          const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
          return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id;
        });
    const patched = (patch: string) => files.filter((file) => patchesOf(file).includes(patch));
    expect(patched(AWAITING_PATCH)).toEqual([
      'case-calendar-wait.json',
      'case-candidates-v2.json',
      'case-candidates-v3.json',
      'case-closed.json',
      'case-deadlines-v5-before-full.json',
      'case-deadlines-v5-full.json',
      'case-deadlines-v5.json',
      'case-motion-rejected.json',
      'case-objection-v3-before.json',
      'case-objection-v3.json',
      'case-signoff-v4.json',
      'case-walk-awaiting.json',
    ]);
    expect(patched(CALENDAR_PATCH)).toEqual([
      'case-calendar-wait.json',
      'case-candidates-v2.json',
      'case-candidates-v3.json',
      'case-closed.json',
      'case-deadlines-v5-before-full.json',
      'case-deadlines-v5-full.json',
      'case-deadlines-v5.json',
      'case-motion-rejected.json',
      'case-objection-v3-before.json',
      'case-objection-v3.json',
      'case-signoff-v4.json',
    ]);
    expect(patched(CLOSED_GATE_PATCH)).toEqual([
      'case-closed.json',
      'case-motion-rejected.json',
      'case-signoff-v4.json',
    ]);
    expect(patched(UPPER_REJECTION_PATCH)).toEqual(['case-motion-rejected.json', 'case-signoff-v4.json']);
    // Version-5 cases from before the co-manager's silence and the assessment were deadlines — one
    // whose co-manager's month ran on the gate's timer and whose appointee got no assessment
    // deadline (…-before-full) — and one after.
    expect(patched(DEADLINES_IN_FULL_PATCH)).toEqual(['case-deadlines-v5-full.json']);
    // Version-3 cases sent an objection naming its candidate from Kafka: refused before the patch, logged after.
    expect(patched(OBJECTION_CANDIDATE_PATCH)).toEqual(['case-objection-v3.json']);
    for (const [file, signal] of [
      ['case-objection-v3-before.json', 'objection'],
      ['case-deadlines-v5-before-full.json', 'consultationAnswer'],
    ] as const) {
      const events = historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))).events ?? [];
      expect(events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signal)).toBe(
        true,
      );
    }
    // The co-manager's month on the gate's timer: a timer of about 30 days in the history before the patch.
    const timers = (
      historyFromJSON(JSON.parse(readFileSync(path.join(dir, 'case-deadlines-v5-before-full.json'), 'utf8')))
        .events ?? []
    ).map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0));
    expect(timers.some((s) => s > 25 * 86_400 && s < 32 * 86_400)).toBe(true);
    expect(files).toContain('case-walk.json');
  });

  it('holds a case of each version of the specification', () => {
    const versionOf = (file: string): number => {
      const started = historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))).events?.[0];
      const data = started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      const input = JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { specVersion?: number };
      return input.specVersion ?? 1;
    };
    expect(files.filter((f) => versionOf(f) === 5)).toEqual([
      'case-deadlines-v5-before-full.json',
      'case-deadlines-v5-full.json',
      'case-deadlines-v5.json',
    ]);
    expect(files.filter((f) => versionOf(f) === 4)).toEqual(['case-signoff-v4.json']);
    expect(files.filter((f) => versionOf(f) === 3)).toEqual([
      'case-candidates-v3.json',
      'case-objection-v3-before.json',
      'case-objection-v3.json',
    ]);
    expect(files.filter((f) => versionOf(f) === 2)).toEqual(['case-candidates-v2.json']);
    expect(files.filter((f) => versionOf(f) === 1).length).toBeGreaterThanOrEqual(5);
  });

  it('holds a history of a case that waited for a year’s schedule and was woken when it was loaded', () => {
    const events =
      historyFromJSON(JSON.parse(readFileSync(path.join(dir, 'case-calendar-wait.json'), 'utf8'))).events ??
      [];
    const signals = events
      .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
      .filter((name): name is string => typeof name === 'string');
    // Another year's (ignored), the year loaded, then two corrections of it.
    expect(signals.filter((name) => name === CALENDAR_CHANGED_SIGNAL)).toHaveLength(4);
    const reads = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'readCalendarYear',
    );
    // This year, next year (not loaded: the case waited), next year again once it was loaded, and
    // both years for each of the two recounts.
    expect(reads.length).toBeGreaterThanOrEqual(7);
  });

  it('replays each of them', async () => {
    // As the worker runs it: its bundle's options, with Temporal's OpenTelemetry interceptors in the workflow.
    const traced = tracedWorkerOptions(startTracing('replay'));
    const bundle = await bundleWorkflowCode({
      ...BUNDLE_OPTIONS,
      logger: new DefaultLogger('WARN'),
    });
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: bundle,
        interceptors: { activity: traced.interceptors.activity },
        sinks: traced.sinks,
      },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: undefined })));
  });
});
