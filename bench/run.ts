/**
 * `npm run bench`: the sync engine against the sandbox on the `large` seed over real HTTP
 * (127.0.0.1), side by side with a naive "upsert everything each run" strategy (bench/naive.ts).
 * Scenarios: first sync, no-op resync, resync with 1% of the sessions changed (title edits, a few
 * declines, a few new sessions, through the Sessionboard write API), a first sync under a
 * Gleanin rate limit of 20 requests per second, and (ours only) a first sync under a quota of 1,200
 * requests per 60 s announced with IETF RateLimit-Policy/-Remaining/-Reset headers; then the first
 * sync and no-op resync in Chromium with the built extension (bench/browser.ts). Writes
 * bench/results.json (shape: bench/README.md) and
 * prints a table. Request counts come from the emulators' request logs; minimums from the data
 * (bench/measure.ts, formulas in bench/README.md).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { GL_EVENT, RATE_LIMIT, RequestCounter, WINDOW, SB_EVENT, type Scenario, type ScenarioName, type Strategy, measure, runner, settings } from './engine.ts';
import { readEvent } from './measure.ts';
import { planTenThousand } from './plan-10k.ts';
import { browserBench, printBrowser } from './browser.ts';


/** 1% of the event's 2000 sessions: 14 title edits, 3 declines, 3 new sessions (one with a new contact). */
async function changeOnePercent(sandbox: Sandbox): Promise<void> {
  const db = sandbox.sessionboard.db;
  const write = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${sandbox.info.sessionboardApi}/v1/event/${SB_EVENT}/${path}`, {
      method, headers: { 'x-access-token': sandbox.info.sessionboardWriteToken, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`SB ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: number }>;
  };
  const data = readEvent(sandbox, SB_EVENT, GL_EVENT, settings);
  const synced = data.desired.sessions.map((s) => db.session(SB_EVENT, s.sbId));
  const step = Math.floor(synced.length / 20);
  const picked = Array.from({ length: 20 }, (_, i) => synced[i * step]);
  for (const s of picked.slice(0, 14)) await write('PUT', `sessions/${s.id}`, { title: `${s.title} (updated)` });
  for (const s of picked.slice(14, 17)) await write('PUT', `sessions/${s.id}`, { status: 'declined', custom_status_id: null });
  const newcomer = await write('POST', 'contacts/create', { first_name: 'Bench', last_name: 'Newcomer', email: 'bench.newcomer@example.org' });
  for (const [i, s] of picked.slice(17).entries()) {
    const speaker = s.participants[0];
    await write('POST', 'sessions/create', {
      title: `New session ${i + 1}`, status: 'accepted', starts_at: s.starts_at, ends_at: s.ends_at,
      participants: [...(speaker ? [{ contact_id: speaker.contact_id, role: 'speaker' }] : []), ...(i === 0 ? [{ contact_id: newcomer.id, role: 'speaker' }] : [])],
    });
  }
}

async function setRateLimit(sandbox: Sandbox, perSecond: number | null) {
  await gleaninConfig(sandbox, { rateLimitPerSecond: perSecond });
}

