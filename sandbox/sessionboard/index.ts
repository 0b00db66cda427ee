/**
 * Sessionboard Public API emulator (rules and DESIGN CHOICES in sandbox/README.md): a
 * hono app serving the full paths `/v1/...` and `/__sandbox/sessionboard/{state,reset,config}`.
 * Data and write rules live in db.ts, wire shapes in views.ts, buckets and cache in limits.ts, tokens
 * in tokens.ts; sandbox/README.md lists every DESIGN CHOICE.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { EmulatorControls } from '../common/controls.ts';
import { generateSessionboardSeed } from '../seed/index.ts';
import type { SeedSize, SessionboardSeed } from '../seed/types.ts';
import { SESSION_STATUSES } from '../seed/types.ts';
import {
  SessionboardDb,
  contactInput,
  exhibitorInput,
  fieldInput,
  isoInstant,
  sessionInput,
} from './db.ts';
import { SbError, badRequest, notFound } from './errors.ts';
import { RateBuckets, ResponseCache, type Bucket } from './limits.ts';
import { SB_TOKENS, SB_TOKEN_TABLE, hasScope, tokenByValue, type SbTokens, type Scope, type TokenSpec } from './tokens.ts';
import { contactView, eventView, exhibitorView, fieldView, sessionView, statusView, type ViewOpts } from './views.ts';

export { SessionboardDb, snakeCase } from './db.ts';
export { SbError } from './errors.ts';
export { SB_TOKENS, SB_TOKEN_TABLE, hasScope } from './tokens.ts';
export type { SbTokens, TokenSpec, Scope } from './tokens.ts';
export { contactView, eventView, exhibitorView, fieldView, maskEmail, maskPhone, sessionView, statusView } from './views.ts';
export type { ViewOpts } from './views.ts';
export { SEARCH_CACHE_MS } from './limits.ts';

export const SESSIONBOARD_API_BASE = '/v1';
export const SESSIONBOARD_SANDBOX_BASE = '/__sandbox/sessionboard';

/** Extra keys of POST /__sandbox/sessionboard/config (sandbox/README.md "Sandbox config keys"). */
export const settingsSchema = z
  .object({
    searchCache: z.boolean(),
    bucketLimit: z.number().int().min(1).max(100_000),
    bucketWindowMs: z.number().int().min(1).max(86_400_000),
    /**
     * The envelope of the event contacts / speakers / exhibitors searches, which the docs leave open
     * (sessions search and GET /v1/events are documented with `results`; organization contacts search
     * answers `data`): `results` (default) or `data`.
     */
    searchEnvelope: z.enum(['results', 'data']),
    /** The literal of a failed bulk operation, which the docs never show (default `error`). */
    bulkFailureStatus: z.string().min(1).max(40),
  })
  .partial()
  .strict();
export type SessionboardSettings = Required<z.infer<typeof settingsSchema>>;
const defaultSettings = (): SessionboardSettings => ({ searchCache: false, bucketLimit: 100, bucketWindowMs: 900_000, searchEnvelope: 'results', bulkFailureStatus: 'error' });

export interface SessionboardEmulatorOptions {
  seed?: SeedSize;
  /** Seed dates are relative to this (default: now). */
  now?: Date;
  /** Milliseconds now for write timestamps, rate-limit windows and the search cache (tests move it). */
  clock?: () => number;
}

export interface SessionboardEmulator {
  app: Hono;
  tokens: SbTokens;
  /** Back to the seed: records, settings, buckets, cache, controls and request log. */
  reset(): void;
  controls: EmulatorControls;
  db: SessionboardDb;
  settings: SessionboardSettings;
}

type Env = { Variables: { token: TokenSpec } };
type Ctx = Context<Env>;

// --- search request (the API's common search request body) ----------------------------------------

