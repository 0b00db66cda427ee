/**
 * The run's bookkeeping batches (lib/store/batch-writer.ts): flushed by count, by time and on demand,
 * each flush one transaction; the store keeps its rules (adopted stays adopted, unlink drops share links),
 * and drops an ended phase's journal entries in one range delete.
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
    batch.linkCreated(row(300));
    await batch.flush();
    expect(writes[3]).toEqual({ links: [], created: [row(300)], unlinks: ['sb:contact:1'], written: [] });
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
    expect(writes).toEqual([{ links: [row(2)], created: [], unlinks: [], written: [] }]);
  });

  it('the latest wish per record wins between a created link, a link and an unlink', async () => {
    const writes: Bookkeeping[] = [];
    const batch = new BookkeepingBatch({ writeBookkeeping: async (_k, b) => void writes.push(b) }, 'k');
    batch.linkCreated(row(1));
    batch.unlink('sb:contact:1');
    batch.putLink(row(2));
    batch.linkCreated(row(2, { gleaninId: 'g2b' }));
    await batch.flush();
    expect(writes).toEqual([{ links: [], created: [row(2, { gleaninId: 'g2b' })], unlinks: ['sb:contact:1'], written: [] }]);
  });

  it('stores a batch in one transaction with the store rules: created links as they are, adopted kept, share links dropped, what was sent merged into kept links', async () => {
    const db = new BridgeDb(`batch-${Math.random()}`);
    const store = createStore(db, () => new Date('2026-06-02T00:00:00Z'));
    await store.putLink(row(2, { adopted: true }));
    await store.putLink(row(3));
    await store.putShareLinks([{ mappingKey: 'k', externalIdx: 'sb:contact:3', sbEventId: 1, sbContactId: '3', email: 'a@x.org', name: 'A', roles: ['speaker'], context: [], gleaninId: 'g3', links: [], writtenValue: null, updatedAt: '' }]);
    const batch = new BookkeepingBatch(store, 'k');
    batch.linkCreated(row(1));
    batch.putLink(row(2, { contentHash: 'h2' }));
    batch.unlink('sb:contact:3');
    await batch.flush();
    await store.putLink(row(4, { written: { name: 'A', groups: [] } }));
    batch.keepWritten('sb:contact:4', { name: 'A', groups: ['Exhibitors'] });
    batch.keepWritten('sb:contact:5', { name: 'gone' }); // no link: nothing to merge into
    await batch.flush();
    expect((await store.linksFor('k')).map((l) => [l.externalIdx, l.contentHash, l.adopted ?? false, l.written ?? null])).toEqual([
      ['sb:contact:1', 'h', false, null],
      ['sb:contact:2', 'h2', true, null],
      ['sb:contact:4', 'h', false, { name: 'A', groups: ['Exhibitors'] }],
    ]);
    expect(await store.shareLinksFor('k')).toEqual([]);
    db.close();
  });

  it("drops an ended phase's journal entries and no other (another event pair's, written in between, stay pending)", async () => {
    const db = new BridgeDb(`journal-${Math.random()}`);
    const store = createStore(db, () => new Date('2026-06-02T00:00:00Z'));
    const entry = (mappingKey: string, i: number) => ({ runId: 'r', mappingKey, externalIdx: `sb:contact:${i}`, action: 'create', resource: 'speakers', outcome: 'pending' } as const);
    const phase = await store.journalMany([1, 2, 3].map((i) => entry('k', i)));
    const other = await store.journalMany([entry('other', 9)]);
    const later = await store.journalMany([4, 5].map((i) => entry('k', i)));
    await store.dropJournal(phase);
    expect((await store.pendingCreates('k')).map((j) => j.externalIdx)).toEqual(['sb:contact:4', 'sb:contact:5']);
    await store.dropJournal([later[1], later[0]]); // not in order: dropped one by one
    expect(await store.pendingCreates('k')).toEqual([]);
    expect((await store.pendingCreates('other')).map((j) => j.seq)).toEqual(other);
    db.close();
  });
});
