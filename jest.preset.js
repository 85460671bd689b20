// Shared Jest settings for every project: TypeScript through SWC (types are checked by each
// project's `typecheck` target, not by the test run), and the `@jishi/*` libraries resolved to
// their sources through the paths of tsconfig.base.json.
const path = require('node:path');
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  reporters: ['default', path.join(__dirname, 'test/report/summary-reporter.js')],
  setupFiles: [path.join(__dirname, 'test/report/quiet-logs.js')],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};
