import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Lints source text as if it stood at `filePath`, with the workspace's real ESLint config. The
 * type-aware rules are switched off for the probe, since the file is not on disk for the compiler.
 */
function lintAs(filePath: string, code: string): LintMessage[] {
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      filePath,
      '--parser-options',
      'project:null',
      '--rule',
      JSON.stringify({
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
        '@typescript-eslint/await-thenable': 'off',
      }),
      '--format',
      'json',
    ],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  // ESLint exits 1 when it finds errors; the JSON report on stdout is what counts.
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as [{ messages: LintMessage[] }];
  return result.messages;
}

const boundaryErrors = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);

describe('module boundaries (enforced by lint)', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; make sure there is one.
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      stdio: 'ignore',
    });
  });

  it('refuses the contracts library reaching the test harness', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/contracts/src/probe.ts',
        "import { loadStackSettings } from '@jishi/testing';\nexport const x = loadStackSettings;\n",
      ),
    );
    expect(errors).toEqual([expect.stringContaining('type:contracts')]);
  });

  it('refuses a deep relative import into another project', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/testing/src/probe.ts',
        "import { Topics } from '../../contracts/src/topics';\nexport const x = Topics;\n",
      ),
    );
    expect(errors).toHaveLength(1);
  });

  it('allows the test harness to use the contracts through their public API', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/testing/src/probe.ts',
        "import { Topics } from '@jishi/contracts';\nexport const x = Topics;\n",
      ),
    );
    expect(errors).toEqual([]);
  });

  it('keeps the domain free of other projects, Node built-ins and frameworks', () => {
    expect(
      boundaryErrors(
        lintAs(
          'libs/domain/src/probe.ts',
          "import { Topics } from '@jishi/contracts';\nexport const x = Topics;\n",
        ),
      ),
    ).toEqual([expect.stringContaining('type:domain')]);
    const purity = lintAs(
      'libs/domain/src/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(purity.map((m) => m.ruleId)).toContain('no-restricted-imports');
    const framework = lintAs(
      'libs/domain/src/probe.ts',
      "import { sleep } from '@temporalio/workflow';\nexport const x = sleep;\n",
    );
    expect(framework.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});
