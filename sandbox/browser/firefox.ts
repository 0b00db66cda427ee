/**
 * Firefox counterpart of harness.ts: builds the Firefox sandbox target for a port and runs it in Debian's
 * firefox-esr, headless, driven over WebDriver BiDi by puppeteer-core (no browser download, no geckodriver).
 *
 * - The add-on gets a fixed internal UUID (the `extensions.webextensions.uuids` pref, keyed by the gecko id
 *   in wxt.config.ts), so its pages are at a known moz-extension:// address.
 * - `--remote-allow-system-access`: Firefox 153 lets WebDriver open moz-extension:// pages only with it.
 * - `extensions.webextOptionalPermissionPrompts: false`: a permission request from a click is granted
 *   without the doorhanger a headless browser cannot show.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WXT_FIREFOX_SANDBOX_OUTPUT = resolve('.output/firefox-mv3-sandbox');
const ADDON_UUID = '6a2f1c0e-5b1d-4c1e-9f3a-b7e0c4d2a816';

interface FirefoxManifest {
  browser_specific_settings?: { gecko?: { id?: string } };
  content_scripts?: { include_globs?: string[] }[];
}

/**
 * `SANDBOX_PORT=port npm run build:sandbox:firefox`, copied to a private directory; built again (up to
 * `attempts` times) if another build of the same output for another port landed in between.
 */
export function buildFirefoxSandboxExtension(port: number, env: Record<string, string> = {}, attempts = 3): string {
  for (let attempt = 1; ; attempt++) {
    execFileSync('npm', ['run', '--silent', 'build:sandbox:firefox'], {
      env: { ...process.env, SANDBOX_PORT: String(port), ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const dir = mkdtempSync(join(tmpdir(), `gleanin-bridge-firefox-${port}-`));
    cpSync(WXT_FIREFOX_SANDBOX_OUTPUT, dir, { recursive: true });
    // Firefox patterns carry no port; the content scripts' glob does.
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as FirefoxManifest;
    if (m.content_scripts?.every((c) => c.include_globs?.includes(`http://127.0.0.1:${port}/*`))) return dir;
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= attempts) throw new Error(`The Firefox sandbox build does not target port ${port}: another build of .output/firefox-mv3-sandbox ran at the same time ${attempts} times`);
  }
}

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> of the installed add-on. */
  extensionOrigin: string;
  /** Opens an extension page (e.g. `popup.html`) in a new tab and waits until `readyAria` is on it. */
  openExtensionPage(path: string, readyAria: string): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh temporary profile (puppeteer makes one per launch) with the add-on at `extensionDir` installed. */
export async function launchFirefox(opts: { extensionDir: string; headless?: boolean }): Promise<FirefoxSession> {
  const manifest = JSON.parse(readFileSync(join(opts.extensionDir, 'manifest.json'), 'utf8')) as FirefoxManifest;
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error('The Firefox build has no browser_specific_settings.gecko.id');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: opts.headless ?? true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: ADDON_UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    await browser.installExtension(opts.extensionDir);
  } catch (e) {
    await browser.close();
    throw e;
  }
  const extensionOrigin = `moz-extension://${ADDON_UUID}`;
  return {
    browser,
    extensionOrigin,
    async openExtensionPage(path, readyAria) {
      const page = await browser.newPage();
      page.setDefaultTimeout(30_000);
      // An extension page loads in another process: the navigation's own promise can end with "frame
      // detached" although the tab shows the page, so readiness is the page's control, not goto().
      void page.goto(`${extensionOrigin}/${path}`).catch(() => undefined);
      await page.waitForSelector(`::-p-aria(${readyAria})`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
