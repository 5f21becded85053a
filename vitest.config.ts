import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/load/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Measurements of the event loop under load: run by `npm test` after the other tests, one file at a
        // time, so that no other test's work is counted as the gateway's stall.
        test: {
          name: 'load',
          include: ['test/load/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
