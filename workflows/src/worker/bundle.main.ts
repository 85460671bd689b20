// The child process that bundles the worker's workflow code (see bundle.ts) and hands it back over IPC.
import { rootLogger } from '@jishi/observability';
import { bundleWorkflowCode, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { BUNDLE_OPTIONS } from './bundle';

// The worker gone (killed while bundling), this process has no one to answer: it stops.
process.on('disconnect', () => process.exit(1));

// webpack's own lines as the worker's JSON lines, warnings and errors only.
const lines = rootLogger.child({ component: 'workflow-bundle' });
const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
  if (level === 'WARN') lines.warn({ ...meta }, message);
  else if (level === 'ERROR') lines.error({ ...meta }, message);
};

bundleWorkflowCode({
  ...BUNDLE_OPTIONS,
  logger: {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  },
}).then(
  ({ code }) => process.send?.({ code }, () => process.exit(0)),
  (err: unknown) =>
    process.send?.({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
);
