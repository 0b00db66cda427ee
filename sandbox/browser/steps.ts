/**
 * What a user does, step by step, in Chromium: shared by the E2E flows and `npm run demo` so both walk the
 * same path. Every step finds controls by role and accessible name, as a user would, never by class or test id.
 */
import type { Download, Locator, Page } from 'playwright-core';

export interface Tokens {
  gleanin: string;
  sessionboard: string;
}

const SYNC_RESULT = /Sync complete: |Synced \d+ of \d+ /;
const SYNC_REFUSED = /already running|not connected|did not start|could not|failed|time zone/i;

// --- popup (also the injected integrations panel: same component) ---

/** Fills both tokens and presses Connect; resolves when the popup shows the connection (or throws with its error). */
export async function connect(popup: Page | Locator, tokens: Tokens): Promise<void> {
  await submitTokens(popup, tokens);
  const connected = popup.getByRole('button', { name: 'Disconnect', exact: true });
  const error = popup.getByRole('alert');
  await connected.or(error).first().waitFor({ timeout: 20_000 });
  if (!(await connected.isVisible())) throw new Error(`Connect failed: ${(await error.allInnerTexts()).join(' | ')}`);
}

/** Fills both tokens and presses Connect, expecting a refusal; returns the error texts shown. */
export async function connectExpectingError(popup: Page | Locator, tokens: Tokens): Promise<string[]> {
  await submitTokens(popup, tokens);
  const error = popup.getByRole('alert');
  await error.first().waitFor({ timeout: 20_000 });
  return error.allInnerTexts();
}

async function submitTokens(popup: Page | Locator, tokens: Tokens): Promise<void> {
  await popup.getByRole('textbox', { name: 'Gleanin API token', exact: true }).fill(tokens.gleanin);
  await popup.getByRole('textbox', { name: 'Sessionboard API token', exact: true }).fill(tokens.sessionboard);
  await popup.getByRole('button', { name: 'Connect', exact: true }).click();
}

/**
 * Adds a mapping in the connected popup. `gleaninTimeZone` answers the time zone question asked when
 * Gleanin does not give the event's zone (default: the one the form proposes, the Sessionboard zone).
 */
export async function addMapping(popup: Page | Locator, m: { sbEventId: number; gleaninEventId: string; gleaninTimeZone?: string }): Promise<void> {
  const glBox = popup.getByRole('combobox', { name: 'Gleanin event', exact: true });
  if (!(await glBox.isVisible())) await popup.getByRole('button', { name: /Add .*Mapping/ }).first().click();
  const sbBox = popup.getByRole('combobox', { name: 'Sessionboard event', exact: true });
  await expectEnabled(sbBox);
  await sbBox.selectOption(String(m.sbEventId));
  await glBox.selectOption(m.gleaninEventId);
  const zone = popup.getByRole('combobox', { name: /time zone/i });
  if (m.gleaninTimeZone && (await zone.isVisible())) await zone.selectOption(m.gleaninTimeZone);
  await popup.getByRole('button', { name: 'Add Mapping', exact: true }).click();
  const listed = popup.getByRole('listitem').filter({ hasText: `Gleanin event ${m.gleaninEventId}` });
  const error = popup.getByRole('alert');
  await listed.or(error).first().waitFor({ timeout: 20_000 });
  if (!(await listed.first().isVisible())) throw new Error(`Add Mapping failed: ${(await error.allInnerTexts()).join(' | ')}`);
}

/**
 * The admin's first minutes: connect with the sandbox's Gleanin token and its Sessionboard write token
 * (so share links are written back to Sessionboard), then map one event pair.
 */
export async function connectAndMap(
  popup: Page,
  info: { gleaninToken: string; sessionboardWriteToken: string },
  pair: { sbEventId: number; gleaninEventId: string },
): Promise<void> {
  await connect(popup, { gleanin: info.gleaninToken, sessionboard: info.sessionboardWriteToken });
  await addMapping(popup, pair);
}

/** The mapping's card in the popup (its buttons: Settings, Export share links (.CSV), Remove mapping). */
export function mappingCard(popup: Page | Locator, gleaninEventId: string): Locator {
  return popup.getByRole('listitem').filter({ hasText: `Gleanin event ${gleaninEventId}` });
}

