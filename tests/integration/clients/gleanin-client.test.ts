/**
 * GleaninClient over real HTTP against the Gleanin emulator:
 * every method's success path, every error class, pagination across more than 3 pages, 429 with
 * Retry-After obeyed (measured), 5xx and dropped connections retried, creates with an unknown
 * outcome not retried, timeouts, and a malformed answer named by endpoint and field.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGleaninEmulator, type GleaninEmulator } from '../../../sandbox/gleanin/index.ts';
import { GleaninClient, type GleaninClientOptions } from '../../../lib/gleanin/client.ts';
import type { RateLimitInfo } from '../../../lib/http/rate-limit.ts';
import { externalId } from '../../../lib/gleanin/adapter.ts';
import {
  ApiError,
  AuthRejectedError,
  MalformedResponseError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../../../lib/http/errors.ts';
import { fastRetry, seedFor, serveEmulator, type Rewrite, type Served, failure } from './harness.ts';

let emulator: GleaninEmulator;
let served: Served;
let proxy: Served;
/** Rewrites answers of the emulator on their way out (malformed and extended responses). */
let rewrite: Rewrite | null = null;

let env: Awaited<ReturnType<typeof serveEmulator>>;
beforeAll(async () => {
  emulator = createGleaninEmulator({ now: new Date() });
  env = await serveEmulator(emulator.app, 'gleanin', () => rewrite);
  served = env.served;
  proxy = env.proxy;
});
afterAll(() => env.close());
beforeEach(async () => {
  rewrite = null;
  await env.reset();
});

const config = (body: unknown) => env.config(body);
const requestLog = () => env.requestLog();
const count = (log: { byRoute: Record<string, number> }, method: string, suffix: string) =>
  Object.entries(log.byRoute)
    .filter(([key]) => key.startsWith(`${method} `) && key.endsWith(suffix))
    .reduce((sum, [, n]) => sum + n, 0);

const client = (opts: Partial<GleaninClientOptions> = {}) =>
  new GleaninClient({ baseUrl: `${served.origin}/api/clients/v1`, token: emulator.tokens.valid, ...fastRetry, ...opts });

