// End-to-end tests: the built apps against real Postgres and Redis, and the browser tests.
const preset = require('./jest.preset');
module.exports = {
  ...preset,
  displayName: 'e2e',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.spec.ts', '**/*.browser.spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
