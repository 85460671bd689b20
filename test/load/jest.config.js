module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'load',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The smoke run measures at a small size; the figures it prints are not asserted, only produced.
  testTimeout: 300_000,
  maxWorkers: 1,
};