const newSpeaker = (n: number, eventId = '11846') => ({
  eventId,
  externalIdx: externalId.contact(4001, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
  name: `Speaker ${n}`,
  email: `speaker${n}@example.com`,
  jobTitle: 'Analyst',
  companyName: 'Engines Ltd',
  headshotUrl: 'https://content-cdn.sessionboard.com/event-files%2Fa.jpg',
});

/** The token appears nowhere in what a caller could log. */
function expectNoToken(error: unknown, token: string) {
  expect(String(error)).not.toContain(token);
  expect((error as Error).stack ?? '').not.toContain(token);
  expect(JSON.stringify(error)).not.toContain(token);
  expect(inspect(error, { depth: 5, showHidden: true })).not.toContain(token);
}

describe('success paths', () => {
  it('lists events with string ids and the time zone only where Gleanin gives one', async () => {
    const events = await client().listEvents();
    expect(events.map((e) => e.id)).toEqual(['11846', '11847', '11848', '11849']);
    const byId = Object.fromEntries(events.map((e) => [e.id, e]));
    expect(byId['11846']).toMatchObject({ title: 'Acme Summit 2026', state: 'active', timeZone: null });
    expect(byId['11847'].timeZone).toBe('Europe/Berlin');
    expect(byId['11849'].state).toBe('archived');
    expect(byId['11846'].accountId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets one event with included campaigns and speakers', async () => {
    const event = await client().getEvent('11846', ['campaigns', 'speakers']);
    expect(event).toMatchObject({ id: '11846', title: 'Acme Summit 2026' });
    expect(event.campaigns?.map((c) => c.kind).sort()).toEqual(['attendee', 'exhibitor', 'speaker']);
    expect(event.speakers?.map((s) => s.email)).toEqual(['dup.speaker@example.com']);
    expect((await client().getEvent('11847')).timeZone).toBe('Europe/Berlin');
  });

  it('lists campaigns of one event', async () => {
    const campaigns = await client().listCampaigns('11846');
    expect(campaigns).toHaveLength(3);
    expect(campaigns.every((c) => c.eventId === '11846' && c.shareUrl?.startsWith('https://'))).toBe(true);
  });

  it('creates, finds, updates, lists and deletes a speaker', async () => {
    const gl = client();
    const input = { ...newSpeaker(1), groups: ['Exhibitors'] };
    const created = await gl.createSpeaker(input);
    expect(created).toMatchObject({ eventId: '11846', externalIdx: input.externalIdx, name: 'Speaker 1', email: 'speaker1@example.com', jobTitle: 'Analyst', groups: ['Exhibitors'] });
    expect(created.id).toMatch(/^\d+$/);

    expect((await gl.findSpeakerByExternalId('11846', input.externalIdx))?.id).toBe(created.id);
    expect(await gl.findSpeakerByExternalId('11847', input.externalIdx)).toBeNull();
    expect(await gl.findSpeakerByExternalId('11846', externalId.contact(4001, 'nobody'))).toBeNull();

    const updated = await gl.updateSpeaker(created.id, { jobTitle: 'Lead Analyst', companyName: null });
    expect(updated).toMatchObject({ id: created.id, jobTitle: 'Lead Analyst', companyName: null, name: 'Speaker 1' });

    const listed = await gl.listSpeakers('11846');
    expect(listed.map((s) => s.id)).toContain(created.id);
    expect(listed.find((s) => s.id === created.id)?.campaignLinks.map((l) => l.campaignName)).toContain('Exhibitor campaign');

    await gl.deleteSpeaker(created.id);
    expect(await gl.findSpeakerByExternalId('11846', input.externalIdx)).toBeNull();
  });

  it('creates, finds, updates, lists and deletes a session with its speakers', async () => {
    const gl = client();
    const speaker = await gl.createSpeaker(newSpeaker(2));
    const start = new Date(Date.now() + 30 * 86_400_000);
    const session = await gl.createSession({
      eventId: '11846',
      externalIdx: externalId.session(4001, '5e55a000-0000-4000-8000-000000000001'),
      title: 'Designing Immersive Experiences',
      description: 'Plain text',
      schedule: 'Mon 9:00',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 45 * 60_000).toISOString(),
      tracks: ['Leadership'],
      speakerIds: [speaker.id],
    });
    expect(session).toMatchObject({ eventId: '11846', title: 'Designing Immersive Experiences', tracks: ['Leadership'], speakerIds: [speaker.id] });
    expect(Date.parse(session.startsAt!)).toBe(start.getTime());

    expect((await gl.findSessionByExternalId('11846', session.externalIdx!))?.id).toBe(session.id);
    const updated = await gl.updateSession(session.id, { title: 'Renamed', speakerIds: [] });
    expect(updated).toMatchObject({ title: 'Renamed', speakerIds: [] });
    expect((await gl.listSessions('11846')).map((s) => s.id)).toEqual([session.id]);

    await gl.deleteSession(session.id);
    expect(await gl.listSessions('11846')).toEqual([]);
  });
});

describe('errors', () => {
  it('401: a revoked token is AuthRejectedError, and the token appears nowhere in it', async () => {
    const error = await failure(client({ token: emulator.tokens.revoked }).listEvents());
    expect(error).toBeInstanceOf(AuthRejectedError);
    expect(error).toMatchObject({ name: 'AuthRejectedError', service: 'gleanin', status: 401, endpoint: 'GET /api/clients/v1/events' });
    expect(error.message).toContain('Gleanin rejected this token (401)');
    expectNoToken(error, emulator.tokens.revoked);
  });

  it('404: an unknown id is NotFoundError naming the endpoint', async () => {
    const error = await failure(client().getEvent('99999'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, endpoint: 'GET /api/clients/v1/events/99999' });
    expect(await failure(client().updateSpeaker('424242', { name: 'x' }))).toBeInstanceOf(NotFoundError);
  });

  it('422: a duplicate email (case and spaces differ) and a blank name are ValidationError with field details', async () => {
    const gl = client();
    const dup = await failure(gl.createSpeaker({ ...newSpeaker(3), email: ' DUP.Speaker@Example.com ' }));
    expect(dup).toBeInstanceOf(ValidationError);
    expect(dup.status).toBe(422);
    expect(dup.fields).toContainEqual({ field: 'email', detail: 'Email has already been taken' });

    const blank = await failure(gl.createSpeaker({ ...newSpeaker(4), name: ' ' }));
    expect(blank).toBeInstanceOf(ValidationError);
    expect(blank.fields.map((f: { field: string }) => f.field)).toContain('name');

    const heic = await failure(gl.createSpeaker({ ...newSpeaker(5), headshotUrl: 'https://cdn.example.com/a.heic' }));
    expect(heic.fields.map((f: { field: string }) => f.field)).toContain('headshot_url');
  });

  it('422 on a repeated external id, which the engine reads as "created before"', async () => {
    const gl = client();
    await gl.createSpeaker(newSpeaker(6));
    const again = await failure(gl.createSpeaker({ ...newSpeaker(6), email: 'other@example.com' }));
    expect(again).toBeInstanceOf(ValidationError);
    expect(again.fields.map((f: { field: string }) => f.field)).toContain('external_idx');
  });

  it('429: Retry-After is obeyed and onRateLimit hears the limit', async () => {
    const heard: RateLimitInfo[] = [];
    const gl = client({ onRateLimit: (info) => heard.push(info) });
    await config({ rateLimitPerSecond: 1 });
    await gl.listEvents();
    await gl.listEvents(); // the bucket is empty: 429 with Retry-After: 1, then the retry succeeds
    // One 429 only: the bucket refills one token a second, so a retry sent before Retry-After
    // (the backoff here is at most 20 ms) would have been refused again.
    expect((await requestLog()).byStatus['429']).toBe(1);
    // The emulator's bucket of 1 per second says so with a one-second window.
    expect(heard[0]).toEqual({ quota: 1, windowSeconds: 1 });
    expect(heard).toContainEqual({ quota: 1, windowSeconds: 1, remaining: 0, resetSeconds: 1, retryAfterMs: 1000 });
  });

  it('429 without retries left is RateLimitedError with retryAfterMs', async () => {
    const gl = client({ retries: 0 });
    await config({ rateLimitPerSecond: 1 });
    await gl.listEvents();
    const error = await failure(gl.listEvents());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1000 });
  });

  it('5xx is retried until it succeeds', async () => {
    await config({ faults: { errorRate: 0.5, seed: seedFor(0.5, [true, true, false]) } });
    expect(await client().listEvents()).toHaveLength(4);
    const log = await requestLog();
    expect(log.byStatus).toMatchObject({ '503': 2, '200': 1 });
  });

  it('5xx that persists is TransientError after 1 + retries attempts', async () => {
    await config({ faults: { errorRate: 1 } });
    const error = await failure(client({ retries: 2 }).listSpeakers('11846'));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ reason: 'server', status: 503, outcomeUnknown: false });
    expect((await requestLog()).byStatus['503']).toBe(3);
  });

  it('a 503 on a create is retried (the server did not handle it)', async () => {
    await config({ faults: { errorRate: 0.5, seed: seedFor(0.5, [true, false]) } });
    const created = await client().createSpeaker(newSpeaker(7));
    expect(created.name).toBe('Speaker 7');
    expect((await client().listSpeakers('11846')).filter((s) => s.externalIdx === created.externalIdx)).toHaveLength(1);
  });

  it('a dropped connection is retried', async () => {
    await config({ faults: { dropRate: 0.5, seed: seedFor(0.5, [true, false]) } });
    expect(await client().listSpeakers('11846')).toHaveLength(1);
    expect((await requestLog()).byStatus).toMatchObject({ dropped: 1, '200': 1 });
  });

  it('a create whose connection drops is NOT retried: TransientError with outcomeUnknown', async () => {
    await config({ faults: { dropRate: 1 } });
    const error = await failure(client().createSpeaker(newSpeaker(8)));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ reason: 'network', outcomeUnknown: true, endpoint: 'POST /api/clients/v1/speakers' });
    expect((await requestLog()).byStatus).toEqual({ dropped: 1 });
  });

  it('times out (TransientError reason timeout) and retries reads; a timed-out create may have happened', async () => {
    await config({ faults: { latencyMs: 600 } });
    // Every answer takes 600 ms and the client waits 150 ms: only a timeout can end this call.
    const error = await failure(client({ timeoutMs: 150, retries: 1 }).listEvents());
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ reason: 'timeout', outcomeUnknown: false });

    const input = newSpeaker(9);
    const create = await failure(client({ timeoutMs: 150 }).createSpeaker(input));
    expect(create).toMatchObject({ name: 'TransientError', reason: 'timeout', outcomeUnknown: true });
    await config({ faults: { latencyMs: 0 } });
    // The emulator carries the create out after we gave up: exactly why the engine looks it up first.
    await vi.waitFor(async () => expect((await client().findSpeakerByExternalId('11846', input.externalIdx))?.name).toBe('Speaker 9'), { timeout: 10_000, interval: 100 });
  });

  it('a malformed answer is MalformedResponseError naming endpoint and field path', async () => {
    const gl = new GleaninClient({ baseUrl: `${proxy.origin}/api/clients/v1`, token: emulator.tokens.valid, ...fastRetry });
    await gl.createSpeaker(newSpeaker(10));
    rewrite = (path, body) => {
      if (path.endsWith('/speakers')) body.data[1].attributes.name = 42;
      return body;
    };
    const error = await failure(gl.listSpeakers('11846'));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.path).toBe('data[1].attributes.name');
    expect(error.message).toContain('GET /api/clients/v1/speakers: data[1].attributes.name: expected string, got number');
  });

  it('tolerates fields a real API adds', async () => {
    const gl = new GleaninClient({ baseUrl: `${proxy.origin}/api/clients/v1`, token: emulator.tokens.valid, ...fastRetry });
    rewrite = (_path, body) => ({
      ...body,
      meta: { record_count: 1 },
      jsonapi: { version: '1.0' },
      data: body.data.map((r: any) => ({ ...r, links: { self: 'x' }, attributes: { ...r.attributes, brand_new: { nested: true } } })),
    });
    expect((await gl.listEvents()).map((e) => e.id)).toHaveLength(4);
  });

  it('every error is an ApiError naming the service', async () => {
    const error = await failure(client().getEvent('1'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.service).toBe('gleanin');
  });
});

