/**
 * The parts of the benchmark shared by `npm run bench` (bench/run.ts) and its browser half
 * (bench/browser.ts): the event pair, request counting, a strategy's sync runner over a sandbox and
 * the measurement of one scenario.
 */
import 'fake-indexeddb/auto';
import { GleaninClient } from '../lib/gleanin/client.ts';
import { SessionboardClient } from '../lib/sessionboard/client.ts';
import { BridgeDb } from '../lib/store/db.ts';
import { defaultMappingSettings } from '../lib/store/schemas.ts';
import { RatePacer } from '../lib/sync/pacer.ts';
import { APPLY_CONCURRENCY, createSyncService } from '../lib/sync/service.ts';
import type { Sandbox } from '../sandbox/server.ts';
import { type EventData, integrity, minimum, readEvent } from './measure.ts';
import { naiveSync } from './naive.ts';

export const SB_EVENT = 4001;
export const GL_EVENT = '11846';
export const ZONE = 'America/New_York';
export const RATE_LIMIT = 20;
/** The IETF-style window: a quota of 1,200 per 60 s, i.e. 20 requests per second on average. */
export const WINDOW = { quota: 1200, windowSeconds: 60, headers: 'ietf' } as const;
export const settings = { ...defaultMappingSettings(), gleaninTimeZone: ZONE };

export interface Scenario {
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
export type Strategy = 'ours' | 'naive';
export type ScenarioName = 'first_sync' | 'noop_resync' | 'resync_1pct' | 'rate_limited' | 'rate_limited_window';

/**
 * Counts every request a strategy sends, classified as read or write (bench/README.md). Counted at the
 * client's fetch because the sandbox server's request log names mounted Sessionboard routes only
 * `POST /v1/*`; the Gleanin emulator's own log total is checked against it.
 */
export class RequestCounter {
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
export async function runner(strategy: Strategy, sandbox: Sandbox, counter: RequestCounter): Promise<() => Promise<void>> {
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
      sbEventId: SB_EVENT, gleaninEventId: GL_EVENT, settings, pacer, concurrency: APPLY_CONCURRENCY,
    });
  };
}

export async function measure(sandbox: Sandbox, counter: RequestCounter, sync: () => Promise<void>, allowed: number | null): Promise<Scenario> {
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

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
