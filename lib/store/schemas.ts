/**
 * The store's rows that leave the background (the connection, mappings and their settings, sync runs,
 * share links): one zod schema per shape, the type inferred from it. The message protocol
 * (lib/messaging/protocol.ts) validates with these same schemas, less the fields it never sends.
 * Free of Dexie (lib/store/db.ts holds the tables), so pages and content scripts can import it.
 */
import { z } from 'zod';
import { REGIONS } from '../config/hosts.ts';
import {
  notKeptAttributeSchema,
  personRoleSchema,
  runStatusSchema,
  syncKindSchema,
  syncRunReportSchema,
  syncTriggerSchema,
} from '../sync/model-schemas.ts';

/** Ids as the message protocol accepts them (a mapping's id, a Gleanin event's id). */
const id = z.string().min(1).max(200);

/** What the UI shows about a connection; never a token (tokens are in lib/vault). */
export const connectionMetaSchema = z.object({
  id: z.literal('current'),
  sessionboardRegion: z.enum(REGIONS),
  /** Masked forms (`••••1234`) for display only. */
  gleaninTokenMasked: z.string(),
  sessionboardTokenMasked: z.string(),
  /** Whether the Sessionboard token may write contacts / create fields (checked at connect). */
  canWriteContacts: z.boolean(),
  canWriteFields: z.boolean(),
  connectedAt: z.string(),
});
export type ConnectionMeta = z.infer<typeof connectionMetaSchema>;

const tracksFromSchema = z.enum(['tracks', 'tags', 'none']);
export type TracksFrom = z.infer<typeof tracksFromSchema>;

export const mappingSettingsSchema = z.object({
  syncChairpersons: z.boolean(),
  syncModerators: z.boolean(),
  tracksFrom: tracksFromSchema,
  continuousSync: z.boolean(),
  /** Adopt an existing Gleanin speaker with the same email instead of reporting a conflict. */
  linkExistingByEmail: z.boolean(),
  /** The Gleanin event's zone as the admin confirmed it; null until confirmed. */
  gleaninTimeZone: z.string().min(1).max(100).nullable(),
  /** "Ask before deleting more than N % of synced records" (deletes of more than 5 records beyond it wait for a person). */
  askBeforeDeletingPercent: z.number().int().min(0).max(100),
  /** "When a record leaves Sessionboard": delete it in Gleanin, or keep it there (no longer updated). */
  whenRecordLeaves: z.enum(['delete', 'keep']),
  /** "Keep edits made in Gleanin": such fields are left alone until their Sessionboard value changes. */
  keepGleaninEdits: z.boolean(),
});
export type MappingSettings = z.infer<typeof mappingSettingsSchema>;

/** A new mapping's settings (and the value of any setting an older store lacks, lib/store/db.ts). */
export const defaultMappingSettings = (): MappingSettings => ({
  syncChairpersons: false,
  syncModerators: false,
  tracksFrom: 'tracks',
  continuousSync: false,
  linkExistingByEmail: false,
  gleaninTimeZone: null,
  askBeforeDeletingPercent: 10,
  whenRecordLeaves: 'delete',
  keepGleaninEdits: false,
});

const gleaninResourceSchema = z.enum(['speakers', 'sessions']);
export type GleaninResource = z.infer<typeof gleaninResourceSchema>;

/**
 * What the canary first write (lib/sync/canary.ts) learnt for one mapping: per Gleanin resource, the
 * adapter version whose first create read back as sent (or was accepted), the attributes (model field
 * names) the organizer accepted as not kept with "Sync anyway", and those found but not yet accepted.
 */
const firstWriteStateSchema = z.object({
  checked: z.partialRecord(gleaninResourceSchema, z.string()),
  notKept: z.partialRecord(gleaninResourceSchema, z.array(z.string())),
  pending: z.partialRecord(gleaninResourceSchema, z.array(z.string())).optional(),
  /** What the canary that found `pending` sent and read back, to show again until the organizer decides. */
  found: z.array(notKeptAttributeSchema).optional(),
});
export type FirstWriteState = z.infer<typeof firstWriteStateSchema>;

export const mappingSchema = z.object({
  id,
  /** `<sbEventId>:<gleaninEventId>`, the key links survive disconnects under. */
  mappingKey: z.string(),
  sbEventId: z.number().int().positive(),
  sbEventName: z.string(),
  sbTimeZone: z.string(),
  gleaninEventId: id,
  gleaninEventTitle: z.string(),
  createdAt: z.string(),
  settings: mappingSettingsSchema,
  /** Absent until the mapping's first create of a record type (no index: no schema version needed). */
  firstWrite: firstWriteStateSchema.optional(),
});
export type Mapping = z.infer<typeof mappingSchema>;

export const syncRunRowSchema = z.object({
  runId: z.string(),
  mappingId: z.string(),
  mappingKey: z.string(),
  kind: syncKindSchema,
  trigger: syncTriggerSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.union([z.literal('running'), runStatusSchema]),
  report: syncRunReportSchema.nullable(),
});
export type SyncRunRow = z.infer<typeof syncRunRowSchema>;

/** One Gleanin share link of a person (a campaign's link). */
export const shareLinkSchema = z.object({ campaignId: z.string(), campaignName: z.string(), url: z.string() });

export const shareLinkRowSchema = z.object({
  mappingKey: z.string(),
  externalIdx: z.string(),
  sbEventId: z.number(),
  sbContactId: z.string(),
  /** Lower-cased, trimmed. */
  email: z.string(),
  name: z.string(),
  roles: z.array(personRoleSchema),
  /** Session titles, or the exhibitor's name. */
  context: z.array(z.string()),
  gleaninId: z.string(),
  links: z.array(shareLinkSchema),
  /** Value last written to the contact's "Gleanin Link" field (null: never written). */
  writtenValue: z.string().nullable(),
  updatedAt: z.string(),
});
export type ShareLinkRow = z.infer<typeof shareLinkRowSchema>;
