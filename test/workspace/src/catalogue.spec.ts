import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/**
 * The documented catalogue command prints the domain model as JSON and nothing else, however long
 * its lines: a program reading it must be able to parse it whole.
 */
describe('npm run -s catalogue', () => {
  it('prints the whole model as parseable JSON', () => {
    const out = execFileSync('npm', ['run', '-s', 'catalogue'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(out.length).toBeGreaterThan(188_000);
    const model = JSON.parse(out) as { gates: unknown[]; rules: { code: string }[] };
    expect(model.gates).toHaveLength(9);
    expect(model.rules.map((r) => r.code)).toContain('CAL.YEAR_NOT_COVERED');
  });

  it('prints the README rule table with --rules-table', () => {
    const out = execFileSync('npm', ['run', '-s', 'catalogue', '--', '--rules-table'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.split('\n')[0]).toBe('| code | area | rule | enforced at | line | source |');
  });

  it('prints the deadline table of libs/domain/README.md with --deadlines-table, as the README has it', () => {
    const out = execFileSync('npm', ['run', '-s', 'catalogue', '--', '--deadlines-table'], {
      cwd: root,
      encoding: 'utf8',
    });
    const readme = readFileSync(path.join(root, 'libs/domain/README.md'), 'utf8');
    const kept =
      /<!-- deadlines:start -->\n<!-- prettier-ignore-start -->\n([\s\S]*?)<!-- prettier-ignore-end -->/.exec(
        readme,
      );
    expect(out.split('\n')).toHaveLength(6 + 3);
    expect(kept?.[1]).toBe(out);
  });
});
