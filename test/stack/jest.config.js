module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'stack-checks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Stopping and starting Temporal and Kafka takes tens of seconds on a 2-core machine.
  testTimeout: 300_000,
};
