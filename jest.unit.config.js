// Unit tests: `*.spec.ts`, pure code, no I/O.
const { existsSync } = require('node:fs');
const path = require('node:path');
const preset = require('./jest.preset');
module.exports = {
  ...preset,
  displayName: 'unit',
  roots: ['apps', 'libs', 'test/unit', 'bench']
    .filter((dir) => existsSync(path.join(__dirname, dir)))
    .map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '\\.int\\.spec\\.tsx?$',
    '\\.e2e\\.spec\\.tsx?$',
    '\\.browser\\.spec\\.tsx?$',
  ],
};
