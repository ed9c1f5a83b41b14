import { defineConfig } from 'vitest/config';

// End-to-end checks in real Chromium against `astro preview` of the built site (dist/).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    // Tests marked concurrent (the per-page checks) run at most this many at a time.
    maxConcurrency: 3,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
