/**
 * Every Gleanin API choice the client makes that the public docs do not settle, in one place, each
 * with its evidence label; docs/api-assumptions.md G1-G22 lists each with its evidence and its live check.
 * When the live API disagrees, this is the file to correct; schemas.ts and client.ts only use its names.
 */
import { readRateLimit, type RateLimitObservation } from '../http/rate-limit.ts';
import type { ErrorInfo, ServiceProfile } from '../http/transport.ts';

/**
 * Version of the choices in this file. Raise it whenever a choice below changes: a mapping's next sync
 * then writes its first create of each record type alone and reads it back (lib/sync/canary.ts), as on
 * its first sync. docs/api-assumptions.md lists every choice and the check that tests it.
 */
export const ADAPTER_VERSION = '1';

/** CONFIRMED (docs/api-assumptions.md G1): `Authorization: Bearer <token>`. */
const authHeaders = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * Paths (docs/api-assumptions.md G8: events CONFIRMED; speakers, sessions, campaigns INFERRED/DESIGN CHOICE).
 * Updates use PATCH with only the changed attributes (INFERRED, G9).
 */
export const PATHS = {
  events: '/events',
  event: (id: string) => `/events/${encodeURIComponent(id)}`,
  speakers: '/speakers',
  speaker: (id: string) => `/speakers/${encodeURIComponent(id)}`,
  sessions: '/sessions',
  session: (id: string) => `/sessions/${encodeURIComponent(id)}`,
  campaigns: '/campaigns',
} as const;
export const UPDATE_METHOD = 'PATCH' as const;

/** The includes on events (docs/api-assumptions.md G5). */
export type EventInclude = 'campaigns' | 'sessions' | 'speakers' | 'images';

/**
 * List filters (UNKNOWN; DESIGN CHOICE, docs/api-assumptions.md G10, G11): `filter[event_id]`, and
 * `filter[external_idx]` to find a record after an interrupted create. The client also filters the
 * answer locally, so an API that ignored the filter could never make it match the wrong record.
 */
export const listQuery = (eventId: string, externalIdx?: string): Record<string, string> => ({
  'filter[event_id]': eventId,
  ...(externalIdx !== undefined ? { 'filter[external_idx]': externalIdx } : {}),
});

/**
 * Pagination (UNKNOWN; DESIGN CHOICE, docs/api-assumptions.md G19): JSON:API `page[size]` asked for on every
 * list (ignored by an unpaginated API), then `links.next` followed until absent.
 */
export const PAGE_SIZE_PARAM = 'page[size]';
export const DEFAULT_PAGE_SIZE = 100;
/** A runaway `links.next` chain stops here with a MalformedResponseError. */
export const MAX_PAGES = 10_000;

/**
 * Wire attribute names. Speaker `external_idx`, `name`, `job_title`, `company_name`, `email`,
 * `session_count`, `event_id` are CONFIRMED (docs/api-assumptions.md G12); `session_ids`, `headshot_url`,
 * `destination_url`, `groups`, `campaign_links` are INFERRED/DESIGN CHOICE (G13, G15: the docs mention
 * further attributes). Session attributes are all DESIGN CHOICE (G14: sessions are undocumented).
 * The event's `time_zone` is NOT documented (G6); read when present, else the admin confirms the zone.
 */
