/**
 * The host page is untrusted: page script running in the page's own (main) world tries to read and drive
 * our UI. This file builds the extension as shipped (closed shadow roots; not the automation build the
 * other flows use), so what the page sees here is what Sessionboard's page would see.
 *
 * - finding our shadow roots yields nothing (CDP, which sees closed roots, shows they are there);
 * - `.click()` / `dispatchEvent` on our Options items, on "Sync anyway" and along the Disconnect flow
 *   changes nothing: both emulators' request logs stay still for 5 s and the connection stays;
 * - a panel frame the page makes itself shows no "Remove mapping", "Disconnect" or "Export share links (.CSV)".
 * Each attack has its positive control (the same action done by a person works), so the test can fail.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { buildSandboxExtension, freePort, launchBrowser, openPopup, removeBuild, resetSandbox, sandboxState, type Browser, type Sandbox } from '../../../sandbox/browser/harness.ts';
import { bridgeRequest, connectAndMap, openAgenda, optionsMenuItem, syncItemName } from '../../../sandbox/browser/steps.ts';
import { startSandbox } from '../../../sandbox/server.ts';
import { ACME } from './support.ts';

let sandbox: Sandbox;
let browser: Browser;
let extensionDir: string;

beforeAll(async () => {
  const port = await freePort();
  extensionDir = buildSandboxExtension(port);
  sandbox = await startSandbox({ port, seed: 'demo', quiet: true });
  await resetSandbox(sandbox);
  browser = await launchBrowser({ extensionDir });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (extensionDir) removeBuild(extensionDir);
});

type Logs = { gleanin: unknown; sessionboard: unknown };
async function requestLogs(): Promise<Logs> {
  const [gl, sb] = await Promise.all([sandboxState<{ requestLog: unknown }>(sandbox, 'gleanin'), sandboxState<{ requestLog: unknown }>(sandbox, 'sessionboard')]);
  return { gleanin: gl.requestLog, sessionboard: sb.requestLog };
}

/** "Nothing happened" has no positive signal to wait for: the logs must stay still for 5 s after the attack. */
async function expectStillFor5s(page: Page, before: Logs) {
  await page.waitForTimeout(5_000);
  expect(await requestLogs()).toEqual(before);
}

/** Nodes inside closed shadow roots, as the browser itself (CDP) sees them: text -> backend node id. */
async function closedRootTexts(cdp: CDPSession): Promise<{ closedRoots: number; find(text: string): number | undefined }> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  let closedRoots = 0;
  const texts = new Map<string, number>();
  const walk = (n: CdpNode, inClosed: boolean, parent?: CdpNode) => {
    if (n.shadowRootType === 'closed') closedRoots++;
    const closed = inClosed || n.shadowRootType === 'closed';
    if (closed && n.nodeType === 3 && parent && n.nodeValue?.trim()) texts.set(n.nodeValue.trim(), parent.backendNodeId);
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c, closed, n);
  };
  walk(root, false);
  return { closedRoots, find: (t) => texts.get(t) };
}
interface CdpNode {
  nodeType: number;
  nodeValue?: string;
  backendNodeId: number;
  shadowRootType?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

/** A person's click at the middle of a node (CDP input events are trusted, like a real mouse). */
async function personClicks(page: Page, cdp: CDPSession, backendNodeId: number) {
  await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
  const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId })) as { model: { content: number[] } };
  const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}

/** Waits (up to 30 s) until `text` shows inside one of our closed shadow roots; its node id. */
function waitForClosedText(cdp: CDPSession, text: string): Promise<number> {
  return vi.waitFor(
    async () => {
      const id = (await closedRootTexts(cdp)).find(text);
      if (!id) throw new Error(`"${text}" never showed in our UI`);
      return id;
    },
    { timeout: 30_000, interval: 200 },
  );
}

/** What page script finds when it looks for our UI: open shadow roots, and anything with our texts. */
const pageLooksForUs = () =>
  ({
    shadowRoots: Array.from(document.querySelectorAll('*')).filter((el) => el.shadowRoot !== null).length,
    ourHosts: Array.from(document.querySelectorAll('[data-gleanin-bridge]')).filter((el) => el.tagName === 'GLEANIN-BRIDGE-UI').length,
    buttonsWithOurTexts: Array.from(document.querySelectorAll('button, [role="button"], [role="menuitem"]'))
      .map((b) => b.textContent ?? '')
      .filter((t) => /Sync anyway|Disconnect Integration|View report|Preview Gleanin|Connect Gleanin/.test(t)).length,
  }) as const;