const range = z.object({ before: isoInstant.optional(), after: isoInstant.optional() }).strict();
const dateFilters = { createdAt: range.optional(), updatedAt: range.optional() };
const statusFilter = z.union([z.enum(SESSION_STATUSES), z.array(z.enum(SESSION_STATUSES)).min(1)]);
const searchBody = (filters: z.ZodType) =>
  z
    .object({
      filters: filters.optional(),
      sort: z.object({ order: z.enum(['createdAt', 'updatedAt']).optional(), sort: z.enum(['asc', 'desc']).optional() }).strict().optional(),
      expand: z.union([z.array(z.string()), z.string()]).optional(),
      page: z.unknown().optional(),
      pageSize: z.unknown().optional(),
    })
    .strict();
const SEARCH = {
  sessions: searchBody(z.object({ ...dateFilters, status: statusFilter.optional(), isAbstract: z.boolean().optional() }).strict()),
  plain: searchBody(z.object(dateFilters).strict()),
  fields: searchBody(z.object({ module: z.enum(['contact', 'group', 'session']).optional() }).strict()),
};
const SESSION_EXPANDS = ['translated_fields', 'subsession_details', 'linked_sources', 'composition'];
const OTHER_EXPANDS = ['translated_fields'];

interface Search {
  page: number;
  pageSize: number;
  filters: {
    status?: string | string[];
    isAbstract?: boolean;
    module?: string;
    createdAt?: { before?: string; after?: string };
    updatedAt?: { before?: string; after?: string };
  };
  order: 'createdAt' | 'updatedAt';
  direction: 'asc' | 'desc';
  expand: string[];
}

const invalid = (where: string, error: z.ZodError) => badRequest(`Invalid ${where}: ${z.prettifyError(error).replace(/\n+/g, '; ')}`);

/** The body as an object: JSON, or a form body (a real client was seen sending `page=1&pageSize=50`). */
async function readBody(c: Ctx): Promise<{ body: Record<string, unknown>; text: string }> {
  const text = await c.req.text();
  if (!text.trim()) return { body: {}, text };
  if ((c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(text)), text };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('The request body must be a JSON object');
  return { body: value as Record<string, unknown>, text };
}

/** `page` (1-999) and `pageSize` (1-100, default 25), from the query or else the body (docs/api-assumptions.md S4). */
function pageParams(c: Ctx, body: Record<string, unknown>, names = { page: 'page', pageSize: 'pageSize' }) {
  const parse = (name: string, min: number, max: number, fallback: number) => {
    const raw = c.req.query(name) ?? body[name];
    if (raw === undefined || raw === '') return fallback;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return n;
  };
  return { page: parse(names.page, 1, 999, 1), pageSize: parse(names.pageSize, 1, 100, 25) };
}

function parseSearch(c: Ctx, body: Record<string, unknown>, schema: z.ZodType, expands: string[]): Search {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid('search body', parsed.error);
  const data = parsed.data as { filters?: Search['filters']; sort?: { order?: Search['order']; sort?: Search['direction'] }; expand?: string | string[] };
  const expandRaw = [c.req.query('expand'), data.expand].flat().filter((e): e is string => typeof e === 'string');
  const expand = expandRaw.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  const unknown = expand.find((e) => !expands.includes(e));
  if (unknown) throw badRequest(`Unknown expand "${unknown}"; allowed: ${expands.join(', ')}`);
  return {
    ...pageParams(c, body),
    filters: data.filters ?? {},
    order: data.sort?.order ?? 'createdAt',
    direction: data.sort?.sort ?? 'asc',
    expand,
  };
}

interface Stamped {
  id: string;
  created_at: string;
  updated_at: string;
}

function inRange(value: string, r: { before?: string; after?: string } | undefined): boolean {
  if (!r) return true;
  const t = Date.parse(value);
  return (r.after === undefined || t > Date.parse(r.after)) && (r.before === undefined || t < Date.parse(r.before));
}

