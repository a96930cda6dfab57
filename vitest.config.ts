import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Downloads (Renovate's validator) happen once, before the tests, never under a test's time limit.
    globalSetup: ['__tests__/setup/global.ts'],
    // Limits catch hangs, not slowness: a loaded 2-core CI machine runs the CLI and
    // type-checks several times slower than a quiet one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
