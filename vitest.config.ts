import { defineConfig } from 'vitest/config';

// Unit, content and exercise checks. Exercise test files under exercises/*/tests use the
// course's own harness, not Vitest, so they are run through tests/exercises instead.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/content/**/*.test.ts', 'tests/exercises/**/*.test.ts', 'tests/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
