/**
 * SessionboardClient over real HTTP against the Sessionboard emulator (seed 400: 400 sessions, 600
 * speakers on event 4001): every method's success path, every error class, all pages of 100, bulk
 * chunks, the write-scope probe, 429 with Retry-After obeyed (measured) and long waits surfaced.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionboardEmulator, type SessionboardEmulator } from '../../../sandbox/sessionboard/index.ts';
import { SessionboardClient, type SessionboardClientOptions } from '../../../lib/sessionboard/client.ts';
import { customFieldsBody, isMaskedEmail } from '../../../lib/sessionboard/adapter.ts';
import {
  AuthRejectedError,
  ConflictError,
  ForbiddenError,
  MalformedResponseError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../../../lib/http/errors.ts';
import { fastRetry, seedFor, serveEmulator, type Rewrite, type Served, failure } from './harness.ts';

let emulator: SessionboardEmulator;
let served: Served;
let proxy: Served;
let rewrite: Rewrite | null = null;
const EVENT = 4001;

let env: Awaited<ReturnType<typeof serveEmulator>>;
beforeAll(async () => {
  emulator = createSessionboardEmulator({ seed: 400 });
  env = await serveEmulator(emulator.app, 'sessionboard', () => rewrite);
  served = env.served;
  proxy = env.proxy;
}, 60_000);
afterAll(() => env.close());
beforeEach(async () => {
  rewrite = null;
  await env.reset();
});

const config = (body: unknown) => env.config(body);
const requestLog = () => env.requestLog();
const count = (log: { byRoute: Record<string, number> }, key: RegExp) =>
  Object.entries(log.byRoute)
    .filter(([k]) => key.test(k))
    .reduce((sum, [, n]) => sum + n, 0);

const client = (token: keyof SessionboardEmulator['tokens'] = 'write', opts: Partial<SessionboardClientOptions> = {}) =>
  new SessionboardClient({ baseUrl: served.origin, token: emulator.tokens[token], ...fastRetry, ...opts });

describe('success paths', () => {
  it('lists events with their time zones', async () => {
    const events = await client('read').listEvents();
    expect(events.map((e) => [e.id, e.timezone])).toEqual([
      [4001, 'America/New_York'],
      [4002, 'Europe/Berlin'],
      [4003, 'America/Los_Angeles'],
    ]);
  });

  it('searches sessions across 4 pages of 100 (400 sessions), every one once', async () => {
    const sb = client('read');
    const before = count(await requestLog(), /^POST .*\/sessions$/);
    const sessions = await sb.searchSessions(EVENT);
    expect(sessions.length).toBeGreaterThan(300);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
    const pages = Math.ceil(sessions.length / 100);
    expect(pages).toBeGreaterThan(3);
    expect(count(await requestLog(), /^POST .*\/sessions$/) - before).toBe(pages);
    expect(sessions.some((s) => s.participants?.some((p) => p.participant_role?.core_role === 'speaker'))).toBe(true);
  });

  it('reads a search again when a record moved between pages meanwhile, and gives up with a clear error if it keeps moving', async () => {
    const viaProxy = new SessionboardClient({ baseUrl: proxy.origin, token: emulator.tokens.read, ...fastRetry });
    let shifts = 1;
    // Page 2 loses its first record, as when a session on page 1 is deleted between the two reads.
    rewrite = (path, body) => {
      if (!path.endsWith('/sessions') || body.pagination?.currentPage !== 2 || shifts === 0) return body;
      shifts--;
      return { ...body, results: body.results.slice(1) };
    };
    const before = count(await requestLog(), /^POST .*\/sessions$/);
    const sessions = await viaProxy.searchSessions(EVENT);
    const pages = Math.ceil(sessions.length / 100);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
    expect(sessions.length).toBe((await client('read').searchSessions(EVENT)).length);
    expect(count(await requestLog(), /^POST .*\/sessions$/) - before).toBe(3 * pages); // read twice, then the check above

    shifts = Infinity;
    const error = await failure(viaProxy.searchSessions(EVENT));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.reason).toBe('changing');
    expect(error.message).toMatch(/changed its records while they were read/);
  });

  it('passes filters: only accepted sessions come back', async () => {
    const accepted = await client('read').searchSessions(EVENT, { filters: { status: 'accepted', isAbstract: false }, sort: { order: 'updatedAt', sort: 'desc' } });
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((s) => s.status === 'accepted')).toBe(true);
  });

  it('searches speakers (600, 6 pages), contacts and exhibitors', async () => {
    const sb = client('read');
    const before = count(await requestLog(), /^POST .*\/speakers$/);
    const speakers = await sb.searchSpeakers(EVENT);
    expect(speakers.length).toBeGreaterThan(500);
    expect(count(await requestLog(), /^POST .*\/speakers$/) - before).toBe(Math.ceil(speakers.length / 100));
    expect((await sb.searchContacts(EVENT)).length).toBeGreaterThanOrEqual(speakers.length);
    const exhibitors = await sb.searchExhibitors(EVENT);
    expect(exhibitors.length).toBeGreaterThan(100);
    const withTeam = exhibitors.find((x) => (x.contacts?.length ?? 0) > 1)!;
    expect(withTeam.contacts?.filter((c) => c.is_primary)).toHaveLength(1);
  });

  it('reads just a sample with maxResults (one request)', async () => {
    const before = count(await requestLog(), /^POST .*\/contacts$/);
    const sample = await client('read').searchContacts(EVENT, {}, { maxResults: 1 });
    expect(sample).toHaveLength(1);
    expect(count(await requestLog(), /^POST .*\/contacts$/) - before).toBe(1);
  });

  it('gets one session and one contact', async () => {
    const sb = client('read');
    const [first] = await sb.searchSessions(EVENT, {}, { maxResults: 1 });
    expect((await sb.getSession(EVENT, first.id)).id).toBe(first.id);
    const [contact] = await sb.searchContacts(EVENT, {}, { maxResults: 1 });
    const got = await sb.getContact(EVENT, contact.id);
    expect(got).toMatchObject({ id: contact.id, email: contact.email });
    expect(isMaskedEmail(got.email)).toBe(false);
  });

  it('Hide PII tokens answer masked emails, which isMaskedEmail recognises', async () => {
    const [contact] = await client('hidePii').searchContacts(EVENT, {}, { maxResults: 1 });
    expect(isMaskedEmail(contact.email)).toBe(true);
  });

  it('lists session statuses and fields; creates the Gleanin Link field once (then 409)', async () => {
    const sb = client('write');
    const statuses = await sb.listSessionStatuses(EVENT);
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['accepted', 'declined', 'pending']));
    const fields = await sb.listFields(EVENT);
    expect(fields.some((f) => f.internal_name === 'gleanin_link')).toBe(false);

    const created = await sb.createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact', field_level: 'event' });
    expect(created).toMatchObject({ internal_name: 'gleanin_link', module: 'contact', field_type: 'text' });
    expect((await sb.listFields(EVENT)).some((f) => f.internal_name === 'gleanin_link')).toBe(true);

    const again = await failure(sb.createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ status: 409, endpoint: `POST /v1/event/${EVENT}/fields/create` });
  });

  it('updates a contact field; a stale updated_at is ConflictError', async () => {
    const sb = client('write');
    await sb.createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' });
    const [contact] = await sb.searchContacts(EVENT, {}, { maxResults: 1 });
    const updated = await sb.updateContact(EVENT, contact.id, customFieldsBody({ gleanin_link: 'https://invt.io/abcdefghijk' }));
    expect(updated.custom_fields?.find((f) => f.internal_name === 'gleanin_link')?.value).toBe('https://invt.io/abcdefghijk');

    const stale = await failure(sb.updateContact(EVENT, contact.id, customFieldsBody({ gleanin_link: 'https://invt.io/x' }, '2000-01-01T00:00:00.000Z')));
    expect(stale).toBeInstanceOf(ConflictError);
  });

  it('bulk-writes 150 contacts in 2 requests, results indexed in request order', async () => {
    const sb = client('write');
    await sb.createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' });
    const contacts = (await sb.searchContacts(EVENT)).slice(0, 149);
    const ops = contacts.map((c, i) => ({ action: 'update' as const, id: c.id, data: customFieldsBody({ gleanin_link: `https://invt.io/link${i}` }) }));
    ops.push({ action: 'update', id: '00000000-0000-4000-8000-000000000000', data: customFieldsBody({ gleanin_link: 'https://invt.io/none' }) });
    const before = count(await requestLog(), /^POST .*\/contacts\/bulk$/);
    const results = await sb.bulkContacts(EVENT, ops);
    expect(count(await requestLog(), /^POST .*\/contacts\/bulk$/) - before).toBe(2);
    expect(results.map((r) => r.index)).toEqual(ops.map((_, i) => i));
    expect(results.filter((r) => r.status === 'success')).toHaveLength(149);
    expect(results[149]).toMatchObject({ status: 'error', error: { code: 'NotFoundError' } });
    const again = await sb.getContact(EVENT, contacts[120].id);
    expect(again.custom_fields?.find((f) => f.internal_name === 'gleanin_link')?.value).toBe('https://invt.io/link120');
  });

  it('probes the contacts write scope: write token yes, read token no', async () => {
    expect(await client('write').probeWriteContacts(EVENT)).toBe(true);
    expect(await client('read').probeWriteContacts(EVENT)).toBe(false);
    expect(await client('legacy').probeWriteContacts(EVENT)).toBe(false);
  });
});

describe('errors', () => {
  it('401: a revoked token is AuthRejectedError without the token in it', async () => {
    const error = await failure(client('revoked').listEvents());
    expect(error).toBeInstanceOf(AuthRejectedError);
    expect(error).toMatchObject({ service: 'sessionboard', status: 401, endpoint: 'GET /v1/events' });
    expect(error.message).toContain('Sessionboard rejected this token (401)');
    expect(JSON.stringify(error) + String(error) + error.stack).not.toContain(emulator.tokens.revoked);
  });

  it('403: a missing scope is ForbiddenError naming it; an event restriction names none', async () => {
    const error = await failure(client('read').createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, missingScope: 'write:fields' });
    const restricted = await failure(client('restricted').searchSessions(4002));
    expect(restricted).toBeInstanceOf(ForbiddenError);
    expect(restricted.missingScope).toBeUndefined();
    expect(restricted.message).toContain('Token is not allowed to access event 4002');
  });

  it('404: unknown session and unknown event', async () => {
    expect(await failure(client('read').getSession(EVENT, 'no-such-session'))).toBeInstanceOf(NotFoundError);
    const event = await failure(client('read').searchSessions(9999));
    expect(event).toBeInstanceOf(NotFoundError);
    expect(event.endpoint).toBe('POST /v1/event/9999/sessions');
  });

  it('400: an invalid search is ValidationError with the field', async () => {
    const error = await failure(client('read').searchSessions(EVENT, { filters: { status: 'bogus' } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.fields[0].field).toContain('status');
  });

  it('429: Retry-After is obeyed', async () => {
    await config({ bucketLimit: 2, bucketWindowMs: 1000 });
    const sb = client('read');
    const [contact] = await sb.searchContacts(EVENT, {}, { maxResults: 1 });
    await sb.getContact(EVENT, contact.id);
    await sb.getContact(EVENT, contact.id);
    expect((await sb.getContact(EVENT, contact.id)).id).toBe(contact.id);
    // One 429 only: a retry sent before the window's Retry-After would have been refused again.
    expect((await requestLog()).byStatus['429']).toBe(1);
  });

  it('429 asking for a 15-minute wait is RateLimitedError at once (waits are capped)', async () => {
    await config({ bucketLimit: 1 });
    const sb = client('read');
    const [contact] = await sb.searchContacts(EVENT, {}, { maxResults: 1 });
    await sb.getContact(EVENT, contact.id);
    // Sleeping through the wait would outlast the test's timeout.
    const error = await failure(sb.getContact(EVENT, contact.id));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(800_000);
    // Searches are not rate limited, so reading goes on.
    expect(await sb.searchContacts(EVENT, {}, { maxResults: 1 })).toHaveLength(1);
  });

  it('5xx and dropped connections are retried on searches (idempotent POSTs)', async () => {
    await config({ faults: { errorRate: 0.5, seed: seedFor(0.5, [true, false]) } });
    expect(await client('read').listEvents()).toHaveLength(3);
    await config({ faults: { errorRate: 0, dropRate: 0.5, seed: seedFor(0.5, [true, false]) } });
    expect(await client('read').searchSessions(EVENT, {}, { maxResults: 5 })).toHaveLength(5);
    expect((await requestLog()).byStatus).toMatchObject({ '503': 1, dropped: 1 });
  });

  it('a field create whose connection drops is not retried (outcome unknown)', async () => {
    await config({ faults: { dropRate: 1 } });
    const error = await failure(client('write').createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' }));
    expect(error).toMatchObject({ name: 'TransientError', reason: 'network', outcomeUnknown: true });
    expect((await requestLog()).byStatus).toEqual({ dropped: 1 });
  });

  it('times out', async () => {
    await config({ faults: { latencyMs: 500 } });
    const error = await failure(client('read', { timeoutMs: 100, retries: 1 }).listEvents());
    expect(error).toBeInstanceOf(TransientError);
    expect(error.reason).toBe('timeout');
  });

  it('a malformed answer names endpoint and field path', async () => {
    const sb = new SessionboardClient({ baseUrl: proxy.origin, token: emulator.tokens.read, ...fastRetry });
    rewrite = (path, body) => {
      if (path.endsWith('/sessions')) body.results[3].status = 7;
      return body;
    };
    const error = await failure(sb.searchSessions(EVENT, {}, { maxResults: 10 }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain(`POST /v1/event/${EVENT}/sessions: results[3].status: expected string, got number`);
  });
});
