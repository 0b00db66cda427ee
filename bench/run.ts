/**
 * `npm run bench`: the sync engine against the sandbox on the `large` seed over real HTTP
 * (127.0.0.1), side by side with a naive "upsert everything each run" strategy (bench/naive.ts).
 * Scenarios: first sync, no-op resync, resync with 1% of the sessions changed (title edits, a few
 * declines, a few new sessions, through the Sessionboard write API), a first sync under a
 * Gleanin rate limit of 20 requests per second, and (ours only) a first sync under a quota of 1,200
 * requests per 60 s announced with IETF RateLimit-Policy/-Remaining/-Reset headers. Writes bench/results.json (shape: issue 3/5) and
 * prints a table. Request counts come from the emulators' request logs; minimums from the data
 * (bench/measure.ts, formulas in bench/README.md).
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GleaninClient } from '../lib/gleanin/client.ts';
import { SessionboardClient } from '../lib/sessionboard/client.ts';
import { BridgeDb, defaultMappingSettings } from '../lib/store/db.ts';
import { RatePacer } from '../lib/sync/pacer.ts';
import { createSyncService } from '../lib/sync/service.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { type EventData, integrity, minimum, readEvent } from './measure.ts';
import { naiveSync } from './naive.ts';
import { planTenThousand } from './plan-10k.ts';

const SB_EVENT = 4001;
const GL_EVENT = '11846';
const ZONE = 'America/New_York';
const RATE_LIMIT = 20;
/** The IETF-style window: a quota of 1,200 per 60 s, i.e. 20 requests per second on average. */
const WINDOW = { quota: 1200, windowSeconds: 60, headers: 'ietf' } as const;
const settings = { ...defaultMappingSettings(), gleaninTimeZone: ZONE };

interface Scenario {
  reads: number;
  writes: number;
  min_reads: number;
  min_writes: number;
  wall_s: number;
  req_per_s: number;
  allowed_req_per_s: number | null;
  lost: number;
  duplicated: number;
  /** Gleanin requests answered 429, and their share of all Gleanin requests (%). */
  answered_429: number;
  share_429_pct: number;
}
type Strategy = 'ours' | 'naive';
type ScenarioName = 'first_sync' | 'noop_resync' | 'resync_1pct' | 'rate_limited' | 'rate_limited_window';

/**
 * Counts every request a strategy sends, classified as read or write (bench/README.md). Counted at the
 * client's fetch because the sandbox server's request log names mounted Sessionboard routes only
 * `POST /v1/*`; the Gleanin emulator's own log total is checked against it.
 */
class RequestCounter {
  reads = 0;
  writes = 0;
  gleanin = 0;
  private static SB_READ = /^\/v1\/event\/\d+\/(sessions|speakers|contacts|exhibitors|fields|session-statuses)$/;
  reset(): void {
    this.reads = this.writes = this.gleanin = 0;
  }
  fetch(service: 'gleanin' | 'sessionboard'): typeof fetch {
    return (input, init) => {
      const method = (init?.method ?? 'GET').toUpperCase();
      const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
      const read = method === 'GET' || (service === 'sessionboard' && method === 'POST' && RequestCounter.SB_READ.test(path));
      if (read) this.reads++;
      else this.writes++;
      if (service === 'gleanin') this.gleanin++;
      return fetch(input, init);
    };
  }
}

