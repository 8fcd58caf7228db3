import { defineConfig } from 'vitest/config';

// Unit and integration tests run in plain Node against the real dependencies (SQLite, tfjs, GDAL).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
