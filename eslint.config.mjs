import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries: every project carries a scope tag (who owns it) and a type tag (what it is).
 * Services never import each other; the domain imports no other project; workflow code reaches only
 * contracts and the domain; test harnesses and suites may reach the libraries they exercise.
 */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:workflows', onlyDependOnLibsWithTags: ['scope:shared', 'scope:workflows'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
  { sourceTag: 'scope:nomination', onlyDependOnLibsWithTags: ['scope:shared', 'scope:nomination'] },
  { sourceTag: 'scope:inspection', onlyDependOnLibsWithTags: ['scope:shared', 'scope:inspection'] },
  { sourceTag: 'scope:voting', onlyDependOnLibsWithTags: ['scope:shared', 'scope:voting'] },
  { sourceTag: 'scope:archive', onlyDependOnLibsWithTags: ['scope:shared', 'scope:archive'] },
  { sourceTag: 'scope:calendar', onlyDependOnLibsWithTags: ['scope:shared', 'scope:calendar'] },
  { sourceTag: 'scope:signal-bridge', onlyDependOnLibsWithTags: ['scope:shared', 'scope:signal-bridge'] },
  { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'],
  },
  {
    sourceTag: 'type:infra',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'],
  },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', '.jishi/', '.nx/', 'libs/contracts/src/gen/', '**/*.js'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      // One program for the whole workspace (each file checked once, not once per project that imports it).
      parserOptions: {
        project: ['./test/workspace/tsconfig.all.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, banTransitiveDependencies: true, depConstraints },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is imported by Temporal workflow code: no I/O, no framework, no Node built-ins.
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/domain/src/catalogue.main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'libs/domain is pure: no Node built-ins.',
            },
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', '@temporalio/*'],
              message: 'libs/domain imports no framework, ORM, Kafka or Temporal package.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is deterministic: no I/O, no Node APIs, no service frameworks.
    files: ['workflows/src/**/*.workflow.ts', 'workflows/src/workflows.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'Workflow code does no I/O: use an activity.',
            },
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'kafkajs',
                '@jishi/messaging',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflow code imports only @temporalio/workflow, contracts and the domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  prettier,
);
