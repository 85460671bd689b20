/**
 * Fuzzing the gateway with Schemathesis: requests generated from its own OpenAPI document — valid and
 * not — sent with a valid access token of every role a person may hold, on the running system. No
 * answer may be a 5xx. `npm test` sends about 2,000 (FUZZ_EXAMPLES=2 per operation and role); the
 * longer run, `FUZZ_EXAMPLES=20 npx jest -c test/faults/jest.config.js fuzz`, about 20,000.
 */
import { SystemUnderTest } from '@jishi/e2e';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

jest.setTimeout(900_000);

const EXAMPLES = Number(process.env['FUZZ_EXAMPLES'] ?? '2');
const SEED = Number(process.env['FUZZ_SEED'] ?? '20261128');

describe('fuzzing the gateway from its OpenAPI document, with every role', () => {
  const system = new SystemUnderTest({
    timers: 'consultation=1h',
    policy: '{"consultationUnits":[]}',
    // The fuzzer sends many requests a minute as one person.
    env: { gateway: { GATEWAY_RATE_LIMIT: '1000000' } },
  });
  const reports = mkdtempSync(path.join(tmpdir(), 'jishi-fuzz-'));

  beforeAll(() => system.start());
  afterAll(async () => {
    await system.stop();
    rmSync(reports, { recursive: true, force: true });
  });

  /** Runs Schemathesis as one role; resolves with its exit code, output and the requests it sent. */
  function fuzzAs(role: string): Promise<{ code: number; output: string; requests: number }> {
    const unit = role === 'department_officer' || role === 'unit_leader' ? 'dept-fuzz' : 'org-dept';
    const junit = path.join(reports, `${role}.xml`);
    const ndjson = path.join(reports, `${role}.ndjson`);
    const args = [
      'run',
      `${system.gatewayUrl}/docs-json`,
      // Generated requests only (the coverage phase's boundary sweep is for the longer run).
      '--phases',
      process.env['FUZZ_PHASES'] ?? 'fuzzing',
      '--checks',
      'not_a_server_error',
      '--header',
      `Authorization: Bearer ${system.token(role, unit, `${role}-fuzz`)}`,
      '--max-examples',
      String(EXAMPLES),
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--generation-database',
      'none',
      '--report',
      'junit,ndjson',
      '--report-junit-path',
      junit,
      '--report-ndjson-path',
      ndjson,
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(system.stack.schemathesis.command, args, {
        env: { ...process.env, PYTHONPATH: system.stack.schemathesis.dir, NO_COLOR: '1', COLUMNS: '200' },
        cwd: reports,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        let requests = 0;
        try {
          for (const line of readFileSync(ndjson, 'utf8').split('\n'))
            if (line.includes('"request"')) requests += 1;
        } catch {
          requests = 0;
        }
        resolve({ code: code ?? 1, output, requests });
      });
    });
  }

  it('answers no request of any role with a 5xx', async () => {
    // (about a minute and a half on 2 cores)
    const document = (await (await fetch(`${system.gatewayUrl}/docs-json`)).json()) as {
      'x-jishi-person-roles': string[];
    };
    const failures: string[] = [];
    let sent = 0;
    for (const role of document['x-jishi-person-roles']) {
      const started = Date.now();
      const run = await fuzzAs(role);
      console.log(
        `${role}: exit ${run.code}, ${run.requests} requests, ${Date.now() - started} ms\n${run.output.slice(-1500)}`,
      );
      sent += run.requests;
      require('node:fs').writeFileSync(`/tmp/fuzz-${role}.txt`, run.output);
      if (run.code !== 0) failures.push(`${role}:\n${run.output.slice(-4000)}`);
    }
    console.log(`fuzzing: ${sent} requests, ${document['x-jishi-person-roles'].length} roles, seed ${SEED}`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1000);
  });
});
