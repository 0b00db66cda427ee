/**
 * Operations on the store that carry a rule: one-to-one mappings, the expiring sync lock, the
 * 50-run history, link and journal writes. The engine and the background use these, never raw tables.
 */
import {
  type BridgeDb,
  type ConnectionMeta,
  type FirstWriteState,
  type JournalEntry,
  type LinkRow,
  type Mapping,
  type MappingSettings,
  type ShareLinkRow,
  type SyncRunRow,
  mappingKeyOf,
  pairRange,
} from './db.ts';
import { defaultMappingSettings } from './schemas.ts';
import type { Bookkeeping } from './batch-writer.ts';
import { MappingConflictError, mappingConflict } from './mapping-conflict.ts';

export const RUNS_KEPT_PER_MAPPING = 50;

/** An adopted record stays marked as adopted whatever later writes of the same record say. */
const keepAdopted = (row: LinkRow, prev: LinkRow | undefined): LinkRow =>
  !row.adopted && prev?.adopted && prev.gleaninId === row.gleaninId ? { ...row, adopted: true } : row;
/** A lock older than this belongs to a service worker that died; a run renews it while working. */
export const LOCK_TTL_MS = 2 * 60_000;

export interface NewMapping {
  sbEventId: number;
  sbEventName: string;
  sbTimeZone: string;
  gleaninEventId: string;
  gleaninEventTitle: string;
  settings?: Partial<MappingSettings>;
}

