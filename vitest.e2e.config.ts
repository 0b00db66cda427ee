import { defineConfig } from 'vitest/config';

// End-to-end tests: the sandbox build loaded into Debian's Chromium (and, tests/e2e/firefox, firefox-esr), driving the replica app.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // A real browser on a loaded 2-core machine: one retry for a stalled page, as E2E runners do on CI.
    // Assertions are unchanged; a flow that fails twice fails the run.
    retry: 1,
    // One sandbox build per run (free port, short continuous-sync period), shared by the extension flows.
    globalSetup: ['tests/e2e/extension/global-setup.ts'],
  },
});
