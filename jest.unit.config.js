// Unit tests: `*.spec.ts`, pure code, no I/O.
const preset = require('./jest.preset');
module.exports = {
  ...preset,
  displayName: 'unit',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test/unit'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '\\.int\\.spec\\.tsx?$',
    '\\.e2e\\.spec\\.tsx?$',
    '\\.browser\\.spec\\.tsx?$',
  ],
};
