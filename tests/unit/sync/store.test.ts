import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { BridgeDb } from '../../../lib/store/db.ts';
import { RUNS_KEPT_PER_MAPPING, createStore } from '../../../lib/store/store.ts';
import { MappingConflictError } from '../../../lib/store/mapping-conflict.ts';

let n = 0;
const fresh = () => new BridgeDb(`test-store-${++n}-${Math.random()}`);
const mapping = (sb: number, gl: string) => ({ sbEventId: sb, sbEventName: `SB ${sb}`, sbTimeZone: 'UTC', gleaninEventId: gl, gleaninEventTitle: `GL ${gl}` });

describe('store', () => {
  it('migrates a v1 database to the latest: mapping settings get the new defaults, share-link emails are normalised, rows stay found under ids naming their event', async () => {
    const name = `migrate-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      connection: 'id', mappings: 'id, &sbEventId, &gleaninEventId', links: '[mappingKey+externalIdx], mappingKey',
      journal: '++seq, mappingKey, runId', runs: 'runId, mappingId, [mappingId+startedAt]',
      shareLinks: '[mappingKey+externalIdx], mappingKey, sbContactId', locks: 'mappingKey',
    });
    await v1.table('mappings').add({ id: 'm1', sbEventId: 4001, gleaninEventId: '11846', settings: { syncChairpersons: true, syncModerators: false, tracksFrom: 'tags', continuousSync: true } });
    await v1.table('shareLinks').add({ mappingKey: '4001:11846', externalIdx: 'sb:contact:1', sbContactId: '1', email: ' Ada@Example.COM ' });
    await v1.table('links').bulkAdd([
      { mappingKey: '4001:11846', externalIdx: 'sb:session:a', gleaninId: '7' },
      { mappingKey: '4002:11847', externalIdx: 'sb:session:b', gleaninId: '8' },
    ]);
    await v1.table('journal').add({ mappingKey: '4001:11846', runId: 'r', externalIdx: 'sb:session:c', action: 'create', resource: 'sessions', outcome: 'pending' });
    v1.close();

    const db = new BridgeDb(name);
    const m = await db.mappings.get('m1');
    expect(m).toMatchObject({
      mappingKey: '4001:11846',
      settings: { syncChairpersons: true, tracksFrom: 'tags', linkExistingByEmail: false, gleaninTimeZone: null, askBeforeDeletingPercent: 10, whenRecordLeaves: 'delete', keepGleaninEdits: false },
    });
    expect(await db.shareLinks.where('email').equals('ada@example.com').count()).toBe(1);
    expect(db.verno).toBe(4);
    const store = createStore(db);
    expect((await store.linksFor('4001:11846')).map((l) => l.gleaninId)).toEqual(['7']);
    expect((await store.shareLinksFor('4001:11846')).map((r) => r.sbContactId)).toEqual(['1']);
    expect((await store.pendingCreates('4001:11846')).map((j) => j.externalIdx)).toEqual(['sb:4001:session:c']);
    expect(await store.pendingCreates('4002:11847')).toEqual([]);
  });

  it('migrates a v3 database (today\'s data) to v4: links, journal and share links keep every field under ids naming their Sessionboard event', async () => {
    const name = `migrate-v3-${Math.random()}`;
    const v3 = new Dexie(name);
    const tables = {
      connection: 'id', mappings: 'id, &sbEventId, &gleaninEventId, mappingKey', links: '[mappingKey+externalIdx]', journal: '++seq',
      runs: 'runId, mappingId, [mappingId+startedAt]', shareLinks: '[mappingKey+externalIdx], sbContactId, email', locks: 'mappingKey',
    };
    v3.version(3).stores(tables);
    const settings = { syncChairpersons: false, syncModerators: true, tracksFrom: 'tracks', continuousSync: true, linkExistingByEmail: true, gleaninTimeZone: 'UTC' };
    await v3.table('mappings').add({ id: 'm1', mappingKey: '4001:11846', sbEventId: 4001, gleaninEventId: '11846', settings });
    const link = { sbKind: 'speaker', sbId: 'c1', gleaninResource: 'speakers', gleaninId: '70', contentHash: 'h1', lastSyncedAt: '2026-12-01T00:00:00Z' };
    await v3.table('links').bulkAdd([
      { mappingKey: '4001:11846', externalIdx: 'sb:contact:c1', ...link, adopted: true },
      { mappingKey: '4001:11846', externalIdx: 'sb:exhibitor-contact:x1:c2', ...link, sbKind: 'exhibitor-contact', sbId: 'c2', gleaninId: '71' },
      { mappingKey: '4003:11848', externalIdx: 'sb:session:s9', ...link, sbKind: 'session', sbId: 's9', gleaninResource: 'sessions', gleaninId: '72' },
    ]);
    await v3.table('shareLinks').add({
      mappingKey: '4001:11846', externalIdx: 'sb:contact:c1', sbEventId: 4001, sbContactId: 'c1', email: 'ada@example.com', name: 'Ada', roles: ['speaker'],
      context: ['Talk'], gleaninId: '70', links: [{ campaignId: '1', campaignName: 'Speaker campaign', url: 'https://invt.io/a' }], writtenValue: 'https://invt.io/a', updatedAt: '',
    });
    await v3.table('journal').bulkAdd([
      { mappingKey: '4001:11846', runId: 'r', externalIdx: 'sb:session:s1', action: 'create', resource: 'sessions', outcome: 'pending', at: '' },
      { mappingKey: '4001:11846', runId: 'r', externalIdx: 'sb:contact:c1', action: 'update', resource: 'speakers', outcome: 'done', at: '' },
    ]);
    v3.close();

    const db = new BridgeDb(name);
    expect((await db.mappings.get('m1'))!.settings).toEqual({ ...settings, askBeforeDeletingPercent: 10, whenRecordLeaves: 'delete', keepGleaninEdits: false });
    const store = createStore(db);
    expect(await store.linksFor('4001:11846')).toEqual([
      { mappingKey: '4001:11846', externalIdx: 'sb:4001:contact:c1', ...link, adopted: true },
      { mappingKey: '4001:11846', externalIdx: 'sb:4001:exhibitor-contact:x1:c2', ...link, sbKind: 'exhibitor-contact', sbId: 'c2', gleaninId: '71' },
    ]);
    expect((await store.linksFor('4003:11848')).map((l) => l.externalIdx)).toEqual(['sb:4003:session:s9']);
    expect(await db.links.count()).toBe(3);
    const [share] = await store.shareLinksFor('4001:11846');
    expect(share).toMatchObject({ externalIdx: 'sb:4001:contact:c1', email: 'ada@example.com', writtenValue: 'https://invt.io/a', links: [{ url: 'https://invt.io/a' }] });
    expect(await db.shareLinks.count()).toBe(1);
    expect((await db.journal.toArray()).map((j) => `${j.externalIdx} ${j.outcome}`)).toEqual(['sb:4001:session:s1 pending', 'sb:4001:contact:c1 done']);
  });

  it('keeps mappings one-to-one; remove and disconnect keep links', async () => {
    const store = createStore(fresh());
    const m = await store.addMapping(mapping(4001, '11846'));
    await expect(store.addMapping(mapping(4001, '11847'))).rejects.toBeInstanceOf(MappingConflictError);
    await expect(store.addMapping(mapping(4002, '11846'))).rejects.toThrow(/Gleanin event 11846 is already mapped/);
    await store.putLink({ mappingKey: m.mappingKey, externalIdx: 'sb:session:a', sbKind: 'session', sbId: 'a', gleaninResource: 'sessions', gleaninId: '1', contentHash: 'h', lastSyncedAt: '' });
    await store.saveConnection({ sessionboardRegion: 'us', gleaninTokenMasked: '••••1234', sessionboardTokenMasked: '••••5678', canWriteContacts: true, canWriteFields: true, connectedAt: '' });
    await store.disconnect();
    expect(await store.listMappings()).toEqual([]);
    expect(await store.getConnection()).toBeUndefined();
    expect(await store.linksFor(m.mappingKey)).toHaveLength(1);
    const again = await store.addMapping(mapping(4001, '11846'));
    expect(again.mappingKey).toBe(m.mappingKey);
  });

  it('lets one holder take the lock until it expires', async () => {
    let t = 1_000_000;
    const store = createStore(fresh(), () => new Date(t));
    expect(await store.acquireLock('k', 'run-1', 1000)).toBe(true);
    expect(await store.acquireLock('k', 'run-2', 1000)).toBe(false);
    t += 1001;
    expect(await store.acquireLock('k', 'run-2', 1000)).toBe(true);
    await store.releaseLock('k', 'run-1'); // not the holder: no effect
    expect(await store.acquireLock('k', 'run-3', 1000)).toBe(false);
    await store.releaseLock('k', 'run-2');
    expect(await store.acquireLock('k', 'run-3', 1000)).toBe(true);
  });

  it('a settings save racing Remove mapping never brings the mapping back', async () => {
    const store = createStore(fresh());
    const m = await store.addMapping(mapping(4001, '11846'));
    await Promise.allSettled([store.updateMappingSettings(m.id, { syncModerators: true }), store.removeMapping(m.id)]);
    expect(await store.listMappings()).toEqual([]);
  });

  it('releases every lock at once when a new background starts (their holders died with the old worker)', async () => {
    const store = createStore(fresh());
    expect(await store.acquireLock('k1', 'dead-run-1')).toBe(true);
    expect(await store.acquireLock('k2', 'dead-run-2')).toBe(true);
    expect(await store.acquireLock('k1', 'new-run')).toBe(false);
    await store.releaseAllLocks();
    expect(await store.acquireLock('k1', 'new-run')).toBe(true);
    expect(await store.acquireLock('k2', 'new-run-2')).toBe(true);
  });

  it('keeps the last 50 runs per mapping', async () => {
    const store = createStore(fresh());
    for (let i = 0; i < RUNS_KEPT_PER_MAPPING + 5; i++) {
      const startedAt = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      await store.finishRun({ runId: `r${i}`, mappingId: 'm', mappingKey: 'k', kind: 'sessions', trigger: 'manual', startedAt, finishedAt: startedAt, status: 'succeeded', report: null });
    }
    const runs = await store.listRuns('m');
    expect(runs).toHaveLength(RUNS_KEPT_PER_MAPPING);
    expect(runs[0].runId).toBe(`r${RUNS_KEPT_PER_MAPPING + 4}`);
    expect(runs.at(-1)!.runId).toBe('r5');
  });
});
