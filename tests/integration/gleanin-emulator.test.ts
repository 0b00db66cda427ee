/**
 * The Gleanin emulator over real HTTP (rules in sandbox/gleanin/README.md): each
 * rule is shown to hold, so a client tested against it meets the same refusals as against Gleanin.
 */
import { type Answer, jsonCaller, serveApp, type Served } from '../helpers/http.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGleaninEmulator, type GleaninEmulator } from '../../sandbox/gleanin/index.ts';

let emulator: GleaninEmulator;
let served: Served;
let origin: string;

const API = '/api/clients/v1';

beforeAll(async () => {
  emulator = createGleaninEmulator({ now: new Date('2026-11-25T12:00:00.000Z') });
  served = await serveApp(emulator.app);
  origin = served.origin;
});

afterAll(() => served.close());

beforeEach(async () => {
  const res = await fetch(`${origin}/__sandbox/gleanin/reset`, { method: 'POST' });
  expect(res.status).toBe(200);
});

const call = jsonCaller({
  url: (path) => (path.startsWith('http') ? path : `${origin}${path.startsWith('/__') ? '' : API}${path}`),
  defaultToken: () => emulator.tokens.valid,
  auth: (t) => ['authorization', `Bearer ${t}`],
});

const config = (body: unknown) => call('POST', '/__sandbox/gleanin/config', { body, token: null });
const state = async () => (await call('GET', '/__sandbox/gleanin/state', { token: null })).body;

function speakerDoc(attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { data: { type: 'speakers', attributes: { event_id: 11846, ...attributes }, ...extra } };
}

