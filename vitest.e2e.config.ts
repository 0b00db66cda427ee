import { defineConfig } from 'vitest/config';

// End-to-end tests: the sandbox build loaded into Debian's Chromium, driving the replica app.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // One sandbox build per run (free port, short continuous-sync period), shared by the extension flows.
    globalSetup: ['tests/e2e/extension/global-setup.ts'],
  },
});
