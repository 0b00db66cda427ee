/**
 * The Sessionboard Public API emulator over real HTTP (rules in sandbox/README.md, wire shapes in
 * sandbox/sessionboard/views.ts): each rule is shown to hold, so a client tested against it meets the
 * same refusals as against Sessionboard.
 */
import { jsonCaller, serveApp, type Served } from '../helpers/http.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionboardEmulator, maskEmail, maskPhone, type SessionboardEmulator } from '../../sandbox/sessionboard/index.ts';

const START = Date.parse('2026-11-25T12:00:00.000Z');
let nowMs = START;
let sb: SessionboardEmulator;
let served: Served;
let origin: string;

beforeAll(async () => {
  sb = createSessionboardEmulator({ seed: 'demo', now: new Date(START), clock: () => nowMs });
  served = await serveApp(sb.app);
  origin = served.origin;
});

afterAll(() => served.close());

beforeEach(async () => {
  nowMs = START;
  const res = await fetch(`${origin}/__sandbox/sessionboard/reset`, { method: 'POST' });
  expect(res.status).toBe(200);
});

const call = jsonCaller({
  url: (path) => `${origin}${path}`,
  defaultToken: () => sb.tokens.read,
  auth: (t) => ['x-access-token', t],
});

const config = (body: unknown) => call('POST', '/__sandbox/sessionboard/config', { body, token: null });
const state = async () => (await call('GET', '/__sandbox/sessionboard/state', { token: null })).body;
const search = (kind: string, body: unknown = {}, query = '', token?: string, event = 4001) =>
  call('POST', `/v1/event/${event}/${kind}${query}`, { body, token });
const write = () => sb.tokens.write;

/** Every page of a search, following totalPages. */
async function allPages(kind: string, body: Record<string, unknown> = {}, pageSize = 100, token?: string) {
  const items: any[] = [];
  const pages: any[] = [];
  for (let page = 1; ; page++) {
    const res = await search(kind, body, `?page=${page}&pageSize=${pageSize}`, token);
    expect(res.status).toBe(200);
    pages.push(res.body.pagination);
    items.push(...res.body.results);
    if (page >= res.body.pagination.totalPages) break;
  }
  return { items, pages };
}

const liveSessions = (eventId = 4001) => sb.db.sessions(eventId);
const firstSpeaker = () => sb.db.speakers(4001)[0];

describe('auth, scopes, restrictions', () => {
  it('answers 401 for a missing, wrong or revoked token', async () => {
    for (const [token, message] of [
      [null, /Missing x-access-token/],
      ['sb_nope', /Invalid API token/],
      [sb.tokens.revoked, /revoked/],
    ] as const) {
      const res = await call('GET', '/v1/events', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'UnauthorizedError', message: expect.stringMatching(message) });
    }
  });

  it('answers 403 naming the missing scope; a legacy token reads everything and writes nothing', async () => {
    const contact = firstSpeaker();
    const put = await call('PUT', `/v1/event/4001/contacts/${contact.id}`, { body: { title: 'CEO' } });
    expect(put.status).toBe(403);
    expect(put.body).toEqual({ error: 'ForbiddenError', message: 'Missing write:contacts scope' });
    expect((await call('POST', '/v1/event/4001/sessions/create', { body: { title: 'x' } })).body.message).toBe('Missing write:sessions scope');
    expect((await call('POST', '/v1/event/4001/fields/create', { body: {} })).body.message).toBe('Missing write:fields scope');

    expect((await call('GET', '/v1/events', { token: sb.tokens.legacy })).status).toBe(200);
    expect((await search('sessions', {}, '', sb.tokens.legacy)).status).toBe(200);
    expect((await search('contacts', {}, '', sb.tokens.legacy)).status).toBe(200);
    const legacyWrite = await call('POST', '/v1/event/4001/contacts/bulk', { body: { operations: [] }, token: sb.tokens.legacy });
    expect(legacyWrite.status).toBe(403);
    expect(legacyWrite.body.message).toBe('Missing write:contacts scope');
  });

  it('checks the scope before the body, so an empty bulk probes write access (403 without, 400 with)', async () => {
    const without = await call('POST', '/v1/event/4001/contacts/bulk', { body: { operations: [] } });
    expect(without.status).toBe(403);
    const withScope = await call('POST', '/v1/event/4001/contacts/bulk', { body: { operations: [] }, token: write() });
    expect(withScope.status).toBe(400);
    expect(withScope.body.error).toBe('BadRequestError');
  });

  it('refuses a restricted token on other events with 403 and lists only its events', async () => {
    const token = sb.tokens.restricted;
    expect((await search('sessions', {}, '', token, 4001)).status).toBe(200);
    const other = await search('sessions', {}, '', token, 4002);
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ error: 'ForbiddenError', message: 'Token is not allowed to access event 4002' });
    const events = await call('GET', '/v1/events', { token });
    expect(events.body.results.map((e: any) => e.id)).toEqual([4001]);
  });

  it('answers 404 for an unknown event, session, contact or route', async () => {
    expect((await search('sessions', {}, '', undefined, 9999)).body).toEqual({ error: 'NotFoundError', message: 'Event 9999 not found' });
    expect((await call('GET', '/v1/event/4001/sessions/nope')).status).toBe(404);
    expect((await call('GET', '/v1/event/4001/contacts/nope')).status).toBe(404);
    expect((await call('GET', '/v1/nothing-here')).body.error).toBe('NotFoundError');
  });
});