/** Switches a per-mapping setting (a checkbox whose label starts with `label`) in the mapping's Settings panel. */
export async function setMappingOption(popup: Page | Locator, gleaninEventId: string, label: string, on: boolean): Promise<void> {
  const card = mappingCard(popup, gleaninEventId);
  const box = card.getByRole('checkbox', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  if (!(await box.isVisible())) await card.getByRole('button', { name: 'Settings', exact: true }).click();
  if ((await box.isChecked()) !== on) await box.click();
  await card.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
}

export async function removeMapping(popup: Page | Locator, gleaninEventId: string): Promise<void> {
  const card = mappingCard(popup, gleaninEventId);
  await card.getByRole('button', { name: 'Remove mapping', exact: true }).click();
  await confirmIn(popup, 'Remove mapping');
  await card.waitFor({ state: 'detached' });
}

export async function disconnect(popup: Page | Locator): Promise<void> {
  await popup.getByRole('button', { name: 'Disconnect', exact: true }).first().click();
  await confirmIn(popup, 'Disconnect');
  await popup.getByRole('textbox', { name: 'Gleanin API token', exact: true }).waitFor();
}

async function confirmIn(root: Page | Locator, label: string): Promise<void> {
  const dialog = root.getByRole('alertdialog').or(root.getByRole('dialog')).first();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Clicks "Export share links (.CSV)" on a mapping card; returns the downloaded file's name and text. */
export async function exportShareLinksCsv(popup: Page, gleaninEventId: string): Promise<{ filename: string; csv: string }> {
  const downloading = popup.waitForEvent('download');
  await mappingCard(popup, gleaninEventId).getByRole('button', { name: 'Export share links (.CSV)', exact: true }).click();
  const download: Download = await downloading;
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { filename: download.suggestedFilename(), csv: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Sends one protocol message from an extension page, as the popup does (lib/messaging: `{channel, type,
 * payload}` -> `{ok, data | error}`); for checks the UI offers no way to make.
 */
export async function bridgeRequest(extensionPage: Page, type: string, payload: object): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }> {
  return extensionPage.evaluate(
    ([t, p]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<never> } } }).chrome.runtime.sendMessage({ channel: 'gleanin-bridge', type: t, payload: p }),
    [type, payload] as const,
  );
}

// --- Sessionboard pages ---

export type Layout = 'classic' | 'preview';

export function appUrl(app: string, path: string, layout: Layout = 'classic'): string {
  const url = new URL(path, app);
  if (layout === 'preview') url.searchParams.set('layout', 'preview');
  return url.toString();
}

export async function openAgenda(page: Page, app: string, sbEventId: number, layout: Layout = 'classic'): Promise<void> {
  await page.goto(appUrl(app, `/event/${sbEventId}/sessions/agenda`, layout));
  await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
}

export async function openExhibitors(page: Page, app: string, sbEventId: number, layout: Layout = 'classic'): Promise<void> {
  await page.goto(appUrl(app, `/event/${sbEventId}/exhibitors`, layout));
  await page.getByRole('heading', { level: 1, name: 'Exhibitors' }).waitFor();
}

/**
 * Client-side navigation to `path` (no document load): clicks the app's own visible link to it when there is
 * one, else does what its router does (History API push + popstate). Resolves once the URL changed.
 */
export async function navigateInApp(page: Page, path: string): Promise<void> {
  const link = page.locator(`a[href^="${path}"]:visible`).first();
  if (await link.count()) await link.click();
  else {
    await page.evaluate((to) => {
      const url = new URL(to, location.origin);
      const layout = new URLSearchParams(location.search).get('layout');
      if (layout && !url.searchParams.has('layout')) url.searchParams.set('layout', layout);
      history.pushState(null, '', url.pathname + url.search);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }
  await page.waitForURL((u) => u.pathname === path);
}

/** Opens the page's own "Options" menu and returns it (our items are added to it when it opens). */
export async function openOptionsMenu(page: Page): Promise<Locator> {
  const menu = page.getByRole('menu');
  if (!(await menu.isVisible())) await page.getByRole('button', { name: 'Options', exact: true }).click();
  await menu.waitFor();
  return menu;
}

export const syncItemName = (gleaninEventId: string) => `Sync to Gleanin (event: ${gleaninEventId})`;

/** The Options menu's item, waited for: content scripts add it asynchronously when the menu opens. */
export async function optionsMenuItem(page: Page, name: string): Promise<Locator> {
  const menu = await openOptionsMenu(page);
  const item = menu.getByRole('menuitem', { name, exact: true });
  await item.waitFor({ timeout: 10_000 });
  return item;
}

/** Our toasts (role status) for a sync: "Sync to Gleanin started", progress, the result. */
export function syncToasts(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /Sync to Gleanin started|Sync complete|Synced \d+ of|Gleanin/ });
}

/** Starts a sync from Options; resolves once "Sync to Gleanin started" shows, throws with the page's words if refused. */
export async function startSync(page: Page, itemName: string): Promise<void> {
  await (await optionsMenuItem(page, itemName)).click();
  const started = page.getByRole('status').filter({ hasText: 'Sync to Gleanin started' }).first();
  const refused = page.getByRole('status').filter({ hasText: SYNC_REFUSED }).last();
  await started.or(refused).first().waitFor({ timeout: 15_000 });
  if (!(await started.isVisible()) && (await refused.isVisible())) {
    throw new Error(`The sync did not start; the page says: ${(await refused.innerText()).replace(/\s+/g, ' ').trim()}`);
  }
}

