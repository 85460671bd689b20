// The worker's entry point. It registers the TypeScript loader (@swc-node/register) here, in the
// main thread, instead of on the command line (`node -r`): every worker thread inherits the
// command line's preloads, so the thread that runs the cases would load the loader and the
// TypeScript compiler it reads tsconfig with (about 50 MB of resident set) for nothing — that thread
// runs only the bundled JavaScript. Started as `node workflows/src/worker/start.js`.
require('@swc-node/register');
require('./main.ts');
