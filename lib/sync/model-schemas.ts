/**
 * The parts of the engine's model that leave the background (a sync run's report, a preview, progress):
 * one zod schema per shape, the type inferred from it. The message protocol (lib/messaging/protocol.ts)
 * validates with these same schemas, so the engine and its callers cannot drift apart. lib/sync/model.ts
 * re-exports the types beside the engine's internal shapes.
 */
import { z } from 'zod';

/** Which half of an event a sync run covers: Agenda > Options or Exhibitors > Options. */
export const syncKindSchema = z.enum(['sessions', 'exhibitors']);
export type SyncKind = z.infer<typeof syncKindSchema>;

export const syncTriggerSchema = z.enum(['manual', 'continuous']);
export type SyncTrigger = z.infer<typeof syncTriggerSchema>;

/** Record types as the report and the UI name them. */
const recordTypeSchema = z.enum(['session', 'speaker', 'exhibitor-contact']);
export type RecordType = z.infer<typeof recordTypeSchema>;

/** Sessionboard role of a person on a session (core roles of Sessions 2.0). */
export const personRoleSchema = z.enum(['speaker', 'chairperson', 'moderator', 'exhibitor']);
export type PersonRole = z.infer<typeof personRoleSchema>;

/** Where a skipped record or a problem comes from, in the organizer's words. */
const problemSchema = z.object({
  recordType: recordTypeSchema,
  sbId: z.string(),
  friendlyId: z.string().nullable(),
  /** Title or name as Sessionboard shows it. */
  label: z.string(),
  severity: z.enum(['skipped', 'conflict', 'failed', 'warning']),
  /** What is wrong, naming the field. */
  reason: z.string(),
  /** What to do about it, in Sessionboard or Gleanin. */
  fix: z.string(),
  field: z.string().optional(),
  /** The API's own detail text (422 etc.). */
  detail: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** A record as a preview or the delete guard lists it. */
const previewItemSchema = z.object({
  recordType: recordTypeSchema,
  key: z.string(),
  label: z.string(),
  friendlyId: z.string().nullable(),
});

/**
 * Deletes a run did not make. `held`: they wait (an untrusted read, or more than the delete guard
 * allows; `needsDecision` when a person's "Delete in Gleanin" / "Keep in Gleanin" settles them).
 * `kept`: not made at all ("Keep it in Gleanin", or the person chose to keep).
 */
const withheldDeletesSchema = z.object({
  state: z.enum(['held', 'kept']),
  needsDecision: z.boolean(),
  reasons: z.array(z.string()),
  records: z.array(previewItemSchema.extend({ reason: z.string() })),
});
export type WithheldDeletes = z.infer<typeof withheldDeletesSchema>;

const recordCountsSchema = z.object({
  attempted: z.number(),
  created: z.number(),
  updated: z.number(),
  deleted: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  failed: z.number(),
  conflicts: z.number(),
});
export type RecordCounts = z.infer<typeof recordCountsSchema>;

export const runStatusSchema = z.enum(['succeeded', 'partial', 'failed', 'blocked']);

/**
 * An attribute the first write of a record type sent and Gleanin did not keep as sent (lib/sync/canary.ts):
 * what was sent and what came back.
 */
export const notKeptAttributeSchema = z.object({
  recordType: recordTypeSchema,
  field: z.string(),
  attribute: z.string(),
  sent: z.string(),
  saw: z.string(),
});

/** Why a sync did not start (nothing was written). */
const blockedReasonSchema = z.object({
  code: z.enum([
    'time-zone-mismatch',
    'hide-pii',
    'not-connected',
    'mapping-missing',
    'already-running',
    'read-failed',
    // A host permission the API calls need was taken back (lib/config/host-access.ts).
    'no-host-access',
    // The first write of a record type did not read back as sent; "Sync anyway" accepts it (lib/sync/canary.ts).
    'first-write-not-kept',
    // The first write could not be found by its external id: a hard stop, a retry could duplicate.
    'first-write-not-found',
  ]),
  message: z.string(),
  fix: z.string(),
  /** For a time-zone mismatch: both zones, so the page can offer "Sync anyway". */
  sessionboardTimeZone: z.string().optional(),
  gleaninTimeZone: z.string().nullable().optional(),
  /** For a first write not kept as sent: each attribute, what was sent and what came back. */
  notKept: z.array(notKeptAttributeSchema).optional(),
});
export type BlockedReason = z.infer<typeof blockedReasonSchema>;

export const syncRunReportSchema = z.object({
  runId: z.string(),
  mappingId: z.string(),
  kind: syncKindSchema,
  trigger: syncTriggerSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  status: runStatusSchema,
  blocked: blockedReasonSchema.optional(),
  /** Gleanin event id, for "Sync complete" texts. */
  gleaninEventId: z.string(),
  counts: z.record(recordTypeSchema, recordCountsSchema),
  problems: z.array(problemSchema),
  shareLinks: z.object({ read: z.number(), missing: z.number(), written: z.number(), note: z.string().optional() }),
  /** Deletes this run did not make (held for a person, or kept), and why. */
  withheld: withheldDeletesSchema.optional(),
});
export type SyncRunReport = z.infer<typeof syncRunReportSchema>;

/** What a preview returns: the plan in the organizer's words, nothing written. */
export const syncPreviewSchema = z.object({
  mappingId: z.string(),
  kind: syncKindSchema,
  blocked: blockedReasonSchema.optional(),
  creates: z.array(previewItemSchema),
  updates: z.array(previewItemSchema.extend({ changed: z.array(z.string()) })),
  deletes: z.array(previewItemSchema.extend({ reason: z.string() })),
  adopts: z.array(previewItemSchema.extend({ changed: z.array(z.string()) })),
  conflicts: z.array(problemSchema),
  skipped: z.array(problemSchema),
  warnings: z.array(problemSchema),
  /** Gleanin records this mapping cannot prove are its own, left alone, each with the reason. */
  untouched: z.array(problemSchema).optional(),
  /** Deletes the sync would hold or keep instead of making, listed apart from `deletes` (which then is empty of them). */
  withheld: withheldDeletesSchema.optional(),
  unchanged: z.object({ sessions: z.number(), people: z.number() }),
});
export type SyncPreview = z.infer<typeof syncPreviewSchema>;

export const syncProgressSchema = z.object({
  phase: z.enum(['read', 'plan', 'apply', 'share-links', 'done']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;
