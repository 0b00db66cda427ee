/**
 * Paces Gleanin writes to the rate limit the API reports. The Gleanin client calls `onRateLimit`
 * with what its responses say (RateLimit-Limit per second, or a 429's Retry-After); apply asks for a
 * p-queue shaped to the latest known limit. Small slices (a tenth of a second) keep the flow even, so
 * a continuously refilled server bucket never runs dry and throughput stays near the allowed rate.
 */
import PQueue from 'p-queue';

export interface RateLimitInfo {
  /** Requests allowed per second, when the service says. */
  limitPerSecond?: number | null;
  /** A 429 asked us to wait this long. */
  retryAfterMs?: number;
}

const SLICES_PER_SECOND = 10;

export class RatePacer {
  private perSecond: number | null = null;

  /** Hook for GleaninClient's `onRateLimit` option. */
  readonly onRateLimit = (info: RateLimitInfo): void => {
    if (info.limitPerSecond && info.limitPerSecond > 0 && Number.isFinite(info.limitPerSecond)) {
      this.perSecond = info.limitPerSecond;
    }
  };

  get limitPerSecond(): number | null {
    return this.perSecond;
  }

  /** A queue for one apply phase: bounded concurrency, and paced when a limit is known. */
  queue(concurrency: number): PQueue {
    if (!this.perSecond) return new PQueue({ concurrency });
    const slice = 1000 / SLICES_PER_SECOND;
    const perSlice = this.perSecond / SLICES_PER_SECOND;
    // Below one request per slice, widen the slice instead of rounding the rate up.
    return perSlice >= 1
      ? new PQueue({ concurrency, interval: slice, intervalCap: Math.floor(perSlice), carryoverIntervalCount: true })
      : new PQueue({ concurrency, interval: Math.ceil(1000 / this.perSecond), intervalCap: 1, carryoverIntervalCount: true });
  }
}
