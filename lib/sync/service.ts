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
import { runPreview, runSync, type RunContext } from './run.ts';
import { exportShareLinksCsv } from '../share-links/csv.ts';
import { type PortalChecklist, portalChecklist } from '../share-links/portal-checklist.ts';
import { GLEANIN_LINK_FIELD } from '../share-links/write-back.ts';
import { RatePacer } from './pacer.ts';

export interface SyncOptions {
  kind: SyncKind;
  trigger: SyncTrigger;
  /** The organizer chose "Sync anyway" after a time-zone mismatch. */
  allowTimeZoneMismatch?: boolean;
  /** "Sync anyway" after the canary first write found attributes Gleanin did not keep as sent (lib/sync/canary.ts). */
  acceptNotKept?: boolean;
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

/**
 * Gleanin writes in flight at once. Chrome opens at most 6 connections per host (HTTP/1.1): more
 * would only wait in Chrome's socket pool (and widen the set of writes whose outcome a stopped worker
 * never learns), fewer leaves connections idle while each write's round trip, now the whole cost of
 * a record since its bookkeeping is batched, is spent waiting. Measured with `npm run bench:browser`
 * (bench/README.md, large first sync in Chromium, one run each on a quiet machine): 4 in flight
 * 14.9 s, 6 12.9 s, 10 13.4 s, the run-to-run spread being about a second; under a rate limit the
 * pacer sets the pace anyway.
 */
export const APPLY_CONCURRENCY = 6;

export interface SyncServiceDeps {
  db: BridgeDb;
  /** Builds clients for the current connection (tokens come from lib/vault, never from the store). */
  clients: (connection: ConnectionMeta) => SyncClients | Promise<SyncClients>;
  now?: () => Date;
  /** Concurrency of Gleanin writes (default APPLY_CONCURRENCY); pacing to the reported rate limit comes on top. */
  concurrency?: number;
  /** Which services' APIs this browser may not reach now (RunContext.hostAccess, lib/sync/run.ts). */
  hostAccess?: RunContext['hostAccess'];
}

export interface SyncService {
  /** Give this to GleaninClient's `onRateLimit` so writes are paced to the limit Gleanin reports. */
  readonly pacer: RatePacer;
  getConnection(): Promise<ConnectionMeta | undefined>;
  saveConnection(meta: Omit<ConnectionMeta, 'id'>): Promise<void>;
  /** Removes connection metadata and all mappings; links are kept so a re-map resumes. */
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
  /** The person holding exactly this share link, all their rows (the portal card's lookup). */
  shareLinksByUrl(url: string): Promise<ShareLinkRow[]>;
  /** CSV (name, email, role, sessions, links) for a mail merge; formula cells neutralised. */
  exportShareLinksCsv(mappingId: string): Promise<string>;
  /** The mapping's "Speaker portal" checklist (asks Sessionboard whether the "Gleanin Link" field exists). */
  portalChecklist(mappingId: string, tasksUrl: string): Promise<PortalChecklist>;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const now = deps.now ?? (() => new Date());
  const store = createStore(deps.db, now);
  const pacer = new RatePacer();
  const ctx: RunContext = { store, clients: deps.clients, now, pacer, concurrency: deps.concurrency ?? APPLY_CONCURRENCY, hostAccess: deps.hostAccess };
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
    shareLinksByUrl: (url) => store.findShareLinksByUrl(url),
    exportShareLinksCsv: async (mappingId) => {
      const mapping = await store.getMapping(mappingId);
      if (!mapping) throw new Error(`Mapping ${mappingId} does not exist`);
      return exportShareLinksCsv(await store.shareLinksFor(mapping.mappingKey));
    },
    portalChecklist: async (mappingId, tasksUrl) => {
      const mapping = await store.getMapping(mappingId);
      if (!mapping) throw new Error(`Mapping ${mappingId} does not exist`);
      const connection = await store.getConnection();
      if (!connection) throw new Error('Not connected');
      let fieldExists: boolean | null = null;
      let fieldCheckError: string | undefined;
      try {
        const { sessionboard } = await deps.clients(connection);
        const fields = await sessionboard.listFields(mapping.sbEventId);
        fieldExists = fields.some((f) => f.internal_name === GLEANIN_LINK_FIELD.internalName && f.module === GLEANIN_LINK_FIELD.module);
      } catch (err) {
        fieldCheckError = err instanceof Error ? err.message : String(err);
      }
      const rows = await store.shareLinksFor(mapping.mappingKey);
      return portalChecklist(rows, connection, { fieldExists, tasksUrl, ...(fieldCheckError ? { fieldCheckError } : {}) });
    },
  };
}