/** Filters by dates, sorts (default createdAt asc, then id) and cuts one page. */
function runSearch<T extends Stamped>(records: T[], q: Search) {
  const key = q.order === 'updatedAt' ? 'updated_at' : 'created_at';
  const sign = q.direction === 'desc' ? -1 : 1;
  const matched = records
    .filter((r) => inRange(r.created_at, q.filters.createdAt) && inRange(r.updated_at, q.filters.updatedAt))
    .sort((a, b) => sign * (Date.parse(a[key]) - Date.parse(b[key]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  const start = (q.page - 1) * q.pageSize;
  return {
    items: matched.slice(start, start + q.pageSize),
    pagination: { currentPage: q.page, pageSize: q.pageSize, totalPages: Math.ceil(matched.length / q.pageSize), totalResults: matched.length },
  };
}

/** A list of every record on one page, for the `data` envelope routes (fields, statuses, metadata). */
function dataPage<T>(items: T[], page: number, pageSize: number) {
  const start = (page - 1) * pageSize;
  return {
    data: items.slice(start, start + pageSize),
    pagination: { currentPage: page, pageSize, totalPages: Math.ceil(items.length / pageSize), totalResults: items.length },
  };
}

function parseInput<T>(schema: z.ZodType<T>, body: unknown, where: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(where, parsed.error);
  return parsed.data;
}

const bulkOperation = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), data: contactInput }).strict(),
  z.object({ action: z.literal('update'), id: z.string().min(1), data: contactInput, updated_at: isoInstant.optional() }).strict(),
  z.object({ action: z.literal('delete'), id: z.string().min(1) }).strict(),
]);

