/**
 * Axe finds no serious or critical violation in the popup (each state) and in each
 * injected control (agenda and exhibitors menu items, preview and report dialogs, toast, integrations card,
 * portal card); and the agenda sync is reachable and operable by keyboard alone. Each axe check is soft, so
 * one run reports every control that fails.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPopup } from '../../../sandbox/browser/harness.ts';
import {
  addMapping,
  appUrl,
  closeDialog,
  connect,
  openAgenda,
  openExhibitors,
  openPortalAs,
  openPreview,
  optionsMenuItem,
  syncItemName,
  waitForSyncResult,
} from '../../../sandbox/browser/steps.ts';
import { gleaninState, ours, sbIdOf } from './expected.ts';
import { ACME, useE2E } from './support.ts';

const ctx = useE2E();
/** Every element the extension adds to a Sessionboard page carries this attribute (lib/host/registry.ts OURS). */
const OURS = '[data-gleanin-bridge]';

/** Serious and critical violations, as "rule: target" lines (empty = pass). */
async function violations(page: Page, scope?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (scope) {
    await page.locator(scope).first().waitFor({ state: 'attached' });
    builder = builder.include(scope);
  }
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`));
}

/** Presses Tab until the focused element's accessible name is `name` (keyboard only, no click). */
async function tabTo(page: Page, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute('aria-label') ?? el.innerText ?? '').trim() : '';
    });
    if (focused === name) return;
  }
  throw new Error(`"${name}" is not reachable with Tab`);
}

describe('accessibility', () => {
  it('12. no serious or critical axe violation in the popup and each injected control; the agenda sync works by keyboard alone', { timeout: 240_000 }, async () => {
    const { info } = ctx.sandbox;
    const popup = await openPopup(ctx.browser);
    await popup.getByRole('textbox', { name: 'Gleanin API token', exact: true }).waitFor();
    expect.soft(await violations(popup), 'popup: connect form').toEqual([]);
    await connect(popup, { gleanin: info.gleaninToken, sessionboard: info.sessionboardWriteToken });
    await popup.getByRole('combobox', { name: 'Gleanin event', exact: true }).waitFor();
    expect.soft(await violations(popup), 'popup: connected, add mapping form').toEqual([]);
    await addMapping(popup, ACME);
    expect.soft(await violations(popup), 'popup: mapping list').toEqual([]);

    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    await optionsMenuItem(page, syncItemName(ACME.gleaninEventId));
    expect.soft(await violations(page, OURS), 'agenda Options menu items').toEqual([]);
    const preview = await openPreview(page);
    expect.soft(await violations(page, OURS), 'preview dialog').toEqual([]);
    await closeDialog(preview.dialog);

    // Keyboard alone: Tab to Options, open with Enter, arrow to our item, Enter.
    await page.goto(appUrl(ctx.app, `/event/${ACME.sbEventId}/sessions/agenda`));
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    await tabTo(page, 'Options');
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: syncItemName(ACME.gleaninEventId), exact: true });
    await item.waitFor();
    for (let i = 0; i < 10 && !(await item.evaluate((el) => el === document.activeElement || el.contains(document.activeElement) || (el.getRootNode() as ShadowRoot).activeElement === el)); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await waitForSyncResult(page);
    expect(ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId).sessions.length).toBeGreaterThan(0);
    expect.soft(await violations(page, OURS), 'result toast').toEqual([]);
    const viewReport = page.getByRole('button', { name: 'View report', exact: true });
    if (await viewReport.count()) {
      await viewReport.last().focus();
      await page.keyboard.press('Enter');
      const report = page.getByRole('dialog', { name: /report/i });
      await report.waitFor();
      expect.soft(await violations(page, OURS), 'report dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await report.waitFor({ state: 'detached' });
    }

    await openExhibitors(page, ctx.app, ACME.sbEventId);
    await optionsMenuItem(page, 'Sync exhibitors to Gleanin');
    expect.soft(await violations(page, OURS), 'exhibitors Options menu item').toEqual([]);

    await page.goto(appUrl(ctx.app, '/org/sessionboard-demo-environment/settings/integrations'));
    await page.getByRole('heading', { level: 3, name: 'Gleanin', exact: true }).waitFor();
    expect.soft(await violations(page, OURS), 'integrations card').toEqual([]);

    const speaker = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId).speakers.find((s) => s.campaign_links.length > 0)!;
    await openPortalAs(page, ctx.app, ACME.sbEventId, sbIdOf(speaker.external_idx)!);
    expect.soft(await violations(page, OURS), 'portal card').toEqual([]);
  });
});
