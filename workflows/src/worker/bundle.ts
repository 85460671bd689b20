/**
 * The worker's workflow bundle, made by webpack in a child process: bundling in the worker's own
 * process left about 185 MB of its resident set behind for good (webpack's heap, never returned), in
 * a process whose memory is bounded (512 MB with 10,000 open cases). The child inherits the worker's
 * loader (`execArgv`), so the same code runs from TypeScript sources and from compiled JavaScript.
 */
import type { BundleOptions } from '@temporalio/worker';
import { fork } from 'node:child_process';
import { WORKFLOW_INTERCEPTOR_MODULES } from './tracing';

/**
 * What the worker's bundle is made of — the case workflow and the tracing interceptors' workflow
 * side — and how: a source map with the mappings (a workflow's stack names its files and lines)
 * without a copy of every module's source, which the worker would parse and hold (6 MB of bundle,
 * 3.2 MB without). The replay test bundles with the same options.
 */
export const BUNDLE_OPTIONS: Required<
  Pick<BundleOptions, 'workflowsPath' | 'workflowInterceptorModules' | 'webpackConfigHook'>
> = {
  workflowsPath: require.resolve('../workflows'),
  workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
  webpackConfigHook: (config) => ({ ...config, devtool: 'inline-nosources-source-map' }),
};

/** How long the bundling may take before the child is stopped and the worker fails to start. */
const BUNDLE_TIMEOUT_MS = 120_000;

/** The bundle's code, made in a child process; throws with the child's reason if it failed. */
export function bundleInChild(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(require.resolve('./bundle.main'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { code?: string; error?: string } | undefined;
    // The child goes with the worker, however the worker ends.
    const stopChild = () => child.kill('SIGKILL');
    process.once('exit', stopChild);
    const timer = setTimeout(() => {
      answer ??= { error: `no bundle after ${BUNDLE_TIMEOUT_MS / 1000} s` };
      child.kill('SIGKILL');
    }, BUNDLE_TIMEOUT_MS);
    child.on('message', (message: { code?: string; error?: string }) => {
      answer ??= message;
    });
    child.once('error', (err) => {
      answer ??= { error: err.message };
    });
    // Settled on 'close' (the IPC channel read to its end), not 'exit', which can come before the
    // last of a large message has been read.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', stopChild);
      if (typeof answer?.code === 'string') resolve(answer.code);
      else
        reject(
          new Error(
            `the workflow bundle could not be made: ${answer?.error ?? `the bundling process ended (${signal ?? `exit ${code}`}) without a bundle`}`,
          ),
        );
    });
  });
}
