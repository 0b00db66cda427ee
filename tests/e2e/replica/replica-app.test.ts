/**
 * The replica Sessionboard app in Debian's Chromium (no extension), both layout variants: every screen at
 * its path with seeded data, client-side navigation, the Options menu (mouse and keyboard, mounted only
 * while open), real exports, data written through the SB public API showing up on Speakers and in the portal.
 * Screenshots of every screen go to tests/artifacts/replica/ for comparison by eye with the real app.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { portalsOf } from '../../../sandbox/app/server/api.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'tests/artifacts/replica';
const EVENT = 4001;

let sandbox: Sandbox;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = await startSandbox({ port: 0, quiet: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const db = () => sandbox.sessionboard.db;
const acceptedSessions = () => db().sessions(EVENT).filter((s) => s.status === 'accepted');

async function sbApi(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-access-token': sandbox.info.sessionboardWriteToken, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const menuCount = () => page.evaluate(() => document.querySelectorAll('[role="menu"]').length);
const shot = (layout: string, name: string) => page.screenshot({ path: `${ARTIFACTS}/${layout}-${name}.png` });

describe.each(['classic', 'preview'] as const)('replica app, %s layout', (layout) => {
  const url = (path: string) => {
    const u = new URL(path, sandbox.url);
    if (layout === 'preview') u.searchParams.set('layout', 'preview');
    return u.toString();
  };

  beforeAll(async () => {
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  });

  it('shows a loading state first, then the seeded agenda with the event time zone', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda?delay=800`));
    await expect(page.getByRole('status').filter({ hasText: 'Loading sessions' }).isVisible()).resolves.toBe(true);
    await page.getByRole('table', { name: 'Sessions' }).waitFor();
    await expect(page.getByRole('heading', { level: 1, name: 'Agenda' }).isVisible()).resolves.toBe(true);
    for (const tab of ['List', 'Day', 'Week', 'Month', 'Rooms', 'Conflicts']) {
      expect(await page.getByRole('tab', { name: tab }).count()).toBe(1);
    }
    const accepted = acceptedSessions();
    const shown = Math.min(50, accepted.length);
    expect(await page.locator('tbody tr').count()).toBe(shown);
    expect(await page.getByText(`1 — ${shown} of ${accepted.length} rows`).isVisible()).toBe(true);
    // A scheduled session's start in the event's zone (America/New_York).
    const scheduled = accepted.find((s) => s.starts_at && s.title)!;
    const start = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit',
    }).format(new Date(scheduled.starts_at!));
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill(scheduled.friendly_id);
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: scheduled.friendly_id, exact: true }) });
    expect(await row.innerText()).toContain(start);
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('');
    // Class names are generated and meaningless (icons keep their icon library's own classes, as in real apps).
    const classes = await page.evaluate(() =>
      [...document.querySelectorAll('[class]')].filter((e) => !e.closest('svg')).flatMap((e) => [...e.classList]),
    );
    expect(classes.length).toBeGreaterThan(20);
    expect(classes.every((c) => /^x[\w-]{6}$/.test(c))).toBe(true);
    await shot(layout, 'agenda');
  });

  it('opens every screen at its path with seeded data', async () => {
    const ev = db().event(EVENT);
    const sp = portalsOf(ev)[0];
    const name = (c: { first_name: string; last_name: string | null }) => [c.first_name, c.last_name].filter(Boolean).join(' ');
    const exhibitor = db().exhibitors(EVENT)[0];
    const speaker = db().speakers(EVENT)[0];
    const screens: [string, string, string | RegExp][] = [
      ['home', '/', 'Organization Dashboard'],
      ['org-dashboard', '/org/sessionboard-demo-environment/dashboard', ev.name],
      ['org-settings-details', '/org/sessionboard-demo-environment/settings', '(GMT-5:00) America/New_York'],
      ['org-settings-integrations', '/org/sessionboard-demo-environment/settings/integrations', 'Connect Sessionboard to your Cvent instance'],
      ['event-dashboard', `/event/${EVENT}/dashboard`, `${db().sessions(EVENT).length} Sessions`],
      ['event-details', `/event/${EVENT}/settings/details`, '(GMT-5:00) America/New_York'],
      ['exhibitors', `/event/${EVENT}/exhibitors`, exhibitor.name],
      ['speakers', `/event/${EVENT}/contacts/speakers`, speaker.email!],
      ['portal-tasks-admin', `/event/${EVENT}/portals/tasks`, 'Gleanin - Share Your Participation'],
      ['portal-login', `/portal-login/${sp.slug}/${sp.id}`, speaker.email!],
      ['me-portals', `/me/portals?contact=${speaker.id}`, `Logged in as ${name(speaker)}`],
      ['portals-home', `/portals/${sp.slug}/${sp.id}?contact=${speaker.id}`, 'Tasks (2)'],
      ['portals-submissions', `/portals/${sp.slug}/${sp.id}/submissions?contact=${speaker.id}`, 'My Submissions'],
      ['portals-profile', `/portals/${sp.slug}/${sp.id}/profile?contact=${speaker.id}`, 'Gleanin Link'],
      ['portals-tasks', `/portals/${sp.slug}/${sp.id}/tasks?contact=${speaker.id}`, 'Gleanin - Share Your Participation'],
      ['portals-messages', `/portals/${sp.slug}/${sp.id}/messages?contact=${speaker.id}`, 'No messages'],
      ['portals-resources', `/portals/${sp.slug}/${sp.id}/resources?contact=${speaker.id}`, 'Nothing here yet.'],
      ['portals-files', `/portals/${sp.slug}/${sp.id}/files?contact=${speaker.id}`, 'Nothing here yet.'],
      ['legacy-portal-login', `/portal-login/${EVENT}`, speaker.email!],
      ['legacy-portal-chooser', `/portal/${EVENT}/select?contact=${speaker.id}`, `Logged in as ${name(speaker)}`],
      ['legacy-portal-home', `/portal/${EVENT}/home?contact=${speaker.id}`, 'Tasks (2)'],
    ];
    for (const [screen, path, text] of screens) {
      await page.goto(url(path));
      await page.getByText(text).first().waitFor();
      expect(new URL(page.url()).pathname).toBe(new URL(path, sandbox.url).pathname);
      if (layout === 'preview') expect(new URL(page.url()).searchParams.get('layout')).toBe('preview');
      // The portal never shows the signed-in person's email (only the sandbox's own sign-in list does).
      if (/portals|chooser|legacy-portal-home/.test(screen)) expect(await page.locator('body').innerText()).not.toContain(speaker.email!.trim());
      await shot(layout, screen);
    }
    // Exhibitors list its primary contact; Event Details shows the zone of the event, not of the org.
    await page.goto(url('/event/4002/settings/details'));
    await page.getByText(/\(GMT\+[12]:00\) Europe\/Berlin/).waitFor();
  });

  it('navigates agenda -> exhibitors -> settings -> agenda without a document reload', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda`));
    await page.getByRole('table', { name: 'Sessions' }).waitFor();
    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'kept'));
    const nav = page.getByRole('navigation', { name: 'Event navigation' });
    if (layout === 'classic') await nav.getByRole('button', { name: 'Sponsors' }).click();
    await nav.getByRole('link', { name: 'Exhibitors' }).click();
    await page.getByRole('heading', { level: 1, name: 'Exhibitors' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/event/${EVENT}/exhibitors`);
    await page.getByRole('table', { name: 'Exhibitors' }).waitFor();
    await nav.getByRole('link', { name: 'Back to organization' }).click();
    await page.getByRole('navigation', { name: 'Organization navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { level: 2, name: 'Integrations' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/org/sessionboard-demo-environment/settings/integrations');
    await page.getByRole('navigation', { name: 'Organization navigation' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: `View Event ${db().event(EVENT).name}` }).click();
    if (layout === 'classic') await nav.getByRole('button', { name: 'Sessions' }).click();
    await nav.getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('table', { name: 'Sessions' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/event/${EVENT}/sessions/agenda`);
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('kept');
    // The layout choice survived every client-side navigation.
    expect(new URL(page.url()).searchParams.get('layout')).toBe(layout === 'preview' ? 'preview' : null);
    // Back/forward are client-side too.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: db().event(EVENT).name }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('kept');
  });

  it('Options is a menu button whose menu mounts in <body> only while open (mouse)', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda`));
    const options = page.getByRole('button', { name: 'Options', exact: true });
    await options.waitFor();
    expect(await options.getAttribute('aria-haspopup')).toBe('menu');
    expect(await options.getAttribute('aria-expanded')).toBe('false');
    if (layout === 'preview') expect((await options.innerText()).trim()).toBe('');
    else expect((await options.innerText()).trim()).toBe('Options');
    expect(await menuCount()).toBe(0);
    await options.click();
    const menu = page.getByRole('menu', { name: 'Options' });
    await menu.waitFor();
    expect(await options.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getAttribute('id')).toBe(await options.getAttribute('aria-controls'));
    expect(await page.evaluate(() => document.querySelector('[role="menu"]')!.parentElement === document.body)).toBe(true);
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Export .CSV', 'Export .XLSX']);
    await shot(layout, 'agenda-options-open');
    // Click outside closes and removes it.
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).click();
    expect(await menuCount()).toBe(0);
    expect(await options.getAttribute('aria-expanded')).toBe('false');
    // The button toggles.
    await options.click();
    await menu.waitFor();
    await options.click();
    expect(await menuCount()).toBe(0);
  });

  it('Options menu is keyboard operable (WAI-ARIA menu button)', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda`));
    const options = page.getByRole('button', { name: 'Options', exact: true });
    await options.focus();
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (const key of ['Enter', 'Space', 'ArrowDown']) {
      await page.keyboard.press(key);
      await page.getByRole('menu').waitFor();
      expect(await focused()).toBe('Export .CSV');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('Export .XLSX');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('Export .CSV');
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe('Export .XLSX');
      await page.keyboard.press('Escape');
      expect(await menuCount()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');
    }
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Export .XLSX');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('Export .CSV');
    await page.keyboard.press('Tab');
    expect(await menuCount()).toBe(0);
  });

  it('Export .CSV and Export .XLSX download the visible sessions', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda`));
    const options = page.getByRole('button', { name: 'Options', exact: true });
    await options.click();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export .CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe(`agenda-event-${EVENT}.csv`);
    const csv = Papa.parse<Record<string, string>>(readFileSync(await csvDownload.path(), 'utf8'), { header: true, skipEmptyLines: true });
    const accepted = acceptedSessions();
    expect(csv.data.length).toBe(accepted.length);
    expect(new Set(csv.data.map((r) => r.ID))).toEqual(new Set(accepted.map((s) => s.friendly_id)));
    expect(await menuCount()).toBe(0);

    // A search narrows what is visible, and so what is exported.
    const one = accepted.find((s) => s.title)!;
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill(one.friendly_id);
    const visibleRows = await page.locator('tbody tr').count();
    expect(visibleRows).toBeGreaterThan(0);
    expect(visibleRows).toBeLessThan(accepted.length);
    await options.click();
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export .XLSX' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe(`agenda-event-${EVENT}.xlsx`);
    const bytes = readFileSync(await xlsxDownload.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(bytes));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : '';
    expect(sheet + strings).toContain(one.friendly_id);
    expect((sheet.match(/<row[ >]/g) ?? []).length).toBe(visibleRows + 1);
  });

  it('replaces the toolbar DOM when the data changes', async () => {
    await page.goto(url(`/event/${EVENT}/sessions/agenda`));
    const toolbar = page.getByRole('toolbar', { name: 'Agenda actions' });
    await toolbar.waitFor();
    await toolbar.evaluate((el) => ((el as unknown as { __old: boolean }).__old = true));
    const target = acceptedSessions().find((s) => s.title && s.starts_at)!;
    const res = await sbApi('PUT', `/v1/event/${EVENT}/sessions/${target.id}`, { title: `Renamed ${layout} session` });
    expect(res.status).toBe(200);
    await page.getByText(`Renamed ${layout} session`).waitFor({ timeout: 15_000 });
    expect(await toolbar.evaluate((el) => (el as unknown as { __old?: boolean }).__old ?? false)).toBe(false);
  });

  it('a contact field written through the public API shows on Speakers and in the portal task', async () => {
    const speaker = db().speakers(EVENT)[layout === 'classic' ? 3 : 4];
    const link = `https://gleanin.example/l/${layout}-${speaker.friendly_id}`;
    const created = await sbApi('POST', `/v1/event/${EVENT}/fields/create`, { name: 'Gleanin Link', field_type: 'text', module: 'contact' });
    expect(created.status).toBe(201);
    const put = await sbApi('PUT', `/v1/event/${EVENT}/contacts/${speaker.id}`, { custom_fields: { gleanin_link: link } });
    expect(put.status).toBe(200);

    await page.goto(url(`/event/${EVENT}/contacts/speakers`));
    await page.getByRole('columnheader', { name: 'Gleanin Link' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search speakers' }).fill(speaker.email!.trim());
    const row = page.getByRole('row').filter({ hasText: link });
    await row.waitFor();
    expect(await row.innerText()).toContain(speaker.first_name);
    await shot(layout, 'speakers-gleanin-link');

    const sp = portalsOf(db().event(EVENT))[0];
    const fullName = `${speaker.first_name} ${speaker.last_name ?? ''}`.trim();
    await page.goto(url(`/me/portals?contact=${speaker.id}`));
    await page.getByText(`Logged in as ${fullName}`).waitFor();
    await page.getByRole('link', { name: /Portal User/ }).click();
    await page.getByRole('heading', { name: 'Tasks (2)' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portals/${sp.slug}/${sp.id}`);
    // Top bar: initials and name with the menu (Switch Portals, Back to Admin Mode, Logout), no email.
    const user = page.getByRole('button', { name: fullName });
    await user.click();
    for (const item of ['Switch Portals', 'Back to Admin Mode', 'Logout']) await page.getByRole('menuitem', { name: item }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('body').innerText()).not.toContain(speaker.email!.trim());
    // The Home Tasks card offers the task's link; the task page and the Profile show the same value.
    expect(await page.getByRole('link', { name: 'Open Link: Gleanin - Share Your Participation' }).getAttribute('href')).toBe(link);
    await page.getByRole('link', { name: 'Gleanin - Share Your Participation', exact: true }).click();
    const open = page.getByRole('link', { name: 'Open Link', exact: true });
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(link);
    expect(new URL(page.url()).pathname).toBe(`/portals/${sp.slug}/${sp.id}/tasks/task-gleanin-share`);
    await shot(layout, 'portal-task');
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profile' }).click();
    expect(await page.getByRole('textbox', { name: 'Gleanin Link' }).inputValue()).toBe(link);

    // The legacy layout's task page reads the same field.
    await page.goto(url(`/portal/${EVENT}/tasks/task-gleanin-share?contact=${speaker.id}`));
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(link);

    // Another speaker without a value sees no link.
    const other = db().speakers(EVENT)[7];
    await page.goto(url(`/portals/${sp.slug}/${sp.id}/tasks/task-gleanin-share?contact=${other.id}`));
    await page.getByText('No link available yet').waitFor();
    expect(await page.getByRole('link', { name: 'Open Link' }).count()).toBe(0);
  });
});
