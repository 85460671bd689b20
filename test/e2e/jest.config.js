module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The whole system as separate processes on a 2-core machine: booting and walking a case take minutes.
  testTimeout: 600_000,
  maxWorkers: 1,
};