describe('pagination', () => {
  it('follows links.next across every page (23 speakers, 5 per page = 5 pages)', async () => {
    const gl = client({ pageSize: 5 });
    for (let n = 100; n < 123; n++) await gl.createSpeaker(newSpeaker(n, '11847'));
    await config({ pagination: true });
    const before = count(await requestLog(), 'GET', '/speakers');
    const speakers = await gl.listSpeakers('11847');
    expect(speakers).toHaveLength(23);
    expect(new Set(speakers.map((s) => s.id)).size).toBe(23);
    expect(count(await requestLog(), 'GET', '/speakers') - before).toBe(5);
  });

  it('follows links.next given as a path on the same host (23 speakers, 5 pages, each on the real endpoint)', async () => {
    const gl = client({ pageSize: 5 });
    for (let n = 300; n < 323; n++) await gl.createSpeaker(newSpeaker(n, '11847'));
    await config({ pagination: true, pageLinks: 'path' });
    const before = count(await requestLog(), 'GET', '/speakers');
    const speakers = await gl.listSpeakers('11847');
    expect(new Set(speakers.map((s) => s.id)).size).toBe(23);
    expect(count(await requestLog(), 'GET', '/speakers') - before).toBe(5);
  });

  it('reads everything in one request when the API does not paginate (links absent)', async () => {
    const gl = client({ pageSize: 5 });
    for (let n = 200; n < 212; n++) await gl.createSpeaker(newSpeaker(n, '11848'));
    const before = count(await requestLog(), 'GET', '/speakers');
    expect(await gl.listSpeakers('11848')).toHaveLength(12);
    expect(count(await requestLog(), 'GET', '/speakers') - before).toBe(1);
  });

  it('pages sessions too', async () => {
    const gl = client({ pageSize: 2 });
    for (let n = 0; n < 7; n++) await gl.createSession({ eventId: '11847', externalIdx: externalId.session(4001, `s-${n}`), title: `Talk ${n}` });
    await config({ pagination: true });
    expect((await gl.listSessions('11847')).map((s) => s.title)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `Talk ${n}`));
  });
});
