import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in headless Chromium against the real core through the web bridge.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
