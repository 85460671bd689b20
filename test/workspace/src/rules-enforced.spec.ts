import { ENFORCEMENT, RULES } from '@jishi/domain';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
const read = (files: string[]) => files.map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');

/** Tests that drive the running system: the workflow on Temporal, the services on the stack, end to end. */
const systemTests = read(
  tracked.filter(
    (f) =>
      /^workflows\/(src|test)\/.*\.spec\.ts$/.test(f) ||
      /^services\/[^/]+\/src\/.*\.int\.spec\.ts$/.test(f) ||
      /^test\/e2e\/src\/.*\.ts$/.test(f),
  ),
);
/** What runs: the workflow and the services, tests aside. */
const runtime = read(
  tracked.filter((f) => /^(workflows|services\/[^/]+)\/src\/.*\.ts$/.test(f) && !f.endsWith('.spec.ts')),
);

/**
 * The rule table's "enforced at" is a claim about the running system: a rule said to be enforced is
 * shown by a test of the running system that names its code, and a rule that decides (an outcome, a
 * deadline) has its function called where the system runs.
 */
describe('every rule said to be enforced is enforced where the system runs', () => {
  const enforced = RULES.filter((r) => ENFORCEMENT[r.code]?.kind === 'enforced');

  it('holds enforced rules of every gate', () => {
    expect(enforced.length).toBeGreaterThan(60);
  });

  it.each(enforced.filter((r) => r.implementedBy === undefined).map((r) => [r.code]))(
    '%s is named by a test of the running system',
    (code) => {
      expect(systemTests).toContain(code);
    },
  );

  it.each(enforced.filter((r) => r.implementedBy !== undefined).map((r) => [r.code, r.implementedBy]))(
    '%s is decided by %s where the system runs',
    (_code, fn) => {
      expect(runtime).toMatch(new RegExp(`\\b${fn}\\(`));
    },
  );
});