async function createSpeaker(attributes: Record<string, unknown>) {
  const res = await call('POST', '/speakers', { body: speakerDoc(attributes) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

function sessionDoc(attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { data: { type: 'sessions', attributes: { event_id: 11846, ...attributes }, ...extra } };
}

function expectError(res: Answer, status: number, pointer?: string, detail?: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Array.isArray(res.body.errors)).toBe(true);
  const match = res.body.errors.find(
    (e: { status: string; source?: { pointer?: string }; detail: string }) =>
      e.status === String(status) && (!pointer || e.source?.pointer === pointer) && (!detail || detail.test(e.detail)),
  );
  expect(match, JSON.stringify(res.body.errors)).toBeTruthy();
  return match;
}

describe('auth: Bearer token, 401 otherwise', () => {
  it('answers 401 with a JSON:API error for a missing, wrong or revoked token, and 200 for the valid one', async () => {
    for (const token of [null, 'gl_wrong_token', emulator.tokens.revoked]) {
      const res = await call('GET', '/events', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: [{ status: '401', title: 'Unauthorized', detail: 'Invalid or missing token' }] });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const basic = await fetch(`${origin}${API}/events`, { headers: { authorization: `Basic ${emulator.tokens.valid}` } });
    expect(basic.status).toBe(401);
    expect((await call('GET', '/events')).status).toBe(200);
  });
});

describe('events, campaigns and include=', () => {
  it('lists the seeded events as JSON:API with string ids, one time_zone present and one absent', async () => {
    const res = await call('GET', '/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.links).toBeUndefined();
    const byId = Object.fromEntries(res.body.data.map((e: { id: string }) => [e.id, e]));
    expect(Object.keys(byId)).toEqual(['11846', '11847', '11848', '11849']);
    expect(byId['11846'].type).toBe('events');
    expect(byId['11846'].attributes.title).toBe('Acme Summit 2026');
    expect(byId['11846'].attributes.slug).toMatch(/^[0-9a-f]{40}$/);
    expect('time_zone' in byId['11846'].attributes).toBe(false);
    expect(byId['11847'].attributes.time_zone).toBe('Europe/Berlin');
    expect(byId['11848'].attributes.time_zone).toBe('America/Chicago');
    expect(byId['11849'].attributes.state).toBe('archived');
    expect(byId['11846'].attributes.state).toBe('active');
    expect(byId['11846'].relationships).toBeUndefined();
  });

  it('includes speakers and campaigns (comma-separated) with relationships, and refuses an unknown include', async () => {
    const res = await call('GET', '/events/11846?include=speakers,campaigns');
    expect(res.status).toBe(200);
    const event = res.body.data;
    expect(event.relationships.speakers.data).toEqual([{ type: 'speakers', id: '120001' }]);
    expect(event.relationships.campaigns.data).toHaveLength(3);
    expect(event.relationships.sessions).toBeUndefined();
    const speaker = res.body.included.find((r: { type: string }) => r.type === 'speakers');
    expect(speaker.attributes).toMatchObject({ name: 'Pre Existing', email: 'dup.speaker@example.com', external_idx: null, event_id: 11846 });
    expect(typeof speaker.attributes.event_id).toBe('number');
    const kinds = res.body.included.filter((r: { type: string }) => r.type === 'campaigns').map((c: { attributes: { kind: string } }) => c.attributes.kind);
    expect(kinds.sort()).toEqual(['attendee', 'exhibitor', 'speaker']);

    const all = await call('GET', '/events?include=campaigns,sessions,speakers,images');
    expect(all.status).toBe(200);
    expect(all.body.data[0].relationships.images).toEqual({ data: [] });
    expect(all.body.included.filter((r: { type: string }) => r.type === 'campaigns')).toHaveLength(12);

    expectError(await call('GET', '/events?include=speakers,exhibitors'), 400, undefined, /Unknown include "exhibitors"/);
    expectError(await call('GET', '/events/11846?include=speakers.sessions'), 400);
    expectError(await call('GET', '/speakers?include=sessions'), 400, undefined, /not supported/);
  });

  it('serves campaigns read-only, three per event with their share_url', async () => {
    const res = await call('GET', '/campaigns?filter[event_id]=11847');
    expect(res.body.data.map((c: { attributes: { name: string } }) => c.attributes.name)).toEqual([
      'Speaker campaign',
      'Attendee campaign',
      'Exhibitor campaign',
    ]);
    const first = res.body.data[0];
    expect(first.attributes.share_url).toBe(`https://app.gleanin.com/share/campaigns/${first.id}/variants`);
    expect((await call('GET', `/campaigns/${first.id}`)).body.data.id).toBe(first.id);
    expectError(await call('POST', '/campaigns', { body: { data: { type: 'campaigns', attributes: { name: 'x' } } } }), 405);
    expectError(await call('DELETE', `/campaigns/${first.id}`), 405);
  });

  it('creates events (title and account_id required) and enforces the active-event limit on create and activate', async () => {
    const missing = await call('POST', '/events', { body: { data: { type: 'events', attributes: {} } } });
    expectError(missing, 422, '/data/attributes/title', /Title can't be blank/);
    expectError(missing, 422, '/data/attributes/account_id', /Account can't be blank/);

    const accountId = (await call('GET', '/events/11846')).body.data.attributes.account_id;
    const created = await call('POST', '/events', { body: { data: { type: 'events', attributes: { title: 'New Show', account_id: accountId } } } });
    expect(created.status).toBe(201);
    expect(created.body.data.attributes.state).toBe('active');
    expect((await call('GET', `/campaigns?filter[event_id]=${created.body.data.id}`)).body.data).toHaveLength(3);

    expect((await config({ activeEventLimit: 4 })).status).toBe(200);
    const over = await call('POST', '/events', { body: { data: { type: 'events', attributes: { title: 'One more', account_id: accountId } } } });
    expectError(over, 422, undefined, /^Active events limit reached for your subscription$/);
    expectError(await call('PATCH', '/events/11849/activate'), 422, undefined, /Active events limit reached/);

    const archived = await call('PATCH', `/events/${created.body.data.id}/archive`);
    expect(archived.body.data.attributes.state).toBe('archived');
    const activated = await call('PATCH', '/events/11849/activate');
    expect(activated.status).toBe(200);
    expect(activated.body.data.attributes.state).toBe('active');
  });

  it('changes an event updated_at only when PATCH changes a stored value', async () => {
    const before = (await call('GET', '/events/11846')).body.data.attributes;
    const same = await call('PATCH', '/events/11846', { body: { data: { type: 'events', id: '11846', attributes: { title: 'Acme Summit 2026' } } } });
    expect(same.body.data.attributes.updated_at).toBe(before.updated_at);
    const changed = await call('PATCH', '/events/11846', { body: { data: { type: 'events', attributes: { title: 'Acme Summit 2026 (renamed)' } } } });
    expect(changed.body.data.attributes.title).toBe('Acme Summit 2026 (renamed)');
    expect(changed.body.data.attributes.updated_at > before.updated_at).toBe(true);
    expectError(await call('PATCH', '/events/11846', { body: { data: { type: 'events', attributes: { slug: 'x' } } } }), 400, '/data/attributes/slug', /read-only/);
  });
});

describe('speakers: validation and uniqueness per event', () => {
  it('creates a speaker from attributes.event_id or relationships.event and returns the full document', async () => {
    const res = await call('POST', '/speakers', {
      body: {
        data: {
          type: 'speakers',
          attributes: { name: '  Ada Lovelace ', email: 'ada@example.com', job_title: 'Analyst', company_name: 'Engines', external_idx: 'sb:contact:1', groups: ['Speakers'] },
          relationships: { event: { data: { type: 'events', id: '11847' } } },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.type).toBe('speakers');
    expect(res.body.data.id).toMatch(/^\d+$/);
    expect(res.body.data.attributes).toMatchObject({
      name: 'Ada Lovelace',
      event_id: 11847,
      session_ids: [],
      session_count: 0,
      external_idx: 'sb:contact:1',
      groups: ['Speakers'],
    });
    expect(res.body.data.attributes.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await call('GET', `/speakers/${res.body.data.id}`)).body.data.attributes.email).toBe('ada@example.com');

    expectError(await call('POST', '/speakers', { body: { data: { type: 'speakers', attributes: { name: 'No Event' } } } }), 422, '/data/attributes/event_id');
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'X', event_id: 99999 }) }), 422, '/data/attributes/event_id', /Event must exist/);
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'X', event_id: 11849 }) }), 422, '/data/attributes/event_id', /archived/);
  });

  it('refuses a missing or blank name with 422 naming the attribute', async () => {
    const missing = await call('POST', '/speakers', { body: speakerDoc({ email: 'a@example.com' }) });
    expectError(missing, 422, '/data/attributes/name', /Name can't be blank/);
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: '   ' }) }), 422, '/data/attributes/name');
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 42 }) }), 422, '/data/attributes/name', /Name is invalid/);
    const speaker = await createSpeaker({ name: 'Named' });
    expectError(await call('PATCH', `/speakers/${speaker.id}`, { body: { data: { type: 'speakers', attributes: { name: null } } } }), 422, '/data/attributes/name');
    expect((await state()).speakers).toHaveLength(2);
  });

  it('keeps email unique per event case-insensitively and trimmed, allows it in another event and allows many without email', async () => {
    const dup = await call('POST', '/speakers', { body: speakerDoc({ name: 'Dup', email: ' Dup.Speaker@Example.com ' }) });
    const error = expectError(dup, 422, '/data/attributes/email');
    expect(error.detail).toBe('Email has already been taken');
    await createSpeaker({ name: 'Dup elsewhere', email: 'Dup.Speaker@Example.com', event_id: 11847 });
    await createSpeaker({ name: 'No email 1' });
    await createSpeaker({ name: 'No email 2', email: '' });
    const other = await createSpeaker({ name: 'Other', email: 'other@example.com' });
    expectError(
      await call('PATCH', `/speakers/${other.id}`, { body: { data: { type: 'speakers', attributes: { email: 'DUP.speaker@example.com' } } } }),
      422,
      '/data/attributes/email',
      /^Email has already been taken$/,
    );
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'Bad', email: 'not-an-email' }) }), 422, '/data/attributes/email', /invalid/);
  });

  it('keeps external_idx unique per event for speakers and for sessions', async () => {
    await createSpeaker({ name: 'First', external_idx: 'sb:contact:abc' });
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'Second', external_idx: 'sb:contact:abc' }) }), 422, '/data/attributes/external_idx', /already been taken/);
    await createSpeaker({ name: 'Other event', external_idx: 'sb:contact:abc', event_id: 11847 });

    expect((await call('POST', '/sessions', { body: sessionDoc({ title: 'Talk', external_idx: 'sb:session:1' }) })).status).toBe(201);
    expectError(await call('POST', '/sessions', { body: sessionDoc({ title: 'Talk 2', external_idx: 'sb:session:1' }) }), 422, '/data/attributes/external_idx');
  });

  it('refuses HEIC and non-image headshots with 422 on headshot_url and accepts images and extensionless CDN URLs', async () => {
    for (const url of ['https://cdn.example.com/p/photo.heic', 'https://cdn.example.com/p/photo.HEIF', 'https://cdn.example.com/cv.pdf', 'https://cdn.example.com/bio.txt', 'https://img.example.com/a?fm=heic', 'ftp://x.example.com/a.jpg']) {
      expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'Pic', headshot_url: url }) }), 422, '/data/attributes/headshot_url');
    }
    const heic = await call('POST', '/speakers', { body: speakerDoc({ name: 'Pic', headshot_url: 'https://cdn.example.com/photo.heic' }) });
    expect(heic.body.errors[0].detail).toMatch(/heic/i);
    for (const url of ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/a.PNG?v=2', 'https://cdn.example.com/a.webp', 'https://cdn.example.com/logo.svg', 'https://cdn.example.com/photos/8f3a2']) {
      const res = await call('POST', '/speakers', { body: speakerDoc({ name: `Pic ${url}`, headshot_url: url }) });
      expect(res.status, url).toBe(201);
      expect(res.body.data.attributes.headshot_url).toBe(url);
    }
  });

  it('answers 404 for unknown ids, 409 for a wrong type, 400 for malformed JSON and 415 for another media type', async () => {
    expectError(await call('GET', '/speakers/999999'), 404);
    expectError(await call('GET', '/speakers/abc'), 404);
    expectError(await call('PATCH', '/speakers/999999', { body: { data: { type: 'speakers', attributes: { name: 'x' } } } }), 404);
    expectError(await call('DELETE', '/speakers/999999'), 404);
    expectError(await call('GET', '/sessions/999999'), 404);
    expectError(await call('GET', '/events/1'), 404);
    expectError(await call('GET', '/nothing-here'), 404);
    const put = await call('PUT', '/speakers/120001', { body: { data: { type: 'speakers', attributes: { name: 'x' } } } });
    expectError(put, 405, undefined, /use GET, PATCH, DELETE/);
    expect(put.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expectError(await call('DELETE', '/events/11846'), 405);

    expectError(await call('POST', '/speakers', { body: { data: { type: 'sessions', attributes: { name: 'x', event_id: 11846 } } } }), 409, '/data/type');
    expectError(await call('PATCH', '/speakers/120001', { body: { data: { type: 'speakers', id: '120002', attributes: {} } } }), 409, '/data/id');
    expectError(
      await call('POST', '/speakers', { body: speakerDoc({ name: 'X' }, { relationships: { event: { data: { type: 'sessions', id: '11846' } } } }) }),
      409,
    );

    expectError(await call('POST', '/speakers', { raw: '{"data": {"type": "speakers",' }), 400, undefined, /Malformed JSON/);
    expectError(await call('POST', '/speakers', { body: { type: 'speakers' } }), 400);
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'X', shoe_size: 44 }) }), 400, '/data/attributes/shoe_size', /Unknown attribute/);
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'X', session_count: 3 }) }), 400, '/data/attributes/session_count', /read-only/);
    expectError(await call('POST', '/speakers', { body: speakerDoc({ name: 'X' }), contentType: 'text/plain' }), 415);

    const vnd = await call('POST', '/speakers', { body: speakerDoc({ name: 'Vnd' }), contentType: 'application/vnd.api+json' });
    expect(vnd.status).toBe(201);
  });

  it('changes updated_at only when a PATCH changes a stored value, and DELETE answers 204', async () => {
    const speaker = await createSpeaker({ name: 'Grace Hopper', email: 'grace@example.com', job_title: 'Admiral' });
    const same = await call('PATCH', `/speakers/${speaker.id}`, {
      body: { data: { type: 'speakers', id: speaker.id, attributes: { name: 'Grace Hopper', email: ' grace@example.com', job_title: 'Admiral' } } },
    });
    expect(same.status).toBe(200);
    expect(same.body.data.attributes.updated_at).toBe(speaker.attributes.updated_at);
    const changed = await call('PATCH', `/speakers/${speaker.id}`, { body: { data: { type: 'speakers', attributes: { job_title: 'Rear Admiral' } } } });
    expect(changed.body.data.attributes.job_title).toBe('Rear Admiral');
    expect(changed.body.data.attributes.updated_at > speaker.attributes.updated_at).toBe(true);
    expectError(await call('PATCH', `/speakers/${speaker.id}`, { body: { data: { type: 'speakers', attributes: { event_id: 11847 } } } }), 422, '/data/attributes/event_id');

    const deleted = await fetch(`${origin}${API}/speakers/${speaker.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${emulator.tokens.valid}` } });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expectError(await call('GET', `/speakers/${speaker.id}`), 404);
  });

  it('filters lists by filter[event_id] (or event_id=) and filter[external_idx], refusing unknown filters', async () => {
    await createSpeaker({ name: 'A', external_idx: 'sb:contact:a' });
    await createSpeaker({ name: 'B', external_idx: 'sb:contact:b', event_id: 11847 });
    const names = (res: Answer) => res.body.data.map((s: { attributes: { name: string } }) => s.attributes.name);
    expect(names(await call('GET', '/speakers'))).toEqual(['Pre Existing', 'A', 'B']);
    expect(names(await call('GET', '/speakers?filter[event_id]=11846'))).toEqual(['Pre Existing', 'A']);
    expect(names(await call('GET', '/speakers?event_id=11847'))).toEqual(['B']);
    expect(names(await call('GET', '/speakers?filter[event_id]=11846&filter[external_idx]=sb:contact:a'))).toEqual(['A']);
    expect(names(await call('GET', '/speakers?filter[event_id]=11846&filter[external_idx]=sb:contact:b'))).toEqual([]);
    expectError(await call('GET', '/speakers?filter[email]=a@example.com'), 400, undefined, /Unknown filter "email"/);
    expectError(await call('GET', '/speakers?filter[event_id]=abc'), 400);
    expectError(await call('GET', '/events?filter[state]=active'), 400, undefined, /takes no filter/);
  });
});

