/**
 * The benchmark where the sync runs: the built sandbox extension in Chromium (MV3 service worker,
 * real IndexedDB), the large seed synced from the agenda's Options menu, and in the same run the Node
 * engine on the same sandbox, so the ratio between the two holds on a noisy machine.
 *
 * Measured (bench/README.md "Browser"): click-to-result wall time, writes (both emulators' request
 * logs) against the minimum, page CPU during the sync (CDP Performance.getMetrics TaskDuration of the
 * agenda page, content script included), and the service worker's heap peak (CDP
 * Runtime.getHeapUsage on the worker target, sampled every 100 ms). Playwright's service-worker
 * network interception is turned off: it would route every request of the worker through Playwright.
 */
import { writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { AUTOMATION_BUILD_ENV, buildSandboxExtension, freePort, launchBrowser, openPopup, removeBuild } from '../sandbox/browser/harness.ts';
import { type Page } from 'playwright-core';
import { connectAndMap, openAgenda, optionsMenuItem, syncItemName } from '../sandbox/browser/steps.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { GL_EVENT, RequestCounter, SB_EVENT, measure, round, runner, settings } from './engine.ts';
// After engine.ts, which installs fake-indexeddb before anything opens the store.
import { APPLY_CONCURRENCY } from '../lib/sync/service.ts';
import { integrity, minimum, readEvent } from './measure.ts';

export interface BrowserResults {
  first_sync: { wall_s: number; writes: number; min_writes: number; page_cpu_s: number; sw_heap_peak_mb: number };
  noop_resync: { wall_s: number; writes: number };
  node_first_sync_s: number;
  node_noop_resync_s: number;
  /** The same number of bare POSTs, at the sync's concurrency, from the worker and from Node (`fetchFloor`). */
  fetch_floor: { requests: number; browser_s: number; node_s: number };
}

/**
 * A loop of bare POSTs to the Gleanin emulator's speaker create, refused at once (an empty body:
 * 422), at the sync's concurrency: what the requests alone cost where they are sent, with no work of
 * ours around them. Run in the worker and in Node, it tells how much of the browser/Node gap is the
 * browser's own cost per request.
 */
const FETCH_FLOOR = `async ({ url, token, requests, concurrency }) => {
  let sent = 0;
  const started = performance.now();
  const one = async () => {
    const res = await fetch(url, { method: 'POST', headers: { accept: 'application/json', authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: '{}', redirect: 'manual' });
    await res.text();
  };
  await Promise.all(Array.from({ length: concurrency }, async () => { while (sent++ < requests) await one(); }));
  return (performance.now() - started) / 1000;
}`;

async function fetchFloor(run: (fn: string, arg: object) => Promise<number>, sandbox: Sandbox, requests: number): Promise<number> {
  return round(await run(FETCH_FLOOR, { url: `${sandbox.info.gleaninApi}/speakers`, token: sandbox.info.gleaninToken, requests, concurrency: APPLY_CONCURRENCY }), 2);
}

// Three of the replica agenda's 4 s reloads: a window of whole periods holds the same number of reloads every time.
const IDLE_WINDOW_MS = 12_000;

/** Sessionboard POSTs that read (searches), as bench/engine.ts counts them. */
const SB_READ_ROUTE = /^POST \/v1\/event\/:eventId\/(sessions|speakers|contacts|exhibitors|fields|session-statuses)$/;

/** Writes in both emulators' request logs since they were last cleared. */
function writesLogged(sandbox: Sandbox): number {
  let n = 0;
  for (const [route, count] of Object.entries(sandbox.gleanin.controls.log.snapshot().byRoute)) if (!route.startsWith('GET ')) n += count;
  for (const [route, count] of Object.entries(sandbox.sessionboard.controls.log.snapshot().byRoute)) {
    if (!route.startsWith('GET ') && !SB_READ_ROUTE.test(route)) n += count;
  }
  return n;
}

function clearLogs(sandbox: Sandbox): void {
  sandbox.gleanin.controls.log.clear();
  sandbox.sessionboard.controls.log.clear();
}

/** A raw CDP connection to one target (Playwright opens CDP sessions on pages only, not on workers). */
async function cdpTarget(url: string): Promise<{ send<T>(method: string, params?: object): Promise<T>; close(): void }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let id = 0;
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse((data as Buffer).toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const w = msg.id === undefined ? undefined : waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id!);
    if (msg.error) w.fail(new Error(msg.error.message));
    else w.ok(msg.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((ok, fail) => {
        const n = ++id;
        waiting.set(n, { ok, fail });
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * CPU seconds (user + system) used so far by this bench's Chromium, per kind of process, read from
 * /proc (Linux; empty elsewhere): the browser process found by its debugging port, and everything it
 * started. On a shared machine CPU seconds say where the work goes when wall times only say how busy
 * the machine was.
 */
function chromiumCpuSeconds(debugPort: number): Record<string, number> {
  if (!existsSync('/proc/self/stat')) return {};
  const procs = new Map<number, { ppid: number; cpu: number; cmd: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100, cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
    } catch {
      // the process ended while we read
    }
  }
  const root = [...procs].find(([, p]) => p.cmd.includes(`--remote-debugging-port=${debugPort}`) && !p.cmd.includes('--type='))?.[0];
  const out: Record<string, number> = {};
  const visit = (pid: number) => {
    const p = procs.get(pid)!;
    const type = /--type=([a-z-]+)/.exec(p.cmd)?.[1] ?? 'browser';
    const kind = type === 'renderer' ? (p.cmd.includes('--extension-process') ? 'extension' : 'pages') : type === 'utility' && p.cmd.includes('NetworkService') ? 'network' : type;
    out[kind] = (out[kind] ?? 0) + p.cpu;
    for (const [child, c] of procs) if (c.ppid === pid) visit(child);
  };
  if (root !== undefined) visit(root);
  return out;
}

/** What each kind of Chromium process and this process (sandbox and bench) spent between two readings. */
function cpuSpent(before: Record<string, number>, after: Record<string, number>, own: NodeJS.CpuUsage): string {
  const parts = Object.entries(after).map(([kind, s]) => [kind, s - (before[kind] ?? 0)] as const).filter(([, s]) => s >= 0.05);
  const total = parts.reduce((n, [, s]) => n + s, 0);
  return `Chromium ${round(total, 1)} s (${parts.map(([k, s]) => `${k} ${round(s, 1)}`).join(', ')}), sandbox and bench ${round((own.user + own.system) / 1e6, 1)} s`;
}

/**
 * Click-to-result, timed in the page: a capturing click listener notes when the click reaches the
 * page, and a MutationObserver on our UI's shadow roots (open in the automation build) notes when the
 * result toast appears. Both clocks are the page's, so neither Playwright's actionability checks
 * before the click nor a polling interval after the result count; the observer sees only our own
 * roots' mutations (and the body's children, where a new root would appear), so it costs the page
 * next to nothing.
 */
const TIME_CLICK_TO_RESULT = `window.__gleaninBridgeBench = new Promise((resolve) => {
  const result = /Sync complete: |Synced \\d+ of \\d+ |failed/;
  let clickedAt = null;
  addEventListener('click', () => { clickedAt ??= performance.now(); }, { capture: true });
  const observed = new WeakSet();
  const check = () => {
    for (const host of document.querySelectorAll('gleanin-bridge-ui')) {
      const root = host.shadowRoot;
      if (!root) continue;
      if (!observed.has(root)) { observed.add(root); observer.observe(root, { childList: true, subtree: true, characterData: true }); }
      for (const status of root.querySelectorAll('[role="status"]')) {
        const text = status.textContent.replace(/\\s+/g, ' ').trim();
        if (clickedAt !== null && result.test(text)) { observer.disconnect(); resolve({ text, ms: performance.now() - clickedAt }); return; }
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true });
  check();
}); undefined`;

/** Starts timing in the page before the click; the promise resolves with the result toast's text and the click-to-result time. */
async function timeClickToResult(page: Page, timeoutMs: number): Promise<() => Promise<{ text: string; ms: number }>> {
  await page.evaluate(TIME_CLICK_TO_RESULT);
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`bench: no sync result in the page after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const result = page.evaluate<{ text: string; ms: number }>('window.__gleaninBridgeBench');
    return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
  };
}

/** Samples the worker's used JS heap every 100 ms until stopped; resolves with the peak in MB. */
function sampleHeap(target: Awaited<ReturnType<typeof cdpTarget>>): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = await target.send<{ usedSize: number }>('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }));
      peak = Math.max(peak, usedSize);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return round(peak / 1024 / 1024, 1);
    },
  };
}

export async function browserBench(log: (msg: string) => void): Promise<BrowserResults> {
  process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';
  const port = await freePort();
  const debugPort = await freePort();
  log(`bench (browser): building the sandbox extension for port ${port}...`);
  // The result toast is read inside our UI: the automation build opens its shadow roots (no other difference).
  const extensionDir = buildSandboxExtension(port, AUTOMATION_BUILD_ENV);
  const sandbox = await startSandbox({ port, seed: 'large', quiet: true });
  try {
    // The Node engine on the same sandbox, first: a fresh store, an empty Gleanin event.
    sandbox.gleanin.reset();
    sandbox.sessionboard.reset();
    log('bench (browser): Node engine first sync and no-op resync on the same sandbox...');
    const counter = new RequestCounter();
    const sync = await runner('ours', sandbox, counter);
    const cpu0 = process.cpuUsage();
    const nodeFirst = await measure(sandbox, counter, sync, null);
    const cpuFirst = process.cpuUsage(cpu0);
    const nodeNoop = await measure(sandbox, counter, sync, null);
    const cpuNoop = process.cpuUsage(cpu0);
    if (nodeFirst.lost || nodeFirst.duplicated) throw new Error(`bench: the Node engine lost ${nodeFirst.lost}, duplicated ${nodeFirst.duplicated}`);
    const seconds = (u: NodeJS.CpuUsage) => round((u.user + u.system) / 1e6, 1);
    log(
      `bench (browser): Node engine: first sync ${nodeFirst.wall_s} s (${nodeFirst.writes} writes; CPU, engine and sandbox: ${seconds(cpuFirst)} s), ` +
        `no-op ${nodeNoop.wall_s} s (CPU ${round(seconds(cpuNoop) - seconds(cpuFirst), 1)} s)`,
    );

    sandbox.gleanin.reset();
    sandbox.sessionboard.reset();
    const browser = await launchBrowser({ extensionDir, extraArgs: [`--remote-debugging-port=${debugPort}`] });
    try {
      log('bench (browser): connecting and mapping in the popup...');
      const popup = await openPopup(browser);
      await connectAndMap(popup, sandbox.info, { sbEventId: SB_EVENT, gleaninEventId: GL_EVENT });
      await popup.close();

      const page = await browser.context.newPage();
      const pageCdp = await browser.context.newCDPSession(page);
      await pageCdp.send('Performance.enable');
      const taskSeconds = async () => (await pageCdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;

      const run = async (label: string) => {
        await openAgenda(page, sandbox.info.app, SB_EVENT);
        await browser.worker();
        const targets = (await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
        const sw = targets.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
        if (!sw) throw new Error('bench: the extension service worker is not among the CDP targets');
        const worker = await cdpTarget(sw.webSocketDebuggerUrl);
        const heap = sampleHeap(worker);
        const data = readEvent(sandbox, SB_EVENT, GL_EVENT, settings);
        const before = sandbox.gleanin.store.snapshot();
        clearLogs(sandbox);
        // The host page's own work (the replica agenda reloads its 2,000 sessions every 4 s) at rest,
        // to tell it from ours during the sync.
        const idle0 = await taskSeconds();
        const idleStarted = performance.now();
        await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
        const idleRate = ((await taskSeconds()) - idle0) / ((performance.now() - idleStarted) / 1000);
        const item = await optionsMenuItem(page, syncItemName(GL_EVENT));
        log(`bench (browser): ${label}...`);
        const cpu0 = await taskSeconds();
        const chromium0 = chromiumCpuSeconds(debugPort);
        const own0 = process.cpuUsage();
        const clickToResult = await timeClickToResult(page, 300_000);
        await item.click();
        const { text: result, ms } = await clickToResult();
        const wall = ms / 1000;
        const rawCpu = (await taskSeconds()) - cpu0;
        const spent = cpuSpent(chromium0, chromiumCpuSeconds(debugPort), process.cpuUsage(own0));
        const cpu = Math.max(0, rawCpu - idleRate * wall);
        const heapPeak = await heap.stop();
        worker.close();
        const after = sandbox.gleanin.store.snapshot();
        // "Synced X of Y": the large seed holds speakers whose email a hand-made Gleanin speaker has (conflicts, reported).
        const { lost, duplicated } = integrity(data, after, GL_EVENT);
        if (lost || duplicated) throw new Error(`bench: the browser sync lost ${lost}, duplicated ${duplicated} (${result})`);
        const min = minimum(data, before, after, GL_EVENT);
        log(`bench (browser): ${label}: ${round(wall, 2)} s, page CPU ${round(cpu, 2)} s (${round(rawCpu, 2)} s in all, the page alone ${round(idleRate, 3)} s/s), worker heap peak ${heapPeak} MB (${result}); CPU: ${spent}`);
        return { wall_s: round(wall, 2), writes: writesLogged(sandbox), min_writes: min.writes, page_cpu_s: round(cpu, 2), sw_heap_peak_mb: heapPeak };
      };
      const first = await run('first sync from the agenda\'s Options menu');
      const noop = await run('no-op resync');
      const requests = first.writes;
      const worker = await browser.worker();
      const floor = {
        requests,
        browser_s: await fetchFloor((fn, arg) => worker.evaluate<number>(`(${fn})(${JSON.stringify(arg)})`), sandbox, requests),
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same source as the worker's loop, run here
        node_s: await fetchFloor((fn, arg) => (new Function(`return (${fn})(${JSON.stringify(arg)})`) as () => Promise<number>)(), sandbox, requests),
      };
      log(`bench (browser): ${requests} bare POSTs at concurrency ${APPLY_CONCURRENCY}: ${floor.browser_s} s from the worker, ${floor.node_s} s from Node`);
      return {
        first_sync: first,
        noop_resync: { wall_s: noop.wall_s, writes: noop.writes },
        node_first_sync_s: nodeFirst.wall_s,
        node_noop_resync_s: nodeNoop.wall_s,
        fetch_floor: floor,
      };
    } finally {
      await browser.close();
    }
  } finally {
    await sandbox.close();
    removeBuild(extensionDir);
  }
}

/** A table of the browser figures against their targets (bench/README.md). */
export function printBrowser(b: BrowserResults): void {
  const rows: [string, string, string][] = [
    ['browser first sync (click to result)', `${b.first_sync.wall_s} s`, ''],
    ['Node engine first sync, same sandbox', `${b.node_first_sync_s} s`, ''],
    ['browser / Node first sync', `${round(b.first_sync.wall_s / b.node_first_sync_s, 2)}`, '<= 1.3'],
    ['browser first sync writes / min', `${b.first_sync.writes} / ${b.first_sync.min_writes}`, '= min'],
    ['page CPU during the first sync', `${b.first_sync.page_cpu_s} s`, '< 1.5 s'],
    ['service worker heap peak', `${b.first_sync.sw_heap_peak_mb} MB`, '< 40 MB'],
    ['browser no-op resync', `${b.noop_resync.wall_s} s, ${b.noop_resync.writes} writes`, '0 writes'],
    ['browser / Node no-op resync', `${round(b.noop_resync.wall_s / b.node_noop_resync_s, 2)} (Node ${b.node_noop_resync_s} s)`, '<= 1.5'],
    [`${b.fetch_floor.requests} bare POSTs, worker / Node`, `${b.fetch_floor.browser_s} s / ${b.fetch_floor.node_s} s`, 'floor, not a target'],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2]}`);
}

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/** `npm run bench:browser`: the browser half alone, merged into bench/results.json under `browser`. */
async function main() {
  const browser = await browserBench((msg) => process.stderr.write(`${msg}\n`));
  const results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...results, browser }, null, 2)}\n`);
  printBrowser(browser);
  console.log('written bench/results.json (browser)');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
