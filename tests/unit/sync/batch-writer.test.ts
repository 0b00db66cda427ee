/**
 * The run's bookkeeping batches (lib/store/batch-writer.ts): flushed by count, by time and on demand,
 * each flush one transaction; the store keeps its rules (adopted stays adopted, unlink drops share links).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BookkeepingBatch, type Bookkeeping } from '../../../lib/store/batch-writer.ts';
import { BridgeDb, type LinkRow } from '../../../lib/store/db.ts';
import { createStore } from '../../../lib/store/store.ts';

const row = (i: number, extra: Partial<LinkRow> = {}): LinkRow => ({
  mappingKey: 'k', externalIdx: `sb:contact:${i}`, sbKind: 'speaker', sbId: String(i), gleaninResource: 'speakers',
  gleaninId: `g${i}`, contentHash: 'h', lastSyncedAt: '2026-06-01T00:00:00.000Z', ...extra,
});

describe('bookkeeping batches', () => {
  afterEach(() => vi.useRealTimers());

  it('writes nothing per record: one write per 100 rows, the rest after 250 ms or on flush', async () => {
    vi.useFakeTimers();
    const writes: Bookkeeping[] = [];
    const batch = new BookkeepingBatch({ writeBookkeeping: async (_k, b) => void writes.push(b) }, 'k');
    for (let i = 0; i < 250; i++) batch.putLink(row(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(writes.map((b) => b.links.length)).toEqual([100, 100]);
    expect(batch.pending).toBe(50);
    await vi.advanceTimersByTimeAsync(249);
    expect(writes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.map((b) => b.links.length)).toEqual([100, 100, 50]);
    batch.unlink('sb:contact:1');
    const failed = { seq: 7, runId: 'r', mappingKey: 'k', externalIdx: 'sb:contact:2', action: 'create', resource: 'speakers', outcome: 'failed', error: 'refused' } as const;
    batch.settleJournal(failed);
    await batch.flush();
    expect(writes[3]).toEqual({ links: [], unlinks: ['sb:contact:1'], journal: [failed], done: [] });
    await batch.flush();
    expect(writes).toHaveLength(4);
  });

  it('the latest wish per record wins within a batch, and a failed write is reported by the next flush', async () => {
    const writes: Bookkeeping[] = [];
    let fail = true;
    const batch = new BookkeepingBatch({
      writeBookkeeping: async (_k, b) => {
        if (fail) throw new Error('QuotaExceededError');
        writes.push(b);
      },
    }, 'k');
    batch.putLink(row(1));
    batch.unlink('sb:contact:1');
    await expect(batch.flush()).rejects.toThrow('QuotaExceededError');
    fail = false;
    batch.unlink('sb:contact:2');
    batch.putLink(row(2));
    await expect(batch.flush()).rejects.toThrow('QuotaExceededError'); // still reported: the run must not end clean
    expect(writes).toEqual([{ links: [row(2)], unlinks: [], journal: [], done: [] }]);
  });

  it('stores a batch in one transaction with the store rules: creates linked and their journal entries dropped, adopted kept, share links dropped', async () => {
    const db = new BridgeDb(`batch-${Math.random()}`);
    const store = createStore(db, () => new Date('2026-06-02T00:00:00Z'));
    const pending = { runId: 'r', mappingKey: 'k', externalIdx: 'sb:contact:1', action: 'create', resource: 'speakers', outcome: 'pending' } as const;
    const [seq] = await store.journalMany([pending]);
    await store.putLink(row(2, { adopted: true }));
    await store.putLink(row(3));
    await store.putShareLinks([{ mappingKey: 'k', externalIdx: 'sb:contact:3', sbEventId: 1, sbContactId: '3', email: 'a@x.org', name: 'A', roles: ['speaker'], context: [], gleaninId: 'g3', links: [], writtenValue: null, updatedAt: '' }]);
    const batch = new BookkeepingBatch(store, 'k');
    batch.recordCreate(row(1), seq);
    batch.putLink(row(2, { contentHash: 'h2' }));
    batch.unlink('sb:contact:3');
    await batch.flush();
    expect((await store.linksFor('k')).map((l) => [l.externalIdx, l.contentHash, l.adopted ?? false])).toEqual([
      ['sb:contact:1', 'h', false],
      ['sb:contact:2', 'h2', true],
    ]);
    expect(await store.shareLinksFor('k')).toEqual([]);
    expect(await db.journal.get(seq)).toBeUndefined(); // the link is the create's outcome
    expect(await store.pendingCreates('k')).toEqual([]);
    db.close();
  });
});
