import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Audio tests share one PulseAudio server; files run one at a time to keep timing margins honest.
    fileParallelism: false,
  },
});
