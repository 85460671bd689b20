import { ConfigError, loadWorkerConfig } from './worker.config';

/** The problems a configuration is refused for, one a line. */
function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadWorkerConfig({ taskQueue: 'jishi-cases' }, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
}

describe("the worker's configuration", () => {
  it('refuses a workflow heap that is not a whole number of megabytes from 64 to 16384, and says which setting', () => {
    for (const value of ['32', '63', '16385', '192.5', 'lots', '-1'])
      expect(problems({ WORKER_WORKFLOW_HEAP_MB: value })).toContain(
        'WORKER_WORKFLOW_HEAP_MB must be a whole number of megabytes from 64 to 16384',
      );
    for (const value of ['164', '192', '16384', undefined])
      expect(problems({ WORKER_WORKFLOW_HEAP_MB: value })).not.toContain('WORKER_WORKFLOW_HEAP_MB');
  });

  it('refuses a workflow heap too small for its cache, which would run out as the cache fills', () => {
    expect(problems({ WORKER_WORKFLOW_HEAP_MB: '192', WORKER_MAX_CACHED_WORKFLOWS: '100' })).toContain(
      'WORKER_WORKFLOW_HEAP_MB (192) is too small for a cache of 100 cases (WORKER_MAX_CACHED_WORKFLOWS): give it 2 MB a case besides its own 64 MB, at least 264 MB',
    );
    expect(problems({ WORKER_WORKFLOW_HEAP_MB: '163', WORKER_MAX_CACHED_WORKFLOWS: '50' })).toContain(
      'at least 164 MB',
    );
    expect(problems({ WORKER_WORKFLOW_HEAP_MB: '264', WORKER_MAX_CACHED_WORKFLOWS: '100' })).not.toContain(
      'WORKER_WORKFLOW_HEAP_MB',
    );
  });

  it('refuses a cache of no cases', () => {
    expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toContain('WORKER_MAX_CACHED_WORKFLOWS must be');
    expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: '50' })).not.toContain('WORKER_MAX_CACHED_WORKFLOWS');
  });
});
