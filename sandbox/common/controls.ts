/**
 * Controls shared by both emulators (SPEC §4): the request log the benchmark reads, a configurable
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

export const configSchema = z
  .object({
    rateLimitPerSecond: z.number().positive().nullable().optional(),
    faults: faultsSchema.partial().optional(),
  })
  .passthrough();

export type Faults = z.infer<typeof faultsSchema>;

export interface ControlConfig {
  rateLimitPerSecond: number | null;
  faults: Faults;
}

export const defaultControlConfig = (): ControlConfig => ({
  rateLimitPerSecond: null,
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
  private random = mulberry32(1);

  constructor(private readonly errors: ControlErrors) {}

  configure(input: unknown): ControlConfig {
    const parsed = configSchema.parse(input);
    if (parsed.rateLimitPerSecond !== undefined) {
      this.config.rateLimitPerSecond = parsed.rateLimitPerSecond;
      this.bucket = parsed.rateLimitPerSecond ? new TokenBucket(parsed.rateLimitPerSecond) : null;
    }
    if (parsed.faults) {
      this.config.faults = faultsSchema.parse({ ...this.config.faults, ...parsed.faults });
      this.random = mulberry32(this.config.faults.seed);
    }
    return this.config;
  }

  reset(): void {
    this.config = defaultControlConfig();
    this.bucket = null;
    this.random = mulberry32(1);
    this.log.clear();
  }

  /** Middleware for API routes: logs, paces, injects faults. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const method = c.req.method;
      const { faults } = this.config;
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (this.bucket) {
        const waitMs = this.bucket.take();
        if (waitMs > 0) {
          const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
          this.log.record(method, this.routeOf(c), 429);
          c.header('Retry-After', String(retryAfter));
          c.header('RateLimit-Limit', String(this.config.rateLimitPerSecond));
          c.header('RateLimit-Remaining', '0');
          c.header('RateLimit-Reset', String(retryAfter));
          return c.json(this.errors.rateLimited(retryAfter) as object, 429);
        }
        c.header('RateLimit-Limit', String(this.config.rateLimitPerSecond));
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
      const { rateLimitPerSecond, faults, ...rest } = result.data;
      if (opts.extraConfig) {
        // Both parts are validated before either is applied, so a 400 changes nothing.
        const extra = opts.extraConfig.schema.safeParse(rest);
        if (!extra.success) return c.json({ error: 'BadRequest', message: z.prettifyError(extra.error) }, 400);
        this.configure({ rateLimitPerSecond, faults });
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
