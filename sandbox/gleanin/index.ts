/**
 * Gleanin client API emulator (rules in sandbox/gleanin/README.md): a hono app serving the full
 * paths `/api/clients/v1/...` and `/__sandbox/gleanin/{state,reset,config}`. Data and rules live in
 * store.ts, JSON:API plumbing in jsonapi.ts, the seed in seed.ts; README.md lists the DESIGN CHOICES.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { EmulatorControls } from '../common/controls.ts';
import { JsonApiError, errorObject, paginate, parseInclude, readDocument, type ErrorObject } from './jsonapi.ts';
import {
  GleaninStore,
  settingsSchema,
  type CampaignRecord,
  type EventRecord,
  type SessionRecord,
  type SpeakerRecord,
} from './store.ts';

export { GleaninStore } from './store.ts';
export type { GleaninSettings, EventRecord, SpeakerRecord, SessionRecord, CampaignRecord, CampaignLink } from './store.ts';
export { ACCOUNT_ID } from './seed.ts';

export const GLEANIN_API_BASE = '/api/clients/v1';
export const GLEANIN_SANDBOX_BASE = '/__sandbox/gleanin';

/** The emulator's one valid token and one revoked token (sandbox/README.md "Tokens"). */
export const GLEANIN_TOKENS = { valid: 'gl_test_7f3a9c2e5b1d4', revoked: 'gl_revoked_0000' } as const;

export interface GleaninEmulator {
  app: Hono;
  tokens: { valid: string; revoked: string };
  /** Back to the seed: records, settings, controls and request log. */
  reset(): void;
  controls: EmulatorControls;
  store: GleaninStore;
}

const EVENT_INCLUDES = ['campaigns', 'sessions', 'speakers', 'images'] as const;
type EventInclude = (typeof EVENT_INCLUDES)[number];

interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { type: string; id: string } | { type: string; id: string }[] }>;
}

const ref = (type: string, id: number) => ({ type, id: String(id) });

const errorBody = (errors: ErrorObject[]) => ({ errors });

