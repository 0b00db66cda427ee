/**
 * Firefox smoke: the Firefox sandbox build in headless firefox-esr (sandbox/browser/firefox.ts), walking what
 * a Firefox user does: a revoked host permission named and granted again from the popup, a wrong token
 * refused, Connect, Add Mapping, the agenda's Options > "Sync to Gleanin (event: 11846)", the result toast,
 * Gleanin's state checked against the same oracle as the Chromium flows, and a resync that writes nothing.
 * One Firefox at a time, a fresh profile for each attempt.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { AUTOMATION_BUILD_ENV, freePort, poll, removeBuild, resetSandbox, type Sandbox } from '../../../sandbox/browser/harness.ts';
import { buildFirefoxSandboxExtension, launchFirefox, type FirefoxSession } from '../../../sandbox/browser/firefox.ts';
import { syncItemName } from '../../../sandbox/browser/steps.ts';
import { startSandbox } from '../../../sandbox/server.ts';
import { expectExactSessionSync, gleaninState, syncResultCounts, writesByMethod } from '../extension/expected.ts';
import { ACME } from '../extension/support.ts';

let sandbox: Sandbox;
let extensionDir: string;
let firefox: FirefoxSession | undefined;

beforeAll(async () => {
  const port = await freePort();
  // The smoke reads our toasts through their shadow roots: the automation build opens them.
  extensionDir = buildFirefoxSandboxExtension(port, AUTOMATION_BUILD_ENV);
  sandbox = await startSandbox({ port, seed: 'demo', quiet: true });
});

// Each attempt (E2E tests get one retry) starts from the seed in a fresh profile.
beforeEach(async () => {
  await resetSandbox(sandbox);
  firefox = await launchFirefox({ extensionDir });
});
afterEach(async () => {
  await firefox?.close();
  firefox = undefined;
});

afterAll(async () => {
  await sandbox?.close();
  if (extensionDir) removeBuild(extensionDir);
});

const aria = (name: string, role?: string) => `::-p-aria(${role ? `[name="${name}"][role="${role}"]` : name})`;

/**
 * The texts of every element with `role` in the page and in its open shadow roots, where our toasts live
 * (puppeteer's ARIA queries over WebDriver BiDi do not look inside shadow roots in Firefox).
 */
async function textsOfRole(page: Page, role: string): Promise<string[]> {
  return page.evaluate((r) => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll(`[role="${r}"]`)) out.push((el.textContent ?? '').replace(/\s+/g, ' ').trim());
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(document);
    return out;
  }, role);
}

/**
 * Types `value` into the text field named `name`, or picks it in the select named `name` once it is enabled
 * and offers it. Its label has the same accessible name (and comes first), so the control is picked by kind.
 */
