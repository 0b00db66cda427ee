/**
 * Every injected control appears exactly once across client-side navigation
 * (no document load), and the whole agenda flow works in the replica's `preview` layout.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  navigateInApp,
  openAgenda,
  openOptionsMenu,
  optionsMenuItem,
  syncAndWait,
  syncItemName,
} from '../../../sandbox/browser/steps.ts';
import { expectExactSessionSync } from './expected.ts';
import { ACME, setUpMapping, useE2E } from './support.ts';

const ctx = useE2E();
const INTEGRATIONS = '/org/sessionboard-demo-environment/settings/integrations';

/** Opens the Options menu and counts the Gleanin items; closes it again with Escape. */
async function gleaninItems(page: Page, wanted: string): Promise<string[]> {
  await optionsMenuItem(page, wanted);
  const menu = await openOptionsMenu(page);
  await page.waitForTimeout(300); // a second injection would land within this time
  const names = await menu.getByRole('menuitem', { name: /Gleanin/ }).allInnerTexts();
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  return names.map((n) => n.replace(/\s+/g, ' ').trim());
}

describe('navigation and layouts', () => {
  it('7. agenda -> exhibitors -> settings -> agenda by client-side navigation: each control appears once', async () => {
    await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    const agendaItems = [syncItemName(ACME.gleaninEventId), 'Preview Gleanin sync'].sort();

    expect((await gleaninItems(page, syncItemName(ACME.gleaninEventId))).sort()).toEqual(agendaItems);
    // Opening the same menu again does not add a second copy.
    expect((await gleaninItems(page, syncItemName(ACME.gleaninEventId))).sort()).toEqual(agendaItems);

    await navigateInApp(page, `/event/${ACME.sbEventId}/exhibitors`);
    await page.getByRole('heading', { level: 1, name: 'Exhibitors' }).waitFor();
    expect(await gleaninItems(page, 'Sync exhibitors to Gleanin')).toEqual(['Sync exhibitors to Gleanin']);

    await navigateInApp(page, INTEGRATIONS);
    await page.getByRole('heading', { level: 2, name: 'Integrations' }).waitFor();
    const cards = page.getByRole('list', { name: 'Integrations' }).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Gleanin', exact: true }) });
    await cards.first().waitFor();
    await page.waitForTimeout(300);
    expect(await cards.count()).toBe(1);

    await navigateInApp(page, `/event/${ACME.sbEventId}/sessions/agenda`);
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    expect((await gleaninItems(page, syncItemName(ACME.gleaninEventId))).sort()).toEqual(agendaItems);
    // No Gleanin card or floating control lingers from the pages we left.
    expect(await page.getByRole('heading', { level: 3, name: 'Gleanin', exact: true }).count()).toBe(0);
    expect(loads, 'every step was client-side').toEqual([]);
  });

  it('11. the agenda flow works in the preview layout', async () => {
    await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId, 'preview');
    expect(new URL(page.url()).searchParams.get('layout')).toBe('preview');
    // In this layout the Options button is an icon with an aria-label.
    expect((await page.getByRole('button', { name: 'Options', exact: true }).innerText()).trim()).toBe('');
    const result = await syncAndWait(page, ACME.gleaninEventId);
    expect(result).toMatch(/Sync complete: |Synced \d+ of/);
    await expectExactSessionSync(ctx.sandbox);
  });
});
