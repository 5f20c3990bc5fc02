import { defineConfig } from 'vitest/config';

// Browser journeys: one server and one Chromium, files run one after the other.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['e2e/global-setup.ts'],
  },
});
