/**
 * The worker's workflow bundle, made by webpack in a child process: bundling in the worker's own
 * process left about 185 MB of its resident set behind for good (webpack's heap, never returned), in
 * a process whose memory is bounded (512 MB with 10,000 open cases). The worker registers its
 * TypeScript loader in code (start.js), so the child does not inherit it: run from sources, the child
 * is given it on its command line; run as compiled JavaScript, it needs none.
 */
import type { BundleOptions } from '@temporalio/worker';
import { fork } from 'node:child_process';
import * as nodePath from 'node:path';
import { WORKFLOW_INTERCEPTOR_MODULES } from './tracing';

/**
 * Where webpack keeps what it built, between bundlings (its filesystem cache, beside other tools'
 * caches in `node_modules/.cache`): a worker started again, or a test bundling the same code, takes
 * about 1.5 s instead of 5.5 s. Webpack checks every module and dependency it took from the cache
 * against the file (time stamp and content, and node_modules by package version), so a changed file is
 * built again; the bundle is the same byte for byte as one made without the cache.
 */
export const BUNDLE_CACHE_DIR = nodePath.join(
  nodePath.dirname(require.resolve('@temporalio/worker/package.json')),
  '..',
  '..',
  '.cache',
  'jishi-workflow-bundle',
);

/**
 * webpack's settings for a bundle: a source map with the mappings only, and the cache above under
 * `name` (each bundle of other entry points keeps its own, or they would replace each other's).
 */
export function bundleConfig(name: string): NonNullable<BundleOptions['webpackConfigHook']> {
  return (config) => ({
    ...config,
    devtool: 'inline-nosources-source-map',
    // The SDK evaluates the bundle's modules again for every workflow it runs (each has a module
    // cache of its own), so a module in the bundle costs memory per cached case. Modules none of
    // whose exports the workflow uses are left out (the workspace's libraries declare they have no
    // side effects: `@jishi/contracts` would otherwise bring every protobuf schema), and the rest
    // joined where webpack can (fewer module objects a case): 1.5 MB → 0.5 MB of heap a case.
    optimization: { ...config.optimization, sideEffects: true, usedExports: true, concatenateModules: true },
    cache: {
      type: 'filesystem',
      name,
      cacheDirectory: BUNDLE_CACHE_DIR,
      // These settings are part of the build: a change to this file invalidates the cache.
      buildDependencies: { config: [__filename] },
    },
  });
}

/**
 * What the worker's bundle is made of — the case workflow and the tracing interceptors' workflow
 * side — and how: a source map with the mappings (a workflow's stack names its files and lines)
 * without a copy of every module's source, which the worker would parse and hold (6 MB of bundle,
 * 3.2 MB without), and webpack's cache (above). The replay test bundles with the same options.
 */
export const BUNDLE_OPTIONS: Required<
  Pick<BundleOptions, 'workflowsPath' | 'workflowInterceptorModules' | 'webpackConfigHook'>
> = {
  workflowsPath: require.resolve('../workflows'),
  workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
  webpackConfigHook: bundleConfig('worker'),
};

/** How long the bundling may take before the child is stopped and the worker fails to start. */
const BUNDLE_TIMEOUT_MS = 120_000;

/** The bundle's code, made in a child process; throws with the child's reason if it failed. */
export function bundleInChild(): Promise<string> {
  return new Promise((resolve, reject) => {
    const main = require.resolve('./bundle.main');
    const child = fork(main, [], {
      // The worker's own loader is registered in code, not on its command line (start.js): a child
      // made from TypeScript sources takes it with -r.
      execArgv: main.endsWith('.ts') ? [...process.execArgv, '-r', '@swc-node/register'] : process.execArgv,
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