export function createStore(db: BridgeDb, now: () => Date = () => new Date()) {
  const iso = () => now().toISOString();
  return {
    db,

    // --- connection (metadata only; tokens live in lib/vault) ---
    getConnection: (): Promise<ConnectionMeta | undefined> => db.connection.get('current'),
    saveConnection: async (meta: Omit<ConnectionMeta, 'id'>): Promise<void> => {
      await db.connection.put({ ...meta, id: 'current' });
    },
    /** Removes the connection and every mapping; links and share links stay for a later re-map. */
    disconnect: async (): Promise<void> => {
      await db.transaction('rw', db.connection, db.mappings, db.locks, async () => {
        await db.connection.clear();
        await db.mappings.clear();
        await db.locks.clear();
      });
    },

    // --- mappings ---
    listMappings: (): Promise<Mapping[]> => db.mappings.orderBy('sbEventId').toArray(),
    getMapping: (id: string): Promise<Mapping | undefined> => db.mappings.get(id),
    addMapping: async (input: NewMapping): Promise<Mapping> =>
      db.transaction('rw', db.mappings, async () => {
        // The events' own mappings, found by their unique indexes (no full read of the table).
        const taken = await Promise.all([
          db.mappings.where('sbEventId').equals(input.sbEventId).first(),
          db.mappings.where('gleaninEventId').equals(input.gleaninEventId).first(),
        ]);
        const conflict = mappingConflict(taken.filter((m) => m !== undefined), input);
        if (conflict) throw new MappingConflictError(conflict);
        const mapping: Mapping = {
          id: crypto.randomUUID(),
          mappingKey: mappingKeyOf(input.sbEventId, input.gleaninEventId),
          sbEventId: input.sbEventId,
          sbEventName: input.sbEventName,
          sbTimeZone: input.sbTimeZone,
          gleaninEventId: input.gleaninEventId,
          gleaninEventTitle: input.gleaninEventTitle,
          createdAt: iso(),
          settings: { ...defaultMappingSettings(), ...input.settings },
        };
        if (mapping.settings.tracksFrom !== 'tracks' && mapping.settings.tracksFrom !== 'tags') {
          mapping.settings.tracksFrom = 'none';
        }
        await db.mappings.add(mapping);
        return mapping;
      }),
    /** Read and write in one transaction, so a concurrent Remove or Disconnect is never undone by a settings save. */
    updateMappingSettings: async (id: string, patch: Partial<MappingSettings>): Promise<Mapping> =>
      db.transaction('rw', db.mappings, async () => {
        const mapping = await db.mappings.get(id);
        if (!mapping) throw new Error(`Mapping ${id} does not exist`);
        const next = { ...mapping, settings: { ...mapping.settings, ...patch } };
        await db.mappings.put(next);
        return next;
      }),
    /** Changes what the canary first write knows about a mapping, in one transaction with the read. */
    updateFirstWrite: async (id: string, change: (state: FirstWriteState) => FirstWriteState): Promise<FirstWriteState | undefined> =>
      db.transaction('rw', db.mappings, async () => {
        const mapping = await db.mappings.get(id);
        if (!mapping) return undefined;
        const firstWrite = change(mapping.firstWrite ?? { checked: {}, notKept: {} });
        await db.mappings.put({ ...mapping, firstWrite });
        return firstWrite;
      }),
    /** Removes only this pair; its links stay so re-mapping the same events resumes. */
    removeMapping: async (id: string): Promise<void> => {
      await db.mappings.delete(id);
    },

    // --- lock: one run per mapping, expiring if its holder died ---
    acquireLock: async (mappingKey: string, holder: string, ttlMs = LOCK_TTL_MS): Promise<boolean> =>
      db.transaction('rw', db.locks, async () => {
        const current = await db.locks.get(mappingKey);
        if (current && current.holder !== holder && current.expiresAt > now().getTime()) return false;
        await db.locks.put({ mappingKey, holder, expiresAt: now().getTime() + ttlMs });
        return true;
      }),
    renewLock: async (mappingKey: string, holder: string, ttlMs = LOCK_TTL_MS): Promise<void> => {
      await db.locks.where('mappingKey').equals(mappingKey).modify((l) => {
        if (l.holder === holder) l.expiresAt = now().getTime() + ttlMs;
      });
    },
    releaseAllLocks: async (): Promise<void> => {
      await db.locks.clear();
    },
    releaseLock: async (mappingKey: string, holder: string): Promise<void> => {
      await db.transaction('rw', db.locks, async () => {
        const current = await db.locks.get(mappingKey);
        if (current?.holder === holder) await db.locks.delete(mappingKey);
      });
    },

    // --- links ---
    linksFor: (mappingKey: string): Promise<LinkRow[]> =>
      db.links.where('[mappingKey+externalIdx]').between(...pairRange(mappingKey), true, true).toArray(),
    /** Writes a link; an adopted record stays marked as adopted whatever later writes say. */
    putLink: async (row: LinkRow): Promise<void> => {
      await db.transaction('rw', db.links, async () => {
        const prev = row.adopted ? undefined : await db.links.get([row.mappingKey, row.externalIdx]);
        await db.links.put(keepAdopted(row, prev));
      });
    },
    deleteLink: async (mappingKey: string, externalIdx: string): Promise<void> => {
      await db.links.delete([mappingKey, externalIdx]);
    },

    // --- journal ---
    /** Journal entries written together (one transaction); their sequence numbers in order. */
    journalMany: async (entries: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<number[]> => {
      const at = iso();
      return (await db.journal.bulkAdd(entries.map((e) => ({ ...e, at })), { allKeys: true })) as number[];
    },
    /** Journal entries with their outcome, in one transaction (a stopped first sync can leave thousands pending). */
    settleJournal: async (entries: JournalEntry[]): Promise<void> => {
      const at = iso();
      await db.journal.bulkPut(entries.map((j) => ({ ...j, at })));
    },
    /**
     * Drops the journal entries of an apply phase that ended (each create's outcome is then known:
     * linked, or reported as failed). The entries of one `journalMany` are numbered one after
     * another, so this is one range delete, not one delete per create.
     */
    dropJournal: async (seqs: number[]): Promise<void> => {
      if (!seqs.length) return;
      const contiguous = seqs.every((s, i) => s === seqs[0] + i);
      if (contiguous) await db.journal.where('seq').between(seqs[0], seqs[seqs.length - 1], true, true).delete();
      else await db.journal.bulkDelete(seqs);
    },
    /**
     * A batch of a run's bookkeeping in one transaction (lib/store/batch-writer.ts): links written
     * (an adopted record stays adopted, as in putLink; links of records the run created as they
     * are), links and share links dropped, and what writes sent merged into links they left as they were.
     */
    writeBookkeeping: async (mappingKey: string, b: Bookkeeping): Promise<void> => {
      await db.transaction('rw', db.links, db.shareLinks, async () => {
        if (b.created.length) await db.links.bulkPut(b.created);
        if (b.links.length) {
          const prev = await db.links.bulkGet(b.links.map((r) => [r.mappingKey, r.externalIdx] as [string, string]));
          await db.links.bulkPut(b.links.map((row, i) => keepAdopted(row, prev[i])));
        }
        if (b.unlinks.length) {
          const keys = b.unlinks.map((k) => [mappingKey, k] as [string, string]);
          await db.links.bulkDelete(keys);
          await db.shareLinks.bulkDelete(keys);
        }
        if (b.written.length) {
          const rows = await db.links.bulkGet(b.written.map((e) => [mappingKey, e.externalIdx] as [string, string]));
          await db.links.bulkPut(rows.flatMap((row, i) => (row ? [{ ...row, written: b.written[i].written }] : [])));
        }
      });
    },
    /** Creates whose outcome is unknown (intent recorded, no outcome) for this event pair. */
    pendingCreates: async (mappingKey: string): Promise<JournalEntry[]> =>
      db.journal.filter((j) => j.mappingKey === mappingKey && j.action === 'create' && j.outcome === 'pending').toArray(),
    /** Drops journal entries of finished runs (kept while a create's outcome is unknown). */
    compactJournal: async (mappingKey: string): Promise<void> => {
      await db.journal.filter((j) => j.mappingKey === mappingKey && j.outcome !== 'pending').delete();
    },

    // --- runs ---
    startRun: async (row: SyncRunRow): Promise<void> => {
      await db.runs.put(row);
    },
    finishRun: async (row: SyncRunRow): Promise<void> => {
      await db.transaction('rw', db.runs, async () => {
        await db.runs.put(row);
        const all = await db.runs.where('mappingId').equals(row.mappingId).sortBy('startedAt');
        const excess = all.length - RUNS_KEPT_PER_MAPPING;
        if (excess > 0) await db.runs.bulkDelete(all.slice(0, excess).map((r) => r.runId));
      });
    },
    listRuns: async (mappingId: string, limit = RUNS_KEPT_PER_MAPPING): Promise<SyncRunRow[]> =>
      (await db.runs.where('mappingId').equals(mappingId).sortBy('startedAt')).reverse().slice(0, limit),

    // --- share links ---
    shareLinksFor: async (mappingKey: string): Promise<ShareLinkRow[]> =>
      db.shareLinks.where('[mappingKey+externalIdx]').between(...pairRange(mappingKey), true, true).toArray(),
    putShareLinks: async (rows: ShareLinkRow[]): Promise<void> => {
      if (rows.length) await db.shareLinks.bulkPut(rows);
    },
    deleteShareLinks: async (mappingKey: string, externalIdxs: string[]): Promise<void> => {
      await db.shareLinks.bulkDelete(externalIdxs.map((k) => [mappingKey, k] as [string, string]));
    },
    /** The rows holding exactly this link, and that contact's other rows of the same event. */
    findShareLinksByUrl: async (url: string): Promise<ShareLinkRow[]> => {
      const holders = await db.shareLinks.filter((r) => r.links.some((l) => l.url === url)).toArray();
      const people = new Set(holders.map((r) => `${r.sbEventId}:${r.sbContactId}`));
      if (people.size === 0) return [];
      return db.shareLinks.filter((r) => people.has(`${r.sbEventId}:${r.sbContactId}`)).toArray();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
