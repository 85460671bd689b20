module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'workflows',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Workflow tests bundle the workflow and start a Temporal test server: seconds on 2 cores.
  testTimeout: 120_000,
  maxWorkers: 1,
};
