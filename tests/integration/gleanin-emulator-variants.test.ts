/**
 * The Gleanin emulator's variants for what Gleanin's public docs leave open (sandbox/gleanin/README.md
 * "Variants"), over real HTTP: each switch changes exactly the behaviour it names and reset undoes it.
 */
import { jsonCaller, serveApp, type Served } from '../helpers/http.ts';
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
  expect((await fetch(`${origin}/__sandbox/gleanin/reset`, { method: 'POST' })).status).toBe(200);
});

const call = jsonCaller({
  url: (path) => `${origin}${path.startsWith('/__') ? '' : API}${path}`,
  defaultToken: () => emulator.tokens.valid,
  auth: (t) => ['authorization', `Bearer ${t}`],
});
const config = async (body: unknown) => {
  const res = await call('POST', '/__sandbox/gleanin/config', { body, token: null });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

const sessionAttrs = { event_id: 11846, external_idx: 'sb:session:variant-1', title: 'Variant', schedule: 'Tue 09:00', starts_at: '2026-12-15T14:00:00Z', ends_at: '2026-12-15T15:00:00Z' };
const createSession = async (attributes: Record<string, unknown> = sessionAttrs) => {
  const res = await call('POST', '/sessions', { body: { data: { type: 'sessions', attributes } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
};

describe('ignoreAttributes', () => {
  it('accepts an ignored attribute on create and update but does not store it; other attributes are kept', async () => {
    await config({ ignoreAttributes: ['schedule'] });
    const created = await createSession();
    expect(created.attributes.schedule).toBeNull();
    expect(created.attributes.title).toBe('Variant');
    const patched = await call('PATCH', `/sessions/${created.id}`, { body: { data: { type: 'sessions', id: created.id, attributes: { schedule: 'Wed', title: 'Renamed' } } } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.attributes).toMatchObject({ schedule: null, title: 'Renamed' });
    expect((await call('GET', `/sessions/${created.id}`)).body.data.attributes.schedule).toBeNull();
  });

  it('a resource-scoped name ignores the attribute on that resource only', async () => {
    await config({ ignoreAttributes: ['speakers.job_title'] });
    const speaker = await call('POST', '/speakers', { body: { data: { type: 'speakers', attributes: { event_id: 11846, name: 'A B', email: 'ab@example.com', job_title: 'CTO', company_name: 'Acme' } } } });
    expect(speaker.status).toBe(201);
    expect(speaker.body.data.attributes).toMatchObject({ job_title: null, company_name: 'Acme' });
    expect((await createSession()).attributes.schedule).toBe('Tue 09:00');
  });

  it('an unknown attribute name is still refused (the variant only drops valid ones)', async () => {
    await config({ ignoreAttributes: ['schedule'] });
    const res = await call('POST', '/sessions', { body: { data: { type: 'sessions', attributes: { ...sessionAttrs, nonsense: 1 } } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('nonsense');
  });
});

describe('ignoreExternalIdxFilter and hideExternalIdx', () => {
  it('by default filter[external_idx] narrows the list, and an id that cannot exist gives none', async () => {
    const created = await createSession();
    const hit = await call('GET', `/sessions?filter[event_id]=11846&filter[external_idx]=${encodeURIComponent(sessionAttrs.external_idx)}`);
    expect(hit.body.data.map((r: { id: string }) => r.id)).toEqual([created.id]);
    const none = await call('GET', '/sessions?filter[event_id]=11846&filter[external_idx]=sb:session:cannot-exist');
    expect(none.body.data).toEqual([]);
  });

  it('ignoring the filter answers every record of the event', async () => {
    await createSession();
    await createSession({ ...sessionAttrs, external_idx: 'sb:session:variant-2' });
    await config({ ignoreExternalIdxFilter: true });
    const all = await call('GET', '/sessions?filter[event_id]=11846');
    const res = await call('GET', '/sessions?filter[event_id]=11846&filter[external_idx]=sb:session:cannot-exist');
    expect(res.body.data.length).toBe(all.body.data.length);
    expect(res.body.data.length).toBeGreaterThan(1);
  });

  it('hiding external_idx leaves it out of answers but keeps it stored and filterable', async () => {
    await config({ hideExternalIdx: true });
    const created = await createSession();
    expect('external_idx' in created.attributes).toBe(false);
    const hit = await call('GET', `/sessions?filter[event_id]=11846&filter[external_idx]=${encodeURIComponent(sessionAttrs.external_idx)}`);
    expect(hit.body.data.map((r: { id: string }) => r.id)).toEqual([created.id]);
    expect('external_idx' in hit.body.data[0].attributes).toBe(false);
    const event = await call('GET', '/events/11846?include=speakers,sessions');
    for (const r of event.body.included) expect('external_idx' in r.attributes).toBe(false);
    const state = (await call('GET', '/__sandbox/gleanin/state', { token: null })).body;
    expect(state.sessions.find((s: { id: number }) => String(s.id) === created.id).external_idx).toBe(sessionAttrs.external_idx);
  });

  it('reset turns every variant off', async () => {
    await config({ ignoreAttributes: ['schedule'], ignoreExternalIdxFilter: true, hideExternalIdx: true });
    await fetch(`${origin}/__sandbox/gleanin/reset`, { method: 'POST' });
    const created = await createSession();
    expect(created.attributes).toMatchObject({ schedule: 'Tue 09:00', external_idx: sessionAttrs.external_idx });
  });

  it('a misspelt variant key is a 400', async () => {
    const res = await call('POST', '/__sandbox/gleanin/config', { body: { ignoreAttribute: ['schedule'] }, token: null });
    expect(res.status).toBe(400);
  });
});