async function gleaninConfig(sandbox: Sandbox, body: object) {
  const res = await fetch(`${sandbox.url}/__sandbox/gleanin/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`bench: Gleanin config ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
}

async function main() {
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  log('bench: starting the sandbox (large seed)...');
  const main = await startSandbox({ port: 0, seed: 'large', quiet: true });
  const second = await startSandbox({ port: 0, seed: 'large', quiet: true });
  const third = await startSandbox({ port: 0, seed: 'large', quiet: true });
  const results = {} as Record<Strategy, Record<ScenarioName, Scenario>>;
  const event = {
    sessions: main.sessionboard.db.sessions(SB_EVENT).length,
    speakers: main.sessionboard.db.speakers(SB_EVENT).length,
    exhibitors: main.sessionboard.db.exhibitors(SB_EVENT).length,
  };
  try {
    // One unmeasured first sync per strategy: otherwise whichever strategy runs first also pays for this
    // process's JIT warm-up and the sandbox's first answers, and the ours/naive ratio measures the order.
    log('bench: warm-up (not measured): one first sync per strategy...');
    for (const strategy of ['ours', 'naive'] as const) {
      main.gleanin.reset();
      main.sessionboard.reset();
      await (await runner(strategy, main, new RequestCounter()))();
    }
    for (const strategy of ['ours', 'naive'] as const) {
      main.gleanin.reset();
      main.sessionboard.reset();
      const counter = new RequestCounter();
      const sync = await runner(strategy, main, counter);
      log(`bench: ${strategy} first sync...`);
      const first_sync = await measure(main, counter, sync, null);
      log(`bench: ${strategy} no-op resync...`);
      const noop_resync = await measure(main, counter, sync, null);
      await changeOnePercent(main);
      log(`bench: ${strategy} resync with 1% changed...`);
      const resync_1pct = await measure(main, counter, sync, null);
      results[strategy] = { first_sync, noop_resync, resync_1pct } as Record<ScenarioName, Scenario>;
    }
    // Under the limit the runs mostly wait, so they run at once, each on its own sandbox: both
    // strategies under 20 req/s, and ours under the IETF-style quota of 1,200 per 60 s.
    log(`bench: first syncs under a Gleanin rate limit of ${RATE_LIMIT} req/s (both strategies) and of ${WINDOW.quota} per ${WINDOW.windowSeconds} s (ours), at once, a few minutes...`);
    const limited = await Promise.all(
      ([['ours', main, 'per-second'], ['naive', second, 'per-second'], ['ours', third, 'window']] as const).map(async ([strategy, sandbox, kind]) => {
        sandbox.gleanin.reset();
        sandbox.sessionboard.reset();
        if (kind === 'per-second') await setRateLimit(sandbox, RATE_LIMIT);
        else await gleaninConfig(sandbox, { rateLimitWindow: WINDOW });
        const counter = new RequestCounter();
        return measure(sandbox, counter, await runner(strategy, sandbox, counter), kind === 'window' ? WINDOW.quota / WINDOW.windowSeconds : RATE_LIMIT);
      }),
    );
    results.ours.rate_limited = limited[0];
    results.naive.rate_limited = limited[1];
    results.ours.rate_limited_window = limited[2];
  } finally {
    await Promise.all([main.close(), second.close(), third.close()]);
  }

  const plan_10k_ms = planTenThousand();
  const peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  // The same sync where it runs: the built extension in Chromium, with the Node engine beside it (bench/browser.ts).
  const browser = await browserBench(log);
  const output = { event, plan_10k_ms, peak_rss_mb, ours: results.ours, naive: results.naive, browser };
  writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(output, null, 2)}\n`);

  const rows: string[][] = [['strategy', 'scenario', 'reads', 'min_reads', 'writes', 'min_writes', 'wall_s', 'req/s', 'allowed', '429', '429%', 'lost', 'dup']];
  for (const strategy of ['ours', 'naive'] as const) {
    for (const [name, s] of Object.entries(results[strategy])) {
      rows.push([strategy, name, s.reads, s.min_reads, s.writes, s.min_writes, s.wall_s, s.req_per_s, s.allowed_req_per_s ?? '-', s.answered_429, s.share_429_pct, s.lost, s.duplicated].map(String));
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`event 4001 (large seed): ${event.sessions} sessions, ${event.speakers} speakers, ${event.exhibitors} exhibitors`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`plan 10,000 records: ${plan_10k_ms} ms; peak RSS ${peak_rss_mb} MB (Node scenarios)`);
  console.log(`ours / naive first sync: ${Math.round((results.ours.first_sync.wall_s / results.naive.first_sync.wall_s) * 100) / 100}`);
  printBrowser(browser);
  console.log('written bench/results.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