/** One strategy's sync runner over one sandbox (a fresh store, as a newly installed extension). */
async function runner(strategy: Strategy, sandbox: Sandbox, counter: RequestCounter): Promise<() => Promise<void>> {
  const { info } = sandbox;
  const gleaninFetch = counter.fetch('gleanin');
  const sessionboardFetch = counter.fetch('sessionboard');
  if (strategy === 'ours') {
    const service = createSyncService({
      db: new BridgeDb(`bench-${strategy}-${Math.random()}`),
      clients: () => ({
        gleanin: new GleaninClient({ baseUrl: info.gleaninApi, token: info.gleaninToken, fetch: gleaninFetch, onRateLimit: service.pacer.onRateLimit }),
        sessionboard: new SessionboardClient({ baseUrl: info.sessionboardApi, token: info.sessionboardWriteToken, fetch: sessionboardFetch }),
      }),
    });
    await service.saveConnection({
      sessionboardRegion: 'us', gleaninTokenMasked: '••••', sessionboardTokenMasked: '••••', canWriteContacts: true, canWriteFields: true,
      connectedAt: new Date().toISOString(),
    });
    const mapping = await service.addMapping({
      sbEventId: SB_EVENT, sbEventName: 'Acme Summit 2026', sbTimeZone: ZONE, gleaninEventId: GL_EVENT, gleaninEventTitle: 'Acme Summit 2026', settings,
    });
    return async () => {
      const report = await service.sync(mapping.id, { kind: 'sessions', trigger: 'manual' });
      const failed = Object.values(report.counts).reduce((n, c) => n + c.failed, 0);
      if (report.status === 'failed' || report.status === 'blocked' || failed) throw new Error(`sync ${report.status}: ${JSON.stringify(report.problems.filter((p) => p.severity === 'failed').slice(0, 3))}`);
    };
  }
  const pacer = new RatePacer();
  return async () => {
    await naiveSync({
      gleanin: new GleaninClient({ baseUrl: info.gleaninApi, token: info.gleaninToken, fetch: gleaninFetch, onRateLimit: pacer.onRateLimit }),
      sessionboard: new SessionboardClient({ baseUrl: info.sessionboardApi, token: info.sessionboardWriteToken, fetch: sessionboardFetch }),
      sbEventId: SB_EVENT, gleaninEventId: GL_EVENT, settings, pacer, concurrency: 4,
    });
  };
}

async function measure(sandbox: Sandbox, counter: RequestCounter, sync: () => Promise<void>, allowed: number | null): Promise<Scenario> {
  const data: EventData = readEvent(sandbox, SB_EVENT, GL_EVENT, settings);
  const before = sandbox.gleanin.store.snapshot();
  sandbox.gleanin.controls.log.clear();
  counter.reset();
  const started = performance.now();
  await sync();
  const wall = (performance.now() - started) / 1000;
  const snapshot = sandbox.gleanin.controls.log.snapshot();
  const logged = snapshot.total;
  const answered429 = snapshot.byStatus['429'] ?? 0;
  if (logged !== counter.gleanin) throw new Error(`bench: counted ${counter.gleanin} Gleanin requests, the emulator logged ${logged}`);
  const c = { reads: counter.reads, writes: counter.writes, gleaninRequests: counter.gleanin };
  const after = sandbox.gleanin.store.snapshot();
  const min = minimum(data, before, after, GL_EVENT);
  return {
    reads: c.reads, writes: c.writes, min_reads: min.reads, min_writes: min.writes, wall_s: round(wall, 2),
    req_per_s: round(c.gleaninRequests / wall, 1), allowed_req_per_s: allowed, ...integrity(data, after, GL_EVENT),
    answered_429: answered429, share_429_pct: round((100 * answered429) / Math.max(1, c.gleaninRequests), 2),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** 1% of the event's 2000 sessions: 14 title edits, 3 declines, 3 new sessions (one with a new contact). */
async function changeOnePercent(sandbox: Sandbox): Promise<void> {
  const db = sandbox.sessionboard.db;
  const write = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${sandbox.info.sessionboardApi}/v1/event/${SB_EVENT}/${path}`, {
      method, headers: { 'x-access-token': sandbox.info.sessionboardWriteToken, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`SB ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
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
  const output = { event, plan_10k_ms, peak_rss_mb, ours: results.ours, naive: results.naive };
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
  console.log(`plan 10,000 records: ${plan_10k_ms} ms; peak RSS ${peak_rss_mb} MB; written bench/results.json`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
