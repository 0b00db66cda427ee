/**
 * The one message protocol between the background and its callers (popup, injected panels,
 * content scripts). Every request and response has a zod schema; the sender validates what it
 * sends and what it gets back, the background validates what it receives and what it answers.
 *
 * The shapes are the schemas of the modules that make them (the store's rows, the engine's report and
 * preview, the checklists); this file adds the requests and the few shapes that are its own.
 *
 * Nothing here ever carries a token back to a caller: connection data holds masked tokens only
 * (`••••1234`). Tokens travel one way, in a `connect` request, into the background's vault.
 */
import { z } from 'zod';
import { connectionMetaSchema, mappingSchema, mappingSettingsSchema, shareLinkRowSchema, shareLinkSchema, syncRunRowSchema } from '../store/schemas.ts';
import { checkItemSchema } from '../checks/check-item.ts';
import { conversionHealthSchema } from '../checks/conversion-health.ts';
import { portalChecklistSchema } from '../share-links/portal-checklist.ts';
import { syncKindSchema, syncPreviewSchema, syncProgressSchema, syncRunReportSchema } from '../sync/model-schemas.ts';

/** Marks our envelopes so the background can tell them from anything else posted to runtime. */
export const CHANNEL = 'gleanin-bridge';
/** Port name of the sync progress broadcast (background -> pages and content scripts). */
export const PROGRESS_PORT = 'gleanin-bridge:sync-progress';

const id = mappingSchema.shape.id;
const sbEventId = mappingSchema.shape.sbEventId;
const region = connectionMetaSchema.shape.sessionboardRegion;
const empty = z.strictObject({});

// --- shapes: the store's and the engine's own schemas, less what never leaves the background ---

const connectionSchema = connectionMetaSchema.omit({ id: true });
export type ConnectionView = z.infer<typeof connectionSchema>;

/** The canary's bookkeeping (`firstWrite`) stays in the background. */
const mappingViewSchema = mappingSchema.omit({ firstWrite: true });
export type MappingView = z.infer<typeof mappingViewSchema>;

const runSchema = syncRunRowSchema.omit({ mappingKey: true });
export type RunView = z.infer<typeof runSchema>;

/** Only https: links leave the background (the portal card renders them as anchors). */
const httpsUrl = z.url({ protocol: /^https$/ });
/** A person's share links as the portal card gets them: only https links, and no name or email. */
const portalShareLinksSchema = shareLinkRowSchema.pick({ context: true }).extend({
  links: z.array(shareLinkSchema.extend({ url: httpsUrl })),
});

/** The events Add Mapping offers, as the background lists them (entrypoints/background/connect.ts reads them). */
const gleaninEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: z.string(),
  timeZone: z.string().nullable(),
});
const sbEventSchema = z.object({ id: z.number(), name: z.string(), timezone: z.string() });
export type GleaninEventView = z.infer<typeof gleaninEventSchema>;
export type SbEventView = z.infer<typeof sbEventSchema>;

// --- requests ---

const token = z
  .string()
  .trim()
  .min(8, 'A token is at least 8 characters long')
  .max(4096)
  .regex(/^[\x21-\x7e]+$/, 'A token has no spaces or special characters');

