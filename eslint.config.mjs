import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code is replayed: it may not touch the network, the file system, clocks or randomness
// outside Temporal's APIs. Node built-ins (except the few the workflow sandbox allows) and I/O
// libraries are banned there.
const allowedInWorkflows = new Set(['assert', 'url', 'util']);
const bannedInWorkflows = builtinModules
  .filter((name) => !name.startsWith('_') && !allowedInWorkflows.has(name))
  .flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.temporal/**', '.data/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Bundled into workflow code: the workflows and the workflow interceptors with what they import.
    files: ['workflows/**/*.ts', 'worker/workflow-interceptors.ts', 'worker/job-log-context.ts', 'worker/product-metrics.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...bannedInWorkflows.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
            { name: 'undici', message: 'No I/O in workflow code: call an activity.' },
            { name: '@temporalio/activity', message: 'Workflows call activities through proxyActivities.' },
            { name: '@temporalio/client', message: 'Workflow code cannot use the client.' },
            { name: '@temporalio/worker', message: 'Workflow code cannot use the worker.' },
          ],
          patterns: [
            { group: ['../activities/*', '../activities/**'], allowTypeImports: true, message: 'Import activities with `import type` only.' },
            { group: ['../sandbox/**', '../worker/**', '../client/**'], message: 'Workflow code may not import I/O modules.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'fetch', message: 'No I/O in workflow code: call an activity.' },
        { name: 'process', message: 'Workflow code must not read the environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use Temporal-provided determinism.' },
      ],
    },
  },
);
