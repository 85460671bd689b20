module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'messaging',
  testTimeout: 60_000,
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
