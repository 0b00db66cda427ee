/**
 * The engine's IndexedDB store (Dexie). Lives in the extension origin, read only by the background.
 * It never holds a token: tokens are in lib/vault (H-EXT); the connection row keeps only what the UI
 * shows about a connection (masked tokens, region, scopes).
 *
 * Links, the journal and share links are keyed by the *event pair* (`mappingKey`), not by the mapping
 * row: disconnect removes mappings but keeps links, so a re-made mapping of the same events resumes
 * after a disconnect.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { RecordType } from '../sync/model.ts';
import { defaultMappingSettings, type ConnectionMeta, type GleaninResource, type Mapping, type ShareLinkRow, type SyncRunRow } from './schemas.ts';

/** The rows that leave the background are zod schemas in lib/store/schemas.ts; the engine names their types from here. */
export type {
  ConnectionMeta,
  FirstWriteState,
  GleaninResource,
  Mapping,
  MappingSettings,
  ShareLinkRow,
  SyncRunRow,
  TracksFrom,
} from './schemas.ts';

const DB_NAME = 'gleanin-bridge';

export interface LinkRow {
  mappingKey: string;
  /** Gleanin external id: `sb:<sb event>:session:<id>`, `…:contact:<id>`, `…:exhibitor-contact:<x>:<id>` (lib/gleanin/adapter.ts). */
  externalIdx: string;
  sbKind: RecordType;
  sbId: string;
  gleaninResource: GleaninResource;
  gleaninId: string;
  /** Hash of the synced fields as last written; absent when what Gleanin holds is not known (the next plan links it again). */
  contentHash?: string;
  lastSyncedAt: string;
  /**
   * A speaker made in Gleanin by hand that the sync adopted ("link existing"): when it is no
   * longer wanted it is released (our external id cleared), never deleted.
   */
  adopted?: boolean;
  /**
   * The values last sent to Gleanin for this record, keyed by the model's field name (PersonFields,
   * SessionFields). A field Gleanin does not keep is not re-sent while its Sessionboard value still
   * equals what was sent (lib/sync/convergence.ts).
   */
  written?: Record<string, unknown>;
}

type JournalOutcome = 'pending' | 'done' | 'failed';
export interface JournalEntry {
  seq?: number;
  runId: string;
  mappingKey: string;
  externalIdx: string;
  action: 'create' | 'update' | 'adopt' | 'delete';
  resource: GleaninResource;
  /** `pending` is written BEFORE a create is sent: a pending create found later has an unknown outcome. */
  outcome: JournalOutcome;
  gleaninId?: string;
  error?: string;
  at: string;
}

export interface LockRow {
  mappingKey: string;
  holder: string;
  expiresAt: number;
}

export class BridgeDb extends Dexie {
  connection!: EntityTable<ConnectionMeta, 'id'>;
  mappings!: EntityTable<Mapping, 'id'>;
  links!: Table<LinkRow, [string, string]>;
  journal!: EntityTable<JournalEntry, 'seq'>;
  runs!: EntityTable<SyncRunRow, 'runId'>;
  shareLinks!: Table<ShareLinkRow, [string, string]>;
  locks!: EntityTable<LockRow, 'mappingKey'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // v1: first release.
    this.version(1).stores({
      connection: 'id',
      mappings: 'id, &sbEventId, &gleaninEventId',
      links: '[mappingKey+externalIdx], mappingKey',
      journal: '++seq, mappingKey, runId',
      runs: 'runId, mappingId, [mappingId+startedAt]',
      shareLinks: '[mappingKey+externalIdx], mappingKey, sbContactId',
      locks: 'mappingKey',
    });
    // v2: share links found by email (portal lookups) and by Gleanin id; mapping settings gained
    // linkExistingByEmail and gleaninTimeZone, defaulted for mappings made under v1.
    this.version(2)
      .stores({
        mappings: 'id, &sbEventId, &gleaninEventId, mappingKey',
        links: '[mappingKey+externalIdx], mappingKey, [mappingKey+gleaninId]',
        shareLinks: '[mappingKey+externalIdx], mappingKey, sbContactId, email',
      })
      .upgrade(async (tx) => {
        await tx
          .table('mappings')
          .toCollection()
          .modify((m: Partial<Mapping> & { sbEventId: number; gleaninEventId: string }) => {
            m.mappingKey ??= `${m.sbEventId}:${m.gleaninEventId}`;
            m.settings = { ...defaultMappingSettings(), ...(m.settings ?? {}) };
          });
        await tx
          .table('shareLinks')
          .toCollection()
          .modify((s: { email?: string }) => {
            s.email = (s.email ?? '').trim().toLowerCase();
          });
      });
    // v3: no secondary index whose key thousands of rows share (mappingKey, runId): every write kept
    // such an index in order at a cost growing with the rows. Per-mapping reads use the primary key's
    // range instead ([mappingKey+externalIdx]); the journal is small (compacted after each run).
    this.version(3).stores({
      links: '[mappingKey+externalIdx]',
      journal: '++seq',
      shareLinks: '[mappingKey+externalIdx], sbContactId, email',
    });
    // v4: external ids name the Sessionboard event (lib/gleanin/adapter.ts), so the keys of links,
    // share links and the journal move to that form (the event is the first half of mappingKey), and
    // mapping settings gain the delete guard, "When a record leaves Sessionboard" and "Keep edits
    // made in Gleanin", defaulted. Rows are re-keyed, never dropped.
    this.version(4)
      .stores({})
      .upgrade(async (tx) => {
        await tx
          .table('mappings')
          .toCollection()
          .modify((m: Mapping) => {
            m.settings = { ...defaultMappingSettings(), ...m.settings };
          });
        for (const name of ['links', 'shareLinks'] as const) {
          const table = tx.table(name);
          const rows = (await table.toArray()) as { mappingKey: string; externalIdx: string }[];
          const old = rows.filter((r) => withEventId(r.externalIdx, r.mappingKey) !== r.externalIdx);
          if (!old.length) continue;
          await table.bulkDelete(old.map((r) => [r.mappingKey, r.externalIdx]));
          await table.bulkPut(old.map((r) => ({ ...r, externalIdx: withEventId(r.externalIdx, r.mappingKey) })));
        }
        await tx
          .table('journal')
          .toCollection()
          .modify((j: JournalEntry) => {
            j.externalIdx = withEventId(j.externalIdx, j.mappingKey);
          });
      });
  }
}

/** An external id of the format before v4 (`sb:<kind>:<ids>`) with the event of its mapping key added. */
function withEventId(externalIdx: string, mappingKey: string): string {
  const sbEventId = mappingKey.split(':')[0];
  return /^sb:(session|contact|exhibitor-contact):/.test(externalIdx) && /^\d+$/.test(sbEventId)
    ? `sb:${sbEventId}:${externalIdx.slice(3)}`
    : externalIdx;
}

/** Every primary key `[mappingKey, externalIdx]` of one event pair, for `where('[mappingKey+externalIdx]')`. */
export const pairRange = (mappingKey: string): [[string, typeof Dexie.minKey], [string, typeof Dexie.maxKey]] => [
  [mappingKey, Dexie.minKey],
  [mappingKey, Dexie.maxKey],
];

export const mappingKeyOf = (sbEventId: number, gleaninEventId: string): string => `${sbEventId}:${gleaninEventId}`;
