import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { AWAITING_PATCH } from '../src/case.workflow';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
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
    const patched = files.filter((file) => patchesOf(file).includes(AWAITING_PATCH));
    expect(patched).toEqual(['case-walk-awaiting.json']);
    expect(files).toContain('case-walk.json');
  });

  it('replays each of them', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../src/workflows'),
      logger: new DefaultLogger('WARN'),
    });
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: undefined })));
  });
});
