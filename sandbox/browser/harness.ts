/**
 * Browser harness shared by the E2E tests and `npm run demo`: builds the sandbox target for a port, starts
 * the sandbox on that port and launches Debian's Chromium with the unpacked extension. No browser downloads.
 *
 * The build is copied to a private directory right after WXT writes it: other people build
 * `.output/chrome-mv3-sandbox` for other ports, and Chromium reads the extension lazily.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { startSandbox } from '../server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WXT_SANDBOX_OUTPUT = resolve('.output/chrome-mv3-sandbox');

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Seed = 'demo' | 'large' | number;

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/**
 * Build settings for a sandbox build that Playwright drives: our shadow roots are closed in every
 * build, and Playwright's locators cannot enter closed roots, so builds for the demo, the screenshots
 * and the flow tests open them (lib/host/ui.ts honours this in sandbox builds only). The page-attack
 * tests (tests/e2e/extension/page-attacks.test.ts) build without it, as shipped.
 */
export const AUTOMATION_BUILD_ENV = { WXT_OPEN_SHADOW_ROOTS: '1' } as const;

/**
 * Builds the sandbox target for `port` (`SANDBOX_PORT=port npm run build:sandbox`, plus `env`, e.g. a short
 * continuous-sync period) and returns a private copy of it. If the copy does not target `port` (someone
 * else's build of `.output/chrome-mv3-sandbox` landed meanwhile), builds again, up to `attempts` times.
 */
export function buildSandboxExtension(port: number, env: Record<string, string> = {}, attempts = 3): string {
  for (let attempt = 1; ; attempt++) {
    execFileSync('npm', ['run', '--silent', 'build:sandbox'], {
      env: { ...process.env, SANDBOX_PORT: String(port), ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const dir = mkdtempSync(join(tmpdir(), `gleanin-bridge-ext-${port}-`));
    cpSync(WXT_SANDBOX_OUTPUT, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    if (manifest.host_permissions?.includes(`http://127.0.0.1:${port}/*`)) return dir;
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= attempts) {
      throw new Error(`The sandbox build does not target port ${port} (host_permissions: ${String(manifest.host_permissions)}): another build of .output/chrome-mv3-sandbox ran at the same time ${attempts} times`);
    }
  }
}

export function removeBuild(dir: string): void {
  if (dir.startsWith(tmpdir()) && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker, started again (by opening an extension page) if it was stopped. */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * A fresh Chromium profile with the extension loaded from `extensionDir`. `ownSignals`: the caller handles
 * SIGINT/SIGTERM/SIGHUP itself (the demo), so Playwright does not exit the process before the caller's cleanup.
 */
export async function launchBrowser(opts: { extensionDir: string; headless?: boolean; ownSignals?: boolean; extraArgs?: string[] }): Promise<Browser> {
  const handle = !opts.ownSignals;
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    handleSIGINT: handle,
    handleSIGTERM: handle,
    handleSIGHUP: handle,
    acceptDownloads: true,
    viewport: { width: 1280, height: 860 },
    args: [
      `--disable-extensions-except=${opts.extensionDir}`,
      `--load-extension=${opts.extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.extraArgs ?? []),
    ],
  });
  // Every locator wait and action fails within 30 s with the step that stalled, rather than running into
  // the test runner's own timeout with no hint of where.
  context.setDefaultTimeout(30_000);
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(first.url()).host;
  const live = (): Worker | undefined => context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
  return {
    context,
    extensionId,
    async worker() {
      // A stopped worker stays in the list for a while and evaluate() on it hangs: probe it with a timeout
      // and, if it does not answer, wake the extension by opening one of its pages.
      const w = live();
      if (w && (await Promise.race([w.evaluate(() => true).catch(() => false), sleep(1500).then(() => false)]))) return w;
      const waiting = context.waitForEvent('serviceworker', { timeout: 20_000 });
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      const woken = await Promise.race([waiting, poll(async () => {
        const again = live();
        return again && (await Promise.race([again.evaluate(() => true).catch(() => false), sleep(1000).then(() => false)])) ? again : undefined;
      })]);
      await page.close();
      return woken;
    },
    async close() {
      await context.close().catch(() => undefined);
    },
  };
}

/** Stops every service worker of the browser, as Chrome does to an idle one (CDP from any page). */
export async function stopServiceWorkers(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

export interface Harness extends Browser {
  sandbox: Sandbox;
}

/** Sandbox + browser in one (the demo); tests start the sandbox once per file and a browser per test. */
export async function launch(opts: { port: number; extensionDir: string; seed?: Seed; headless?: boolean; ownSignals?: boolean }): Promise<Harness> {
  const sandbox = await startSandbox({ port: opts.port, seed: opts.seed ?? 'demo', quiet: true });
  try {
    const browser = await launchBrowser({ extensionDir: opts.extensionDir, headless: opts.headless, ownSignals: opts.ownSignals });
    return {
      ...browser,
      sandbox,
      async close() {
        await browser.close();
        await sandbox.close();
      },
    };
  } catch (e) {
    await sandbox.close();
    throw e;
  }
}

export async function openPopup(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return page;
}

type SandboxUrl = { url: string } | string;
const base = (s: SandboxUrl) => (typeof s === 'string' ? s : s.url);

/** Reads an emulator's `/__sandbox/<name>/state`. */
export async function sandboxState<T = Record<string, unknown>>(sandbox: SandboxUrl, name: 'gleanin' | 'sessionboard'): Promise<T> {
  const res = await fetch(`${base(sandbox)}/__sandbox/${name}/state`);
  if (!res.ok) throw new Error(`GET /__sandbox/${name}/state answered ${res.status}`);
  return (await res.json()) as T;
}

/** Both emulators back to the seed, logs cleared (`POST /__sandbox/reset`). */
export async function resetSandbox(sandbox: SandboxUrl): Promise<void> {
  const res = await fetch(`${base(sandbox)}/__sandbox/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`POST /__sandbox/reset answered ${res.status}`);
}

export async function configureEmulator(sandbox: SandboxUrl, name: 'gleanin' | 'sessionboard', config: object): Promise<void> {
  const res = await fetch(`${base(sandbox)}/__sandbox/${name}/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (!res.ok) throw new Error(`POST /__sandbox/${name}/config answered ${res.status}: ${await res.text()}`);
}

/** A call to the Sessionboard emulator's public API (tests change SB data this way, as a real integration would). */
export async function sessionboardApi<T = unknown>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.info.sessionboardApi}${path}`, {
    method,
    headers: { 'x-access-token': sandbox.info.sessionboardWriteToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A call to the Gleanin emulator's API with the valid token. */
export async function gleaninApi<T = unknown>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.info.gleaninApi}${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.info.gleaninToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function poll<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms${last instanceof Error ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}
