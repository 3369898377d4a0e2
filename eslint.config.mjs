// @ts-check
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'stream', 'util', 'events'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', 'test/.tmp', 'jest.config.js', 'jest.cluster.config.js', 'jest.reporter.js', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed deterministically: no Node built-ins, no I/O libraries, no zod (sdk-typescript #2227).
    files: ['workflows/**/*.ts', 'policy/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
            'pg', 'mailgun.js', 'twilio', 'express', 'zod', 'pino', 'jose', 'prom-client', 'form-data',
            '@temporalio/client', '@temporalio/worker', '@temporalio/activity',
          ].map((name) => ({ name, message: 'workflow code must stay deterministic: no Node built-ins or I/O libraries' })),
          // Activity types may be imported (`import type`); their implementations may not.
          patterns: [
            { group: ['**/activities', '**/activities/*', '**/api/*', '**/db/*', '**/notify/*', '**/config/*'], allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
