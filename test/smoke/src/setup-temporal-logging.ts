// Keep the Temporal SDK's info logs (worker state, webpack's bundle report) out of test output.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier test file in this process: its logger stays.
}
