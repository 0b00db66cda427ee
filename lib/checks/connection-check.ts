/**
 * "Check connection": read-only checks of the design choices of both adapters that can be observed
 * without writing (docs/api-assumptions.md lists each choice and names its check here). Every check
 * names its assumption and ends as "holds", "does not hold (expected ..., saw ...)" or "could not be
 * checked (...)". The report text holds no token, no email and no name: only attribute names, counts,
 * statuses and header names, so it can go to support as it is.
 */
import { z } from 'zod';
import {
  EVENT_ATTR,
  PATHS as GL_PATHS,
  PAGE_SIZE_PARAM,
  SESSION_ATTR,
  SPEAKER_ATTR,
  gleaninProfile,
  listQuery,
} from '../gleanin/adapter.ts';
import { HttpTransport, type TransportOptions } from '../http/transport.ts';
import { PATHS as SB_PATHS, isMaskedEmail, sessionboardProfile } from '../sessionboard/adapter.ts';
import type { CheckItem } from './check-item.ts';
import { isValidTimeZone } from '../sync/fields.ts';

export function itemText(item: CheckItem): string {
  if (item.status === 'holds') return `${item.assumption}: holds`;
  if (item.status === 'does-not-hold') return `${item.assumption}: does not hold (expected ${item.expected}, saw ${item.saw})`;
  return `${item.assumption}: could not be checked (${item.why})`;
}

/** Plain text for support. Emails and long token-like strings are masked once more, whatever a check said. */
export function reportText(items: CheckItem[], meta: { at: string; extensionVersion?: string }): string {
  const scrub = (s: string) => s.replace(/[^\s@"(),;]+@[^\s@"(),;]+/g, '<email>').replace(/\b[A-Za-z0-9_-]{24,}\b/g, '<redacted>');
  const lines = [
    `Gleanin Bridge connection check, ${meta.at}${meta.extensionVersion ? `, extension ${meta.extensionVersion}` : ''}`,
    ...(['gleanin', 'sessionboard'] as const).flatMap((service) => [
      '',
      service === 'gleanin' ? 'Gleanin' : 'Sessionboard',
      ...items.filter((i) => i.service === service).map((i) => `- ${scrub(itemText(i))}`),
    ]),
  ];
  return lines.join('\n');
}

export interface CheckDeps {
  gleanin: Pick<TransportOptions, 'baseUrl' | 'token' | 'fetch'>;
  sessionboard: Pick<TransportOptions, 'baseUrl' | 'token' | 'fetch'>;
  /** The mapped events, when there are any: checks then look at the records the sync will touch. */
  gleaninEventId?: string;
  sbEventId?: number;
  /** Whether the token may write contacts / create fields, as Connect found it. */
  canWriteContacts?: boolean;
  canWriteFields?: boolean;
  /** A look-up id that cannot exist (tests pin it). */
  impossibleId?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One GET/POST with the service's auth and error handling, answering the raw body and headers. */
function rawReader(profile: typeof gleaninProfile, opts: CheckDeps['gleanin']) {
  let headers = new Headers();
  let status = 0;
  const http = new HttpTransport(profile, {
    ...opts,
    retries: 1,
    onResponse: (info) => {
      headers = info.headers;
      status = info.status;
    },
  });
  return async (method: 'GET' | 'POST', path: string, query?: Record<string, string>, body?: unknown): Promise<Answer> => {
    const parsed = await http.request({ method, path, query, body, schema: z.unknown(), idempotent: true });
    return { status, headers, body: parsed };
  };
}

type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);
const errText = (e: unknown) => (e instanceof Error ? e.message.replace(/\s+/g, ' ').slice(0, 160) : String(e));
const missing = (attrs: Rec, names: string[]) => names.filter((n) => !(n in attrs));
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** A JSON:API list document: `data` an array of resources of `type` with string ids and attributes. */
function jsonApiProblem(body: unknown, type: string): string | null {
  if (!isObj(body) || !Array.isArray(body.data)) return 'no "data" array';
  for (const r of body.data) {
    if (!isObj(r)) return 'a non-object in "data"';
    if (r.type !== type) return `a resource of type ${JSON.stringify(r.type)}`;
    if (typeof r.id !== 'string') return `an id of type ${typeof r.id}`;
    if (!isObj(r.attributes)) return 'a resource without "attributes"';
  }
  return null;
}