describe('sessions: validation and attached speakers', () => {
  it('validates title, times and speaker ids, and maintains speaker session_ids/session_count', async () => {
    const a = await createSpeaker({ name: 'A' });
    const b = await createSpeaker({ name: 'B' });
    const elsewhere = await createSpeaker({ name: 'Elsewhere', event_id: 11847 });

    expectError(await call('POST', '/sessions', { body: sessionDoc({ description: 'x' }) }), 422, '/data/attributes/title', /Title can't be blank/);
    expectError(
      await call('POST', '/sessions', { body: sessionDoc({ title: 'T', starts_at: '2026-12-01T10:00:00Z', ends_at: '2026-12-01T10:00:00Z' }) }),
      422,
      '/data/attributes/ends_at',
    );
    expectError(await call('POST', '/sessions', { body: sessionDoc({ title: 'T', starts_at: '2026-12-01 10:00' }) }), 422, '/data/attributes/starts_at');
    expectError(await call('POST', '/sessions', { body: sessionDoc({ title: 'T', speaker_ids: [elsewhere.id] }) }), 422, '/data/attributes/speaker_ids', /belongs to event 11847/);
    expectError(await call('POST', '/sessions', { body: sessionDoc({ title: 'T', speaker_ids: ['999999'] }) }), 422, '/data/attributes/speaker_ids', /does not exist/);

    const created = await call('POST', '/sessions', {
      body: sessionDoc(
        { title: 'Keynote', starts_at: '2026-12-01T09:00:00-05:00', ends_at: '2026-12-01T10:00:00-05:00', tracks: ['Main'], schedule: '1st 9am' },
        { relationships: { speakers: { data: [{ type: 'speakers', id: a.id }, { type: 'speakers', id: b.id }] } } },
      ),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const session = created.body.data;
    expect(session.attributes).toMatchObject({
      title: 'Keynote',
      starts_at: '2026-12-01T14:00:00.000Z',
      ends_at: '2026-12-01T15:00:00.000Z',
      speaker_ids: [a.id, b.id],
      tracks: ['Main'],
      event_id: 11846,
    });
    const second = (await call('POST', '/sessions', { body: sessionDoc({ title: 'Panel', speaker_ids: [a.id] }) })).body.data;

    const readA = (await call('GET', `/speakers/${a.id}`)).body.data.attributes;
    expect(readA.session_ids).toEqual([session.id, second.id]);
    expect(readA.session_count).toBe(2);
    // Linking writes the session, not the speaker: the speaker's updated_at stays.
    expect(readA.updated_at).toBe(a.attributes.updated_at);

    // Deleting a session detaches its speakers and keeps them.
    expect((await call('DELETE', `/sessions/${session.id}`)).status).toBe(204);
    const afterDelete = (await call('GET', `/speakers/${b.id}`)).body.data.attributes;
    expect(afterDelete.session_ids).toEqual([]);
    expect(afterDelete.session_count).toBe(0);
    expect((await call('GET', `/speakers/${a.id}`)).body.data.attributes.session_ids).toEqual([second.id]);

    // PATCH: same values leave updated_at, a change moves it; removing a speaker updates its session_ids.
    const same = await call('PATCH', `/sessions/${second.id}`, { body: { data: { type: 'sessions', id: second.id, attributes: { title: 'Panel', speaker_ids: [a.id] } } } });
    expect(same.body.data.attributes.updated_at).toBe(second.attributes.updated_at);
    const changed = await call('PATCH', `/sessions/${second.id}`, { body: { data: { type: 'sessions', attributes: { speaker_ids: [] } } } });
    expect(changed.body.data.attributes.updated_at > second.attributes.updated_at).toBe(true);
    expect((await call('GET', `/speakers/${a.id}`)).body.data.attributes.session_count).toBe(0);

    // Deleting a speaker takes it off its sessions.
    const third = (await call('POST', '/sessions', { body: sessionDoc({ title: 'Workshop', speaker_ids: [a.id, b.id] }) })).body.data;
    expect((await call('DELETE', `/speakers/${a.id}`)).status).toBe(204);
    expect((await call('GET', `/sessions/${third.id}`)).body.data.attributes.speaker_ids).toEqual([b.id]);
  });
});

describe('pagination (when switched on)', () => {
  it('is off by default, and when on follows links.next across more than 3 pages and refuses page[size]=101', async () => {
    for (let i = 0; i < 44; i++) await createSpeaker({ name: `Speaker ${i}`, event_id: 11847 });
    const unpaged = await call('GET', '/speakers?filter[event_id]=11847&page[size]=101');
    expect(unpaged.body.data).toHaveLength(44);
    expect(unpaged.body.links).toBeUndefined();

    expect((await config({ pagination: true })).body.config.pagination).toBe(true);
    const defaultPage = await call('GET', '/speakers?filter[event_id]=11847');
    expect(defaultPage.body.data).toHaveLength(25);
    expect(defaultPage.body.meta).toEqual({ record_count: 44, page_count: 2 });

    const ids: string[] = [];
    let next: string | undefined = `${origin}${API}/speakers?filter[event_id]=11847&page[size]=10`;
    let pages = 0;
    let last: Answer | undefined;
    while (next) {
      last = await call('GET', next);
      expect(last.status).toBe(200);
      ids.push(...last.body.data.map((s: { id: string }) => s.id));
      next = last.body.links.next;
      pages++;
    }
    expect(pages).toBe(5);
    expect(ids).toHaveLength(44);
    expect(new Set(ids).size).toBe(44);
    expect(last!.body.links.last).toBe(last!.body.links.self);
    expect(new URL(last!.body.links.self).searchParams.get('filter[event_id]')).toBe('11847');

    expectError(await call('GET', '/speakers?page[size]=101'), 400, undefined, /page\[size\] must be an integer from 1 to 100/);
    expectError(await call('GET', '/speakers?page[number]=0'), 400);
    expect((await call('GET', '/speakers?page[size]=100')).body.data).toHaveLength(45);
    expect((await call('GET', '/events?page[size]=2')).body.links.next).toContain('page%5Bnumber%5D=2');
    expect((await call('GET', '/campaigns?page[size]=5')).body.meta).toEqual({ record_count: 12, page_count: 3 });
  });
});

describe('campaign links: speaker and exhibitor campaigns', () => {
  it('shows deterministic invt.io links only after linkDelayReads reads, exhibitor campaign for the Exhibitors group', async () => {
    expect((await config({ linkDelayReads: 2 })).status).toBe(200);
    const speaker = await createSpeaker({ name: 'Late Links' });
    expect(speaker.attributes.campaign_links).toEqual([]);
    expect((await call('GET', `/speakers/${speaker.id}`)).body.data.attributes.campaign_links).toEqual([]);
    expect((await call('GET', '/speakers?filter[event_id]=11846')).body.data.find((s: { id: string }) => s.id === speaker.id).attributes.campaign_links).toEqual([]);
    const links = (await call('GET', `/speakers/${speaker.id}`)).body.data.attributes.campaign_links;
    const speakerCampaign = (await call('GET', '/campaigns?filter[event_id]=11846')).body.data.find((c: { attributes: { kind: string } }) => c.attributes.kind === 'speaker');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ campaign_id: Number(speakerCampaign.id), campaign_name: 'Speaker campaign' });
    expect(links[0].url).toMatch(/^https:\/\/invt\.io\/[0-9a-z]{11}$/);

    await config({ linkDelayReads: 0 });
    const exhibitor = await createSpeaker({ name: 'Booth Person', groups: ['Exhibitors'], company_name: 'Acme' });
    expect(exhibitor.attributes.campaign_links[0].campaign_name).toBe('Exhibitor campaign');
    expect(exhibitor.attributes.campaign_links).toHaveLength(1);
    expect(exhibitor.attributes.campaign_links[0].url).not.toBe(links[0].url);
    // An exhibitor team member who also speaks gets both links, speaker first.
    expect((await call('POST', '/sessions', { body: sessionDoc({ title: 'Booth talk', speaker_ids: [exhibitor.id] }) })).status).toBe(201);
    const both = (await call('GET', `/speakers/${exhibitor.id}`)).body.data.attributes.campaign_links;
    expect(both.map((l: { campaign_name: string }) => l.campaign_name)).toEqual(['Speaker campaign', 'Exhibitor campaign']);

    // Deterministic: the same records after a reset get the same links.
    await call('POST', '/__sandbox/gleanin/reset', { token: null });
    const again = await createSpeaker({ name: 'Late Links' });
    expect(again.id).toBe(speaker.id);
    expect(again.attributes.campaign_links[0].url).toBe(links[0].url);
  });
});

describe('rate limit and faults', () => {
  it('answers 429 with Retry-After and a JSON:API error beyond the configured rate, sandbox routes unaffected', async () => {
    await config({ rateLimitPerSecond: 2 });
    // Sent together, so the bucket (2 tokens) cannot refill in between.
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('GET', '/events')));
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body.errors[0]).toMatchObject({ status: '429', title: 'Too Many Requests' });
    expect((await state()).requestLog.byStatus['429']).toBe(answers.filter((a) => a.status === 429).length);
    expect((await call('GET', '/__sandbox/gleanin/state', { token: null })).status).toBe(200);
  });

  it('injects 503s (errorRate) and dropped connections (dropRate)', async () => {
    await config({ faults: { errorRate: 1 } });
    const failed = await call('GET', '/events');
    expectError(failed, 503);
    await config({ faults: { errorRate: 0, dropRate: 1 } });
    await expect(fetch(`${origin}${API}/events`, { headers: { authorization: `Bearer ${emulator.tokens.valid}` } })).rejects.toThrow();
    expect((await state()).requestLog.byStatus.dropped).toBe(1);
    await config({ faults: { dropRate: 0 } });
    expect((await call('GET', '/events')).status).toBe(200);
  });
});

