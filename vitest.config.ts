import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A server round trip per statement makes the largest seeds slower on PostgreSQL.
    testTimeout: process.env.EXAMCTL_TEST_ENGINE === 'postgres' ? 180_000 : 30_000,
    hookTimeout: process.env.EXAMCTL_TEST_ENGINE === 'postgres' ? 180_000 : 30_000,
    pool: 'forks',
  },
});