export async function checkConnection(deps: CheckDeps): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  const add = (item: CheckItem) => items.push(item);
  const impossible = deps.impossibleId ?? `sb:check:cannot-exist-${Date.now().toString(36)}`;
  const gl = rawReader(gleaninProfile, deps.gleanin);
  const sb = rawReader(sessionboardProfile, deps.sessionboard);
  const G = 'gleanin' as const;
  const S = 'sessionboard' as const;

  // --- Gleanin ------------------------------------------------------------------------------------
  let events: Rec[] = [];
  let lastHeaders: Headers | null = null;
  try {
    const answer = await gl('GET', GL_PATHS.events);
    lastHeaders = answer.headers;
    const problem = jsonApiProblem(answer.body, 'events');
    add(problem
      ? { id: 'gl-jsonapi', service: G, assumption: 'Gleanin answers JSON:API documents (GET /events)', status: 'does-not-hold', expected: 'data: [{type: "events", id: "<string>", attributes}]', saw: problem }
      : { id: 'gl-jsonapi', service: G, assumption: 'Gleanin answers JSON:API documents (GET /events)', status: 'holds' });
    events = problem ? [] : ((answer.body as Rec).data as Rec[]);
  } catch (e) {
    add({ id: 'gl-jsonapi', service: G, assumption: 'Gleanin answers JSON:API documents (GET /events)', status: 'does-not-hold', expected: 'a 200 answer', saw: errText(e) });
  }
  const eventAttrs = [EVENT_ATTR.title, EVENT_ATTR.state, EVENT_ATTR.accountId];
  const attrsOf = (r: Rec) => (isObj(r.attributes) ? r.attributes : {});
  if (!events.length) {
    add({ id: 'gl-event-attributes', service: G, assumption: `Event attributes ${eventAttrs.join(', ')}`, status: 'not-checked', why: 'no event could be read' });
  } else {
    const absent = [...new Set(events.flatMap((e) => missing(attrsOf(e), eventAttrs)))];
    add(absent.length
      ? { id: 'gl-event-attributes', service: G, assumption: `Event attributes ${eventAttrs.join(', ')}`, status: 'does-not-hold', expected: 'each on every event', saw: `${absent.join(', ')} missing` }
      : { id: 'gl-event-attributes', service: G, assumption: `Event attributes ${eventAttrs.join(', ')}`, status: 'holds' });
    const zones = events.map((e) => attrsOf(e)[EVENT_ATTR.timeZone]).filter((z) => z !== undefined && z !== null);
    const bad = zones.filter((z) => typeof z !== 'string' || !isValidTimeZone(z));
    add(bad.length
      ? { id: 'gl-time-zone', service: G, assumption: 'Event time zone in "time_zone" when given (else the admin confirms it)', status: 'does-not-hold', expected: 'an IANA zone name or no attribute', saw: `${count(bad.length, 'value')} that is not an IANA zone` }
      : { id: 'gl-time-zone', service: G, assumption: 'Event time zone in "time_zone" when given (else the admin confirms it)', status: 'holds' });
    const beats = events.filter((e) => isObj(attrsOf(e).conversion_heartbeats));
    add(beats.length === events.length
      ? { id: 'gl-heartbeats', service: G, assumption: 'Event conversion_heartbeats (conversion tracking health)', status: 'holds' }
      : { id: 'gl-heartbeats', service: G, assumption: 'Event conversion_heartbeats (conversion tracking health)', status: 'does-not-hold', expected: 'an object on every event', saw: `${count(events.length - beats.length, 'event')} without it` });
  }

  // The event to look at: the mapped one, else the first that has speakers.
  const candidates = deps.gleaninEventId ? [deps.gleaninEventId] : events.slice(0, 5).map((e) => String(e.id));
  let eventId: string | undefined;
  let speakers: Rec[] = [];
  let sessions: Rec[] = [];
  let includeProblem: string | null = 'no event could be read';
  for (const id of candidates) {
    try {
      const answer = await gl('GET', GL_PATHS.event(id), { include: 'campaigns,sessions,speakers' });
      lastHeaders = answer.headers;
      const body = answer.body as Rec;
      const data = isObj(body?.data) ? body.data : {};
      const rel = isObj(data.relationships) ? data.relationships : {};
      const absent = ['campaigns', 'sessions', 'speakers'].filter((k) => !isObj(rel[k]));
      includeProblem = absent.length ? `no relationships for ${absent.join(', ')}` : null;
      const included = Array.isArray(body?.included) ? (body.included as Rec[]) : [];
      eventId ??= id;
      if (included.some((r) => r.type === 'speakers')) {
        eventId = id;
        speakers = included.filter((r) => r.type === 'speakers');
        sessions = included.filter((r) => r.type === 'sessions');
        break;
      }
    } catch (e) {
      includeProblem = errText(e);
    }
  }
  const includeName = 'Event includes campaigns, sessions, speakers (GET /events/{id}?include=...)';
  add(includeProblem
    ? { id: 'gl-includes', service: G, assumption: includeName, status: eventId ? 'does-not-hold' : 'not-checked', expected: 'a relationship and included records per include', saw: includeProblem, why: includeProblem }
    : { id: 'gl-includes', service: G, assumption: includeName, status: 'holds' });

  const speakerAttrs = [SPEAKER_ATTR.externalIdx, SPEAKER_ATTR.eventId, SPEAKER_ATTR.name, SPEAKER_ATTR.email, SPEAKER_ATTR.jobTitle, SPEAKER_ATTR.companyName, SPEAKER_ATTR.headshotUrl, SPEAKER_ATTR.groups];
  const sessionAttrs = [SESSION_ATTR.externalIdx, SESSION_ATTR.eventId, SESSION_ATTR.title, SESSION_ATTR.description, SESSION_ATTR.schedule, SESSION_ATTR.startsAt, SESSION_ATTR.endsAt, SESSION_ATTR.tracks, SESSION_ATTR.speakerIds];
  const attributeCheck = (id: string, what: string, records: Rec[], names: string[]) => {
    const assumption = `${what} attributes ${names.join(', ')}`;
    if (!records.length) return add({ id, service: G, assumption, status: 'not-checked', why: `no ${what.toLowerCase()} records in Gleanin yet` });
    const absent = [...new Set(records.flatMap((r) => missing(attrsOf(r), names)))];
    add(absent.length
      ? { id, service: G, assumption, status: 'does-not-hold', expected: 'each on every record', saw: `${absent.join(', ')} missing` }
      : { id, service: G, assumption, status: 'holds' });
  };
  attributeCheck('gl-speaker-attributes', 'Speaker', speakers, speakerAttrs);
  attributeCheck('gl-session-attributes', 'Session', sessions, sessionAttrs);
  {
    const assumption = `Share links in each speaker's "${SPEAKER_ATTR.campaignLinks}"`;
    if (!speakers.length) add({ id: 'gl-share-links', service: G, assumption, status: 'not-checked', why: 'no speaker records in Gleanin yet' });
    else {
      const without = speakers.filter((r) => !Array.isArray(attrsOf(r)[SPEAKER_ATTR.campaignLinks])).length;
      add(without
        ? { id: 'gl-share-links', service: G, assumption, status: 'does-not-hold', expected: 'an array on every speaker', saw: `${count(without, 'speaker')} without it` }
        : { id: 'gl-share-links', service: G, assumption, status: 'holds' });
    }
  }

  // Filters: an id that cannot exist must answer no record.
  if (!eventId) {
    for (const [id, name] of [['gl-filter-event', 'filter[event_id] honoured'], ['gl-filter-external-idx', 'filter[external_idx] honoured']]) {
      add({ id, service: G, assumption: name, status: 'not-checked', why: 'no event could be read' });
    }
  } else {
    try {
      const answer = await gl('GET', GL_PATHS.speakers, { ...listQuery('999999999999') });
      const data = isObj(answer.body) && Array.isArray(answer.body.data) ? answer.body.data : null;
      add(data && data.length === 0
        ? { id: 'gl-filter-event', service: G, assumption: 'filter[event_id] honoured (speakers of an event that cannot exist)', status: 'holds' }
        : { id: 'gl-filter-event', service: G, assumption: 'filter[event_id] honoured (speakers of an event that cannot exist)', status: 'does-not-hold', expected: 'no record', saw: data ? count(data.length, 'record') : 'no "data" array' });
    } catch (e) {
      add({ id: 'gl-filter-event', service: G, assumption: 'filter[event_id] honoured (speakers of an event that cannot exist)', status: 'does-not-hold', expected: 'an empty list', saw: errText(e) });
    }
    const assumption = 'filter[external_idx] honoured (look-up of an external id that cannot exist)';
    for (const [resource, records] of [[GL_PATHS.speakers, speakers], [GL_PATHS.sessions, sessions]] as const) {
      if (!records.length && resource === GL_PATHS.sessions) continue;
      try {
        const answer = await gl('GET', resource, listQuery(eventId, impossible));
        lastHeaders = answer.headers;
        const data = isObj(answer.body) && Array.isArray(answer.body.data) ? answer.body.data : null;
        if (data && data.length === 0) {
          if (!records.length) add({ id: 'gl-filter-external-idx', service: G, assumption, status: 'not-checked', why: 'the event has no speakers, so an ignored filter would look the same' });
          else add({ id: 'gl-filter-external-idx', service: G, assumption, status: 'holds' });
        } else {
          add({ id: 'gl-filter-external-idx', service: G, assumption, status: 'does-not-hold', expected: 'no record', saw: data ? `${count(data.length, 'record')} on ${resource}` : 'no "data" array' });
        }
      } catch (e) {
        add({ id: 'gl-filter-external-idx', service: G, assumption, status: 'does-not-hold', expected: 'an empty list', saw: errText(e) });
      }
      break;
    }
    // Pagination: ask for one record per page.
    const pageName = 'Lists page by links.next (or answer everything at once)';
    try {
      const answer = await gl('GET', GL_PATHS.speakers, { ...listQuery(eventId), [PAGE_SIZE_PARAM]: '1' });
      const body = answer.body as Rec;
      const data = Array.isArray(body?.data) ? body.data : [];
      const links = isObj(body?.links) ? body.links : {};
      const meta = isObj(body?.meta) ? body.meta : {};
      const total = typeof meta.record_count === 'number' ? meta.record_count : undefined;
      const next = links.next;
      if (next !== undefined && next !== null && typeof next !== 'string') {
        add({ id: 'gl-pagination', service: G, assumption: pageName, status: 'does-not-hold', expected: 'links.next a URL string', saw: `links.next of type ${typeof next}` });
      } else if (!next && total !== undefined && total > data.length) {
        add({ id: 'gl-pagination', service: G, assumption: pageName, status: 'does-not-hold', expected: `a links.next while ${total} records are counted`, saw: `${data.length} records and no links.next` });
      } else add({ id: 'gl-pagination', service: G, assumption: pageName, status: 'holds' });
    } catch (e) {
      add({ id: 'gl-pagination', service: G, assumption: pageName, status: 'does-not-hold', expected: 'a 200 answer', saw: errText(e) });
    }
  }
  add(rateLimitItem('gl-rate-limit', G, lastHeaders));

  // --- Sessionboard -------------------------------------------------------------------------------
  let sbEventId = deps.sbEventId;
  let sbHeaders: Headers | null = null;
  try {
    const answer = await sb('GET', SB_PATHS.events);
    sbHeaders = answer.headers;
    const body = answer.body as Rec;
    const list = Array.isArray(body?.results) ? body.results : Array.isArray(body?.data) ? body.data : null;
    add(list
      ? { id: 'sb-events', service: S, assumption: 'Sessionboard events at GET /v1/events (results or data)', status: 'holds' }
      : { id: 'sb-events', service: S, assumption: 'Sessionboard events at GET /v1/events (results or data)', status: 'does-not-hold', expected: 'a "results" or "data" array', saw: isObj(body) ? `keys ${Object.keys(body).join(', ') || 'none'}` : typeof body });
    const events = (list ?? []) as Rec[];
    sbEventId ??= events.length ? Number(events[0].id) : undefined;
    const zoneless = events.filter((e) => typeof e.timezone !== 'string').length;
    add(!events.length
      ? { id: 'sb-time-zone', service: S, assumption: 'Sessionboard event time zone in "timezone"', status: 'not-checked', why: 'no event visible to this token' }
      : zoneless
        ? { id: 'sb-time-zone', service: S, assumption: 'Sessionboard event time zone in "timezone"', status: 'does-not-hold', expected: 'a zone on every event', saw: `${count(zoneless, 'event')} without one` }
        : { id: 'sb-time-zone', service: S, assumption: 'Sessionboard event time zone in "timezone"', status: 'holds' });
  } catch (e) {
    add({ id: 'sb-events', service: S, assumption: 'Sessionboard events at GET /v1/events (results or data)', status: 'does-not-hold', expected: 'a 200 answer', saw: errText(e) });
  }
  const needEvent = (id: string, assumption: string) => add({ id, service: S, assumption, status: 'not-checked', why: 'no Sessionboard event to look at' });
  if (sbEventId === undefined) {
    needEvent('sb-search-envelope', 'Searches answer "results" or "data" with a total');
    needEvent('sb-hide-pii', 'Hide PII is off for this token (emails readable)');
    needEvent('sb-write-contacts', 'Token may write contacts (share links written back)');
    needEvent('sb-gleanin-link-field', '"Gleanin Link" contact field exists or can be created');
  } else {
    const searchName = 'Searches answer "results" or "data" with a total';
    try {
      const answer = await sb('POST', SB_PATHS.search(sbEventId, 'contacts'), { page: '1', pageSize: '1' }, {});
      sbHeaders = answer.headers;
      const body = answer.body as Rec;
      const list = Array.isArray(body?.results) ? body.results : Array.isArray(body?.data) ? body.data : null;
      add(list
        ? { id: 'sb-search-envelope', service: S, assumption: searchName, status: 'holds' }
        : { id: 'sb-search-envelope', service: S, assumption: searchName, status: 'does-not-hold', expected: 'a "results" or "data" array', saw: isObj(body) ? `keys ${Object.keys(body).join(', ') || 'none'}` : typeof body });
      const first = (list ?? [])[0] as Rec | undefined;
      const email = first && typeof first.email === 'string' ? first.email : null;
      add(!first
        ? { id: 'sb-hide-pii', service: S, assumption: 'Hide PII is off for this token (emails readable)', status: 'not-checked', why: 'the event has no contacts yet' }
        : email && !isMaskedEmail(email)
          ? { id: 'sb-hide-pii', service: S, assumption: 'Hide PII is off for this token (emails readable)', status: 'holds' }
          : { id: 'sb-hide-pii', service: S, assumption: 'Hide PII is off for this token (emails readable)', status: 'does-not-hold', expected: 'readable emails', saw: email ? 'masked emails' : 'no email attribute' });
    } catch (e) {
      add({ id: 'sb-search-envelope', service: S, assumption: searchName, status: 'does-not-hold', expected: 'a 200 answer', saw: errText(e) });
    }
    // Connect probes the write scope with an empty bulk (lib/sessionboard/adapter.ts PROBE_WRITE_BODY);
    // this check sends nothing that even looks like a write and reports what Connect found.
    const writeName = 'Token may write contacts (share links written back), as Connect found';
    if (deps.canWriteContacts === undefined) add({ id: 'sb-write-contacts', service: S, assumption: writeName, status: 'not-checked', why: 'Connect did not record it' });
    else if (deps.canWriteContacts) add({ id: 'sb-write-contacts', service: S, assumption: writeName, status: 'holds' });
    else add({ id: 'sb-write-contacts', service: S, assumption: writeName, status: 'does-not-hold', expected: 'write:contacts', saw: 'a token without it' });
    try {
      const answer = await sb('POST', SB_PATHS.fields(sbEventId), undefined, {});
      const body = answer.body as Rec;
      const list = (Array.isArray(body?.results) ? body.results : Array.isArray(body?.data) ? body.data : []) as Rec[];
      const exists = list.some((f) => typeof f.name === 'string' && f.name.trim().toLowerCase() === 'gleanin link');
      add(exists || deps.canWriteFields
        ? { id: 'sb-gleanin-link-field', service: S, assumption: '"Gleanin Link" contact field exists or can be created', status: 'holds' }
        : { id: 'sb-gleanin-link-field', service: S, assumption: '"Gleanin Link" contact field exists or can be created', status: 'does-not-hold', expected: 'the field, or write:fields to create it', saw: 'neither' });
    } catch (e) {
      add({ id: 'sb-gleanin-link-field', service: S, assumption: '"Gleanin Link" contact field exists or can be created', status: 'does-not-hold', expected: 'a fields list', saw: errText(e) });
    }
  }
  add(rateLimitItem('sb-rate-limit', S, sbHeaders));
  return items;
}


/**
 * Rate-limit headers as the IETF draft means them: a quota per window (`RateLimit-Policy: q;w=s`, the
 * combined `RateLimit` field, or `X-RateLimit-*` with a reset). No header is fine (429 + Retry-After).
 */
export function rateLimitItem(id: string, service: 'gleanin' | 'sessionboard', headers: Headers | null): CheckItem {
  const assumption = 'Rate-limit headers, when sent, give a quota per window';
  if (!headers) return { id, service, assumption, status: 'not-checked', why: 'no answer was read' };
  const limit = headers.get('ratelimit-limit') ?? headers.get('x-ratelimit-limit');
  const policy = headers.get('ratelimit-policy');
  const combined = headers.get('ratelimit');
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset');
  if (!limit && !policy && !combined) return { id, service, assumption, status: 'holds' };
  if ((policy && /\bw=\d+/.test(policy)) || (combined && /\b[rt]=\d+/.test(combined)) || reset) return { id, service, assumption, status: 'holds' };
  return { id, service, assumption, status: 'not-checked', why: `a limit of ${limit} without a window (no RateLimit-Policy w=, no reset)` };
}
