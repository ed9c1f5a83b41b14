// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

/** @type {import('eslint').Linter.RulesRecord} */
const pureModuleRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Pass a seeded RNG in: runs must be reproducible.' },
    { object: 'Date', property: 'now', message: 'Use the simulation clock: pure modules never read wall time.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'window', message: 'Pure modules run in Node, workers and the browser alike.' },
    { name: 'document', message: 'Pure modules run in Node, workers and the browser alike.' },
    { name: 'requestAnimationFrame', message: 'The engine steps; the view paces frames.' },
    { name: 'performance', message: 'Pure modules never read wall time.' },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['react', 'react-dom', 'react/*', 'astro', 'astro:*', 'astro/*', '@webcontainer/*'], message: 'src/sim and src/queueing are pure TypeScript.' },
      ],
    },
  ],
};

export default defineConfig(
  {
    ignores: ['dist/', 'dist-subpath/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', '.tmp/', 'public/'],
  },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Islands, pages and other modules use the public barrels, never a module's insides.
    files: ['src/**/*.{ts,tsx,astro}'],
    ignores: ['src/sim/**', 'src/queueing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/sim/*', '!**/sim/index', '!**/sim/index.ts'], message: 'Import src/sim through its index.ts.' },
            { group: ['**/queueing/*', '!**/queueing/index', '!**/queueing/index.ts'], message: 'Import src/queueing through its index.ts.' },
          ],
        },
      ],
    },
  },
  { files: ['src/sim/**/*.ts', 'src/queueing/**/*.ts'], rules: pureModuleRules },
);