/**
 * Waits for the result toast ("Sync complete: …" or "Synced X of Y …") and returns its text. A toast that
 * says the sync did not run (already running, not connected, blocked, failed) ends the wait with an error
 * quoting it, instead of a timeout.
 */
export async function waitForSyncResult(page: Page, timeoutMs = 90_000): Promise<string> {
  const result = page.getByRole('status').filter({ hasText: SYNC_RESULT }).last();
  const refused = page.getByRole('status').filter({ hasText: SYNC_REFUSED }).last();
  await result.or(refused).first().waitFor({ timeout: timeoutMs });
  if (!(await result.isVisible())) throw new Error(`The sync did not complete; the page says: ${(await refused.innerText()).replace(/\s+/g, ' ').trim()}`);
  return (await result.innerText()).replace(/\s+/g, ' ').trim();
}

/** Starts a sync and waits for its result: the organizer's whole gesture. */
export async function syncAndWait(page: Page, gleaninEventId: string, timeoutMs?: number): Promise<string> {
  await startSync(page, syncItemName(gleaninEventId));
  return waitForSyncResult(page, timeoutMs);
}

/**
 * Records what the sync toasts say while a sync runs (polled, so fast transitions between two polls can be
 * missed; a progress bar that stays up for a few writes is seen): every distinct toast text, and the
 * progress bars' `aria-valuenow`/`aria-valuemax` pairs.
 */
export function watchSync(page: Page, everyMs = 60): { texts: string[]; progress: { now: number; max: number }[]; stop(): void } {
  const texts: string[] = [];
  const progress: { now: number; max: number }[] = [];
  let running = true;
  void (async () => {
    while (running && !page.isClosed()) {
      try {
        for (const t of await syncToasts(page).allInnerTexts()) {
          const text = t.replace(/\s+/g, ' ').trim();
          if (text && texts.at(-1) !== text && !texts.includes(text)) texts.push(text);
        }
        const bars = await page.getByRole('progressbar').evaluateAll((els) =>
          els.map((e) => ({ now: Number(e.getAttribute('aria-valuenow') ?? (e as HTMLProgressElement).value), max: Number(e.getAttribute('aria-valuemax') ?? (e as HTMLProgressElement).max) })),
        );
        for (const b of bars) if (!progress.some((p) => p.now === b.now && p.max === b.max)) progress.push(b);
      } catch {
        // The page navigated or closed between two polls.
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { texts, progress, stop: () => void (running = false) };
}

/** Opens the report from the result toast and returns the dialog. */
export async function openReport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'View report', exact: true }).last().click();
  const dialog = page.getByRole('dialog', { name: /report/i });
  await dialog.waitFor();
  return dialog;
}

export interface PreviewCounts {
  creates: number;
  updates: number;
  deletes: number;
}

/** Opens "Preview Gleanin sync" and reads its counts ("Creates (n)", "Updates (n)", "Deletes (n)"). */
export async function openPreview(page: Page): Promise<{ dialog: Locator; counts: PreviewCounts }> {
  await (await optionsMenuItem(page, 'Preview Gleanin sync')).click();
  const dialog = page.getByRole('dialog', { name: /preview/i });
  await dialog.waitFor({ timeout: 60_000 });
  const count = async (title: string) => {
    const heading = dialog.getByRole('heading', { name: new RegExp(`^${title} \\(\\d+\\)$`) });
    await heading.waitFor({ timeout: 60_000 });
    return Number(/\((\d+)\)/.exec(await heading.innerText())![1]);
  };
  return { dialog, counts: { creates: await count('Creates'), updates: await count('Updates'), deletes: await count('Deletes') } };
}

export async function closeDialog(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

// --- portal ---

/**
 * Opens the speaker portal signed in as `contact` (a contact id; the sandbox sign-in) the way a speaker
 * does: the portal chooser `/me/portals`, then their portal, and waits for "Share Your Attendance".
 * The card appears only when the page holds the speaker's Gleanin link (their "Gleanin Link" field).
 */
export async function openPortalAs(page: Page, app: string, _sbEventId: number, contact: string, layout: Layout = 'classic'): Promise<Locator> {
  await page.goto(appUrl(app, `/me/portals?contact=${encodeURIComponent(contact)}`, layout));
  await page.getByRole('link', { name: / Portal User$/ }).click();
  await page.waitForURL(/\/portals\/[^/]+\/[^/?]+(?:\?|$)/);
  const region = page.getByRole('region', { name: 'Share Your Attendance' });
  await region.waitFor({ timeout: 20_000 });
  return region;
}

/** Every link in the portal card (the share links themselves and the share-to-network links that embed them). */
export async function portalHrefs(region: Locator): Promise<string[]> {
  return region.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
}

const expectEnabled = async (box: Locator) => {
  await box.waitFor();
  for (let i = 0; i < 100 && !(await box.isEnabled()); i++) await new Promise((r) => setTimeout(r, 100));
};