describe('sandbox endpoints: state, reset, config', () => {
  it('state holds every record and the request log per route; config validates; reset restores the seed', async () => {
    await createSpeaker({ name: 'Logged' });
    await call('GET', '/speakers/120001');
    await call('GET', '/speakers/120001');
    await call('GET', '/events?include=campaigns');
    await call('GET', '/speakers/1', { token: 'wrong' });

    const snapshot = await state();
    expect(snapshot.events).toHaveLength(4);
    expect(snapshot.campaigns).toHaveLength(12);
    expect(snapshot.sessions).toEqual([]);
    expect(snapshot.speakers.map((s: { name: string }) => s.name)).toEqual(['Pre Existing', 'Logged']);
    expect(snapshot.speakers[1].campaign_links[0].url).toMatch(/^https:\/\/invt\.io\//);
    expect(snapshot.config).toMatchObject({ rateLimitPerSecond: null, pagination: false, linkDelayReads: 0, activeEventLimit: null });
    expect(snapshot.requestLog.byRoute).toEqual({
      'POST /api/clients/v1/speakers': 1,
      'GET /api/clients/v1/speakers/:id': 3,
      'GET /api/clients/v1/events': 1,
    });
    expect(snapshot.requestLog.total).toBe(5);
    expect(snapshot.requestLog.byStatus).toEqual({ '201': 1, '200': 3, '401': 1 });

    const bad = await config({ pagination: 'yes', rateLimitPerSecond: 5 });
    expect(bad.status).toBe(400);
    expect((await config({ paginaton: true })).status).toBe(400);
    expect((await state()).config).toMatchObject({ pagination: false, rateLimitPerSecond: null });
    const good = await config({ pagination: true, linkDelayReads: 3, activeEventLimit: 10, faults: { latencyMs: 0 } });
    expect(good.body.config).toMatchObject({ pagination: true, linkDelayReads: 3, activeEventLimit: 10 });

    expect((await call('POST', '/__sandbox/gleanin/reset', { token: null })).body).toEqual({ ok: true });
    const fresh = await state();
    expect(fresh.speakers).toHaveLength(1);
    expect(fresh.config).toMatchObject({ pagination: false, linkDelayReads: 0, activeEventLimit: null });
    expect(fresh.requestLog.total).toBe(0);
  });
});
