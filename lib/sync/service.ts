/**
 * The sync engine's one facade for the background service worker (H-EXT wires it to messages).
 *
 *   const service = createSyncService({
 *     db: new BridgeDb(),
 *     clients: async (connection) => ({ gleanin: new GleaninClient({...token from vault}),
 *                                        sessionboard: new SessionboardClient({...}) }),
 *     onRateLimit hook: pass `pacer.onRateLimit` (from the returned service) to GleaninClient's
 *     `onRateLimit` option so apply paces itself to the limit Gleanin reports.
 *   });
 *   await service.preview(mappingId, 'sessions');          // SyncPreview, writes nothing
 *   await service.sync(mappingId, { kind: 'sessions', trigger: 'manual', onProgress });  // SyncRunReport
 *
 * `sync` never throws for expected conditions: a blocked run (time-zone mismatch, Hide PII token,
 * not connected, already running) comes back as a report with `status: 'blocked'` and `blocked`
 * holding the message and the fix; pass `allowTimeZoneMismatch: true` for "Sync anyway".
 * Store helpers (connection metadata, mappings one-to-one, runs, share links, CSV) are on the same object.
 */
import type { BridgeDb, ConnectionMeta, Mapping, MappingSettings, ShareLinkRow, SyncRunRow } from '../store/db.ts';
import { type NewMapping, createStore } from '../store/store.ts';
import type { SyncKind, SyncPreview, SyncProgress, SyncRunReport, SyncTrigger } from './model.ts';
import type { SyncClients } from './ports.ts';
import { runPreview, runSync } from './run.ts';
import { exportShareLinksCsv } from '../share-links/csv.ts';
import { RatePacer } from './pacer.ts';

export interface SyncOptions {
  kind: SyncKind;
  trigger: SyncTrigger;
  /** The organizer chose "Sync anyway" after a time-zone mismatch (SPEC F7). */
  allowTimeZoneMismatch?: boolean;
  onProgress?: (p: SyncProgress) => void;
  /** Stops the run between operations (tests simulate a killed service worker with it). */
  signal?: AbortSignal;
  /** The person's answer to "Confirm deletions in Gleanin" (held deletes of an earlier run or preview). */
  deletions?: DeletionDecision;
}

/** "Delete in Gleanin" (exactly the listed keys, as shown) or "Keep in Gleanin". */
export interface DeletionDecision {
  choice: 'delete' | 'keep';
  keys?: string[];
}

export interface SyncServiceDeps {
  db: BridgeDb;
  /** Builds clients for the current connection (tokens come from lib/vault, never from the store). */
  clients: (connection: ConnectionMeta) => SyncClients | Promise<SyncClients>;
  now?: () => Date;
  /** Concurrency of Gleanin writes (default 4); pacing to the reported rate limit comes on top. */
  concurrency?: number;
}

export interface SyncService {
  /** Give this to GleaninClient's `onRateLimit` so writes are paced to the limit Gleanin reports. */
  readonly pacer: RatePacer;
  getConnection(): Promise<ConnectionMeta | undefined>;
  saveConnection(meta: Omit<ConnectionMeta, 'id'>): Promise<void>;
  /** Removes connection metadata and all mappings; links are kept so a re-map resumes (F10). */
  disconnect(): Promise<void>;
  listMappings(): Promise<Mapping[]>;
  /** Throws MappingConflictError when either event is already mapped. */
  addMapping(input: NewMapping): Promise<Mapping>;
  updateMappingSettings(id: string, patch: Partial<MappingSettings>): Promise<Mapping>;
  removeMapping(id: string): Promise<void>;
  /**
   * Call once when the background starts, before any run: only one background instance exists at a
   * time, so every lock still held belongs to a worker that was stopped mid-run.
   */
  releaseOrphanedLocks(): Promise<void>;
  preview(mappingId: string, kind: SyncKind): Promise<SyncPreview>;
  sync(mappingId: string, options: SyncOptions): Promise<SyncRunReport>;
  /** Newest first, at most 50 per mapping. */
  listRuns(mappingId: string, limit?: number): Promise<SyncRunRow[]>;
  /** A contact's share links (portal card), by SB contact id or email. */
  shareLinksFor(query: { sbContactId?: string; email?: string; sbEventId?: number }): Promise<ShareLinkRow[]>;
  /** CSV (name, email, role, sessions, links) for a mail merge; formula cells neutralised. */
  exportShareLinksCsv(mappingId: string): Promise<string>;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const now = deps.now ?? (() => new Date());
  const store = createStore(deps.db, now);
  const pacer = new RatePacer();
  const ctx = { store, clients: deps.clients, now, pacer, concurrency: deps.concurrency ?? 4 };
  return {
    pacer,
    getConnection: () => store.getConnection(),
    saveConnection: (meta) => store.saveConnection(meta),
    disconnect: () => store.disconnect(),
    listMappings: () => store.listMappings(),
    addMapping: (input) => store.addMapping(input),
    updateMappingSettings: (id, patch) => store.updateMappingSettings(id, patch),
    removeMapping: (id) => store.removeMapping(id),
    releaseOrphanedLocks: () => store.releaseAllLocks(),
    preview: (mappingId, kind) => runPreview(ctx, mappingId, kind),
    sync: (mappingId, options) => runSync(ctx, mappingId, options),
    listRuns: (mappingId, limit) => store.listRuns(mappingId, limit),
    shareLinksFor: (query) => store.findShareLinks(query),
    exportShareLinksCsv: async (mappingId) => {
      const mapping = await store.getMapping(mappingId);
      if (!mapping) throw new Error(`Mapping ${mappingId} does not exist`);
      return exportShareLinksCsv(await store.shareLinksFor(mapping.mappingKey));
    },
  };
}

export type { NewMapping } from '../store/store.ts';
export { MappingConflictError } from '../store/store.ts';
