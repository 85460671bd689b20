module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'calendar',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};