export const protocol = {
  getStatus: {
    request: empty,
    response: z.object({ connection: connectionSchema.nullable() }),
  },
  connect: {
    request: z.strictObject({ gleaninToken: token, sessionboardToken: token, sessionboardRegion: region }),
    /** Either connected (with notes such as a missing write scope) or the specific reason per token. */
    response: z.discriminatedUnion('connected', [
      z.object({ connected: z.literal(true), connection: connectionSchema, notes: z.array(z.string()) }),
      z.object({
        connected: z.literal(false),
        errors: z.object({ gleanin: z.string().optional(), sessionboard: z.string().optional() }),
      }),
    ]),
  },
  disconnect: { request: empty, response: z.object({ disconnected: z.literal(true) }) },
  listEvents: {
    request: empty,
    response: z.object({ gleanin: z.array(gleaninEventSchema), sessionboard: z.array(sbEventSchema) }),
  },
  listMappings: { request: empty, response: z.array(mappingViewSchema) },
  mappingForEvent: { request: z.strictObject({ sbEventId }), response: mappingViewSchema.nullable() },
  addMapping: {
    request: z.strictObject({
      sbEventId,
      gleaninEventId: id,
      /** Asked for when Gleanin does not give the event's zone. */
      gleaninTimeZone: mappingSettingsSchema.shape.gleaninTimeZone,
      settings: mappingSettingsSchema.partial().optional(),
    }),
    response: mappingViewSchema,
  },
  updateMappingSettings: {
    request: z.strictObject({ mappingId: id, patch: mappingSettingsSchema.partial() }),
    response: mappingViewSchema,
  },
  removeMapping: { request: z.strictObject({ mappingId: id }), response: z.object({ removed: z.literal(true) }) },
  previewSync: { request: z.strictObject({ mappingId: id, kind: syncKindSchema }), response: syncPreviewSchema },
  /** Resolves when the run ends; progress meanwhile on the PROGRESS_PORT broadcast. */
  startSync: {
    request: z.strictObject({
      mappingId: id,
      kind: syncKindSchema,
      allowTimeZoneMismatch: z.boolean().optional(),
      /** "Sync anyway" after a first write that Gleanin did not keep as sent. */
      acceptNotKept: z.boolean().optional(),
      /** The answer to "Confirm deletions in Gleanin": delete exactly the listed external ids, or keep them. */
      deletions: z.strictObject({ choice: z.enum(['delete', 'keep']), keys: z.array(z.string().max(300)).max(100_000).optional() }).optional(),
    }),
    response: syncRunReportSchema,
  },
  listRuns: {
    request: z.strictObject({ mappingId: id, limit: z.number().int().min(1).max(50).optional() }),
    response: z.array(runSchema),
  },
  /**
   * The portal card's one question: whose stored share links include exactly this link (found on the
   * portal page)? Answers that person's links and session context only (no name, no email: the
   * page already shows who is signed in), so the card may add their other campaign links.
   */
  shareLinksForShareLink: {
    request: z.strictObject({ link: httpsUrl.max(2048) }),
    response: z.array(portalShareLinksSchema),
  },
  /** Extension pages only: the mapping's "Speaker portal" checklist. */
  speakerPortalChecklist: {
    request: z.strictObject({ mappingId: id }),
    response: portalChecklistSchema,
  },
  /** Read-only checks of the adapters' design choices; extension pages only. `report` is plain text for support. */
  checkConnection: {
    request: empty,
    response: z.object({ at: z.string(), items: z.array(checkItemSchema), report: z.string() }),
  },
  /** The mapped Gleanin event's conversion tracking health (mapping card); extension pages only. */
  conversionHealth: {
    request: z.strictObject({ mappingId: id }),
    response: conversionHealthSchema,
  },
  exportShareLinksCsv: {
    request: z.strictObject({ mappingId: id }),
    response: z.object({ filename: z.string(), csv: z.string() }),
  },
  /** A one-time grant for the panel frame the integrations card is about to open in its own tab. */
  requestPanelGrant: { request: empty, response: z.object({ grant: z.string().regex(/^[\w-]{20,100}$/) }) },
  /** The panel page proves that our card framed it; without a redeemed grant it offers no action. */
  redeemPanelGrant: {
    request: z.strictObject({ grant: z.string().max(200) }),
    response: z.object({ granted: z.boolean() }),
  },
} as const;

type Protocol = typeof protocol;
export type RequestType = keyof Protocol;
export type RequestOf<K extends RequestType> = z.input<Protocol[K]['request']>;
export type ResponseOf<K extends RequestType> = z.output<Protocol[K]['response']>;
/** What a handler may return (checked against the response schema before it leaves). */
export type HandlerResult<K extends RequestType> = z.input<Protocol[K]['response']>;

export const requestTypes = Object.keys(protocol) as RequestType[];

export const envelopeSchema = z.strictObject({
  channel: z.literal(CHANNEL),
  type: z.string(),
  payload: z.unknown(),
});

const errorCodes = [
  'malformed',
  'sender-refused',
  'not-connected',
  'mapping-conflict',
  'not-found',
  'api',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(errorCodes), message: z.string() }) }),
]);
export type Reply = z.infer<typeof replySchema>;

// --- progress broadcast ---

export const progressEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), mappingId: z.string(), kind: syncKindSchema, ...syncProgressSchema.shape }),
  z.object({ type: z.literal('finished'), mappingId: z.string(), kind: syncKindSchema, report: syncRunReportSchema }),
]);
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** A message the background refused or could not serve; `code` lets callers react, `message` is for people. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Readable one-liner for a zod failure: "payload.sbEventId: Expected number, received string". */
export function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
}
