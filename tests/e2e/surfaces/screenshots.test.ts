/**
 * The extension's surfaces in real Chromium against the replica (the sandbox build), walked once in
 * order: connect through the integrations card's framed panel, map from the popup, agenda Options menus
 * in both layouts, preview, a sync with its progress toast and report, the portal card. Screenshots go
 * to tests/artifacts/surfaces/ for a person to look at; the assertions check what each one must show.
 * It also measures, in the page, the time from the click on Options to our items being in the menu.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTOMATION_BUILD_ENV,
  buildSandboxExtension,
  configureEmulator,
  freePort,
  launchBrowser,
  openPopup,
  removeBuild,
  sandboxState,
  type Browser,
  type Sandbox,
} from '../../../sandbox/browser/harness.ts';
import {
  addMapping,
  appUrl,
  closeDialog,
  connect,
  openAgenda,
  openOptionsMenu,
  openPortalAs,
  openPreview,
  openReport,
  startSync,
  syncItemName,
  waitForSyncResult,
  type Layout,
} from '../../../sandbox/browser/steps.ts';
import { startSandbox } from '../../../sandbox/server.ts';

const OUT = 'tests/artifacts/surfaces';
const ACME = { sbEventId: 4001, gleaninEventId: '11846' } as const;
const INTEGRATIONS = '/org/sessionboard-demo-environment/settings/integrations';
const OPENS = 20;

let sandbox: Sandbox;
let browser: Browser;
let extensionDir: string;
let page: Page;

const shot = (target: Page | Locator, name: string) => target.screenshot({ path: `${OUT}/${name}.png`, animations: 'disabled' });

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const port = await freePort();
  // Other E2E runs build .output/chrome-mv3-sandbox for their own ports meanwhile: retry a clash.
  for (let attempt = 1; !extensionDir; attempt++) {
    try {
      extensionDir = buildSandboxExtension(port, AUTOMATION_BUILD_ENV);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  sandbox = await startSandbox({ port, seed: 'demo', quiet: true });
  browser = await launchBrowser({ extensionDir });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (extensionDir) removeBuild(extensionDir);
});

/** Our card in the page's Integrations grid (its heading "Gleanin"). */
const ourCard = (p: Page) =>
  p.getByRole('list', { name: 'Integrations' }).getByRole('listitem').filter({ has: p.getByRole('heading', { level: 3, name: 'Gleanin', exact: true }) });

/**
 * Opens the Options menu `times` times by a real click and measures, in the page, from that click event to
 * the moment our item is in the menu (a MutationObserver set up before the click). Closes it with Escape.
 */