describe('events and searches', () => {
  it('lists events in the results envelope', async () => {
    const res = await call('GET', '/v1/events');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        { id: 4001, name: 'Acme Summit 2026', timezone: 'America/New_York', features: expect.any(Array) },
        { id: 4002, name: 'Science Congress 2026', timezone: 'Europe/Berlin', features: expect.any(Array) },
        { id: 4003, name: 'Partner Expo 2026', timezone: 'America/Los_Angeles', features: expect.any(Array) },
      ],
      pagination: { currentPage: 1, pageSize: 25, totalPages: 1, totalResults: 3 },
    });
  });

  it('refuses pageSize 101, 0, page 0 and 1000 with 400', async () => {
    for (const query of ['?pageSize=101', '?pageSize=0', '?page=0', '?page=1000', '?pageSize=ten']) {
      const res = await search('sessions', {}, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe('BadRequestError');
      expect(res.body.message).toMatch(/page(Size)? must be an integer/);
    }
    expect((await search('contacts', { pageSize: 101 })).status).toBe(400);
    expect((await call('GET', '/v1/events?pageSize=101')).status).toBe(400);
  });

  it('pages across more than 3 pages with a consistent pagination object', async () => {
    const { items, pages } = await allPages('sessions', {}, 15);
    expect(pages).toHaveLength(4);
    expect(pages[0]).toEqual({ currentPage: 1, pageSize: 15, totalPages: 4, totalResults: 60 });
    expect(new Set(items.map((s) => s.id)).size).toBe(60);
    // Past the last page: empty results, same totals.
    const beyond = await search('sessions', {}, '?page=9&pageSize=15');
    expect(beyond.body.results).toEqual([]);
    expect(beyond.body.pagination.totalResults).toBe(60);
  });

  it('takes page and pageSize from a JSON or form body too', async () => {
    const json = await search('sessions', { page: 2, pageSize: 7 });
    expect(json.body.pagination).toMatchObject({ currentPage: 2, pageSize: 7 });
    const form = await call('POST', '/v1/event/4001/speakers', { raw: 'page=3&pageSize=10', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(200);
    expect(form.body.pagination).toMatchObject({ currentPage: 3, pageSize: 10, totalResults: 90 });
  });

  it('sorts by createdAt asc (then id) by default, and by updatedAt desc on request', async () => {
    const { items } = await allPages('sessions');
    const created = items.map((s) => Date.parse(s.created_at));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const desc = (await allPages('sessions', { sort: { order: 'updatedAt', sort: 'desc' } })).items.map((s) => Date.parse(s.updated_at));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect((await search('sessions', { sort: { order: 'title' } })).status).toBe(400);
  });

  it('filters by status (one or several), isAbstract and updatedAt', async () => {
    const accepted = (await allPages('sessions', { filters: { status: 'accepted' } })).items;
    expect(accepted.length).toBe(liveSessions().filter((s) => s.status === 'accepted').length);
    expect(accepted.every((s) => s.status === 'accepted')).toBe(true);
    const some = (await allPages('sessions', { filters: { status: ['declined', 'pending'] } })).items;
    expect(new Set(some.map((s) => s.status))).toEqual(new Set(['declined', 'pending']));
    expect((await search('sessions', { filters: { isAbstract: true } })).body.pagination.totalResults).toBe(0);
    expect((await search('sessions', { filters: { status: 'approved' } })).status).toBe(400);
    expect((await search('sessions', { filters: { colour: 'red' } })).status).toBe(400);
    expect((await search('contacts', { filters: { status: 'accepted' } })).status).toBe(400);

    nowMs = START + 60_000;
    const session = liveSessions()[5];
    expect((await call('PUT', `/v1/event/4001/sessions/${session.id}`, { body: { title: 'Moved on' }, token: write() })).status).toBe(200);
    const after = new Date(START + 30_000).toISOString();
    const changed = await search('sessions', { filters: { updatedAt: { after } } });
    expect(changed.body.results.map((s: any) => s.id)).toEqual([session.id]);
    const before = await search('sessions', { filters: { updatedAt: { before: after } } });
    expect(before.body.pagination.totalResults).toBe(59);
  });

  it('answers sessions in the documented shape, with {} for unassigned metadata and subsessions both ways', async () => {
    const { items } = await allPages('sessions');
    const full = items.find((s) => s.participants.some((p: any) => p.participant_role.slug === 'panelist'))!;
    expect(full.participants[0]).toEqual({
      id: expect.any(String),
      order: expect.any(Number),
      friendly_id: expect.stringMatching(/^CONT-\d+$/),
      friendly_id_raw: expect.any(Number),
      full_name: expect.any(String),
      first_name: expect.any(String),
      last_name: expect.anything(),
      email: expect.any(String),
      is_public: expect.any(Boolean),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      photo_url: expect.toBeOneOf([null, expect.any(String)]),
      company_name: expect.any(String),
      title: expect.any(String),
      about: expect.any(String),
      participant_role: { slug: expect.any(String), name: expect.any(String), name_plural: expect.any(String), core_role: expect.any(String) },
    });
    const confirmed = items.find((s) => s.custom_status)!;
    expect(confirmed).toMatchObject({ status: 'accepted', custom_status: { name: 'Confirmed', status: 'accepted' } });
    expect(confirmed.custom_status_id).toBe(confirmed.custom_status.id);
    expect(items.some((s) => JSON.stringify(s.room) === '{}')).toBe(true);
    expect(items.some((s) => s.starts_at === null)).toBe(true);
    expect(items.every((s) => s.starts_at === null || /\+00:00$/.test(s.starts_at))).toBe(true);
    const parent = items.find((s) => s.subsessions.length > 0)!;
    const children = items.filter((s) => s.parent_session_id === parent.id);
    expect(parent.subsessions.map((c: any) => c.id).sort()).toEqual(children.map((c) => c.id).sort());
    const chaired = items.find((s) => s.chairpersons.length && s.moderators.length)!;
    expect(chaired.speakers.length).toBeGreaterThan(0);
    // The CRUD proxy list: data envelope, snake_case pagination, null metadata.
    const proxy = await call('GET', '/v1/event/4001/sessions?page_size=100&status=accepted');
    expect(proxy.body.pagination).toEqual({ current_page: 1, page_size: 100, total_pages: 1, total_results: accepted(items) });
    expect(proxy.body.data.some((s: any) => s.room === null)).toBe(true);
  });

  it('searches speakers (speaker-category roles only), contacts and exhibitors', async () => {
    const speakers = await allPages('speakers');
    expect(speakers.items).toHaveLength(90);
    expect(speakers.items[0]).toHaveProperty('custom_fields');
    const chair = sb.db.contacts(4001).find((c) => !speakers.items.some((s) => s.id === c.id) && liveSessions().some((s) => s.participants.some((p) => p.contact_id === c.id && p.role === 'chairperson')))!;
    expect((await call('GET', `/v1/event/4001/speakers/${chair.id}`)).status).toBe(404);
    expect((await call('GET', `/v1/event/4001/speakers/${speakers.items[0].id}`)).body.id).toBe(speakers.items[0].id);
    const contacts = await allPages('contacts');
    expect(contacts.items.length).toBe(sb.db.contacts(4001).length);
    const exhibitors = await allPages('exhibitors');
    expect(exhibitors.items).toHaveLength(20);
    const team = exhibitors.items.find((x) => x.contacts.length > 1)!;
    expect(team.contacts.filter((c: any) => c.is_primary).map((c: any) => c.id)).toEqual([team.primary_contact_id]);
  });
});

function accepted(items: any[]): number {
  return items.filter((s) => s.status === 'accepted').length;
}

describe('Hide PII', () => {
  it('masks emails and phones in every contact-like payload', () => {
    expect(maskEmail('jane.doe@acme.com')).toBe('j***@a***.com');
    expect(maskEmail('Dup.Speaker@Example.com ')).toBe('D***@E***.com');
    expect(maskPhone('+1-555-123-4567')).toBe('***-***-4567');
  });

  it('masks over the API for the Hide PII token and not for the read token', async () => {
    const masked = /^.\*\*\*@.\*\*\*\.[a-z]+$/;
    const token = sb.tokens.hidePii;
    const contacts = (await allPages('contacts', {}, 100, token)).items;
    expect(contacts.every((c) => c.email === null || masked.test(c.email))).toBe(true);
    expect(contacts.every((c) => c.phone_mobile === null || /^\*\*\*-\*\*\*-\d{4}$/.test(c.phone_mobile))).toBe(true);
    const sessions = (await allPages('sessions', {}, 100, token)).items;
    const emails = sessions.flatMap((s) => [...s.speakers, ...s.chairpersons, ...s.moderators, ...s.participants].map((p: any) => p.email));
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((e) => masked.test(e))).toBe(true);
    const exhibitors = (await allPages('exhibitors', {}, 100, token)).items;
    expect(exhibitors.flatMap((x) => x.contacts).every((c: any) => masked.test(c.email))).toBe(true);
    const one = (await call('GET', `/v1/event/4001/contacts/${contacts[0].id}`, { token })).body;
    expect(one.email).toMatch(masked);

    const plain = (await allPages('contacts')).items;
    expect(plain.some((c) => c.email.includes('***'))).toBe(false);
    expect(plain.map((c) => c.email)).toContain('Dup.Speaker@Example.com ');
  });
});