describe('page script against our UI', () => {
  it('cannot find our shadow roots, and its clicks on our Options items and "Sync anyway" do nothing', async () => {
    const popup = await openPopup(browser);
    await connectAndMap(popup, sandbox.info, ACME);
    const mappingId = ((await bridgeRequest(popup, 'listMappings', {})).data as { id: string }[])[0].id;
    // Gleanin's zone differs from the event's: a sync stops at the time zone warning with "Sync anyway".
    expect((await bridgeRequest(popup, 'updateMappingSettings', { mappingId, patch: { gleaninTimeZone: 'Europe/Berlin' } })).ok).toBe(true);

    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await openAgenda(page, sandbox.info.app, ACME.sbEventId);
    await optionsMenuItem(page, syncItemName(ACME.gleaninEventId));
    await page.locator('gleanin-bridge-ui').first().waitFor({ state: 'attached' });

    const seen = await page.evaluate(pageLooksForUs);
    expect(seen.ourHosts).toBeGreaterThan(0);
    expect(seen.shadowRoots).toBe(0);
    expect((await closedRootTexts(cdp)).closedRoots).toBeGreaterThan(0);

    // Page script clicks our items in its own Options menu, every way it can.
    const before = await requestLogs();
    const clicked = await page.evaluate(() => {
      const ours = Array.from(document.querySelectorAll<HTMLElement>('[role="menuitem"][data-gleanin-bridge]'));
      for (const el of ours) {
        el.click();
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
      }
      return ours.map((el) => el.textContent);
    });
    expect(clicked).toContain(syncItemName(ACME.gleaninEventId));
    await expectStillFor5s(page, before);

    // A person's click on the same item starts the sync, which stops at the time zone warning.
    // (The page's own menu may have closed on the scripted clicks: open it again as a person would.)
    await (await optionsMenuItem(page, syncItemName(ACME.gleaninEventId))).click();
    const syncAnyway = await waitForClosedText(cdp, 'Sync anyway');
    const atWarning = await requestLogs();

    // Page script cannot find "Sync anyway"; clicking where it is hits only our closed host.
    const attempt = await page.evaluate(() => {
      const found = Array.from(document.querySelectorAll('button')).filter((b) => b.textContent === 'Sync anyway').length;
      const hosts = Array.from(document.querySelectorAll<HTMLElement>('gleanin-bridge-ui'));
      for (const h of hosts) {
        const r = h.getBoundingClientRect();
        h.click();
        h.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 }));
        h.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      }
      const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
      (hit as HTMLElement | null)?.click();
      return { found, hitIsOurHost: hit?.tagName === "GLEANIN-BRIDGE-UI" };
    });
    expect(attempt.found).toBe(0);
    await expectStillFor5s(page, atWarning);
    expect(await page.evaluate(pageLooksForUs)).toMatchObject({ shadowRoots: 0, buttonsWithOurTexts: 0 });

    // Positive control: a person's "Sync anyway" does write to Gleanin.
    await personClicks(page, cdp, syncAnyway);
    await expect.poll(async () => JSON.stringify((await requestLogs()).gleanin) !== JSON.stringify(atWarning.gleanin), { timeout: 60_000 }).toBe(true);
    await page.close();
  });

  it('cannot disconnect through the integrations card, nor message the extension itself', async () => {
    const popup = await openPopup(browser);
    const status = async () => ((await bridgeRequest(popup, 'getStatus', {})).data as { connection: unknown }).connection;
    expect(await status()).not.toBeNull();

    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await page.goto(`${sandbox.info.app}/org/sessionboard-demo-environment/settings/integrations`);
    const more = await waitForClosedText(cdp, '⋯');
    const before = await requestLogs();

    const attempt = await page.evaluate((extensionId) => {
      const host = document.querySelector<HTMLElement>('[data-gleanin-bridge="integrations-card"] gleanin-bridge-ui, gleanin-bridge-ui');
      host?.click();
      host?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      const chromeApi = (globalThis as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => unknown } } }).chrome;
      let messaging = 'no runtime.sendMessage for this page';
      try {
        if (chromeApi?.runtime?.sendMessage) {
          chromeApi.runtime.sendMessage(extensionId, { channel: 'gleanin-bridge', type: 'disconnect', payload: {} });
          messaging = 'sent';
        }
      } catch (e) {
        messaging = `refused: ${(e as Error).message}`;
      }
      const menuItems = Array.from(document.querySelectorAll('[role="menuitem"]')).filter((m) => /Disconnect/.test(m.textContent ?? '')).length;
      return { hostFound: Boolean(host), shadow: host?.shadowRoot ?? null, messaging, menuItems };
    }, browser.extensionId);
    expect(attempt.hostFound).toBe(true);
    expect(attempt.shadow).toBeNull();
    expect(attempt.menuItems).toBe(0);
    expect(attempt.messaging).not.toBe('sent');
    await expectStillFor5s(page, before);
    expect(await status()).not.toBeNull();

    // Positive control: a person opens "⋯" and the menu item is there (the confirmation then runs in the panel).
    await personClicks(page, cdp, more);
    await waitForClosedText(cdp, 'Disconnect Integration');
    await page.close();
  });

  it('a panel framed by the page itself offers no action', async () => {
    const popup = await openPopup(browser);
    const panelUrl = await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getURL(p: string): string } } }).chrome.runtime.getURL('/panel.html'));
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.info.app}/org/sessionboard-demo-environment/settings/integrations`);
    await page.evaluate(
      ([staticUrl, knownUrl]) => {
        for (const [i, src] of [staticUrl, knownUrl, `${knownUrl}#grant=forged-grant-forged-grant-1234`].entries()) {
          const f = document.createElement('iframe');
          f.id = `attack-${i}`;
          f.src = src;
          f.style.cssText = 'width:600px;height:400px';
          document.body.append(f);
        }
      },
      [`chrome-extension://${browser.extensionId}/panel.html`, panelUrl] as const,
    );
    // Once the page knows the panel's URL (dynamic: here handed over by the test), the panel loads but,
    // without a grant our card asked for, shows only where the real one is opened from.
    for (const i of [1, 2]) {
      await page.frameLocator(`#attack-${i}`).getByText('Open this panel from the Gleanin card on Organization > Settings > Integrations').waitFor();
    }
    for (const i of [0, 1, 2]) {
      const frame = page.frameLocator(`#attack-${i}`);
      for (const name of ['Remove mapping', 'Disconnect', 'Export share links (.CSV)']) {
        expect(await frame.getByRole('button', { name }).count(), `frame ${i}: ${name}`).toBe(0);
      }
    }
    // The static URL (what a page could know) does not load the panel at all (use_dynamic_url).
    expect(panelUrl).not.toContain(browser.extensionId);
    expect(await page.frameLocator('#attack-0').locator('#root').count()).toBe(0);
    await page.close();
  });
});