async function measureOptionsMenu(p: Page, itemLabel: string, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    await p.evaluate((label) => {
      const w = window as unknown as { __gbMeasure?: { t0?: number; t1?: number } };
      const m: { t0?: number; t1?: number } = {};
      w.__gbMeasure = m;
      const present = () => Array.from(document.querySelectorAll('[role="menuitem"]')).some((el) => el.textContent?.trim() === label);
      addEventListener('click', (e) => void (m.t0 ??= e.timeStamp), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (m.t0 !== undefined && present()) {
          m.t1 = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }, itemLabel);
    await p.getByRole('button', { name: 'Options', exact: true }).click();
    const menu = p.getByRole('menu');
    await menu.getByRole('menuitem', { name: itemLabel, exact: true }).waitFor({ timeout: 10_000 });
    const m = await p.evaluate(() => (window as unknown as { __gbMeasure: { t0?: number; t1?: number } }).__gbMeasure);
    expect(m.t0, 'the click was seen').toBeTypeOf('number');
    expect(m.t1, 'our item was seen being added').toBeTypeOf('number');
    samples.push(m.t1! - m.t0!);
    await p.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  }
  return samples;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('extension surfaces in Chromium (screenshots)', () => {
  it('integrations card: Connect opens the framed extension panel; tokens are typed there and the page cannot read it', async () => {
    await page.goto(appUrl(sandbox.info.app, INTEGRATIONS));
    const card = ourCard(page);
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Connect Gleanin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gleanin integration' });
    await dialog.waitFor();
    const panel = page.frameLocator('iframe[title="Gleanin connection and event mappings"]').locator(':root');
    await panel.getByRole('textbox', { name: 'Gleanin API token', exact: true }).waitFor();
    // The page's own scripts see the frame but not its document (another origin): no token to read.
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap((el) => (el.shadowRoot ? Array.from(el.shadowRoot.querySelectorAll('iframe')) : [])).map((f) => f.contentDocument))).toEqual([null]);

    await connect(panel, { gleanin: sandbox.info.gleaninToken, sessionboard: sandbox.info.sessionboardWriteToken });
    await panel.getByRole('combobox', { name: 'Sessionboard event', exact: true }).waitFor();
    await shot(page, 'integrations-panel');

    // Escape inside the framed page closes the dialog; the card now offers Settings and ⋯.
    await panel.getByRole('button', { name: 'Disconnect', exact: true }).focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Gleanin settings' }).waitFor();
    await card.getByRole('button', { name: 'More actions for Gleanin' }).click();
    await card.getByRole('menuitem', { name: 'Disconnect Integration' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'integrations-card');
    await page.keyboard.press('Escape');
  });

  it('popup: Add Mapping with the time zone question, then connected with the mapping', async () => {
    const popup = await openPopup(browser);
    await popup.setViewportSize({ width: 440, height: 760 });
    await popup.getByRole('combobox', { name: 'Sessionboard event', exact: true }).selectOption(String(ACME.sbEventId));
    await popup.getByRole('combobox', { name: 'Gleanin event', exact: true }).selectOption(ACME.gleaninEventId);
    await popup.getByRole('combobox', { name: /time zone/i }).waitFor();
    await shot(popup, 'popup-add-mapping');
    await addMapping(popup, ACME);
    await popup.getByRole('listitem').filter({ hasText: `Gleanin event ${ACME.gleaninEventId}` }).getByRole('button', { name: 'Settings', exact: true }).click();
    await popup.getByRole('combobox', { name: 'Gleanin event time zone' }).waitFor();
    await popup.screenshot({ path: `${OUT}/popup-connected.png`, fullPage: true });
    await popup.close();
  });

  it.each(['classic', 'preview'] as Layout[])('agenda Options menu with our items (%s layout); time to our items', async (layout) => {
    await openAgenda(page, sandbox.info.app, ACME.sbEventId, layout);
    const label = syncItemName(ACME.gleaninEventId);
    const samples = await measureOptionsMenu(page, label, OPENS);
    expect(samples).toHaveLength(OPENS);
    console.log(`[surfaces] ${layout}: Options click -> our items present, median of ${OPENS} opens: ${median(samples).toFixed(1)} ms (min ${Math.min(...samples).toFixed(1)}, max ${Math.max(...samples).toFixed(1)})`);
    const menu = await openOptionsMenu(page);
    await menu.getByRole('menuitem', { name: label, exact: true }).waitFor();
    await menu.getByRole('menuitem', { name: 'Preview Gleanin sync', exact: true }).hover();
    await shot(page, `agenda-options-${layout}`);
    await page.keyboard.press('Escape');
  });

  it('preview dialog', async () => {
    await openAgenda(page, sandbox.info.app, ACME.sbEventId);
    const { dialog, counts } = await openPreview(page);
    expect(counts.creates).toBeGreaterThan(0);
    await shot(page, 'preview-dialog');
    await closeDialog(dialog);
  });

  it('sync: the toast with its progress bar, then the result and the report of its problems', async () => {
    // Slow Gleanin down so the progress bar stays up long enough to be seen.
    await configureEmulator(sandbox, 'gleanin', { faults: { latencyMs: 120 } });
    try {
      await startSync(page, syncItemName(ACME.gleaninEventId));
      const bar = page.getByRole('progressbar').first();
      await bar.waitFor({ timeout: 30_000 });
      // A native <progress>: its value is a property, not an aria attribute.
      await expect.poll(() => bar.evaluate((el) => (el as HTMLProgressElement).value), { timeout: 30_000 }).toBeGreaterThan(2);
      await shot(page, 'sync-toast-progress');
    } finally {
      await configureEmulator(sandbox, 'gleanin', { faults: { latencyMs: 0 } });
    }
    const result = await waitForSyncResult(page);
    expect(result).toMatch(/Synced \d+ of \d+ sessions/); // the seed has conflicts and skipped records
    await shot(page, 'sync-toast-result');
    const report = await openReport(page);
    await report.getByRole('table').first().waitFor();
    await shot(page, 'report-dialog');
    await closeDialog(report);
  });

  it('portal: "Share Your Attendance" for a synced speaker', async () => {
    const gl = await sandboxState<{ speakers: { event_id: number; external_idx: string | null; campaign_links: unknown[] }[] }>(sandbox, 'gleanin');
    const speaker = gl.speakers.find((s) => String(s.event_id) === ACME.gleaninEventId && s.external_idx?.startsWith('sb:') && s.campaign_links.length > 0);
    expect(speaker, 'a synced speaker with share links').toBeDefined();
    const contactId = speaker!.external_idx!.split(':').at(-1)!;
    const region = await openPortalAs(page, sandbox.info.app, ACME.sbEventId, contactId);
    await region.getByRole('button', { name: 'Copy link' }).first().waitFor();
    await region.scrollIntoViewIfNeeded();
    await shot(page, 'portal-share-card');
  });
});
