// Integration tests: `*.int.spec.ts`, against real Postgres and Redis (TEST_DATABASE_URL, REDIS_URL).
const preset = require('./jest.preset');
module.exports = {
  ...preset,
  displayName: 'integration',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.int.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
};
