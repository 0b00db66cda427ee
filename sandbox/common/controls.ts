/**
 * Controls shared by both emulators (sandbox/README.md "Shared controls"): the request log the benchmark reads, a configurable
 * global rate limit answering 429 + Retry-After, and seeded fault injection (5xx, dropped
 * connections, latency). Each emulator mounts `apiControls()` in front of its API routes and
 * `controlRoutes()` under `/__sandbox/<name>`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';
import { z } from 'zod';

export const faultsSchema = z
  .object({
    errorRate: z.number().min(0).max(1).default(0),
    dropRate: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    seed: z.number().int().default(1),
  })
  .strict();

/**
 * A quota per fixed window, announced in one of the header forms a real service may use (the client
 * must read each as a quota per window, docs/api-assumptions.md G20):
 * - `ietf`: `RateLimit-Policy: Q;w=W`, `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds);
 * - `ietf-combined`: `RateLimit-Policy: "default";q=Q;w=W` and `RateLimit: "default";r=R;t=T`;
 * - `x`: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` as a Unix time (no window given).
 */
export const rateLimitWindowSchema = z
  .object({
    quota: z.number().int().min(1),
    windowSeconds: z.number().positive().max(86_400),
    headers: z.enum(['ietf', 'ietf-combined', 'x']).default('ietf'),
  })
  .strict();
export type RateLimitWindowConfig = z.infer<typeof rateLimitWindowSchema>;

/** Every API request answered with a redirect to this origin (same path), as a moved or hijacked host would. */
export const redirectSchema = z
  .object({
    origin: z.string().url(),
    status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).default(302),
  })
  .strict();
export type RedirectConfig = z.infer<typeof redirectSchema>;

export const configSchema = z
  .object({
    rateLimitPerSecond: z.number().positive().nullable().optional(),
    rateLimitWindow: rateLimitWindowSchema.nullable().optional(),
    redirect: redirectSchema.nullable().optional(),
    faults: faultsSchema.partial().optional(),
  })
  .passthrough();

export type Faults = z.infer<typeof faultsSchema>;

export interface ControlConfig {
  rateLimitPerSecond: number | null;
  rateLimitWindow: RateLimitWindowConfig | null;
  redirect: RedirectConfig | null;
  faults: Faults;
}

export const defaultControlConfig = (): ControlConfig => ({
  rateLimitPerSecond: null,
  rateLimitWindow: null,
  redirect: null,
  faults: { errorRate: 0, dropRate: 0, latencyMs: 0, seed: 1 },
});

/** Deterministic PRNG so a fault scenario replays identically for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RequestLogSnapshot {
  total: number;
  /** Count per `METHOD /route/:pattern`. */
  byRoute: Record<string, number>;
  /** Count per HTTP status answered (`dropped` for connections cut by fault injection). */
  byStatus: Record<string, number>;
}

export class RequestLog {
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private total = 0;

  record(method: string, route: string, status: number | 'dropped'): void {
    this.total++;
    const key = `${method} ${route}`;
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
    this.byStatus.set(String(status), (this.byStatus.get(String(status)) ?? 0) + 1);
  }

  clear(): void {
    this.byRoute.clear();
    this.byStatus.clear();
    this.total = 0;
  }

  snapshot(): RequestLogSnapshot {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
    };
  }
}

/** A token bucket refilled continuously: a client pacing itself at the limit never sees a 429. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }
  /** Takes a token, or returns the milliseconds until one is available. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.perSecond) * 1000;
  }
}

/** A fixed window starting at its first request (as Sessionboard's buckets, sandbox/sessionboard/limits.ts). */
class FixedWindow {
  private start = 0;
  private count = 0;
  constructor(readonly config: RateLimitWindowConfig) {}

  /** Counts one request; answers whether it is allowed and the headers announcing the limit. */
  take(now = Date.now()): { allowed: boolean; headers: Record<string, string>; resetSeconds: number } {
    const windowMs = this.config.windowSeconds * 1000;
    if (this.count === 0 || now >= this.start + windowMs) {
      this.start = now;
      this.count = 0;
    }
    const allowed = this.count < this.config.quota;
    if (allowed) this.count++;
    const remaining = this.config.quota - this.count;
    const resetSeconds = Math.max(1, Math.ceil((this.start + windowMs - now) / 1000));
    const { quota, windowSeconds } = this.config;
    const headers: Record<string, string> =
      this.config.headers === 'ietf'
        ? { 'RateLimit-Policy': `${quota};w=${windowSeconds}`, 'RateLimit-Limit': String(quota), 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': String(resetSeconds) }
        : this.config.headers === 'ietf-combined'
          ? { 'RateLimit-Policy': `"default";q=${quota};w=${windowSeconds}`, RateLimit: `"default";r=${remaining};t=${resetSeconds}` }
          : { 'X-RateLimit-Limit': String(quota), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(Math.ceil((this.start + windowMs) / 1000)) };
    return { allowed, headers, resetSeconds };
  }
}

export interface ControlErrors {
  /** Body of a 429 in the emulator's own error format. */
  rateLimited(retryAfterSeconds: number): unknown;
  /** Body of an injected 5xx in the emulator's own error format. */
  serverError(): unknown;
}

/**
 * An emulator's own keys of `POST config` (e.g. Gleanin's `pagination`), validated by its `schema`
 * (make it strict so a misspelt key is a 400) and shown beside the shared keys in `config`.
 */
export interface ExtraConfig<T> {
  schema: z.ZodType<T>;
  apply(value: T): void;
  current(): object;
}

export class EmulatorControls {
  config: ControlConfig = defaultControlConfig();
  readonly log = new RequestLog();
  private bucket: TokenBucket | null = null;
  private window: FixedWindow | null = null;
  private random = mulberry32(1);