describe('rate limits', () => {
  it('refuses single reads over the bucket with 429, Retry-After and RateLimit headers, while search still answers', async () => {
    expect((await config({ bucketLimit: 3 })).status).toBe(200);
    const id = firstSpeaker().id;
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call('GET', `/v1/event/4001/contacts/${id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const session = liveSessions()[0].id;
    const refused = await call('GET', `/v1/event/4001/sessions/${session}`);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'TooManyRequestsError', message: expect.stringContaining('entity-reads') });
    expect(Number(refused.headers.get('retry-after'))).toBe(900);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(900);

    // Unlimited: searches, GET /v1/events, GET speakers/{cid}; other tokens and buckets are separate.
    expect((await search('sessions')).status).toBe(200);
    expect((await search('contacts')).headers.get('ratelimit-limit')).toBeNull();
    expect((await call('GET', '/v1/events')).status).toBe(200);
    expect((await call('GET', `/v1/event/4001/speakers/${id}`)).status).toBe(200);
    expect((await call('GET', `/v1/event/4001/contacts/${id}`, { token: write() })).status).toBe(200);
    expect((await call('PUT', `/v1/event/4001/contacts/${id}`, { body: { title: 'CTO' }, token: write() })).status).toBe(200);

    // The window passes: allowed again; Retry-After counted down meanwhile.
    nowMs = START + 600_000;
    expect(Number((await call('GET', `/v1/event/4001/contacts/${id}`)).headers.get('retry-after'))).toBe(300);
    nowMs = START + 900_000;
    expect((await call('GET', `/v1/event/4001/contacts/${id}`)).status).toBe(200);
  });

  it('counts a bulk of 100 operations as ONE contact write', async () => {
    await config({ bucketLimit: 2 });
    const ids = sb.db.contacts(4001).slice(0, 100).map((c) => c.id);
    const bulk = () =>
      call('POST', '/v1/event/4001/contacts/bulk', {
        body: { operations: ids.map((id) => ({ action: 'update', id, data: { company_name: 'Bulk Co' } })) },
        token: write(),
      });
    expect((await bulk()).status).toBe(200);
    const second = await bulk();
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const third = await bulk();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
  });
});

describe('contact writes and fields', () => {
  const createLink = () =>
    call('POST', '/v1/event/4001/fields/create', { body: { name: 'Gleanin Link', field_type: 'textarea', module: 'contact' }, token: write() });

  it('creates the Gleanin Link field once (201, then 409), visible in field lists and contacts', async () => {
    const before = await call('GET', '/v1/event/4001/fields?pageSize=100');
    expect(before.body.data.some((f: any) => f.internal_name === 'gleanin_link')).toBe(false);
    const created = await createLink();
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      data: { id: expect.any(String), internal_name: 'gleanin_link', name: 'Gleanin Link', field_type: 'textarea', module: 'contact', field_source: 'custom', field_level: 'event' },
    });
    const again = await createLink();
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ConflictError');
    const listed = await call('POST', '/v1/event/4001/fields', { body: { filters: { module: 'contact' } } });
    expect(listed.body.data.map((f: any) => f.internal_name)).toContain('gleanin_link');
    expect(listed.body.data.every((f: any) => f.module === 'contact')).toBe(true);
    const contact = (await call('GET', `/v1/event/4001/contacts/${firstSpeaker().id}`)).body;
    expect(contact.custom_fields).toContainEqual({ id: created.body.data.id, internal_name: 'gleanin_link', name: 'Gleanin Link', type: 'textarea', value: null });
    const bad = await call('POST', '/v1/event/4001/fields/create', { body: { name: 'X', field_type: 'dropdown', module: 'contact' }, token: write() });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/field_type/);
  });

  it('writes a custom field in both body forms, refuses unknown fields, and 409s a stale updated_at', async () => {
    await createLink();
    const contact = firstSpeaker();
    const path = `/v1/event/4001/contacts/${contact.id}`;
    const original = contact.updated_at;
    nowMs = START + 1000;
    const first = await call('PUT', path, { body: { custom_fields: { gleanin_link: 'https://gleanin.example/s/1' }, updated_at: original }, token: write() });
    expect(first.status).toBe(200);
    expect(first.body.custom_fields.find((f: any) => f.internal_name === 'gleanin_link').value).toBe('https://gleanin.example/s/1');
    expect(first.body.updated_at).not.toBe(original);

    const stale = await call('PUT', path, { body: { custom_fields: { gleanin_link: 'https://gleanin.example/s/2' }, updated_at: original }, token: write() });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ error: 'ConflictError', message: expect.stringContaining('stale') });

    const arrayForm = await call('PUT', path, {
      body: { custom_fields: [{ internal_name: 'gleanin_link', value: 'https://gleanin.example/s/3' }], updated_at: first.body.updated_at },
      token: write(),
    });
    expect(arrayForm.status).toBe(200);
    expect(arrayForm.body.custom_fields.find((f: any) => f.internal_name === 'gleanin_link').value).toBe('https://gleanin.example/s/3');

    // Writing the same value changes nothing, so updated_at stays.
    const same = await call('PUT', path, { body: { custom_fields: { gleanin_link: 'https://gleanin.example/s/3' } }, token: write() });
    expect(same.body.updated_at).toBe(arrayForm.body.updated_at);

    const unknown = await call('PUT', path, { body: { custom_fields: { shoe_size: '42' } }, token: write() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/Unknown contact custom field "shoe_size"/);
    const extraKey = await call('PUT', path, { body: { favourite_colour: 'red' }, token: write() });
    expect(extraKey.status).toBe(400);
  });

  it('answers bulk writes in the bulk envelope with per-operation errors', async () => {
    await createLink();
    const [a, b] = sb.db.speakers(4001);
    const res = await call('POST', '/v1/event/4001/contacts/bulk', {
      body: {
        operations: [
          { action: 'update', id: a.id, data: { custom_fields: { gleanin_link: 'https://gleanin.example/a' } } },
          { action: 'update', id: 'no-such-contact', data: { custom_fields: { gleanin_link: 'https://gleanin.example/x' } } },
          { action: 'update', id: b.id, data: { custom_fields: { not_a_field: 'x' } } },
          { action: 'update', id: b.id, data: { custom_fields: { gleanin_link: 'https://gleanin.example/b' } }, updated_at: '2020-01-01T00:00:00+00:00' },
          { action: 'explode', id: b.id },
        ],
      },
      token: write(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      batch_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      results: [
        { index: 0, action: 'update', status: 'success', id: a.id },
        { index: 1, action: 'update', status: 'error', id: 'no-such-contact', error: { code: 'NotFoundError', message: expect.any(String) } },
        { index: 2, action: 'update', status: 'error', id: b.id, error: { code: 'BadRequestError', message: expect.stringContaining('not_a_field') } },
        { index: 3, action: 'update', status: 'error', id: b.id, error: { code: 'ConflictError', message: expect.any(String) } },
        { index: 4, action: 'explode', status: 'error', id: b.id, error: { code: 'BadRequestError', message: expect.any(String) } },
      ],
      stats: { total: 5, succeeded: 1, failed: 4 },
    });
    expect(sb.db.contact(4001, a.id).custom_fields.gleanin_link).toBe('https://gleanin.example/a');
    expect(sb.db.contact(4001, b.id).custom_fields.gleanin_link).toBeUndefined();
  });

  it('refuses a bulk of more than 100 operations, or none, or no operations array', async () => {
    const id = firstSpeaker().id;
    const ops = Array.from({ length: 101 }, () => ({ action: 'update', id, data: { title: 'x' } }));
    const tooMany = await call('POST', '/v1/event/4001/contacts/bulk', { body: { operations: ops }, token: write() });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/1 to 100 operations \(got 101\)/);
    expect((await call('POST', '/v1/event/4001/contacts/bulk', { body: {}, token: write() })).status).toBe(400);
    expect((await call('POST', '/v1/event/4001/contacts/bulk', { raw: '{oops', token: write() })).body.message).toMatch(/not valid JSON/);
    expect(sb.db.contact(4001, id).title).not.toBe('x');
  });
});

describe('session writes, soft delete and restore', () => {
  it('creates and edits sessions with the write token: title, decline, reschedule', async () => {
    const created = await call('POST', '/v1/event/4001/sessions/create', {
      body: { title: 'Brand new', status: 'accepted', starts_at: '2026-12-26T15:00:00Z', ends_at: '2026-12-26T16:00:00Z', participants: [{ contact_id: firstSpeaker().id, role: 'speaker' }] },
      token: write(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Brand new', status: 'accepted', starts_at: '2026-12-26T15:00:00+00:00', friendly_id: 'SESS-61' });
    expect(created.body.speakers.map((s: any) => s.id)).toEqual([firstSpeaker().id]);

    const id = created.body.id;
    const path = `/v1/event/4001/sessions/${id}`;
    expect((await call('PUT', path, { body: { title: 'Renamed' }, token: write() })).body.title).toBe('Renamed');
    const declined = await call('PUT', path, { body: { status: 'declined' }, token: write() });
    expect(declined.body).toMatchObject({ status: 'declined', custom_status: null });
    const moved = await call('PUT', path, { body: { starts_at: '2026-12-27T09:00:00-05:00', ends_at: '2026-12-27T10:00:00-05:00' }, token: write() });
    expect(moved.body).toMatchObject({ starts_at: '2026-12-27T14:00:00+00:00', ends_at: '2026-12-27T15:00:00+00:00' });
    const confirmed = sb.db.data.statuses.find((s) => s.event_id === 4001 && s.is_custom)!;
    expect((await call('PUT', path, { body: { custom_status_id: confirmed.id }, token: write() })).body).toMatchObject({ status: 'accepted', custom_status_id: confirmed.id });

    expect((await call('PUT', path, { body: { ends_at: '2026-12-27T08:00:00-05:00' }, token: write() })).status).toBe(400);
    expect((await call('PUT', path, { body: { status: 'approved' }, token: write() })).status).toBe(400);
    expect((await call('PUT', path, { body: { participants: [{ contact_id: 'ghost', role: 'speaker' }] }, token: write() })).body.message).toMatch(/ghost/);
    expect((await call('POST', '/v1/event/4001/sessions/create', { body: { title: '' }, token: write() })).body.message).toBe('title is required');
    const stale = await call('PUT', path, { body: { title: 'Late', updated_at: created.body.updated_at }, token: write() });
    expect(stale.status).toBe(409);
  });

  it('soft-deletes a session (gone from search and GET) and restores it', async () => {
    const session = liveSessions().find((s) => !s.parent_session_id)!;
    const del = await call('DELETE', `/v1/event/4001/sessions/${session.id}`, { token: write() });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: session.id, deleted_at: expect.any(String) });
    expect((await search('sessions')).body.pagination.totalResults).toBe(59);
    expect((await call('GET', `/v1/event/4001/sessions/${session.id}`)).status).toBe(404);
    expect((await call('PUT', `/v1/event/4001/sessions/${session.id}`, { body: { title: 'x' }, token: write() })).status).toBe(404);
    const restored = await call('POST', `/v1/event/4001/sessions/${session.id}/restore`, { token: write() });
    expect(restored.status).toBe(200);
    expect(restored.body.id).toBe(session.id);
    expect((await search('sessions')).body.pagination.totalResults).toBe(60);
    expect((await call('POST', `/v1/event/4001/sessions/${session.id}/restore`, { token: write() })).status).toBe(409);
  });

  it('soft-deletes a contact (gone from searches and session participants) and restores it', async () => {
    const speaker = firstSpeaker();
    const holder = liveSessions().find((s) => s.participants.some((p) => p.contact_id === speaker.id))!;
    expect((await call('DELETE', `/v1/event/4001/contacts/${speaker.id}`, { token: write() })).status).toBe(200);
    const contacts = (await allPages('contacts')).items;
    expect(contacts.some((c) => c.id === speaker.id)).toBe(false);
    const session = (await call('GET', `/v1/event/4001/sessions/${holder.id}`)).body;
    expect(session.participants.some((p: any) => p.id === speaker.id)).toBe(false);
    expect((await call('POST', `/v1/event/4001/contacts/${speaker.id}/restore`, { token: write() })).status).toBe(200);
    expect((await allPages('contacts')).items.some((c) => c.id === speaker.id)).toBe(true);
  });

  it('soft-deletes and restores an exhibitor', async () => {
    const x = sb.db.exhibitors(4001)[0];
    expect((await call('DELETE', `/v1/event/4001/exhibitors/${x.id}`)).status).toBe(403);
    expect((await call('DELETE', `/v1/event/4001/exhibitors/${x.id}`, { token: write() })).status).toBe(200);
    expect((await search('exhibitors')).body.pagination.totalResults).toBe(19);
    expect((await call('POST', `/v1/event/4001/exhibitors/${x.id}/restore`, { token: write() })).status).toBe(200);
    expect((await search('exhibitors')).body.pagination.totalResults).toBe(20);
  });
});

describe('search cache', () => {
  it('serves session get and search up to 3 minutes stale when searchCache is on, fresh when off', async () => {
    const session = liveSessions()[0];
    const titleIn = async () => (await search('sessions', {}, '?pageSize=100')).body.results.find((s: any) => s.id === session.id).title;
    const getTitle = async () => (await call('GET', `/v1/event/4001/sessions/${session.id}`)).body.title;
    const rename = (title: string) => call('PUT', `/v1/event/4001/sessions/${session.id}`, { body: { title }, token: write() });

    // Off by default: a write shows at once.
    await rename('Fresh one');
    expect(await titleIn()).toBe('Fresh one');

    expect((await config({ searchCache: true })).body.config.searchCache).toBe(true);
    expect(await titleIn()).toBe('Fresh one');
    expect(await getTitle()).toBe('Fresh one');
    nowMs = START + 10_000;
    await rename('Fresh two');
    expect(await titleIn()).toBe('Fresh one');
    expect(await getTitle()).toBe('Fresh one');
    nowMs = START + 179_000;
    expect(await titleIn()).toBe('Fresh one');
    nowMs = START + 181_000;
    expect(await titleIn()).toBe('Fresh two');
    expect(await getTitle()).toBe('Fresh two');

    await rename('Fresh three');
    await config({ searchCache: false });
    expect(await titleIn()).toBe('Fresh three');
  });
});

describe('sandbox controls', () => {
  it('injects 503s and dropped connections, and reset clears them', async () => {
    await config({ faults: { errorRate: 1 } });
    const failed = await search('sessions');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ error: 'ServiceUnavailableError', message: expect.any(String) });
    await config({ faults: { errorRate: 0, dropRate: 1 } });
    await expect(fetch(`${origin}/v1/events`, { headers: { 'x-access-token': sb.tokens.read } })).rejects.toThrow();
    await call('POST', '/__sandbox/sessionboard/reset', { token: null });
    expect((await call('GET', '/v1/events')).status).toBe(200);
  });

  it('applies the global rate limit of POST config', async () => {
    await config({ rateLimitPerSecond: 1 });
    expect((await call('GET', '/v1/events')).status).toBe(200);
    const limited = await call('GET', '/v1/events');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('TooManyRequestsError');
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  it('shows every record and the request log in state; reset restores the seed and clears the log', async () => {
    const session = liveSessions()[0];
    await call('DELETE', `/v1/event/4001/sessions/${session.id}`, { token: write() });
    await search('sessions');
    await search('sessions');
    const before = await state();
    expect(before.sessions).toHaveLength(80);
    expect(before.sessions.find((s: any) => s.id === session.id).deleted_at).toEqual(expect.any(String));
    expect(before.contacts.length).toBeGreaterThan(90);
    expect(before.exhibitors).toHaveLength(30);
    expect(before.events.map((e: any) => e.id)).toEqual([4001, 4002, 4003]);
    expect(before.requestLog.byRoute).toMatchObject({ 'DELETE /v1/event/:eventId/sessions/:id': 1, 'POST /v1/event/:eventId/sessions': 2 });
    expect(before.config).toMatchObject({ rateLimitPerSecond: null, searchCache: false, bucketLimit: 100, bucketWindowMs: 900000 });

    expect((await call('POST', '/__sandbox/sessionboard/reset', { token: null })).body).toEqual({ ok: true });
    const after = await state();
    expect(after.sessions.find((s: any) => s.id === session.id).deleted_at).toBeNull();
    expect(after.requestLog.total).toBe(0);
  });

  it('validates config: unknown keys and bad values are 400 and change nothing', async () => {
    const bad = await config({ bucketLimit: 0 });
    expect(bad.status).toBe(400);
    expect((await config({ searchCach: true })).status).toBe(400);
    expect((await config({ bucketLimit: 5, faults: { errorRate: 2 } })).status).toBe(400);
    expect((await state()).config.bucketLimit).toBe(100);
    const ok = await config({ bucketLimit: 5, bucketWindowMs: 60_000 });
    expect(ok.body.config).toMatchObject({ bucketLimit: 5, bucketWindowMs: 60_000 });
  });
});
