/**
 * Per-file E2E fixture: one sandbox per test file on the port the extension was built for, reset before
 * each test; a fresh Chromium profile per test, so no test sees another's connection, mappings or sync
 * state. On failure every open page is saved under tests/artifacts/e2e/ for a look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import {
  buildSandboxExtension,
  freePort,
  launchBrowser,
  openPopup,
  removeBuild,
  resetSandbox,
  type Browser,
  type Sandbox,
} from '../../../sandbox/browser/harness.ts';
import { connectAndMap, openAgenda, syncAndWait } from '../../../sandbox/browser/steps.ts';
import { startSandbox } from '../../../sandbox/server.ts';
import { gleaninState, ours, sbIdOf } from './expected.ts';
import { E2E_BUILD_ENV } from './global-setup.ts';

export interface E2E {
  sandbox: Sandbox;
  browser: Browser;
  /** The replica app's origin. */
  app: string;
  /** The unpacked extension under test (for a second browser profile). */
  extensionDir: string;
}

/** The seeded pair every flow maps (sandbox/README.md "Seed"): Acme Summit 2026 in both services. */
export const ACME = { sbEventId: 4001, gleaninEventId: '11846' } as const;

export function useE2E(): E2E {
  const ctx = {} as E2E;
  let extensionDir: string;
  let ownBuild: string | undefined;
  beforeAll(async () => {
    let port = inject('sandboxPort');
    extensionDir = inject('extensionDir');
    // Without the globalSetup (a single file run by hand) this file builds for itself.
    if (!port || !extensionDir) {
      port = await freePort();
      extensionDir = ownBuild = buildSandboxExtension(port, E2E_BUILD_ENV);
    }
    ctx.extensionDir = extensionDir;
    ctx.sandbox = await startSandbox({ port, seed: 'demo', quiet: true });
    ctx.app = ctx.sandbox.info.app;
  });
  beforeEach(async () => {
    await resetSandbox(ctx.sandbox);
    ctx.browser = await launchBrowser({ extensionDir });
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      const dir = 'tests/artifacts/e2e';
      mkdirSync(dir, { recursive: true });
      const name = test.task.name.replace(/[^\w-]+/g, '_').slice(0, 80);
      for (const [i, page] of ctx.browser.context.pages().entries()) {
        await page.screenshot({ path: `${dir}/${name}-${i}.png`, fullPage: false, timeout: 5_000 }).catch(() => undefined);
      }
    }
    await ctx.browser?.close();
  });
  afterAll(async () => {
    await ctx.sandbox?.close();
    if (ownBuild) removeBuild(ownBuild);
  });
  return ctx;
}

/** Opens the popup, connects with the sandbox tokens and maps `pair` (ACME by default); returns the popup. */
export async function setUpMapping(ctx: E2E, pair: { sbEventId: number; gleaninEventId: string } = ACME) {
  const popup = await openPopup(ctx.browser);
  await connectAndMap(popup, ctx.sandbox.info, pair);
  return popup;
}


/**
 * Maps ACME and syncs its agenda from the page; returns the page, this mapping's Gleanin records and the first synced
 * speaker with share links, with its Sessionboard contact id (undefined when no speaker has links).
 */
export async function syncedSpeakerWithLinks(ctx: E2E) {
  await setUpMapping(ctx);
  const page = await ctx.browser.context.newPage();
  await openAgenda(page, ctx.app, ACME.sbEventId);
  await syncAndWait(page, ACME.gleaninEventId);
  const gl = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
  const speaker = gl.speakers.find((s) => s.campaign_links.length > 0);
  return { page, gl, speaker, contactId: speaker && sbIdOf(speaker.external_idx) };
}
