/**
 * In-memory data and rules of the Gleanin emulator: events, campaigns, speakers, sessions, and every
 * validation the emulator applies (README.md "DESIGN CHOICES"). Routes (index.ts) parse the request
 * document, this class decides what is valid and what is stored. Every DESIGN CHOICE made here is
 * listed in README.md with the evidence behind it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  JsonApiError,
  attributeIssues,
  checkAttributeNames,
  checkRelationshipNames,
  unprocessable,
  type Linkage,
  type RequestResource,
} from './jsonapi.ts';
import { ACCOUNT_ID, CAMPAIGN_KINDS, FIRST_IDS, campaignRecord, eventSlug, gleaninSeed } from './seed.ts';

export type CampaignKind = 'speaker' | 'attendee' | 'exhibitor';

export interface EventRecord {
  id: number;
  title: string;
  slug: string;
  account_id: string;
  state: 'active' | 'archived';
  conversion_heartbeats: {
    conversion_request_domains: string[];
    first_convert_request_at: string | null;
    last_convert_request_at: string | null;
    conversion_request_count: number;
  };
  /** Non-standard (docs/api-assumptions.md G6): absent unless seeded or written. */
  time_zone?: string;
  created_at: string;
  updated_at: string;
}

export interface CampaignRecord {
  id: number;
  event_id: number;
  name: string;
  kind: CampaignKind;
  share_url: string;
  created_at: string;
  updated_at: string;
}

export interface SpeakerRecord {
  id: number;
  event_id: number;
  external_idx: string | null;
  name: string;
  job_title: string | null;
  company_name: string | null;
  email: string | null;
  headshot_url: string | null;
  destination_url: string | null;
  groups: string[];
  created_at: string;
  updated_at: string;
}

export interface SessionRecord {
  id: number;
  event_id: number;
  external_idx: string | null;
  title: string;
  description: string | null;
  schedule: string | null;
  starts_at: string | null;
  ends_at: string | null;
  tracks: string[];
  speaker_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface CampaignLink {
  campaign_id: number;
  campaign_name: string;
  url: string;
}

/** Emulator-specific keys of POST /__sandbox/gleanin/config (sandbox/gleanin/README.md "Variants"). */
export const settingsSchema = z
  .object({
    pagination: z.boolean(),
    /** JSON:API allows pagination links as absolute URLs or as paths on the same host (`/api/...?page[number]=2`). */
    pageLinks: z.enum(['absolute', 'path']),
    linkDelayReads: z.number().int().min(0),
    activeEventLimit: z.number().int().min(0).nullable(),
    /**
     * Variants for what the public docs leave open (README "Variants"): wire attribute names accepted
     * on speaker/session writes but not stored (`schedule`, or `sessions.schedule` for one resource).
     */
    ignoreAttributes: z.array(z.string().min(1)),
    /** `filter[external_idx]` is accepted but ignored: the list answers every record of the event. */
    ignoreExternalIdxFilter: z.boolean(),
    /** `external_idx` is stored (and filtered on) but never shown in an answer. */
    hideExternalIdx: z.boolean(),
  })
  .partial()
  .strict();

export type GleaninSettings = Required<z.infer<typeof settingsSchema>>;

const defaultSettings = (): GleaninSettings => ({
  pagination: false,
  pageLinks: 'absolute',
  linkDelayReads: 0,
  activeEventLimit: null,
  ignoreAttributes: [],
  ignoreExternalIdxFilter: false,
  hideExternalIdx: false,
});

/** The group that marks an exhibitor team member (docs/api-assumptions.md G18). */
const EXHIBITOR_GROUP = 'Exhibitors';

// --- attribute schemas (types only; business rules follow in the store) ---------------------------

const text = z.string().nullable().optional();
const integerId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be an integer id')]).transform(Number);
const dateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with a UTC offset, e.g. 2026-05-01T09:00:00Z' })
  .nullable()
  .optional();
const stringList = z.array(z.string()).nullable().optional();

const eventAttributes = z.object({ title: text, account_id: text, time_zone: text });
const speakerAttributes = z.object({
  event_id: integerId.optional(),
  external_idx: text,
  name: text,
  job_title: text,
  company_name: text,
  email: text,
  headshot_url: text,
  destination_url: text,
  groups: stringList,
});
const sessionAttributes = z.object({
  event_id: integerId.optional(),
  external_idx: text,
  title: text,
  description: text,
  schedule: text,
  starts_at: dateTime,
  ends_at: dateTime,
  tracks: stringList,
  speaker_ids: z.array(integerId).nullable().optional(),
});

const EVENT_READ_ONLY = ['slug', 'state', 'conversion_heartbeats', 'created_at', 'updated_at'];
const SPEAKER_WRITABLE = Object.keys(speakerAttributes.shape);
const SPEAKER_READ_ONLY = ['session_count', 'session_ids', 'campaign_links', 'created_at', 'updated_at'];
const SESSION_WRITABLE = Object.keys(sessionAttributes.shape);
const SESSION_READ_ONLY = ['created_at', 'updated_at'];

// --- value rules ------------------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Extensions taken as images; an extensionless path (typical of CDNs) is accepted too. */
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'jfif', 'png', 'gif', 'webp', 'avif', 'bmp', 'svg', 'tif', 'tiff'];
/** "Gleanin does not support .heic" (CONFIRMED by Gleanin's docs); HEIF is the same container. */
const HEIC_EXTENSIONS = ['heic', 'heif'];

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * DESIGN CHOICE: a HEIC headshot, or one that is not an image, is refused. The emulator does not fetch
 * URLs, so "not an image" is decided from the URL: the format named by an image-CDN query parameter
 * (`fm=` / `format=`) or else the path's extension; no extension counts as an image.
 */