  constructor(private readonly errors: ControlErrors) {}

  configure(input: unknown): ControlConfig {
    const parsed = configSchema.parse(input);
    if (parsed.rateLimitPerSecond !== undefined) {
      this.config.rateLimitPerSecond = parsed.rateLimitPerSecond;
      this.bucket = parsed.rateLimitPerSecond ? new TokenBucket(parsed.rateLimitPerSecond) : null;
    }
    if (parsed.rateLimitWindow !== undefined) {
      this.config.rateLimitWindow = parsed.rateLimitWindow;
      this.window = parsed.rateLimitWindow ? new FixedWindow(parsed.rateLimitWindow) : null;
    }
    if (parsed.redirect !== undefined) this.config.redirect = parsed.redirect;
    if (parsed.faults) {
      this.config.faults = faultsSchema.parse({ ...this.config.faults, ...parsed.faults });
      this.random = mulberry32(this.config.faults.seed);
    }
    return this.config;
  }

  reset(): void {
    this.config = defaultControlConfig();
    this.bucket = null;
    this.window = null;
    this.random = mulberry32(1);
    this.log.clear();
  }

  /** Middleware for API routes: logs, paces, injects faults. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const method = c.req.method;
      const { faults } = this.config;
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (this.config.redirect) {
        const url = new URL(c.req.url);
        const target = new URL(`${url.pathname}${url.search}`, this.config.redirect.origin);
        this.log.record(method, this.routeOf(c), this.config.redirect.status);
        return c.redirect(target.toString(), this.config.redirect.status);
      }
      if (this.window) {
        const verdict = this.window.take();
        for (const [name, value] of Object.entries(verdict.headers)) c.header(name, value);
        if (!verdict.allowed) {
          this.log.record(method, this.routeOf(c), 429);
          c.header('Retry-After', String(verdict.resetSeconds));
          return c.json(this.errors.rateLimited(verdict.resetSeconds) as object, 429);
        }
      }
      if (this.bucket) {
        const waitMs = this.bucket.take();
        if (waitMs > 0) {
          const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
          this.log.record(method, this.routeOf(c), 429);
          c.header('Retry-After', String(retryAfter));
          c.header('RateLimit-Limit', String(this.config.rateLimitPerSecond));
          c.header('RateLimit-Policy', `${this.config.rateLimitPerSecond};w=1`);
          c.header('RateLimit-Remaining', '0');
          c.header('RateLimit-Reset', String(retryAfter));
          return c.json(this.errors.rateLimited(retryAfter) as object, 429);
        }
        c.header('RateLimit-Limit', String(this.config.rateLimitPerSecond));
        // A continuously refilled bucket of N per second: the policy says the window is one second.
        c.header('RateLimit-Policy', `${this.config.rateLimitPerSecond};w=1`);
      }
      if (faults.dropRate > 0 && this.random() < faults.dropRate) {
        this.log.record(method, this.routeOf(c), 'dropped');
        dropConnection(c);
        return new Response(null, { status: 500 });
      }
      if (faults.errorRate > 0 && this.random() < faults.errorRate) {
        this.log.record(method, this.routeOf(c), 503);
        return c.json(this.errors.serverError() as object, 503);
      }
      await next();
      this.log.record(method, this.routeOf(c), c.res.status);
    };
  }

  /** `GET state`, `POST reset`, `POST config` under the emulator's `/__sandbox/<name>` prefix. */
  routes<T = never>(opts: { state: () => unknown; reset: () => void; extraConfig?: ExtraConfig<T> }): Hono {
    const app = new Hono();
    const configView = () => ({ ...this.config, ...opts.extraConfig?.current() });
    app.get('/state', (c) => c.json({ ...(opts.state() as object), config: configView(), requestLog: this.log.snapshot() }));
    app.post('/reset', (c) => {
      opts.reset();
      this.reset();
      return c.json({ ok: true });
    });
    app.post('/config', async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'BadRequest', message: 'Body must be JSON' }, 400);
      }
      const result = configSchema.safeParse(body);
      if (!result.success) return c.json({ error: 'BadRequest', message: z.prettifyError(result.error) }, 400);
      const { rateLimitPerSecond, rateLimitWindow, redirect, faults, ...rest } = result.data;
      if (opts.extraConfig) {
        // Both parts are validated before either is applied, so a 400 changes nothing.
        const extra = opts.extraConfig.schema.safeParse(rest);
        if (!extra.success) return c.json({ error: 'BadRequest', message: z.prettifyError(extra.error) }, 400);
        this.configure({ rateLimitPerSecond, rateLimitWindow, redirect, faults });
        opts.extraConfig.apply(extra.data);
      } else {
        this.configure(result.data);
      }
      return c.json({ ok: true, config: configView() });
    });
    return app;
  }

  /**
   * The route pattern that answers (`/v1/event/:eventId/sessions`), not the raw path, so the log
   * counts per route. After `next()` the current route index is the handler that answered. When a
   * middleware answered instead (this one's 429 or fault, or an auth refusal), take the first
   * handler matched after it. Catch-alls registered later on a shared root also match, which is why
   * the last match is never used.
   */
  private routeOf(c: Context): string {
    const current = routePath(c);
    const path = current.endsWith('*')
      ? matchedRoutes(c)
          .slice(c.req.routeIndex + 1)
          .find((r) => r.method !== 'ALL')?.path
      : current;
    return path && !path.endsWith('*') ? path : c.req.path;
  }


}

/** Cuts the TCP connection without an answer (a "dropped connection" fault) when running on Node. */
function dropConnection(c: Context): void {
  const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
  incoming?.socket?.destroy();
}
