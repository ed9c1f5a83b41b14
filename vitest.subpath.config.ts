import { defineConfig } from 'vitest/config';

// Browser checks of the site built for a sub-path (`BASE_PATH=/bulkhead-lab/` into dist-subpath/),
// served the way GitHub Pages serves a project site: under that path only, with no headers of its
// own. Every tests/subpath/*.e2e.ts file runs against it; tests/subpath/site.ts gives its address.
export default defineConfig({
  test: {
    include: ['tests/subpath/**/*.e2e.ts'],
    globalSetup: ['tests/subpath/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    maxConcurrency: 3,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
