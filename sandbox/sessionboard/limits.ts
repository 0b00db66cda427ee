/**
 * Sessionboard's own rate limits and cache (documented, docs/api-assumptions.md S12): per-token, per-bucket fixed windows of
 * 100 requests per 15 minutes on single-entity reads and on writes, and the optional 3-minute cache
 * of session get/search. Both read the emulator's clock so tests can move time.
 */

/** The documented rate-limit buckets that the emulated routes fall into. */
export type Bucket = 'entity-reads' | 'session-writes' | 'contact-writes' | 'exhibitor-writes' | 'field-writes';

export interface BucketSettings {
  bucketLimit: number;
  bucketWindowMs: number;
}

export interface BucketVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateBuckets {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: () => number) {}

  /** Counts one request of `token` in `bucket`; answers the RateLimit-* headers (and Retry-After when refused). */
  take(token: string, bucket: Bucket, settings: BucketSettings): BucketVerdict {
    const now = this.clock();
    const key = `${token}\u0000${bucket}`;
    let window = this.windows.get(key);
    if (!window || now >= window.start + settings.bucketWindowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + settings.bucketWindowMs - now) / 1000));
    const headers: Record<string, string> = {
      'RateLimit-Limit': String(settings.bucketLimit),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (window.count >= settings.bucketLimit) {
      return { allowed: false, headers: { ...headers, 'RateLimit-Remaining': '0', 'Retry-After': String(resetSeconds) } };
    }
    window.count++;
    return { allowed: true, headers: { ...headers, 'RateLimit-Remaining': String(settings.bucketLimit - window.count) } };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** Sessionboard's help center on API tokens: "individual session retrieval and session search are cached for 3 minutes". */
export const SEARCH_CACHE_MS = 3 * 60_000;

export class ResponseCache {
  private entries = new Map<string, { at: number; body: unknown }>();

  constructor(private readonly clock: () => number) {}

  /** The cached body for `key` while it is younger than 3 minutes, else the fresh one from `make` (then cached). */
  get<T>(key: string, make: () => T): T {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < SEARCH_CACHE_MS) return structuredClone(hit.body) as T;
    const body = make();
    this.entries.set(key, { at: now, body: structuredClone(body) });
    return body;
  }

  clear(): void {
    this.entries.clear();
  }
}