export const EVENT_ATTR = { title: 'title', state: 'state', accountId: 'account_id', timeZone: 'time_zone', conversionHeartbeats: 'conversion_heartbeats' } as const;
/** The event's `conversion_heartbeats` object (documented in the event sample: docs/api-assumptions.md). */
export const HEARTBEAT_ATTR = {
  domains: 'conversion_request_domains',
  firstAt: 'first_convert_request_at',
  lastAt: 'last_convert_request_at',
  count: 'conversion_request_count',
} as const;
export const SPEAKER_ATTR = {
  externalIdx: 'external_idx',
  eventId: 'event_id',
  name: 'name',
  email: 'email',
  jobTitle: 'job_title',
  companyName: 'company_name',
  headshotUrl: 'headshot_url',
  destinationUrl: 'destination_url',
  groups: 'groups',
  sessionIds: 'session_ids',
  campaignLinks: 'campaign_links',
  updatedAt: 'updated_at',
} as const;
export const SESSION_ATTR = {
  externalIdx: 'external_idx',
  eventId: 'event_id',
  title: 'title',
  description: 'description',
  schedule: 'schedule',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  tracks: 'tracks',
  speakerIds: 'speaker_ids',
  updatedAt: 'updated_at',
} as const;
/** Campaign attributes (UNKNOWN; DESIGN CHOICE, docs/api-assumptions.md G16). */
export const CAMPAIGN_ATTR = { name: 'name', kind: 'kind', shareUrl: 'share_url', eventId: 'event_id' } as const;
/** Each speaker's share links (UNKNOWN where they live; DESIGN CHOICE `campaign_links`, docs/api-assumptions.md G15). */
export const CAMPAIGN_LINK_ATTR = { campaignId: 'campaign_id', campaignName: 'campaign_name', url: 'url' } as const;

/** Which camelCase input keys a create/update may send, per resource (read-only ones are absent). */
export const WRITABLE_SPEAKER_KEYS = ['externalIdx', 'name', 'email', 'jobTitle', 'companyName', 'headshotUrl', 'destinationUrl', 'groups'] as const;
export const WRITABLE_SESSION_KEYS = ['externalIdx', 'title', 'description', 'schedule', 'startsAt', 'endsAt', 'tracks', 'speakerIds'] as const;

/**
 * A JSON:API create/update document. The event is given as the `event_id` attribute, a JSON number
 * (INFERRED: responses carry `event_id` as a number, docs/api-assumptions.md G3). Speakers are
 * attached to a session through `speaker_ids` (UNKNOWN; DESIGN CHOICE, G14).
 */
export function resourceDocument(
  type: 'speakers' | 'sessions',
  input: Record<string, unknown>,
  keys: readonly string[],
  names: Record<string, string>,
  opts: { id?: string; eventId?: string } = {},
): { data: { type: string; id?: string; attributes: Record<string, unknown> } } {
  const attributes: Record<string, unknown> = {};
  if (opts.eventId !== undefined) attributes[names.eventId] = eventIdOnWire(opts.eventId);
  for (const key of keys) if (input[key] !== undefined) attributes[names[key]] = input[key];
  return { data: { type, ...(opts.id !== undefined ? { id: opts.id } : {}), attributes } };
}

/** Ids are strings on the wire, foreign keys numbers (CONFIRMED, docs/api-assumptions.md G3). */
const eventIdOnWire = (eventId: string): number | string => (/^\d{1,15}$/.test(eventId) ? Number(eventId) : eventId);

/**
 * External ids of the records the integration creates (DESIGN CHOICE, docs/api-assumptions.md G17): the id names
 * the Sessionboard event, `sb:<sbEventId>:<kind>:<ids>`, so a record proves which mapping owns it in
 * Gleanin itself, whichever browser runs the sync and after a reinstall. Kinds: `session:<uuid>`,
 * `contact:<uuid>`, `exhibitor-contact:<exhibitor id>:<contact id>` (G18). A speaker made by
 * hand in Gleanin and adopted ("link existing") carries `sb:<sbEventId>:adopted-<kind>:<ids>`, so
 * releasing it is never a delete. Ids are stable across reconnects so a re-made mapping finds its
 * records again. The earlier format without the event (`sb:<kind>:<ids>`) is still read (`legacy`)
 * and re-tagged by the engine.
 */
type ExternalIdKind = 'session' | 'contact' | 'exhibitor-contact';
export const externalId = {
  session: (sbEventId: string | number, sbSessionId: string) => `sb:${sbEventId}:session:${sbSessionId}`,
  contact: (sbEventId: string | number, sbContactId: string) => `sb:${sbEventId}:contact:${sbContactId}`,
  exhibitorContact: (sbEventId: string | number, sbExhibitorId: string, sbContactId: string) =>
    `sb:${sbEventId}:exhibitor-contact:${sbExhibitorId}:${sbContactId}`,
  /** The form an adopted record carries, from the id the integration would have given it. */
  adopted: (key: string) => key.replace(/^sb:(\d+):(?!adopted-)/, 'sb:$1:adopted-'),
};

