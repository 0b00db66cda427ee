/**
 * Paces Gleanin writes to the rate limit the API reports. The Gleanin client calls `onRateLimit` with
 * what each response says (lib/http/rate-limit.ts reads the headers as a quota per window, what
 * remains of it and when it resets; a 429 adds its Retry-After). Apply asks for a queue; every task
 * of it waits for its turn here, so requests are spread over what remains of the window:
 *
 * - remaining and reset known: the next request goes (time left in the window) / (requests left) after
 *   the previous one, counting the ones already sent since that answer was read; none left: wait for
 *   the reset, then assume a fresh quota;
 * - only quota and window known: one request every window / quota;
 * - nothing known: unpaced (only the queue's concurrency bounds it);
 * - a Retry-After holds every request until it has passed (it wins over all the above).
 *
 * A quota per window is never read as a rate per second unless the window is one second.
 */
import PQueue from 'p-queue';
import type { RateLimitInfo } from '../http/rate-limit.ts';

export interface PacerOptions {
  now?: () => number;
}

/** Waits `ms`, or less when `signal` aborts: the task then runs at once and sees the stopped run itself. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

interface WindowState {
  quota?: number;
  windowMs?: number;
  /** Requests left when the latest answer was read. */
  remaining?: number;
  /** When the current window ends (ms since epoch). */
  windowEnd?: number;
  /** Requests reserved since that answer, or reserved before it and not finished when it came. */
  used: number;
}

export class RatePacer {
  #state: WindowState | null = null;
  #blockedUntil = 0;
  #nextAt = 0;
  /** Requests reserved (waiting for their turn or under way) and not finished. */
  #pending = 0;
  readonly #now: () => number;

  constructor(opts: PacerOptions = {}) {
    this.#now = opts.now ?? Date.now;
  }

  /** Hook for GleaninClient's `onRateLimit` option. */
  readonly onRateLimit = (info: RateLimitInfo): void => {
    const now = this.#now();
    if (info.retryAfterMs !== undefined && info.retryAfterMs >= 0) {
      this.#blockedUntil = Math.max(this.#blockedUntil, now + info.retryAfterMs);
    }
    const prev = this.#state;
    const positive = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined);
    const quota = positive(info.quota) ?? prev?.quota;
    const windowSeconds = positive(info.windowSeconds);
    const windowMs = windowSeconds !== undefined ? windowSeconds * 1000 : prev?.windowMs;
    const hasWindowReading = info.remaining !== undefined && info.resetSeconds !== undefined;
    const state: WindowState = { ...(quota ? { quota } : {}), ...(windowMs ? { windowMs } : {}), used: prev?.used ?? 0 };
    if (hasWindowReading) {
      state.remaining = Math.max(0, Math.floor(info.remaining!));
      state.windowEnd = now + Math.max(0, info.resetSeconds!) * 1000;
      // Requests already reserved or under way may not be counted in this answer yet: assume they
      // all use the window (at most one too many, never one too few).
      state.used = this.#pending;
    } else if (info.remaining !== undefined) {
      state.remaining = Math.max(0, Math.floor(info.remaining));
      state.windowEnd = prev?.windowEnd;
      state.used = this.#pending;
    } else if (prev) {
      state.remaining = prev.remaining;
      state.windowEnd = prev.windowEnd;
    }
    if (info.retryAfterMs !== undefined) {
      // Refused: nothing remains until the Retry-After has passed.
      state.remaining = 0;
      state.windowEnd = Math.max(state.windowEnd ?? 0, this.#blockedUntil);
      state.used = 0;
    }
    this.#state = state.quota || state.remaining !== undefined ? state : prev;
  };

  /** The long-run allowed rate, when the service told quota and window (reports, tests). */
  get limitPerSecond(): number | null {
    const s = this.#state;
    return s?.quota && s.windowMs ? (s.quota * 1000) / s.windowMs : null;
  }

  /** Reserves the next request's start time (synchronously, so concurrent tasks queue up in order). */
  #reserve(): number {
    const now = this.#now();
    let at = Math.max(now, this.#nextAt, this.#blockedUntil);
    const s = this.#state;
    if (!s) {
      this.#pending++;
      return at;
    }
    let interval = 0;
    let fromWindow = false;
    if (s.remaining !== undefined && s.windowEnd !== undefined) {
      fromWindow = true;
      if (at >= s.windowEnd) this.#roll(s, at);
      if (s.remaining !== undefined && s.windowEnd !== undefined) {
        if (s.remaining - s.used <= 0) {
          at = Math.max(at, s.windowEnd);
          this.#roll(s, at);
        }
        const left = (s.remaining ?? 0) - s.used;
        if (s.windowEnd !== undefined && left > 0) interval = (s.windowEnd - at) / left;
      }
    }
    if (!fromWindow && s.quota && s.windowMs) interval = s.windowMs / s.quota;
    s.used++;
    this.#pending++;
    this.#nextAt = at + interval;
    return at;
  }

  /** The window has ended: its quota is assumed back (unknown quota: unpaced until the next answer). */
  #roll(s: WindowState, at: number): void {
    s.used = 0;
    if (s.windowEnd !== undefined && s.windowMs) {
      while (s.windowEnd <= at) s.windowEnd += s.windowMs;
    } else {
      s.windowEnd = undefined;
    }
    s.remaining = s.quota;
    if (s.remaining === undefined) s.windowEnd = undefined;
  }

  /** Waits for this request's turn (or until `signal` aborts); call the answer when it has finished. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    const at = this.#reserve();
    const ms = at - this.#now();
    if (ms > 0) await wait(ms, signal);
    let released = false;
    return () => {
      if (!released) this.#pending--;
      released = true;
    };
  }

  /** A queue for one apply phase: bounded concurrency, every task paced by `acquire`; a stopped run stops waiting. */
  queue(concurrency: number, signal?: AbortSignal): PQueue {
    const queue = new PQueue({ concurrency });
    const add = queue.add.bind(queue) as (fn: (o: unknown) => unknown, options?: unknown) => Promise<unknown>;
    (queue as unknown as { add: typeof add }).add = (fn, options) =>
      add(async (o) => {
        const done = await this.acquire(signal);
        try {
          return await fn(o);
        } finally {
          done();
        }
      }, options);
    return queue;
  }
}