export function createSessionboardEmulator(opts: SessionboardEmulatorOptions = {}): SessionboardEmulator {
  const clock = opts.clock ?? Date.now;
  const seed: SessionboardSeed = generateSessionboardSeed({ size: opts.seed ?? 'demo', now: opts.now ?? new Date(clock()) });
  const db = new SessionboardDb(seed, clock);
  const settings = defaultSettings();
  const buckets = new RateBuckets(clock);
  const cache = new ResponseCache(clock);
  const controls = new EmulatorControls({
    rateLimited: (seconds) => new SbError(429, `Too many requests; retry after ${seconds} s`).body(),
    serverError: () => new SbError(503, 'The service is temporarily unavailable').body(),
  });

  /** Auth (docs/api-assumptions.md S1): `x-access-token`; missing, unknown or revoked is 401. */
  const api = new Hono<Env>();
  api.use('*', controls.middleware());
  api.use('*', async (c, next) => {
    const value = c.req.header('x-access-token');
    if (!value) throw new SbError(401, 'Missing x-access-token header');
    const token = tokenByValue(value.trim());
    if (!token) throw new SbError(401, 'Invalid API token');
    if (token.revoked) throw new SbError(401, 'This API token has been revoked');
    c.set('token', token);
    await next();
  });

  /**
   * Per-route checks, in this order: scope (403 naming it), event restriction (403), the route's
   * bucket (429), the event (404). Body validation comes after, in the handler, so a write probe
   * without the scope answers 403 and with it 400 (docs/api-assumptions.md S6).
   */
  const guard = (c: Ctx, scope: Scope, bucket?: Bucket): number => {
    const token = c.get('token');
    if (!hasScope(token, scope)) throw new SbError(403, `Missing ${scope} scope`);
    const raw = c.req.param('eventId');
    const eventId = raw !== undefined && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (raw !== undefined && token.events && !token.events.includes(eventId)) {
      throw new SbError(403, `Token is not allowed to access event ${raw}`);
    }
    if (bucket) {
      const verdict = buckets.take(token.value, bucket, settings);
      if (!verdict.allowed) {
        throw new SbError(429, `Rate limit of ${settings.bucketLimit} requests per ${Math.round(settings.bucketWindowMs / 60_000)} min exceeded for ${bucket}; retry after ${verdict.headers['Retry-After']} s`, verdict.headers);
      }
      for (const [name, value] of Object.entries(verdict.headers)) c.header(name, value);
    }
    if (raw !== undefined) {
      if (Number.isNaN(eventId)) throw notFound(`Event ${raw} not found`);
      db.event(eventId);
    }
    return eventId;
  };

  /** A search answer in the configured envelope (settings `searchEnvelope`). */
  const envelope = <T>(items: T[], pagination: unknown) =>
    settings.searchEnvelope === 'data' ? { data: items, pagination } : { results: items, pagination };

  const viewOpts = (c: Ctx, extra: Partial<ViewOpts> = {}): ViewOpts => ({ hidePii: c.get('token').hidePii, ...extra });

  /** Documented: session get/search may be served from a 3-minute cache (config `searchCache`). */
  const cached = <T>(c: Ctx, text: string, make: () => T): T => {
    if (!settings.searchCache) return make();
    const url = new URL(c.req.url);
    return cache.get(`${c.get('token').hidePii}|${c.req.method} ${url.pathname}${url.search}|${text}`, make);
  };

  // --- events -----------------------------------------------------------------------------------------

  api.get('/events', (c) => {
    guard(c, 'read:events');
    const token = c.get('token');
    const events = db.data.events.filter((e) => !token.events || token.events.includes(e.id));
    const { page, pageSize } = pageParams(c, {});
    const start = (page - 1) * pageSize;
    return c.json({
      results: events.slice(start, start + pageSize).map(eventView),
      pagination: { currentPage: page, pageSize, totalPages: Math.ceil(events.length / pageSize), totalResults: events.length },
    });
  });

  // --- sessions ---------------------------------------------------------------------------------------

  api.post('/event/:eventId/sessions', async (c) => {
    const eventId = guard(c, 'read:sessions');
    const { body, text } = await readBody(c);
    const q = parseSearch(c, body, SEARCH.sessions, SESSION_EXPANDS);
    return c.json(
      cached(c, text, () => {
        const statuses = q.filters.status === undefined ? undefined : [q.filters.status].flat();
        const records = db
          .sessions(eventId)
          .filter((s) => (!statuses || statuses.includes(s.status)) && (q.filters.isAbstract === undefined || s.is_abstract === q.filters.isAbstract));
        const { items, pagination } = runSearch(records, q);
        const opts = viewOpts(c, { subsessionDetails: q.expand.includes('subsession_details') });
        return { results: items.map((s) => sessionView(db, s, opts)), pagination };
      }),
    );
  });

  /** The "CRUD proxy" list (INFERRED from a secondary source): `data`, snake_case pagination, null nested metadata. */
  api.get('/event/:eventId/sessions', (c) => {
    const eventId = guard(c, 'read:sessions', 'entity-reads');
    const { page, pageSize } = pageParams(c, {}, { page: 'page', pageSize: 'page_size' });
    const { status, is_abstract, track_id, tag_id, search } = c.req.query();
    if (status !== undefined && !(SESSION_STATUSES as readonly string[]).includes(status)) {
      throw badRequest(`status must be one of ${SESSION_STATUSES.join(', ')}`);
    }
    if (is_abstract !== undefined && is_abstract !== 'true' && is_abstract !== 'false') throw badRequest('is_abstract must be true or false');
    const needle = search?.toLowerCase();
    const records = db
      .sessions(eventId)
      .filter(
        (s) =>
          (!status || s.status === status) &&
          (is_abstract === undefined || String(s.is_abstract) === is_abstract) &&
          (!track_id || s.track_id === track_id) &&
          (!tag_id || s.tag_ids.includes(tag_id)) &&
          (!needle || (s.title ?? '').toLowerCase().includes(needle)),
      );
    const { items, pagination } = runSearch(records, { page, pageSize, filters: {}, order: 'createdAt', direction: 'asc', expand: [] });
    return c.json({
      data: items.map((s) => sessionView(db, s, viewOpts(c, { nullNested: true }))),
      pagination: {
        current_page: pagination.currentPage,
        page_size: pagination.pageSize,
        total_pages: pagination.totalPages,
        total_results: pagination.totalResults,
      },
    });
  });

  api.post('/event/:eventId/sessions/create', async (c) => {
    const eventId = guard(c, 'write:sessions', 'session-writes');
    const input = parseInput(sessionInput, (await readBody(c)).body, 'session');
    return c.json(sessionView(db, db.createSession(eventId, input), viewOpts(c)), 201);
  });

  api.get('/event/:eventId/sessions/:id', (c) => {
    const eventId = guard(c, 'read:sessions', 'entity-reads');
    const expand = (c.req.query('expand') ?? '').split(',').filter(Boolean);
    const unknown = expand.find((e) => !SESSION_EXPANDS.includes(e));
    if (unknown) throw badRequest(`Unknown expand "${unknown}"; allowed: ${SESSION_EXPANDS.join(', ')}`);
    return c.json(cached(c, '', () => sessionView(db, db.session(eventId, c.req.param('id')), viewOpts(c, { subsessionDetails: expand.includes('subsession_details') }))));
  });

  api.put('/event/:eventId/sessions/:id', async (c) => {
    const eventId = guard(c, 'write:sessions', 'session-writes');
    const input = parseInput(sessionInput, (await readBody(c)).body, 'session');
    return c.json(sessionView(db, db.updateSession(eventId, c.req.param('id'), input), viewOpts(c)));
  });

  api.delete('/event/:eventId/sessions/:id', (c) => {
    const eventId = guard(c, 'write:sessions', 'session-writes');
    return c.json(db.softDelete('session', eventId, c.req.param('id')));
  });

  api.post('/event/:eventId/sessions/:id/restore', (c) => {
    const eventId = guard(c, 'write:sessions', 'session-writes');
    db.restore('session', eventId, c.req.param('id'));
    return c.json(sessionView(db, db.session(eventId, c.req.param('id')), viewOpts(c)));
  });

  // --- speakers and contacts ----------------------------------------------------------------------------

  api.post('/event/:eventId/speakers', async (c) => {
    const eventId = guard(c, 'read:contacts');
    const q = parseSearch(c, (await readBody(c)).body, SEARCH.plain, OTHER_EXPANDS);
    const { items, pagination } = runSearch(db.speakers(eventId), q);
    return c.json(envelope(items.map((s) => contactView(db, s, viewOpts(c))), pagination));
  });

  // Documented: GET of a single speaker is NOT rate limited.
  api.get('/event/:eventId/speakers/:id', (c) => {
    const eventId = guard(c, 'read:contacts');
    return c.json(contactView(db, db.speaker(eventId, c.req.param('id')), viewOpts(c)));
  });

  api.post('/event/:eventId/contacts', async (c) => {
    const eventId = guard(c, 'read:contacts');
    const q = parseSearch(c, (await readBody(c)).body, SEARCH.plain, OTHER_EXPANDS);
    const { items, pagination } = runSearch(db.contacts(eventId), q);
    return c.json(envelope(items.map((s) => contactView(db, s, viewOpts(c))), pagination));
  });

  api.post('/event/:eventId/contacts/create', async (c) => {
    const eventId = guard(c, 'write:contacts', 'contact-writes');
    const input = parseInput(contactInput, (await readBody(c)).body, 'contact');
    return c.json(contactView(db, db.createContact(eventId, input), viewOpts(c)), 201);
  });

  /** Bulk envelope (docs/api-assumptions.md S7); up to 100 operations, counted as ONE contact write. */
  api.post('/event/:eventId/contacts/bulk', async (c) => {
    const eventId = guard(c, 'write:contacts', 'contact-writes');
    const { body } = await readBody(c);
    const operations = body.operations;
    if (!Array.isArray(operations)) throw badRequest('operations must be an array of 1 to 100 operations');
    if (operations.length < 1 || operations.length > 100) {
      throw badRequest(`operations must hold 1 to 100 operations (got ${operations.length})`);
    }
    const extra = Object.keys(body).filter((k) => k !== 'operations');
    if (extra.length) throw badRequest(`Unknown key(s) in bulk body: ${extra.join(', ')}`);
    const results = operations.map((raw, index) => {
      const item = (raw && typeof raw === 'object' ? raw : {}) as { action?: unknown; id?: unknown };
      const base = { index, action: typeof item.action === 'string' ? item.action : null, id: typeof item.id === 'string' ? item.id : null };
      try {
        const op = parseInput(bulkOperation, raw, `operations[${index}]`);
        if (op.action === 'create') return { ...base, status: 'success' as const, id: db.createContact(eventId, op.data).id };
        if (op.action === 'delete') return { ...base, status: 'success' as const, id: db.softDelete('contact', eventId, op.id).id };
        const input = op.updated_at === undefined ? op.data : { ...op.data, updated_at: op.updated_at };
        return { ...base, status: 'success' as const, id: db.updateContact(eventId, op.id, input).id };
      } catch (error) {
        if (!(error instanceof SbError)) throw error;
        return { ...base, status: settings.bulkFailureStatus, error: { code: error.errorName, message: error.message } };
      }
    });
    const succeeded = results.filter((r) => r.status === 'success').length;
    return c.json({ batch_id: randomUUID(), results, stats: { total: results.length, succeeded, failed: results.length - succeeded } });
  });

  api.get('/event/:eventId/contacts/:id', (c) => {
    const eventId = guard(c, 'read:contacts', 'entity-reads');
    return c.json(contactView(db, db.contact(eventId, c.req.param('id')), viewOpts(c)));
  });

  api.put('/event/:eventId/contacts/:id', async (c) => {
    const eventId = guard(c, 'write:contacts', 'contact-writes');
    const input = parseInput(contactInput, (await readBody(c)).body, 'contact');
    return c.json(contactView(db, db.updateContact(eventId, c.req.param('id'), input), viewOpts(c)));
  });

  api.delete('/event/:eventId/contacts/:id', (c) => {
    const eventId = guard(c, 'write:contacts', 'contact-writes');
    return c.json(db.softDelete('contact', eventId, c.req.param('id')));
  });

  api.post('/event/:eventId/contacts/:id/restore', (c) => {
    const eventId = guard(c, 'write:contacts', 'contact-writes');
    db.restore('contact', eventId, c.req.param('id'));
    return c.json(contactView(db, db.contact(eventId, c.req.param('id')), viewOpts(c)));
  });

  // --- exhibitors (read scope: DESIGN CHOICE read:contacts, since they carry contacts) --------------------

  api.post('/event/:eventId/exhibitors', async (c) => {
    const eventId = guard(c, 'read:contacts');
    const q = parseSearch(c, (await readBody(c)).body, SEARCH.plain, OTHER_EXPANDS);
    const { items, pagination } = runSearch(db.exhibitors(eventId), q);
    return c.json(envelope(items.map((x) => exhibitorView(db, x, viewOpts(c))), pagination));
  });

  api.get('/event/:eventId/exhibitors/:id', (c) => {
    const eventId = guard(c, 'read:contacts', 'entity-reads');
    return c.json(exhibitorView(db, db.exhibitor(eventId, c.req.param('id')), viewOpts(c)));
  });

  api.put('/event/:eventId/exhibitors/:id', async (c) => {
    const eventId = guard(c, 'write:exhibitors', 'exhibitor-writes');
    const input = parseInput(exhibitorInput, (await readBody(c)).body, 'exhibitor');
    return c.json(exhibitorView(db, db.updateExhibitor(eventId, c.req.param('id'), input), viewOpts(c)));
  });

  api.delete('/event/:eventId/exhibitors/:id', (c) => {
    const eventId = guard(c, 'write:exhibitors', 'exhibitor-writes');
    return c.json(db.softDelete('exhibitor', eventId, c.req.param('id')));
  });

  api.post('/event/:eventId/exhibitors/:id/restore', (c) => {
    const eventId = guard(c, 'write:exhibitors', 'exhibitor-writes');
    db.restore('exhibitor', eventId, c.req.param('id'));
    return c.json(exhibitorView(db, db.exhibitor(eventId, c.req.param('id')), viewOpts(c)));
  });

  // --- fields, statuses, metadata (read scope: DESIGN CHOICE read:events) -----------------------------------

  const fieldList = async (c: Ctx, limited: boolean) => {
    const eventId = guard(c, 'read:events', limited ? 'entity-reads' : undefined);
    const { body } = c.req.method === 'POST' ? await readBody(c) : { body: {} };
    const q = parseSearch(c, body, SEARCH.fields, []);
    const module = c.req.query('module') ?? q.filters.module;
    if (module !== undefined && !['contact', 'group', 'session'].includes(module)) throw badRequest('module must be contact, group or session');
    return c.json(dataPage(db.fields(eventId, module as 'contact' | undefined).map(fieldView), q.page, q.pageSize));
  };
  api.get('/event/:eventId/fields', (c) => fieldList(c, true));
  api.post('/event/:eventId/fields', (c) => fieldList(c, false));

  api.post('/event/:eventId/fields/create', async (c) => {
    const eventId = guard(c, 'write:fields', 'field-writes');
    const input = parseInput(fieldInput, (await readBody(c)).body, 'field');
    return c.json({ data: fieldView(db.createField(eventId, input)) }, 201);
  });

  const statusList = async (c: Ctx, limited: boolean) => {
    const eventId = guard(c, 'read:events', limited ? 'entity-reads' : undefined);
    const { body } = c.req.method === 'POST' ? await readBody(c) : { body: {} };
    const { page, pageSize } = parseSearch(c, body, SEARCH.plain, []);
    const statuses = db.data.statuses.filter((s) => s.event_id === eventId).sort((a, b) => a.order - b.order);
    return c.json(dataPage(statuses.map(statusView), page, pageSize));
  };
  api.get('/event/:eventId/statuses', (c) => statusList(c, true));
  api.post('/event/:eventId/session-statuses', (c) => statusList(c, false));

  // Documented: GET lists count as entity reads, POST searches are unlimited.
  for (const kind of ['tracks', 'tags', 'rooms'] as const) {
    const list = async (c: Ctx, limited: boolean) => {
      const eventId = guard(c, 'read:events', limited ? 'entity-reads' : undefined);
      const { body } = c.req.method === 'POST' ? await readBody(c) : { body: {} };
      const { page, pageSize } = parseSearch(c, body, SEARCH.plain, []);
      const rows = (db.data[kind] as { event_id: number }[]).filter((r) => r.event_id === eventId).map(({ event_id: _e, ...rest }) => rest);
      return c.json(dataPage(rows, page, pageSize));
    };
    api.get(`/event/:eventId/${kind}`, (c) => list(c, true));
    api.post(`/event/:eventId/${kind}`, (c) => list(c, false));
  }

  // --- the app --------------------------------------------------------------------------------------------

  const reset = () => {
    db.reset();
    Object.assign(settings, defaultSettings());
    buckets.clear();
    cache.clear();
  };

  const app = new Hono();
  app.route(
    SESSIONBOARD_SANDBOX_BASE,
    controls.routes({
      state: () => ({ ...db.data, tokens: Object.values(SB_TOKEN_TABLE) }),
      reset,
      extraConfig: {
        schema: settingsSchema,
        apply: (value) => {
          Object.assign(settings, value);
          if (value.bucketLimit !== undefined || value.bucketWindowMs !== undefined) buckets.clear();
          if (value.searchCache === false) cache.clear();
        },
        current: () => ({ ...settings }),
      },
    }),
  );
  app.route(SESSIONBOARD_API_BASE, api);
  app.notFound((c) => c.json(notFound(`No route ${c.req.method} ${c.req.path}`).body(), 404));
  app.onError((error, c) => {
    if (error instanceof SbError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body(), error.status);
    }
    return c.json(new SbError(500, `Emulator error: ${error.message}`).body(), 500);
  });

  return {
    app,
    tokens: { ...SB_TOKENS },
    reset: () => {
      reset();
      controls.reset();
    },
    controls,
    db,
    settings,
  };
}
