module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'smoke',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Real servers on a 2-core machine: bundling a workflow and starting a test server take seconds.
  testTimeout: 120_000,
  maxWorkers: 1,
  setupFiles: [...require('../../jest.preset.js').setupFiles, '<rootDir>/src/setup-temporal-logging.ts'],
};
