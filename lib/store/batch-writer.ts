/**
 * The sync run's bookkeeping (link rows, forgotten links) gathered and written in batches: one
 * IndexedDB transaction per ~100 rows or ~250 ms, and whenever the caller flushes (at every apply
 * phase end). One transaction per record queued thousands of small transactions behind one another in
 * the service worker and made IndexedDB, not the API, the bottleneck of a first sync.
 *
 * Losing an unflushed batch (the worker stopped) loses nothing that matters: every create's intent is
 * journalled before it is sent (lib/sync/apply.ts), and a record created with our external id but not
 * linked is found by that id on the next run (lib/sync/plan.ts) and linked again; a link whose record
 * is gone is dropped.
 */
import type { LinkRow } from './db.ts';
import type { Store } from './store.ts';

const BATCH_MAX_ROWS = 100;
const BATCH_MAX_DELAY_MS = 250;

/** What one flush writes, in one transaction (`Store.writeBookkeeping`). */
export interface Bookkeeping {
  /** Links to write (the store keeps an adopted record adopted). */
  links: LinkRow[];
  /**
   * Links of records this run created: written as they are, with no read of an earlier row first (a
   * record Gleanin has just created has a new id, so no earlier row can be the same record adopted).
   */
  created: LinkRow[];
  /** External ids whose link and share links are dropped. */
  unlinks: string[];
  /**
   * What a write sent, for links the write leaves as they are otherwise (a change of a speaker's
   * groups only, lib/sync/apply.ts): merged into the stored row; a key with no row is skipped.
   */
  written: { externalIdx: string; written: Record<string, unknown> }[];
}

export class BookkeepingBatch {
  /** Latest wish per external id: a row to write, or null to drop the link. */
  private links = new Map<string, LinkRow | null>();
  private created = new Map<string, LinkRow>();
  private written = new Map<string, Record<string, unknown>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private error: unknown = null;

  constructor(
    private readonly store: Pick<Store, 'writeBookkeeping'>,
    private readonly mappingKey: string,
    private readonly limits: { maxRows: number; maxDelayMs: number } = { maxRows: BATCH_MAX_ROWS, maxDelayMs: BATCH_MAX_DELAY_MS },
  ) {}

  putLink(row: LinkRow): void {
    this.created.delete(row.externalIdx);
    this.links.set(row.externalIdx, row);
    this.added();
  }

  /** The record is gone (or no longer ours): its link and share links go. */
  unlink(externalIdx: string): void {
    this.created.delete(externalIdx);
    this.links.set(externalIdx, null);
    this.added();
  }

  /** The link of a record this run created (see `Bookkeeping.created`). */
  linkCreated(row: LinkRow): void {
    this.links.delete(row.externalIdx);
    this.created.set(row.externalIdx, row);
    this.added();
  }

  /** What a write sent, kept beside a link that is otherwise left as it is (see `Bookkeeping.written`). */
  keepWritten(externalIdx: string, written: Record<string, unknown>): void {
    this.written.set(externalIdx, written);
    this.added();
  }

  /** Rows waiting for the next flush. */
  get pending(): number {
    return this.links.size + this.created.size + this.written.size;
  }

  /**
   * Writes what is waiting (after any flush already under way) and resolves when it is stored.
   * Rejects with the first write error of this batch writer, so a phase never ends on bookkeeping
   * that silently failed.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending) {
      const batch: Bookkeeping = {
        links: [],
        created: [...this.created.values()],
        unlinks: [],
        written: [...this.written].map(([externalIdx, written]) => ({ externalIdx, written })),
      };
      for (const [key, row] of this.links) {
        if (row) batch.links.push(row);
        else batch.unlinks.push(key);
      }
      this.links = new Map();
      this.created = new Map();
      this.written = new Map();
      this.chain = this.chain.then(() => this.store.writeBookkeeping(this.mappingKey, batch)).catch((e: unknown) => {
        this.error ??= e;
      });
    }
    return this.chain.then(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the write's own error, rethrown as it was caught
      if (this.error) throw this.error;
    });
  }

  private added(): void {
    if (this.pending >= this.limits.maxRows) void this.flush().catch(() => undefined); // reported by the next awaited flush
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.limits.maxDelayMs);
  }
}