function headshotProblem(value: string): string | null {
  const url = httpUrl(value);
  if (!url) return 'Headshot url must be an http(s) URL';
  const segment = url.pathname.split('/').pop() ?? '';
  const extension = /\.([a-z][a-z0-9]{0,4})$/i.exec(segment)?.[1];
  const format = (url.searchParams.get('fm') ?? url.searchParams.get('format') ?? extension ?? '').toLowerCase();
  if (HEIC_EXTENSIONS.includes(format)) return `Headshot url is a .${format} image, which Gleanin does not support`;
  if (format && !IMAGE_EXTENSIONS.includes(format)) {
    return `Headshot url is not an image (.${format})`;
  }
  return null;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Trimmed, and empty means absent: what a Rails model with `strip` normalisers would keep. */
function trimmedOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function cleanList(values: string[] | null | undefined): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];
}

function parseAttributes<T extends z.ZodType>(schema: T, attributes: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(attributes);
  if (!parsed.success) throw attributeIssues(parsed.error);
  return parsed.data;
}

function notFound(type: string, id: string | number): JsonApiError {
  return JsonApiError.single(404, `No ${type.replace(/s$/, '')} with id ${id}`);
}

/** The URL's id as an integer, or 404 (ids are integers serialised as strings, docs/api-assumptions.md G3). */
function parseId(raw: string, type: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw notFound(type, raw);
  return Number(raw);
}

/** `relationships.<name>.data` as linkage(s) of `type`; a wrong type is a 409 like a wrong `data.type`. */
function linkage(relationships: RequestResource['relationships'], name: string, type: string, many: boolean): Linkage[] | undefined {
  const relationship = relationships[name];
  if (!relationship) return undefined;
  const data = relationship.data;
  if (many !== Array.isArray(data) || data === null) {
    throw JsonApiError.single(400, `relationships.${name}.data must be ${many ? 'an array of' : 'one'} resource identifier(s)`, {
      pointer: `/data/relationships/${name}/data`,
    });
  }
  const items = Array.isArray(data) ? data : [data];
  for (const item of items) {
    if (item.type !== type) {
      throw JsonApiError.single(409, `relationships.${name} must point at "${type}", not "${item.type}"`, {
        pointer: `/data/relationships/${name}/data`,
      });
    }
  }
  return items;
}

/** Deterministic invt.io advocate link (11 lowercase base-36 characters, the form seen on public links). */
function advocateLink(campaignId: number, speakerId: number): string {
  const hex = createHash('sha1').update(`invt:${campaignId}:${speakerId}`).digest('hex').slice(0, 16);
  return `https://invt.io/${BigInt('0x' + hex).toString(36).padStart(11, '0').slice(0, 11)}`;
}

