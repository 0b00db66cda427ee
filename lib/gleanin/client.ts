/**
 * Typed Gleanin client: JSON:API over the shared transport (lib/http), answers
 * normalised to camelCase records with string ids, every list followed through all its pages.
 * Wire choices live in adapter.ts (evidence in docs/api-assumptions.md), shapes in schemas.ts.
 *
 * Creates are not retried when their outcome is unknown (TransientError `outcomeUnknown: true`): call
 * findSpeakerByExternalId / findSessionByExternalId before creating again.
 */
import { MalformedResponseError } from '../http/errors.ts';
import { HttpTransport, type TransportOptions } from '../http/transport.ts';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGES,
  PAGE_SIZE_PARAM,
  PATHS,
  SESSION_ATTR,
  SPEAKER_ATTR,
  UPDATE_METHOD,
  WRITABLE_SESSION_KEYS,
  WRITABLE_SPEAKER_KEYS,
  gleaninProfile,
  listQuery,
  rateLimitFromHeaders,
  resourceDocument,
  type EventInclude,
} from './adapter.ts';
import {
  campaignResource,
  emptyAnswer,
  eventDocument,
  eventResource,
  listDocument,
  sessionResource,
  singleDocument,
  speakerResource,
  type GleaninCampaign,
  type GleaninEvent,
  type GleaninSession,
  type GleaninSpeaker,
} from './schemas.ts';
import type { z } from 'zod';

export type { CampaignLink, GleaninCampaign, GleaninEvent, GleaninSession, GleaninSpeaker } from './schemas.ts';
export type { EventInclude } from './adapter.ts';

import type { RateLimitInfo } from '../http/rate-limit.ts';

export interface GleaninClientOptions extends Omit<TransportOptions, 'onResponse'> {
  /** Told whenever the API reveals its rate limit or answers 429, so the engine can pace its writes. */
  onRateLimit?: (info: RateLimitInfo) => void;
  /** Asked per list page (`page[size]`, max 100); only paginating APIs take notice. */
  pageSize?: number;
}

/** What a create may send: the adapter's writable attributes, typed as the client reads them back. */
type Writable<R, K extends PropertyKey> = Partial<Pick<R, Extract<K, keyof R>>>;

export type SpeakerInput = { eventId: string; externalIdx: string; name: string } & Writable<GleaninSpeaker, (typeof WRITABLE_SPEAKER_KEYS)[number]>;
/** `externalIdx: null` releases a record we adopted (lib/sync: adopted speakers are released, not deleted). */
export type SpeakerPatch = Partial<Omit<SpeakerInput, 'eventId' | 'externalIdx'>> & { externalIdx?: string | null };

export type SessionInput = { eventId: string; externalIdx: string; title: string } & Writable<GleaninSession, (typeof WRITABLE_SESSION_KEYS)[number]>;
export type SessionPatch = Partial<Omit<SessionInput, 'eventId'>>;

export interface GleaninEventDetail extends GleaninEvent {
  campaigns?: GleaninCampaign[];
  speakers?: GleaninSpeaker[];
  sessions?: GleaninSession[];
}

export class GleaninClient {
  readonly #http: HttpTransport;
  readonly #pageSize: number;

