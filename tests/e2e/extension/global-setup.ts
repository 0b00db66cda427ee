/**
 * Builds the sandbox extension once per E2E run (vitest `globalSetup`): a free port, a short continuous-sync
 * period so the continuous-sync test (continuous.test.ts) sees the alarm fire within a test, and a private copy of the build the test files load.
 */
import type { TestProject } from 'vitest/node';
import { AUTOMATION_BUILD_ENV, buildSandboxExtension, freePort, removeBuild } from '../../../sandbox/browser/harness.ts';

/**
 * WXT_SYNC_PERIOD_MINUTES is read by entrypoints/background (alarms.ts); 0.5 is Chrome's floor. The
 * flows click inside our shadow roots, so this build opens them (AUTOMATION_BUILD_ENV).
 */
export const E2E_BUILD_ENV = { WXT_SYNC_PERIOD_MINUTES: '0.5', ...AUTOMATION_BUILD_ENV };

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxPort: number;
    extensionDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const port = await freePort();
  const dir = buildSandboxExtension(port, E2E_BUILD_ENV);
  project.provide('sandboxPort', port);
  project.provide('extensionDir', dir);
  return () => removeBuild(dir);
}