/** What an external id says about the record carrying it. */
export interface ExternalIdParts {
  /** The Sessionboard event named by the id; null for the earlier format that did not name it. */
  sbEventId: string | null;
  kind: ExternalIdKind;
  ids: string[];
  adopted: boolean;
}

/** The prefix every id the integration writes starts with; an id with it that does not parse is not ours. */
const EXTERNAL_ID_PREFIX = 'sb:';

/**
 * The parts of an external id, `'unparseable'` for an `sb:` id of no shape the integration makes, or
 * null when the id is not one of the integration's at all (hand-made records, other tools).
 */
export function parseExternalId(value: string | null | undefined): ExternalIdParts | 'unparseable' | null {
  if (!value?.startsWith(EXTERNAL_ID_PREFIX)) return null;
  const current = /^sb:(\d{1,15}):(adopted-)?(session|contact|exhibitor-contact):(.+)$/.exec(value);
  const legacy = current ? null : /^sb:(session|contact|exhibitor-contact):(.+)$/.exec(value);
  const kind = (current?.[3] ?? legacy?.[1]) as ExternalIdKind | undefined;
  const rest = current?.[4] ?? legacy?.[2];
  if (!kind || rest === undefined) return 'unparseable';
  const ids = rest.split(':');
  if (ids.length !== (kind === 'exhibitor-contact' ? 2 : 1) || !ids.every(Boolean)) return 'unparseable';
  return { sbEventId: current ? current[1] : null, kind, ids, adopted: !!current?.[2] };
}

/** The id the integration gives a record of these parts under a Sessionboard event (not the adopted form). */
export function externalIdFor(sbEventId: string | number, parts: Pick<ExternalIdParts, 'kind' | 'ids'>): string {
  if (parts.kind === 'session') return externalId.session(sbEventId, parts.ids[0]);
  if (parts.kind === 'contact') return externalId.contact(sbEventId, parts.ids[0]);
  return externalId.exhibitorContact(sbEventId, parts.ids[0], parts.ids[1]);
}

/** DESIGN CHOICE (docs/api-assumptions.md G18): exhibitor team members are speaker records in this group. */
export const EXHIBITOR_GROUP = 'Exhibitors';

/**
 * Rate limits (UNKNOWN; DESIGN CHOICE, docs/api-assumptions.md G20): read as
 * the IETF draft means them, a quota per window with what remains and when it resets (`RateLimit-Policy`,
 * combined `RateLimit`, `RateLimit-Limit/-Remaining/-Reset`, `X-RateLimit-*`), never as a per-second
 * rate unless the window is one second; a 429's `Retry-After` wins. The engine's pacer consumes both.
 */
export function rateLimitFromHeaders(headers: Headers, nowMs = Date.now()): RateLimitObservation | null {
  return readRateLimit(headers, nowMs);
}

/**
 * Error bodies (INFERRED Rails/JSON:API, docs/api-assumptions.md G21): `{errors: [{status, title, detail,
 * source: {pointer | parameter}}]}`; `/data/attributes/email` becomes the field `email`.
 */
function parseError(_status: number, body: unknown): ErrorInfo {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return typeof body === 'string' && body.trim() ? { detail: body.trim().slice(0, 300) } : {};
  }
  const items = errors.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const fields = items.flatMap((e) => {
    const source = (e.source ?? {}) as { pointer?: unknown; parameter?: unknown };
    const pointer = text(source.pointer);
    const field = pointer ? pointer.replace(/^\/data\/attributes\//, '').replace(/^\/data\//, '').replace(/^\//, '') : text(source.parameter);
    const detail = text(e.detail) ?? text(e.title) ?? '';
    return field !== undefined ? [{ field, detail }] : [];
  });
  const detail = items.map((e) => text(e.detail) ?? text(e.title)).filter(Boolean).join('; ');
  return { detail: detail || undefined, fields };
}

export const gleaninProfile: ServiceProfile = { service: 'gleanin', authHeaders, parseError };
