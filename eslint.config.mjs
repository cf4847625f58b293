// Lint is the first guard of the architecture: the pure domain libraries (kube, kubectl, exercises) may not
// reach for a framework, I/O, the clock or randomness, and apps may only flow downwards into libs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const frameworkAndIo = [
  '@nestjs/*',
  '@prisma/*',
  'prisma',
  'bullmq',
  'ioredis',
  'graphql',
  'graphql-*',
  'mercurius',
  'fastify',
  'pg',
  'react',
  'react-dom',
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'events',
  'stream',
  'util',
  'timers',
  'worker_threads',
];

const pureCoreRules = {
  // Node built-ins are not "external" to Nx's boundary rule, so they are banned here as well.
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: frameworkAndIo, message: 'Pure core: no framework, I/O or Node built-ins.' }] },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Pure core: time is simulated; use the simulated clock.' },
    { name: 'setInterval', message: 'Pure core: time is simulated; use the simulated clock.' },
    { name: 'setImmediate', message: 'Pure core: no scheduling.' },
    { name: 'process', message: 'Pure core: no process access; take configuration as input.' },
    { name: 'performance', message: 'Pure core: no clock.' },
    { name: 'fetch', message: 'Pure core: no I/O.' },
    { name: 'require', message: 'Pure core: no dynamic loading.' },
    { name: 'crypto', message: 'Pure core: randomness comes from the seeded RNG passed in.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Pure core: use the seeded RNG passed in.' },
    { object: 'Date', property: 'now', message: 'Pure core: time arrives as input (simulated clock).' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Pure core: `new Date()` reads the clock; time arrives as input.',
    },
    {
      selector: "CallExpression[callee.name='Date']",
      message: 'Pure core: `Date()` reads the clock; time arrives as input.',
    },
  ],
};

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/tmp/**',
      '**/generated/**',
      'prisma/migrations/**',
      'test-artifacts/**',
      'bench/results/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: {
      globals: { ...globals.node },
      // With decorator metadata on, a class used only as an injected constructor parameter is a value import,
      // so consistent-type-imports does not ask for `import type` (which would break NestJS injection).
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: frameworkAndIo,
            },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:domain', 'type:data', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:usecase',
              onlyDependOnLibsWithTags: ['type:domain', 'type:usecase', 'type:util'],
              bannedExternalImports: [
                '@nestjs/*',
                '@prisma/*',
                'prisma',
                'bullmq',
                'ioredis',
                'pg',
                'mercurius',
                'fastify',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:usecase',
                'type:data',
                'type:util',
                'type:feature',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:usecase',
                'type:data',
                'type:util',
                'type:feature',
              ],
            },
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:domain', 'type:web'] },
            // Tests at the root (test/) exercise any lib through its public entry point.
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // The pure core: determinism is a lint rule, not a review comment.
    files: ['libs/kube/src/**/*.ts', 'libs/kubectl/src/**/*.ts', 'libs/exercises/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: pureCoreRules,
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
];
