// Prints the workspace's test totals as one closing line, "tests: N passed, N failed", from what
// summary-reporter.js recorded; exits 1 when a test failed or when no test ran at all.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.JISHI_TEST_RESULTS ?? path.join(import.meta.dirname, '../../.jishi/test-results');
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  // no results directory: nothing ran
}
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const result = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += result[key];
}
console.log(`\n${files.length} test projects ran`);
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed` +
    (totals.skipped ? `, ${totals.skipped} skipped` : ''),
);
if (totals.failed > 0 || totals.passed === 0) process.exitCode = 1;
