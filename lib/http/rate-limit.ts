/**
 * Reads a service's rate-limit headers the way the IETF httpapi "RateLimit header fields" drafts mean
 * them, and the common `X-RateLimit-*` variants: a QUOTA per time WINDOW plus what REMAINS of it and
 * when the window RESETS, never a rate per second unless the window says one second. Which services
 * send which form is a guess recorded in docs/api-assumptions.md; the adapters decide whether to read
 * these at all. Pure: no clock but the one passed in.
 *
 * Forms read (each tested in tests/unit/http/rate-limit.test.ts):
 * - `RateLimit-Policy: 100;w=900` (quota 100 per 900 s), also `"default";q=100;w=900` and lists of
 *   several policies (the most restrictive long-run rate wins);
 * - combined `RateLimit: limit=100, remaining=50, reset=30` (early drafts) or `"default";r=50;t=30`
 *   (later drafts: r = remaining, t = seconds to reset);
 * - separate `RateLimit-Limit` (optionally `100, 100;w=60`), `RateLimit-Remaining`, `RateLimit-Reset`;
 * - `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (seconds, or a Unix time).
 */

export interface RateLimitObservation {
  /** Requests allowed per window. */
  quota?: number;
  /** The window's length in seconds, only when the service says it. */
  windowSeconds?: number;
  /** Requests left in the current window. */
  remaining?: number;
  /** Seconds until the current window resets (its quota is back). */
  resetSeconds?: number;
}

/** What a client reports to its pacer: the headers' reading, and a 429's Retry-After. */
export interface RateLimitInfo extends RateLimitObservation {
  retryAfterMs?: number;
}

/** A number at least 0, or undefined. */
function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replace(/^"|"$/g, '');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A reset value as seconds from now. Drafts say delta seconds; several APIs (GitHub style) send a Unix
 * time in `X-RateLimit-Reset`, which no delta in practice reaches (a billion seconds is 31 years).
 */
function resetDelta(value: string | undefined, nowMs: number): number | undefined {
  const n = count(value);
  if (n === undefined) return undefined;
  if (n >= 1e12) return Math.max(0, (n - nowMs) / 1000);
  if (n >= 1e9) return Math.max(0, n - nowMs / 1000);
  return n;
}

interface Item {
  bare: string;
  params: Record<string, string>;
}

/** Splits a structured-field list (`a;k=v, b;k=v`) into items with parameters; quoted commas are rare enough to ignore. */
function items(value: string | null): Item[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [bare, ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { bare, params };
    });
}

/** Quota and window of each policy item (`100;w=900`, `"name";q=100;w=900`, `q=100;w=900` as a dictionary member). */
function policies(value: string | null): { quota: number; windowSeconds?: number }[] {
  return items(value).flatMap(({ bare, params }) => {
    const member = /^q\s*=\s*(.+)$/i.exec(bare);
    const quota = count(params.q) ?? count(member?.[1]) ?? count(bare);
    if (quota === undefined || quota <= 0) return [];
    const windowSeconds = count(params.w);
    return [{ quota, ...(windowSeconds && windowSeconds > 0 ? { windowSeconds } : {}) }];
  });
}

/** The policy with the lowest long-run rate (quota / window); policies without a window only when none has one. */
function strictest(list: { quota: number; windowSeconds?: number }[]): { quota: number; windowSeconds?: number } | undefined {
  const windowed = list.filter((p) => p.windowSeconds);
  if (windowed.length) return windowed.reduce((a, b) => (b.quota / b.windowSeconds! < a.quota / a.windowSeconds! ? b : a));
  return list[0];
}

/** The combined `RateLimit` field of either draft generation. */
function combined(value: string | null, nowMs: number): RateLimitObservation {
  const list = items(value);
  if (list.length === 0) return {};
  const dict: Record<string, string> = {};
  for (const { bare } of list) {
    const m = /^([a-z-]+)\s*=\s*(.+)$/i.exec(bare);
    if (m) dict[m[1].toLowerCase()] = m[2];
  }
  if ('limit' in dict || 'remaining' in dict || 'reset' in dict) {
    // Early drafts: a dictionary `limit=100, remaining=50, reset=30` (limit may carry `;w=`).
    const limit = list.find((i) => /^limit\s*=/i.test(i.bare));
    const windowSeconds = count(limit?.params.w);
    return clean({ quota: count(dict.limit), windowSeconds, remaining: count(dict.remaining), resetSeconds: resetDelta(dict.reset, nowMs) });
  }
  // Later drafts: one item per policy, `"default";r=50;t=30`; the tightest remaining wins.
  let best: RateLimitObservation = {};
  for (const { params } of list) {
    const remaining = count(params.r);
    if (remaining === undefined) continue;
    if (best.remaining === undefined || remaining < best.remaining) best = clean({ remaining, resetSeconds: resetDelta(params.t, nowMs) });
  }
  return best;
}

function clean(o: RateLimitObservation): RateLimitObservation {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * What a response's headers say about the rate limit, or null when they say nothing. Fields found in
 * several forms are taken in this order: IETF policy/combined fields, separate `RateLimit-*`, then
 * `X-RateLimit-*`.
 */
export function readRateLimit(headers: Headers, nowMs = Date.now()): RateLimitObservation | null {
  const h = (name: string) => headers.get(name);
  const policy = strictest(policies(h('ratelimit-policy')));
  const both = combined(h('ratelimit'), nowMs);
  const limit = strictest(policies(h('ratelimit-limit'))) ?? strictest(policies(h('x-ratelimit-limit')));
  const out = clean({
    quota: policy?.quota ?? both.quota ?? limit?.quota,
    windowSeconds: policy?.windowSeconds ?? both.windowSeconds ?? limit?.windowSeconds,
    remaining: both.remaining ?? count(h('ratelimit-remaining') ?? undefined) ?? count(h('x-ratelimit-remaining') ?? undefined),
    resetSeconds: both.resetSeconds ?? resetDelta(h('ratelimit-reset') ?? undefined, nowMs) ?? resetDelta(h('x-ratelimit-reset') ?? undefined, nowMs),
  });
  return Object.keys(out).length ? out : null;
}