async function fillField(page: Page, name: string, value: string): Promise<void> {
  const el = await poll(async () => {
    for (const h of await page.$$(aria(name))) {
      const ready = await h.evaluate(
        (e, v) => (e instanceof HTMLInputElement && !e.disabled) || (e instanceof HTMLSelectElement && !e.disabled && [...e.options].some((o) => o.value === v)),
        value,
      );
      if (ready) return h;
    }
    return undefined;
  });
  if (await el.evaluate((e) => e instanceof HTMLSelectElement)) {
    await (el as ElementHandle<HTMLSelectElement>).select(value);
  } else {
    await el.evaluate((e) => (e as HTMLInputElement).select());
    await el.type(value);
  }
}

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Waits for the element and clicks it (a locator's click never saw the Connect button as stable in Firefox 140). */
async function clickOn(page: Page, selector: string): Promise<void> {
  const el = await page.waitForSelector(selector);
  await el!.click();
}

async function fillTokens(popup: Page, gleanin: string, sessionboard: string): Promise<void> {
  await fillField(popup, 'Gleanin API token', gleanin);
  await fillField(popup, 'Sessionboard API token', sessionboard);
  await clickOn(popup, aria('Connect', 'button'));
}

/** Options > "Sync to Gleanin (event: 11846)" on the agenda, then the result toast's text (a refusal toast is quoted if no result comes). */
async function syncFromAgenda(page: Page): Promise<string> {
  await page.goto(`${sandbox.info.app}/event/${ACME.sbEventId}/sessions/agenda`);
  await page.waitForSelector(aria('Agenda', 'heading'));
  await clickOn(page, aria('Options', 'button'));
  await clickOn(page, aria(syncItemName(ACME.gleaninEventId), 'menuitem'));
  return poll(async () => {
    const texts = await textsOfRole(page, 'status');
    const refused = texts.find((t) => /already running|not connected|did not start|could not|failed|time zone/i.test(t));
    if (refused) throw new Error(`The sync did not complete; the page says: ${refused}`);
    return texts.find((t) => /Sync complete: |Synced \d+ of \d+ /.test(t));
  }, 90_000, 250).catch((e: Error) => {
    throw new Error(`No sync result toast: ${e.message}`);
  });
}

describe('Firefox (firefox-esr, sandbox build)', () => {
  it('grant access, wrong token, connect, map, sync from Options equal to the oracle, and a resync that writes nothing', async () => {
    const { info } = sandbox;
    const ff = firefox!;
    // Where the time goes, printed as it passes (a stall is then placed without rerunning).
    const t0 = Date.now();
    const mark = (step: string) => console.log(`[firefox smoke] ${step} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const popup = await ff.openExtensionPage('popup.html', 'Gleanin API token');

    // A user takes the host permission back (Firefox allows it): the popup says what is missing, and
    // Connect does not pretend the sandbox is down.
    await popup.evaluate(() => (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } }).browser.permissions.remove({ origins: ['http://127.0.0.1/*'] }));
    await popup.waitForSelector(aria('Grant access', 'button'));
    expect(await bodyText(popup)).toContain('Gleanin Bridge needs access to 127.0.0.1');
    await fillTokens(popup, info.gleaninToken, info.sessionboardWriteToken);
    const accessErrors = await poll(async () => {
      const t = await textsOfRole(popup, 'alert');
      return t.some((x) => x.includes('needs access')) ? t : undefined;
    });
    expect(accessErrors.join(' ')).toContain('Gleanin Bridge needs access to 127.0.0.1');
    expect(await bodyText(popup)).not.toContain('could not be reached');
    await clickOn(popup, aria('Grant access', 'button'));
    // Granted from the click (the Connect form's own errors stay until the next Connect).
    await poll(async () => (await popup.$(aria('Grant access', 'button'))) === null);
    expect(await popup.evaluate(() => (globalThis as unknown as { browser: { permissions: { contains(p: object): Promise<boolean> } } }).browser.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(true);

    mark('access granted');
    // A wrong token is refused with the service's own reason.
    await fillTokens(popup, 'gl_wrong_token_123456', info.sessionboardWriteToken);
    const wrong = await poll(async () => {
      const t = await textsOfRole(popup, 'alert');
      return t.some((x) => x.includes('rejected')) ? t : undefined;
    });
    expect(wrong.join(' ')).toContain('Gleanin rejected this token (401)');

    await fillTokens(popup, info.gleaninToken, info.sessionboardWriteToken);
    await popup.waitForSelector(aria('Disconnect', 'button'));
    const connected = await bodyText(popup);
    expect(connected).toContain(`••••${info.gleaninToken.slice(-4)}`);
    expect(connected).not.toContain(info.gleaninToken);

    mark('connected');
    // Add Mapping: Acme Summit 2026 in both services (the time zone the form proposes).
    await fillField(popup, 'Sessionboard event', String(ACME.sbEventId));
    await fillField(popup, 'Gleanin event', ACME.gleaninEventId);
    await clickOn(popup, aria('Add Mapping', 'button'));
    await poll(async () => (await bodyText(popup)).includes(`Gleanin event ${ACME.gleaninEventId}`));

    mark('mapped');
    const agenda = await ff.browser.newPage();
    agenda.setDefaultTimeout(30_000);
    const result = await syncFromAgenda(agenda);
    mark(`synced: ${result}`);
    const { gl, expected } = await expectExactSessionSync(sandbox);
    expect(syncResultCounts(result)).toEqual({ sessions: expected.sessionIds.size, speakers: expected.speakerEmails.size });
    expect(writesByMethod(gl).POST, 'every synced record was created once').toBe(expected.sessionIds.size + expected.speakerEmails.size);

    // Nothing changed in Sessionboard: a second sync creates, updates and deletes nothing.
    const again = await syncFromAgenda(agenda);
    expect(syncResultCounts(again)).toEqual({ sessions: expected.sessionIds.size, speakers: expected.speakerEmails.size });
    mark(`resynced: ${again}`);
    const after = await gleaninState(sandbox);
    expect(writesByMethod(after)).toEqual(writesByMethod(gl));
    await expectExactSessionSync(sandbox);
  });
});
