/**
 * The pacer spreads requests over what remains of the rate-limit window (fake timers, a simulated
 * server with fixed windows announcing IETF-style headers). A quota per window is never paced as a
 * per-second rate unless the window is one second; a Retry-After holds everything.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readRateLimit } from '../../../lib/http/rate-limit.ts';
import { RatePacer } from '../../../lib/sync/pacer.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 6, 12, 0, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A service with a fixed window of `quota` requests per `windowSeconds`, starting at its first request. */
function fixedWindowServer(quota: number, windowSeconds: number) {
  let start = 0;
  let used = 0;
  const sent: number[] = [];
  let refused = 0;
  return {
    sent,
    get refused() {
      return refused;
    },
    /** One request: its headers (IETF separate fields + policy) and whether it was refused. */
    request(): { headers: Headers; refused: boolean; retryAfterMs?: number } {
      const now = Date.now();
      if (used === 0 || now >= start + windowSeconds * 1000) {
        start = now;
        used = 0;
      }
      const ok = used < quota;
      if (ok) used++;
      const reset = Math.max(1, Math.ceil((start + windowSeconds * 1000 - now) / 1000));
      const headers = new Headers({ 'RateLimit-Policy': `${quota};w=${windowSeconds}`, 'RateLimit-Remaining': String(quota - used), 'RateLimit-Reset': String(reset) });
      if (!ok) {
        refused++;
        return { headers, refused: true, retryAfterMs: reset * 1000 };
      }
      sent.push(now);
      return { headers, refused: false };
    },
  };
}

/** Runs `n` paced tasks with concurrency 4; each is one request answered after 20 ms. */
async function run(pacer: RatePacer, server: ReturnType<typeof fixedWindowServer>, n: number) {
  const queue = pacer.queue(4);
  for (let i = 0; i < n; i++) {
    void queue.add(async () => {
      const answer = server.request();
      await new Promise((r) => setTimeout(r, 20)); // the answer's latency, on the fake clock (no real wait)
      const seen = readRateLimit(answer.headers) ?? {};
      pacer.onRateLimit(answer.refused ? { ...seen, retryAfterMs: answer.retryAfterMs } : seen);
    });
  }
  const idle = queue.onIdle();
  await vi.runAllTimersAsync();
  await idle;
}

describe('RatePacer', () => {
  it('300 per 5 minutes is paced over the window, not burst as 300 a second', async () => {
    const pacer = new RatePacer();
    const server = fixedWindowServer(300, 300);
    pacer.onRateLimit({ quota: 300, windowSeconds: 300, remaining: 300, resetSeconds: 300 });
    const t0 = Date.now();
    await run(pacer, server, 600);
    expect(server.refused).toBe(0);
    const inFirstTenSeconds = server.sent.filter((t) => t - t0 < 10_000).length;
    expect(inFirstTenSeconds).toBeLessThanOrEqual(12); // about one a second
    const elapsed = (server.sent.at(-1)! - t0) / 1000;
    // Two windows' worth, close to the allowed 1 request per second.
    expect(600 / elapsed).toBeGreaterThanOrEqual(0.9);
    expect(600 / elapsed).toBeLessThanOrEqual(1.05);
  });

  it('1,200 per 60 s: about 20 requests a second with no 429', async () => {
    const pacer = new RatePacer();
    const server = fixedWindowServer(1200, 60);
    pacer.onRateLimit({ quota: 1200, windowSeconds: 60 });
    const t0 = Date.now();
    await run(pacer, server, 3000);
    expect(server.refused).toBe(0);
    const rate = 3000 / ((server.sent.at(-1)! - t0) / 1000);
    expect(rate).toBeGreaterThanOrEqual(18);
    expect(rate).toBeLessThanOrEqual(20.5);
  });

  it('what remains decides: 10 left of a window ending in 20 s spreads them over the 20 s', async () => {
    const pacer = new RatePacer();
    pacer.onRateLimit({ quota: 1000, windowSeconds: 3600, remaining: 10, resetSeconds: 20 });
    const t0 = Date.now();
    const starts: number[] = [];
    const queue = pacer.queue(4);
    for (let i = 0; i < 11; i++) void queue.add(async () => void starts.push(Date.now() - t0));
    const idle = queue.onIdle();
    await vi.runAllTimersAsync();
    await idle;
    expect(starts.slice(0, 10).every((t, i) => i === 0 || t - starts[i - 1] >= 1_999)).toBe(true);
    expect(starts[9]).toBeLessThan(20_000);
    // The eleventh waits for the reset.
    expect(starts[10]).toBeGreaterThanOrEqual(20_000);
  });

  it('a window of one second is a per-second rate', async () => {
    const pacer = new RatePacer();
    pacer.onRateLimit({ quota: 20, windowSeconds: 1 });
    expect(pacer.limitPerSecond).toBe(20);
    const t0 = Date.now();
    const starts: number[] = [];
    const queue = pacer.queue(4);
    for (let i = 0; i < 41; i++) void queue.add(async () => void starts.push(Date.now() - t0));
    const idle = queue.onIdle();
    await vi.runAllTimersAsync();
    await idle;
    expect(starts[40]).toBeGreaterThanOrEqual(1_999);
    expect(starts[40]).toBeLessThan(2_100);
  });

  it('Retry-After wins over a window that says requests remain', async () => {
    const pacer = new RatePacer();
    pacer.onRateLimit({ quota: 1000, windowSeconds: 60, remaining: 900, resetSeconds: 50 });
    pacer.onRateLimit({ retryAfterMs: 7_000 });
    const t0 = Date.now();
    let started = -1;
    const queue = pacer.queue(1);
    void queue.add(async () => void (started = Date.now() - t0));
    const idle = queue.onIdle();
    await vi.runAllTimersAsync();
    await idle;
    expect(started).toBeGreaterThanOrEqual(7_000);
  });

  it('nothing known: unpaced, only the concurrency bounds it', async () => {
    const pacer = new RatePacer();
    const t0 = Date.now();
    const starts: number[] = [];
    const queue = pacer.queue(4);
    for (let i = 0; i < 50; i++) void queue.add(async () => void starts.push(Date.now() - t0));
    const idle = queue.onIdle();
    await vi.runAllTimersAsync();
    await idle;
    expect(Math.max(...starts)).toBe(0);
  });

  it('a stopped run stops waiting: queued tasks start at once and see the abort themselves', async () => {
    const pacer = new RatePacer();
    pacer.onRateLimit({ retryAfterMs: 600_000 });
    const stop = new AbortController();
    const t0 = Date.now();
    const starts: number[] = [];
    const queue = pacer.queue(2, stop.signal);
    for (let i = 0; i < 3; i++) void queue.add(async () => void starts.push(Date.now() - t0));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toEqual([]);
    stop.abort();
    const idle = queue.onIdle();
    await vi.advanceTimersByTimeAsync(0);
    await idle;
    expect(starts).toEqual([1_000, 1_000, 1_000]);
  });
});