export function createGleaninEmulator(opts: { now?: Date } = {}): GleaninEmulator {
  const store = new GleaninStore(opts.now ?? new Date());
  const controls = new EmulatorControls({
    rateLimited: (seconds) => errorBody([errorObject(429, `Rate limit exceeded; retry after ${seconds} s`)]),
    serverError: () => errorBody([errorObject(503, 'The service is temporarily unavailable')]),
  });

  // --- serialization (JSON:API documents; README.md "DESIGN CHOICES") ----------------------------

  /** `read`: a GET response, which counts towards linkDelayReads; write responses only show links. */
  /** The `hideExternalIdx` variant leaves `external_idx` out of every answer. */
  const externalIdxAttr = (value: string | null) => (store.settings.hideExternalIdx ? {} : { external_idx: value });

  const speakerResource = (s: SpeakerRecord, read: boolean): Resource => {
    const sessionIds = store.sessionIdsOf(s.id);
    return {
      type: 'speakers',
      id: String(s.id),
      attributes: {
        ...externalIdxAttr(s.external_idx),
        name: s.name,
        job_title: s.job_title,
        company_name: s.company_name,
        email: s.email,
        session_count: sessionIds.length,
        event_id: s.event_id,
        session_ids: sessionIds.map(String),
        headshot_url: s.headshot_url,
        destination_url: s.destination_url,
        groups: s.groups,
        campaign_links: store.visibleCampaignLinks(s, read),
        created_at: s.created_at,
        updated_at: s.updated_at,
      },
      relationships: { event: { data: ref('events', s.event_id) }, sessions: { data: sessionIds.map((id) => ref('sessions', id)) } },
    };
  };

  const sessionResource = (s: SessionRecord): Resource => ({
    type: 'sessions',
    id: String(s.id),
    attributes: {
      ...externalIdxAttr(s.external_idx),
      title: s.title,
      description: s.description,
      schedule: s.schedule,
      starts_at: s.starts_at,
      ends_at: s.ends_at,
      tracks: s.tracks,
      speaker_ids: s.speaker_ids.map(String),
      event_id: s.event_id,
      created_at: s.created_at,
      updated_at: s.updated_at,
    },
    relationships: { event: { data: ref('events', s.event_id) }, speakers: { data: s.speaker_ids.map((id) => ref('speakers', id)) } },
  });

  const campaignResource = (c: CampaignRecord): Resource => ({
    type: 'campaigns',
    id: String(c.id),
    attributes: { name: c.name, kind: c.kind, share_url: c.share_url, event_id: c.event_id, created_at: c.created_at, updated_at: c.updated_at },
    relationships: { event: { data: ref('events', c.event_id) } },
  });

  /** Events show a relationship per requested include and add those records to `included`. */
  const eventResource = (e: EventRecord, includes: Set<EventInclude>, included: Map<string, Resource>): Resource => {
    const relationships: NonNullable<Resource['relationships']> = {};
    const add = (r: Resource) => included.set(`${r.type}:${r.id}`, r);
    if (includes.has('campaigns')) {
      const campaigns = store.listCampaigns({ eventId: e.id });
      relationships.campaigns = { data: campaigns.map((c) => ref('campaigns', c.id)) };
      for (const c of campaigns) add(campaignResource(c));
    }
    if (includes.has('sessions')) {
      const sessions = store.listSessions({ eventId: e.id });
      relationships.sessions = { data: sessions.map((s) => ref('sessions', s.id)) };
      for (const s of sessions) add(sessionResource(s));
    }
    if (includes.has('speakers')) {
      const speakers = store.listSpeakers({ eventId: e.id });
      relationships.speakers = { data: speakers.map((s) => ref('speakers', s.id)) };
      for (const s of speakers) add(speakerResource(s, true));
    }
    // DESIGN CHOICE: images are includable (docs/api-assumptions.md G5) but nothing is known of them, so
    // the emulator holds none and the relationship is always empty.
    if (includes.has('images')) relationships.images = { data: [] };
    const { id, time_zone, ...attributes } = e;
    return {
      type: 'events',
      id: String(id),
      attributes: time_zone === undefined ? attributes : { ...attributes, time_zone },
      ...(Object.keys(relationships).length ? { relationships } : {}),
    };
  };

  /** A list answer: `data` (one page when pagination is on) plus `links`/`meta` when paginated. */
  const list = <T>(c: Context, records: T[], serialize: (record: T) => Resource, extra?: { included: Map<string, Resource> }) => {
    const page = paginate(c, records, store.settings.pagination, store.settings.pageLinks);
    const data = page.items.map(serialize);
    return c.json({
      data,
      ...(extra && extra.included.size ? { included: [...extra.included.values()] } : {}),
      ...(page.links ? { links: page.links, meta: page.meta } : {}),
    });
  };

  // --- query filters (filter[event_id] or event_id=, filter[external_idx]; docs/api-assumptions.md G10, G11)

  type FilterName = 'event_id' | 'external_idx';
  const noInclude = (c: Context) => parseInclude(c, []);

  /** An unknown `filter[...]` is a 400 rather than a silently unfiltered list. */
  const checkFilterNames = (c: Context, allowed: FilterName[]) => {
    for (const key of Object.keys(c.req.query())) {
      const name = /^filter\[(.*)\]$/.exec(key)?.[1];
      if (name !== undefined && !(allowed as string[]).includes(name)) {
        const list = allowed.length ? `allowed: ${allowed.join(', ')}` : 'this list takes no filter';
        throw JsonApiError.single(400, `Unknown filter "${name}"; ${list}`, { parameter: key });
      }
    }
  };

  const filters = (c: Context, allowed: FilterName[]) => {
    checkFilterNames(c, allowed);
    noInclude(c);
    const query = c.req.query();
    const rawEvent = query['filter[event_id]'] ?? query.event_id;
    if (query['filter[event_id]'] !== undefined && query.event_id !== undefined && query['filter[event_id]'] !== query.event_id) {
      throw JsonApiError.single(400, 'filter[event_id] and event_id differ', { parameter: 'event_id' });
    }
    if (rawEvent !== undefined && !/^\d{1,15}$/.test(rawEvent)) {
      throw JsonApiError.single(400, `filter[event_id] must be an integer id (got "${rawEvent}")`, { parameter: 'filter[event_id]' });
    }
    return {
      eventId: rawEvent === undefined ? undefined : Number(rawEvent),
      externalIdx: allowed.includes('external_idx') && !store.settings.ignoreExternalIdxFilter ? query['filter[external_idx]'] : undefined,
    };
  };

  // --- API routes -----------------------------------------------------------------------------------

  /** Bearer token (docs/api-assumptions.md G1); wrong, revoked or missing gives 401 with the JSON:API error. */
  const auth: MiddlewareHandler = async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || match[1] !== GLEANIN_TOKENS.valid) {
      c.header('WWW-Authenticate', 'Bearer realm="Gleanin"');
      return c.json(errorBody([errorObject(401, 'Invalid or missing token')]), 401);
    }
    await next();
  };

  const api = new Hono();
  api.use('*', controls.middleware());
  api.use('*', auth);

  api.get('/events', (c) => {
    checkFilterNames(c, []);
    const includes = parseInclude(c, EVENT_INCLUDES);
    const included = new Map<string, Resource>();
    return list(c, store.listEvents(), (e) => eventResource(e, includes, included), { included });
  });
  api.post('/events', async (c) => {
    const event = store.createEvent(await readDocument(c, 'events'));
    return c.json({ data: eventResource(event, new Set(), new Map()) }, 201);
  });
  api.get('/events/:id', (c) => {
    const includes = parseInclude(c, EVENT_INCLUDES);
    const included = new Map<string, Resource>();
    const data = eventResource(store.getEvent(c.req.param('id')), includes, included);
    return c.json({ data, ...(included.size ? { included: [...included.values()] } : {}) });
  });
  api.patch('/events/:id', async (c) => {
    store.getEvent(c.req.param('id'));
    const doc = await readDocument(c, 'events');
    checkBodyId(doc.id, c.req.param('id'));
    return c.json({ data: eventResource(store.updateEvent(c.req.param('id'), doc), new Set(), new Map()) });
  });
  // The least certain paths (DESIGN CHOICE); the client keeps them in its adapter.
  api.patch('/events/:id/archive', (c) => c.json({ data: eventResource(store.setEventState(c.req.param('id'), 'archived'), new Set(), new Map()) }));
  api.patch('/events/:id/activate', (c) => c.json({ data: eventResource(store.setEventState(c.req.param('id'), 'active'), new Set(), new Map()) }));

  api.get('/campaigns', (c) => list(c, store.listCampaigns(filters(c, ['event_id'])), campaignResource));
  api.get('/campaigns/:id', (c) => {
    noInclude(c);
    return c.json({ data: campaignResource(store.getCampaign(c.req.param('id'))) });
  });
  // DESIGN CHOICE: campaigns are read-only.
  api.on(['POST', 'PUT', 'PATCH', 'DELETE'], ['/campaigns', '/campaigns/:id'], () => {
    throw JsonApiError.single(405, 'Campaigns are read-only');
  });

  api.get('/speakers', (c) => list(c, store.listSpeakers(filters(c, ['event_id', 'external_idx'])), (s) => speakerResource(s, true)));
  api.post('/speakers', async (c) => {
    const speaker = store.createSpeaker(await readDocument(c, 'speakers'));
    return c.json({ data: speakerResource(speaker, false) }, 201);
  });
  api.get('/speakers/:id', (c) => {
    noInclude(c);
    return c.json({ data: speakerResource(store.getSpeaker(c.req.param('id')), true) });
  });
  api.patch('/speakers/:id', async (c) => {
    store.getSpeaker(c.req.param('id'));
    const doc = await readDocument(c, 'speakers');
    checkBodyId(doc.id, c.req.param('id'));
    return c.json({ data: speakerResource(store.updateSpeaker(c.req.param('id'), doc), false) });
  });
  api.delete('/speakers/:id', (c) => {
    store.deleteSpeaker(c.req.param('id'));
    return c.body(null, 204);
  });

  api.get('/sessions', (c) => list(c, store.listSessions(filters(c, ['event_id', 'external_idx'])), sessionResource));
  api.post('/sessions', async (c) => {
    const session = store.createSession(await readDocument(c, 'sessions'));
    return c.json({ data: sessionResource(session) }, 201);
  });
  api.get('/sessions/:id', (c) => {
    noInclude(c);
    return c.json({ data: sessionResource(store.getSession(c.req.param('id'))) });
  });
  api.patch('/sessions/:id', async (c) => {
    store.getSession(c.req.param('id'));
    const doc = await readDocument(c, 'sessions');
    checkBodyId(doc.id, c.req.param('id'));
    return c.json({ data: sessionResource(store.updateSession(c.req.param('id'), doc)) });
  });
  api.delete('/sessions/:id', (c) => {
    store.deleteSession(c.req.param('id'));
    return c.body(null, 204);
  });

  // Known paths with a method they do not take: 405 with Allow, rather than a misleading 404.
  const allowed: [string, string][] = [
    ['/events', 'GET, POST'],
    ['/events/:id', 'GET, PATCH'],
    ['/speakers', 'GET, POST'],
    ['/speakers/:id', 'GET, PATCH, DELETE'],
    ['/sessions', 'GET, POST'],
    ['/sessions/:id', 'GET, PATCH, DELETE'],
  ];
  for (const [path, methods] of allowed) {
    api.all(path, (c) => {
      c.header('Allow', methods);
      throw JsonApiError.single(405, `${c.req.method} is not supported here; use ${methods}`);
    });
  }

  // --- the app ----------------------------------------------------------------------------------------

  const app = new Hono();
  app.route(
    GLEANIN_SANDBOX_BASE,
    controls.routes({
      state: () => store.snapshot(),
      reset: () => store.reset(),
      extraConfig: { schema: settingsSchema, apply: (value) => store.configure(value), current: () => store.settings },
    }),
  );
  app.route(GLEANIN_API_BASE, api);
  app.notFound((c) => c.json(errorBody([errorObject(404, `No route ${c.req.method} ${c.req.path}`)]), 404));
  app.onError((error, c) => {
    if (error instanceof JsonApiError) return c.json(errorBody(error.errors), error.status);
    return c.json(errorBody([errorObject(500, `Emulator error: ${error.message}`)]), 500);
  });

  return {
    app,
    tokens: { ...GLEANIN_TOKENS },
    reset: () => {
      store.reset();
      controls.reset();
    },
    controls,
    store,
  };
}

/** JSON:API: a body `id` that differs from the URL's is a 409 Conflict. */
function checkBodyId(bodyId: string | undefined, urlId: string): void {
  if (bodyId !== undefined && bodyId !== urlId) {
    throw JsonApiError.single(409, `Body id "${bodyId}" does not match the URL id "${urlId}"`, { pointer: '/data/id' });
  }
}