  constructor(opts: GleaninClientOptions) {
    const { onRateLimit, pageSize, ...transport } = opts;
    this.#pageSize = Math.min(100, Math.max(1, Math.floor(pageSize ?? DEFAULT_PAGE_SIZE)));
    this.#http = new HttpTransport(gleaninProfile, {
      ...transport,
      onResponse: onRateLimit
        ? ({ status, headers, retryAfterMs }) => {
            // Every answer is reported, not only changes: the pacer spreads requests over what remains.
            const seen = rateLimitFromHeaders(headers);
            if (status === 429) onRateLimit({ ...seen, ...(retryAfterMs !== null ? { retryAfterMs } : {}) });
            else if (seen) onRateLimit(seen);
          }
        : undefined,
    });
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Every event the token sees. */
  listEvents(): Promise<GleaninEvent[]> {
    return this.#list(PATHS.events, {}, eventResource);
  }

  /** One event, optionally with included campaigns, speakers, sessions (docs/api-assumptions.md G5). */
  async getEvent(id: string, include?: EventInclude[]): Promise<GleaninEventDetail> {
    const doc = await this.#http.request({
      method: 'GET',
      path: PATHS.event(id),
      query: include?.length ? { include: include.join(',') } : undefined,
      schema: eventDocument,
    });
    const detail: GleaninEventDetail = { ...doc.data };
    for (const kind of include ?? []) {
      if (kind === 'images') continue;
      const records = doc.included.filter((r) => r.type === kind).map((r) => r.record);
      (detail as unknown as Record<string, unknown>)[kind] = records;
    }
    return detail;
  }

  listSpeakers(eventId: string): Promise<GleaninSpeaker[]> {
    return this.#list(PATHS.speakers, listQuery(eventId), speakerResource);
  }

  listSessions(eventId: string): Promise<GleaninSession[]> {
    return this.#list(PATHS.sessions, listQuery(eventId), sessionResource);
  }

  listCampaigns(eventId: string): Promise<GleaninCampaign[]> {
    return this.#list(PATHS.campaigns, listQuery(eventId), campaignResource);
  }

  /** The speaker of this event carrying our external id, or null (after an interrupted create). */
  async findSpeakerByExternalId(eventId: string, externalIdx: string): Promise<GleaninSpeaker | null> {
    const found = await this.#list(PATHS.speakers, listQuery(eventId, externalIdx), speakerResource);
    return found.find((s) => s.externalIdx === externalIdx && s.eventId === eventId) ?? null;
  }

  async findSessionByExternalId(eventId: string, externalIdx: string): Promise<GleaninSession | null> {
    const found = await this.#list(PATHS.sessions, listQuery(eventId, externalIdx), sessionResource);
    return found.find((s) => s.externalIdx === externalIdx && s.eventId === eventId) ?? null;
  }

  /** One speaker by Gleanin id (the canary first write reads its record back this way too). */
  async getSpeaker(id: string): Promise<GleaninSpeaker> {
    return (await this.#http.request({ method: 'GET', path: PATHS.speaker(id), schema: singleDocument(speakerResource) })).data;
  }

  async getSession(id: string): Promise<GleaninSession> {
    return (await this.#http.request({ method: 'GET', path: PATHS.session(id), schema: singleDocument(sessionResource) })).data;
  }

  async createSpeaker(input: SpeakerInput): Promise<GleaninSpeaker> {
    const body = resourceDocument('speakers', { ...input }, WRITABLE_SPEAKER_KEYS, SPEAKER_ATTR, { eventId: input.eventId });
    return (await this.#http.request({ method: 'POST', path: PATHS.speakers, body, schema: singleDocument(speakerResource) })).data;
  }

  async updateSpeaker(id: string, patch: SpeakerPatch): Promise<GleaninSpeaker> {
    const body = resourceDocument('speakers', { ...patch }, WRITABLE_SPEAKER_KEYS, SPEAKER_ATTR, { id });
    return (await this.#http.request({ method: UPDATE_METHOD, path: PATHS.speaker(id), body, schema: singleDocument(speakerResource) })).data;
  }

  async deleteSpeaker(id: string): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: PATHS.speaker(id), schema: emptyAnswer });
  }

  async createSession(input: SessionInput): Promise<GleaninSession> {
    const body = resourceDocument('sessions', { ...input }, WRITABLE_SESSION_KEYS, SESSION_ATTR, { eventId: input.eventId });
    return (await this.#http.request({ method: 'POST', path: PATHS.sessions, body, schema: singleDocument(sessionResource) })).data;
  }

  async updateSession(id: string, patch: SessionPatch): Promise<GleaninSession> {
    const body = resourceDocument('sessions', { ...patch }, WRITABLE_SESSION_KEYS, SESSION_ATTR, { id });
    return (await this.#http.request({ method: UPDATE_METHOD, path: PATHS.session(id), body, schema: singleDocument(sessionResource) })).data;
  }

  async deleteSession(id: string): Promise<void> {
    await this.#http.request({ method: 'DELETE', path: PATHS.session(id), schema: emptyAnswer });
  }

  /** Follows `links.next` until it is absent (an unpaginated API answers everything on the first page). */
  async #list<T extends z.ZodType>(path: string, query: Record<string, string>, item: T): Promise<z.output<T>[]> {
    const schema = listDocument(item);
    const out: z.output<T>[] = [];
    const seen = new Set<string>();
    let next: string | null = path;
    let first = true;
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES || seen.has(next)) {
        throw new MalformedResponseError({ service: 'gleanin', endpoint: `GET ${path}`, path: 'links.next', detail: 'links.next: the pages never end (a link repeats)' });
      }
      seen.add(next);
      const doc: z.output<typeof schema> = await this.#http.request({
        method: 'GET',
        path: next,
        query: first ? { ...query, [PAGE_SIZE_PARAM]: String(this.#pageSize) } : undefined,
        schema,
      });
      out.push(...(doc.data as z.output<T>[]));
      // A link may be a path on the same host (`/api/...?page[number]=2`): resolved against the page it came from,
      // never appended to the base URL.
      next = doc.links?.next ? new URL(doc.links.next, this.#http.url(next, first ? query : undefined)).href : null;
      first = false;
    }
    return out;
  }
}
