module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'faults',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The whole system as separate processes on a 2-core machine: booting takes most of a minute.
  testTimeout: 300_000,
  maxWorkers: 1,
};
