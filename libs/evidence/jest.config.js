module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'evidence',
  testTimeout: 60_000,
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