function sameValues<T extends object>(a: T, b: T, keys: (keyof T)[]): boolean {
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

// --- the store -------------------------------------------------------------------------------------

export class GleaninStore {
  readonly events = new Map<number, EventRecord>();
  readonly campaigns = new Map<number, CampaignRecord>();
  readonly speakers = new Map<number, SpeakerRecord>();
  readonly sessions = new Map<number, SessionRecord>();
  settings: GleaninSettings = defaultSettings();
  /** speaker id -> ids of the sessions listing it (kept with every session write). */
  private readonly sessionsBySpeaker = new Map<number, Set<number>>();
  /** speaker id -> GET responses that returned it so far (links appear late, docs/api-assumptions.md G15; config linkDelayReads). */
  private readonly linkReads = new Map<number, number>();
  private nextId: Record<keyof typeof FIRST_IDS, number> = { ...FIRST_IDS };
  private readonly startedAt = Date.now();

  constructor(private readonly anchor: Date) {
    this.reset();
  }

  /** The emulator's clock: `anchor` plus the real time elapsed, so tests can pin "today". */
  now(): Date {
    return new Date(this.anchor.getTime() + (Date.now() - this.startedAt));
  }

  reset(): void {
    for (const map of [this.events, this.campaigns, this.speakers, this.sessions, this.sessionsBySpeaker, this.linkReads]) {
      map.clear();
    }
    this.settings = defaultSettings();
    const seed = gleaninSeed(this.anchor);
    for (const e of seed.events) this.events.set(e.id, e);
    for (const c of seed.campaigns) this.campaigns.set(c.id, c);
    for (const s of seed.speakers) this.speakers.set(s.id, s);
    for (const s of seed.sessions) this.saveSession(s);
    const next = (records: { id: number }[], first: number) => Math.max(first - 1, ...records.map((r) => r.id)) + 1;
    this.nextId = {
      event: next(seed.events, FIRST_IDS.event),
      campaign: next(seed.campaigns, FIRST_IDS.campaign),
      speaker: next(seed.speakers, FIRST_IDS.speaker),
      session: next(seed.sessions, FIRST_IDS.session),
    };
  }

  configure(settings: z.infer<typeof settingsSchema>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /** A write's timestamp: strictly later than the record's previous one, so every change is visible. */
  private stamp(previous?: string): string {
    const now = this.now().getTime();
    const floor = previous ? Date.parse(previous) + 1 : now;
    return new Date(Math.max(now, floor)).toISOString();
  }

  // --- events -------------------------------------------------------------------------------------

  listEvents(): EventRecord[] {
    return [...this.events.values()].sort((a, b) => a.id - b.id);
  }

  getEvent(id: string): EventRecord {
    const event = this.events.get(parseId(id, 'events'));
    if (!event) throw notFound('events', id);
    return event;
  }

  private activeEventsFull(): boolean {
    const limit = this.settings.activeEventLimit;
    if (limit === null) return false;
    return [...this.events.values()].filter((e) => e.state === 'active').length >= limit;
  }

  private static readonly LIMIT_REACHED = 'Active events limit reached for your subscription';

  createEvent(doc: RequestResource): EventRecord {
    checkAttributeNames(doc.attributes, ['title', 'account_id', 'time_zone'], EVENT_READ_ONLY);
    checkRelationshipNames(doc.relationships, []);
    const attrs = parseAttributes(eventAttributes, doc.attributes);
    const title = trimmedOrNull(attrs.title);
    const accountId = trimmedOrNull(attrs.account_id);
    const errors: { pointer: string; detail: string }[] = [];
    if (!title) errors.push({ pointer: '/data/attributes/title', detail: "Title can't be blank" });
    if (!accountId) errors.push({ pointer: '/data/attributes/account_id', detail: "Account can't be blank" });
    else if (accountId !== ACCOUNT_ID) errors.push({ pointer: '/data/attributes/account_id', detail: 'Account must exist' });
    const timeZone = trimmedOrNull(attrs.time_zone);
    if (timeZone && !validTimeZone(timeZone)) {
      errors.push({ pointer: '/data/attributes/time_zone', detail: `Time zone "${timeZone}" is not an IANA time zone` });
    }
    if (errors.length) throw unprocessable(errors);
    if (this.activeEventsFull()) throw unprocessable([{ pointer: '/data', detail: GleaninStore.LIMIT_REACHED }]);
    const at = this.stamp();
    const event: EventRecord = {
      id: this.nextId.event++,
      title: title!,
      slug: eventSlug(this.nextId.event - 1),
      account_id: accountId!,
      state: 'active',
      conversion_heartbeats: { conversion_request_domains: [], first_convert_request_at: null, last_convert_request_at: null, conversion_request_count: 0 },
      ...(timeZone ? { time_zone: timeZone } : {}),
      created_at: at,
      updated_at: at,
    };
    this.events.set(event.id, event);
    // DESIGN CHOICE: a new event gets the three default campaigns, like the seeded ones, so links work.
    for (const { kind } of CAMPAIGN_KINDS) {
      const campaign = campaignRecord(this.nextId.campaign++, event.id, kind, at);
      this.campaigns.set(campaign.id, campaign);
    }
    return event;
  }

  updateEvent(id: string, doc: RequestResource): EventRecord {
    const current = this.getEvent(id);
    checkAttributeNames(doc.attributes, ['title', 'time_zone'], [...EVENT_READ_ONLY, 'account_id']);
    checkRelationshipNames(doc.relationships, []);
    const attrs = parseAttributes(eventAttributes, doc.attributes);
    const next: EventRecord = { ...current };
    const errors: { pointer: string; detail: string }[] = [];
    if (attrs.title !== undefined) {
      const title = trimmedOrNull(attrs.title);
      if (!title) errors.push({ pointer: '/data/attributes/title', detail: "Title can't be blank" });
      else next.title = title;
    }
    if (attrs.time_zone !== undefined) {
      const zone = trimmedOrNull(attrs.time_zone);
      if (zone && !validTimeZone(zone)) {
        errors.push({ pointer: '/data/attributes/time_zone', detail: `Time zone "${zone}" is not an IANA time zone` });
      } else if (zone) next.time_zone = zone;
      else delete next.time_zone;
    }
    if (errors.length) throw unprocessable(errors);
    if (!sameValues(current, next, ['title', 'time_zone'])) next.updated_at = this.stamp(current.updated_at);
    this.events.set(next.id, next);
    return next;
  }

  /** DESIGN CHOICE: archive/activate; activating beyond the active-event limit is a 422. */
  setEventState(id: string, state: EventRecord['state']): EventRecord {
    const current = this.getEvent(id);
    if (current.state === state) return current;
    if (state === 'active' && this.activeEventsFull()) {
      throw unprocessable([{ pointer: '/data/attributes/state', detail: GleaninStore.LIMIT_REACHED }]);
    }
    const next = { ...current, state, updated_at: this.stamp(current.updated_at) };
    this.events.set(next.id, next);
    return next;
  }

  /** The event a speaker or session is written to; it must exist and be active. */
  private writableEvent(eventId: number | undefined, pointer: string): EventRecord {
    const event = eventId === undefined ? undefined : this.events.get(eventId);
    if (!event) throw unprocessable([{ pointer, detail: eventId === undefined ? "Event can't be blank" : 'Event must exist' }]);
    // DESIGN CHOICE (what Gleanin does with archived events is UNKNOWN): writes into an archived event are refused.
    if (event.state !== 'active') throw unprocessable([{ pointer, detail: `Event ${event.id} is archived; activate it first` }]);
    return event;
  }

  /** Event id from `attributes.event_id` or `relationships.event` (DESIGN CHOICE); both must agree. */
  private requestedEventId(doc: RequestResource, attributeValue: number | undefined): { id?: number; pointer: string } {
    const related = linkage(doc.relationships, 'event', 'events', false);
    const relatedId = related ? Number(related[0].id) : undefined;
    if (related && !/^\d+$/.test(String(related[0].id))) {
      throw unprocessable([{ pointer: '/data/relationships/event/data/id', detail: 'Event must exist' }]);
    }
    if (attributeValue !== undefined && relatedId !== undefined && attributeValue !== relatedId) {
      throw unprocessable([{ pointer: '/data/relationships/event', detail: 'Event in relationships differs from attributes.event_id' }]);
    }
    return {
      id: attributeValue ?? relatedId,
      pointer: attributeValue === undefined && relatedId !== undefined ? '/data/relationships/event' : '/data/attributes/event_id',
    };
  }

  // --- campaigns ----------------------------------------------------------------------------------

  listCampaigns(filter: { eventId?: number }): CampaignRecord[] {
    return [...this.campaigns.values()].filter((c) => filter.eventId === undefined || c.event_id === filter.eventId).sort((a, b) => a.id - b.id);
  }

  getCampaign(id: string): CampaignRecord {
    const campaign = this.campaigns.get(parseId(id, 'campaigns'));
    if (!campaign) throw notFound('campaigns', id);
    return campaign;
  }

  // --- speakers -----------------------------------------------------------------------------------

  listSpeakers(filter: { eventId?: number; externalIdx?: string }): SpeakerRecord[] {
    return [...this.speakers.values()]
      .filter((s) => filter.eventId === undefined || s.event_id === filter.eventId)
      .filter((s) => filter.externalIdx === undefined || s.external_idx === filter.externalIdx)
      .sort((a, b) => a.id - b.id);
  }

  getSpeaker(id: string): SpeakerRecord {
    const speaker = this.speakers.get(parseId(id, 'speakers'));
    if (!speaker) throw notFound('speakers', id);
    return speaker;
  }

  sessionIdsOf(speakerId: number): number[] {
    return [...(this.sessionsBySpeaker.get(speakerId) ?? [])].sort((a, b) => a - b);
  }

  /**
   * DESIGN CHOICE (docs/api-assumptions.md G15, G18): members of the "Exhibitors" group get a link from the event's
   * exhibitor campaign, everyone else one from its speaker campaign; a person in both roles (an
   * exhibitor team member who also speaks in a session) gets both, speaker link first.
   */
  campaignLinks(speaker: SpeakerRecord): CampaignLink[] {
    const exhibitor = speaker.groups.some((g) => g.toLowerCase() === EXHIBITOR_GROUP.toLowerCase());
    const kinds: CampaignKind[] = [];
    if (!exhibitor || this.sessionsBySpeaker.get(speaker.id)?.size) kinds.push('speaker');
    if (exhibitor) kinds.push('exhibitor');
    const campaigns = this.listCampaigns({ eventId: speaker.event_id });
    return kinds.flatMap((kind) => {
      const campaign = campaigns.find((c) => c.kind === kind);
      return campaign ? [{ campaign_id: campaign.id, campaign_name: campaign.name, url: advocateLink(campaign.id, speaker.id) }] : [];
    });
  }

  /**
   * The links as the API shows them now: empty until the speaker has been returned by
   * `linkDelayReads` earlier GET responses. `read` counts this response as one more read.
   */
  visibleCampaignLinks(speaker: SpeakerRecord, read: boolean): CampaignLink[] {
    const reads = this.linkReads.get(speaker.id) ?? 0;
    if (read) this.linkReads.set(speaker.id, reads + 1);
    return reads >= this.settings.linkDelayReads ? this.campaignLinks(speaker) : [];
  }

  createSpeaker(doc: RequestResource): SpeakerRecord {
    const attrs = this.speakerAttributes(doc);
    const target = this.requestedEventId(doc, attrs.event_id);
    const event = this.writableEvent(target.id, target.pointer);
    const at = this.stamp();
    const draft: SpeakerRecord = {
      id: this.nextId.speaker,
      event_id: event.id,
      external_idx: null,
      name: '',
      job_title: null,
      company_name: null,
      email: null,
      headshot_url: null,
      destination_url: null,
      groups: [],
      created_at: at,
      updated_at: at,
    };
    const speaker = this.applySpeaker(draft, attrs);
    this.nextId.speaker++;
    this.speakers.set(speaker.id, speaker);
    return speaker;
  }

  updateSpeaker(id: string, doc: RequestResource): SpeakerRecord {
    const current = this.getSpeaker(id);
    const attrs = this.speakerAttributes(doc);
    this.checkSameEvent(current.event_id, this.requestedEventId(doc, attrs.event_id));
    this.writableEvent(current.event_id, '/data/attributes/event_id');
    const next = this.applySpeaker({ ...current }, attrs);
    const keys: (keyof SpeakerRecord)[] = ['external_idx', 'name', 'job_title', 'company_name', 'email', 'headshot_url', 'destination_url', 'groups'];
    if (!sameValues(current, next, keys)) next.updated_at = this.stamp(current.updated_at);
    this.speakers.set(next.id, next);
    return next;
  }

  /** Deleting a speaker takes it off its sessions (those sessions' own updated_at stays). */
  deleteSpeaker(id: string): void {
    const speaker = this.getSpeaker(id);
    for (const sessionId of this.sessionIdsOf(speaker.id)) {
      const session = this.sessions.get(sessionId)!;
      this.sessions.set(sessionId, { ...session, speaker_ids: session.speaker_ids.filter((s) => s !== speaker.id) });
    }
    this.sessionsBySpeaker.delete(speaker.id);
    this.linkReads.delete(speaker.id);
    this.speakers.delete(speaker.id);
  }

  private speakerAttributes(doc: RequestResource) {
    checkAttributeNames(doc.attributes, SPEAKER_WRITABLE, SPEAKER_READ_ONLY);
    checkRelationshipNames(doc.relationships, ['event']);
    return parseAttributes(speakerAttributes, this.keptAttributes('speakers', doc.attributes));
  }

  /** The written attributes minus those the `ignoreAttributes` variant drops (valid names, silently not stored). */
  private keptAttributes(type: 'speakers' | 'sessions', attributes: Record<string, unknown>): Record<string, unknown> {
    const ignored = new Set(
      this.settings.ignoreAttributes.flatMap((name) => {
        const [scope, attribute] = name.includes('.') ? name.split('.', 2) : [type, name];
        return scope === type ? [attribute] : [];
      }),
    );
    if (!ignored.size) return attributes;
    return Object.fromEntries(Object.entries(attributes).filter(([name]) => !ignored.has(name)));
  }

  private checkSameEvent(current: number, requested: { id?: number; pointer: string }): void {
    if (requested.id !== undefined && requested.id !== current) {
      throw unprocessable([{ pointer: requested.pointer, detail: "Event can't be changed" }]);
    }
  }

  /** Applies written attributes to `draft` and checks the whole result (README.md "DESIGN CHOICES"). */
  private applySpeaker(draft: SpeakerRecord, attrs: z.infer<typeof speakerAttributes>): SpeakerRecord {
    if (attrs.name !== undefined) draft.name = attrs.name?.trim() ?? '';
    if (attrs.email !== undefined) draft.email = trimmedOrNull(attrs.email);
    if (attrs.external_idx !== undefined) draft.external_idx = trimmedOrNull(attrs.external_idx);
    if (attrs.job_title !== undefined) draft.job_title = attrs.job_title;
    if (attrs.company_name !== undefined) draft.company_name = attrs.company_name;
    if (attrs.headshot_url !== undefined) draft.headshot_url = trimmedOrNull(attrs.headshot_url);
    if (attrs.destination_url !== undefined) draft.destination_url = trimmedOrNull(attrs.destination_url);
    if (attrs.groups !== undefined) draft.groups = cleanList(attrs.groups);

    const errors: { pointer: string; detail: string }[] = [];
    const pointer = (name: string) => `/data/attributes/${name}`;
    if (!draft.name) errors.push({ pointer: pointer('name'), detail: "Name can't be blank" });
    const others = [...this.speakers.values()].filter((s) => s.event_id === draft.event_id && s.id !== draft.id);
    if (draft.email !== null) {
      const key = draft.email.toLowerCase();
      if (!EMAIL.test(draft.email)) errors.push({ pointer: pointer('email'), detail: 'Email is invalid' });
      else if (others.some((s) => s.email?.toLowerCase() === key)) {
        errors.push({ pointer: pointer('email'), detail: 'Email has already been taken' });
      }
    }
    if (draft.external_idx !== null && others.some((s) => s.external_idx === draft.external_idx)) {
      errors.push({ pointer: pointer('external_idx'), detail: 'External idx has already been taken' });
    }
    if (draft.headshot_url !== null) {
      const problem = headshotProblem(draft.headshot_url);
      if (problem) errors.push({ pointer: pointer('headshot_url'), detail: problem });
    }
    if (draft.destination_url !== null && !httpUrl(draft.destination_url)) {
      errors.push({ pointer: pointer('destination_url'), detail: 'Destination url must be an http(s) URL' });
    }
    if (errors.length) throw unprocessable(errors);
    return draft;
  }

  // --- sessions -----------------------------------------------------------------------------------

  listSessions(filter: { eventId?: number; externalIdx?: string }): SessionRecord[] {
    return [...this.sessions.values()]
      .filter((s) => filter.eventId === undefined || s.event_id === filter.eventId)
      .filter((s) => filter.externalIdx === undefined || s.external_idx === filter.externalIdx)
      .sort((a, b) => a.id - b.id);
  }

  getSession(id: string): SessionRecord {
    const session = this.sessions.get(parseId(id, 'sessions'));
    if (!session) throw notFound('sessions', id);
    return session;
  }

  createSession(doc: RequestResource): SessionRecord {
    const attrs = this.sessionAttributes(doc);
    const target = this.requestedEventId(doc, attrs.event_id);
    const event = this.writableEvent(target.id, target.pointer);
    const at = this.stamp();
    const draft: SessionRecord = {
      id: this.nextId.session,
      event_id: event.id,
      external_idx: null,
      title: '',
      description: null,
      schedule: null,
      starts_at: null,
      ends_at: null,
      tracks: [],
      speaker_ids: [],
      created_at: at,
      updated_at: at,
    };
    const session = this.applySession(draft, attrs, doc);
    this.nextId.session++;
    this.saveSession(session);
    return session;
  }

  updateSession(id: string, doc: RequestResource): SessionRecord {
    const current = this.getSession(id);
    const attrs = this.sessionAttributes(doc);
    this.checkSameEvent(current.event_id, this.requestedEventId(doc, attrs.event_id));
    this.writableEvent(current.event_id, '/data/attributes/event_id');
    const next = this.applySession({ ...current }, attrs, doc);
    const keys: (keyof SessionRecord)[] = ['external_idx', 'title', 'description', 'schedule', 'starts_at', 'ends_at', 'tracks', 'speaker_ids'];
    if (!sameValues(current, next, keys)) next.updated_at = this.stamp(current.updated_at);
    this.saveSession(next, current);
    return next;
  }

  /** DESIGN CHOICE: deleting a session detaches its speakers; they stay. */
  deleteSession(id: string): void {
    const session = this.getSession(id);
    for (const speakerId of session.speaker_ids) this.sessionsBySpeaker.get(speakerId)?.delete(session.id);
    this.sessions.delete(session.id);
  }

  private saveSession(next: SessionRecord, previous?: SessionRecord): void {
    for (const speakerId of previous?.speaker_ids ?? []) this.sessionsBySpeaker.get(speakerId)?.delete(next.id);
    for (const speakerId of next.speaker_ids) {
      let set = this.sessionsBySpeaker.get(speakerId);
      if (!set) this.sessionsBySpeaker.set(speakerId, (set = new Set()));
      set.add(next.id);
    }
    this.sessions.set(next.id, next);
  }

  private sessionAttributes(doc: RequestResource) {
    checkAttributeNames(doc.attributes, SESSION_WRITABLE, SESSION_READ_ONLY);
    checkRelationshipNames(doc.relationships, ['event', 'speakers']);
    return parseAttributes(sessionAttributes, this.keptAttributes('sessions', doc.attributes));
  }

  /** Speaker ids from `attributes.speaker_ids` or `relationships.speakers` (docs/api-assumptions.md G14); both must agree. */
  private requestedSpeakerIds(doc: RequestResource, attributeValue: number[] | null | undefined): { ids?: number[]; pointer: string } {
    const related = linkage(doc.relationships, 'speakers', 'speakers', true);
    if (related?.some((l) => !/^\d+$/.test(String(l.id)))) {
      throw unprocessable([{ pointer: '/data/relationships/speakers', detail: 'Speaker ids must be integer ids' }]);
    }
    const relatedIds = related?.map((l) => Number(l.id));
    const fromAttribute = attributeValue === undefined ? undefined : (attributeValue ?? []);
    if (fromAttribute && relatedIds && JSON.stringify([...new Set(fromAttribute)]) !== JSON.stringify([...new Set(relatedIds)])) {
      throw unprocessable([{ pointer: '/data/relationships/speakers', detail: 'Speakers in relationships differ from attributes.speaker_ids' }]);
    }
    const ids = fromAttribute ?? relatedIds;
    return {
      ids: ids && [...new Set(ids)],
      pointer: fromAttribute === undefined && relatedIds ? '/data/relationships/speakers' : '/data/attributes/speaker_ids',
    };
  }

  private applySession(draft: SessionRecord, attrs: z.infer<typeof sessionAttributes>, doc: RequestResource): SessionRecord {
    if (attrs.title !== undefined) draft.title = attrs.title?.trim() ?? '';
    if (attrs.external_idx !== undefined) draft.external_idx = trimmedOrNull(attrs.external_idx);
    if (attrs.description !== undefined) draft.description = attrs.description;
    if (attrs.schedule !== undefined) draft.schedule = attrs.schedule;
    // Stored as UTC with milliseconds, the documented timestamp form.
    if (attrs.starts_at !== undefined) draft.starts_at = attrs.starts_at && new Date(attrs.starts_at).toISOString();
    if (attrs.ends_at !== undefined) draft.ends_at = attrs.ends_at && new Date(attrs.ends_at).toISOString();
    if (attrs.tracks !== undefined) draft.tracks = cleanList(attrs.tracks);
    const speakers = this.requestedSpeakerIds(doc, attrs.speaker_ids);
    if (speakers.ids) draft.speaker_ids = speakers.ids;

    const errors: { pointer: string; detail: string }[] = [];
    if (!draft.title) errors.push({ pointer: '/data/attributes/title', detail: "Title can't be blank" });
    if (draft.starts_at && draft.ends_at && Date.parse(draft.ends_at) <= Date.parse(draft.starts_at)) {
      errors.push({ pointer: '/data/attributes/ends_at', detail: 'Ends at must be after starts at' });
    }
    const clash = (s: SessionRecord) => s.event_id === draft.event_id && s.id !== draft.id && s.external_idx === draft.external_idx;
    if (draft.external_idx !== null && [...this.sessions.values()].some(clash)) {
      errors.push({ pointer: '/data/attributes/external_idx', detail: 'External idx has already been taken' });
    }
    for (const speakerId of speakers.ids ?? []) {
      const speaker = this.speakers.get(speakerId);
      if (!speaker) errors.push({ pointer: speakers.pointer, detail: `Speaker ${speakerId} does not exist` });
      else if (speaker.event_id !== draft.event_id) {
        errors.push({ pointer: speakers.pointer, detail: `Speaker ${speakerId} belongs to event ${speaker.event_id}, not ${draft.event_id}` });
      }
    }
    if (errors.length) throw unprocessable(errors);
    return draft;
  }

  // --- inspection ---------------------------------------------------------------------------------

  /** Every record for GET /__sandbox/gleanin/state (links unconditioned, with their read counts). */
  snapshot() {
    return {
      events: this.listEvents(),
      campaigns: this.listCampaigns({}),
      speakers: this.listSpeakers({}).map((s) => ({
        ...s,
        session_ids: this.sessionIdsOf(s.id).map(String),
        session_count: this.sessionIdsOf(s.id).length,
        campaign_links: this.campaignLinks(s),
        link_reads: this.linkReads.get(s.id) ?? 0,
      })),
      sessions: this.listSessions({}).map((s) => ({ ...s, speaker_ids: s.speaker_ids.map(String) })),
    };
  }
}

