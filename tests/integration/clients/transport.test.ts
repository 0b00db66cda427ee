/**
 * The shared transport and the adapters' pure helpers, against small fetch stubs for cases the
 * emulators do not produce: a 500 on a create, a refused connection, an answer that is not JSON,
 * Gleanin's 409 body, Retry-After as an HTTP date, a `links.next` to another origin, a retried DELETE
 * that finds the record gone, cancellation.
 */
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { GleaninClient } from '../../../lib/gleanin/client.ts';
import { externalId, parseExternalId } from '../../../lib/gleanin/adapter.ts';
import { isMaskedEmail } from '../../../lib/sessionboard/adapter.ts';
import { ConflictError, MalformedResponseError, TransientError } from '../../../lib/http/errors.ts';
import { maskToken } from '../../../lib/http/redact.ts';
import { HttpTransport, MAX_TIMEOUT_MS, parseRetryAfter } from '../../../lib/http/transport.ts';
import { gleaninProfile } from '../../../lib/gleanin/adapter.ts';
import { fastRetry, failure } from './harness.ts';

const TOKEN = 'gl_secret_token_123456';
const BASE = 'https://gleanin.test/api/clients/v1';

type Reply = { status: number; body?: unknown; text?: string; headers?: Record<string, string> } | 'drop' | 'refuse';

/** A fetch that answers from a script and records what it was asked. */
function scripted(replies: Reply[]) {
  const calls: { method: string; url: string; auth: string | null }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push({ method: request.method, url: request.url, auth: request.headers.get('authorization') });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === 'drop') throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    if (reply === 'refuse') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }) });
    const body = reply.text ?? (reply.body === undefined ? null : JSON.stringify(reply.body));
    return new Response(body, { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const speakerDoc = (id: string, name = 'Ada') => ({
  type: 'speakers',
  id,
  attributes: { event_id: 11846, external_idx: `sb:contact:${id}`, name, email: null },
});

describe('transport', () => {
  it('sends the bearer token, and a 500 on a create is not retried (outcome unknown)', async () => {
    const { fetch, calls } = scripted([{ status: 500, body: { errors: [{ status: '500', detail: `boom ${TOKEN}` }] } }]);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch, ...fastRetry });
    const error = await failure(gl.createSpeaker({ eventId: '11846', externalIdx: 'sb:contact:1', name: 'Ada' }));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ reason: 'server', status: 500, outcomeUnknown: true });
    expect(calls).toHaveLength(1);
    expect(calls[0].auth).toBe(`Bearer ${TOKEN}`);
    expect(error.message).not.toContain(TOKEN); // a server echoing the token is scrubbed
    expect(error.message).toContain('boom ••••');
  });

  it('a create whose connection was refused is retried (nothing was sent); a dropped one is not', async () => {
    const created = { data: speakerDoc('5') };
    const refused = scripted(['refuse', { status: 201, body: created }]);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch: refused.fetch, ...fastRetry });
    expect((await gl.createSpeaker({ eventId: '11846', externalIdx: 'sb:contact:5', name: 'Ada' })).id).toBe('5');
    expect(refused.calls.map((c) => c.method)).toEqual(['POST', 'POST']);

    const dropped = scripted(['drop', { status: 201, body: created }]);
    const error = await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch: dropped.fetch, ...fastRetry }).createSpeaker({ eventId: '11846', externalIdx: 'sb:contact:5', name: 'Ada' }));
    expect(error).toMatchObject({ name: 'TransientError', reason: 'network', outcomeUnknown: true, detail: 'ECONNRESET' });
    expect(dropped.calls).toHaveLength(1);
  });

  it('an answer that is not JSON is MalformedResponseError, not a string handed to the schema', async () => {
    const { fetch } = scripted([{ status: 200, text: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }]);
    const error = await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch }).listEvents());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe('Gleanin sent an unexpected answer to GET /api/clients/v1/events: (root): the answer is not JSON');
  });

  it('calls fetch as a plain function (a browser\'s fetch refuses any other `this`)', async () => {
    const { fetch } = scripted([{ status: 200, body: { data: [] } }]);
    const thisSeen: unknown[] = [];
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      thisSeen.push(this);
      return fetch(input, init);
    } as typeof globalThis.fetch;
    await new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch: strict }).listEvents();
    expect(thisSeen).toEqual([undefined]);
  });

  it('a 500 on a read is retried with backoff', async () => {
    const { fetch, calls } = scripted([{ status: 500 }, { status: 502 }, { status: 200, body: { data: [] } }]);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch, ...fastRetry });
    expect(await gl.listSpeakers('11846')).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it("reads Gleanin's 409 JSON:API body into ConflictError", async () => {
    const { fetch } = scripted([{ status: 409, body: { errors: [{ status: '409', title: 'Conflict', detail: 'Body id "2" does not match the URL id "1"', source: { pointer: '/data/id' } }] } }]);
    const error = await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch }).updateSpeaker('1', { name: 'x' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, endpoint: 'PATCH /api/clients/v1/speakers/1' });
    expect(error.message).toContain('does not match the URL id');
  });

  it('a DELETE whose first attempt dropped and then answers 404 is done', async () => {
    const { fetch, calls } = scripted(['drop', { status: 404, body: { errors: [{ status: '404', detail: 'not found' }] } }]);
    await new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch, ...fastRetry }).deleteSpeaker('7');
    expect(calls.map((c) => c.method)).toEqual(['DELETE', 'DELETE']);
    // ...but a first-attempt 404 is still an error
    const { fetch: f2 } = scripted([{ status: 404 }]);
    expect(await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch: f2 }).deleteSpeaker('7'))).toMatchObject({ name: 'NotFoundError' });
  });

  it('follows relative and absolute links.next on the same origin, refuses another origin', async () => {
    const { fetch, calls } = scripted([
      { status: 200, body: { data: [speakerDoc('1')], links: { next: '/api/clients/v1/speakers?page%5Bnumber%5D=2' } } },
      { status: 200, body: { data: [speakerDoc('2')], links: { next: `${BASE}/speakers?page%5Bnumber%5D=3` } } },
      { status: 200, body: { data: [speakerDoc('3')], links: { next: null } } },
    ]);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch });
    expect((await gl.listSpeakers('11846')).map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(calls[0].url).toBe(`${BASE}/speakers?filter%5Bevent_id%5D=11846&page%5Bsize%5D=100`);

    const evil = scripted([{ status: 200, body: { data: [speakerDoc('1')], links: { next: 'https://evil.test/steal' } } }]);
    const error = await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch: evil.fetch }).listSpeakers('11846'));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(evil.calls).toHaveLength(1);
  });

  it('a links.next that repeats is malformed, not an endless loop', async () => {
    const loop = `${BASE}/speakers?page%5Bnumber%5D=2`;
    const { fetch } = scripted([{ status: 200, body: { data: [], links: { next: loop } } }]);
    expect(await failure(new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch }).listSpeakers('11846'))).toBeInstanceOf(MalformedResponseError);
  });

  it('honours Retry-After given as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('caps the timeout at 20 s, defaults to 15 s and 4 retries, and keeps the token out of sight', () => {
    expect(new HttpTransport(gleaninProfile, { baseUrl: BASE, token: TOKEN, timeoutMs: 120_000 }).timeoutMs).toBe(MAX_TIMEOUT_MS);
    const defaults = new HttpTransport(gleaninProfile, { baseUrl: BASE, token: TOKEN });
    expect([defaults.timeoutMs, defaults.retries]).toEqual([15_000, 4]);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN });
    expect(gl.baseUrl).toBe(BASE);
    expect(JSON.stringify(gl) + inspect(gl, { depth: 6 })).not.toContain(TOKEN);
  });

  it('a cancelled signal stops a retry wait at once', async () => {
    const controller = new AbortController();
    const { fetch } = scripted([{ status: 503 }]);
    let waiting = false;
    // The jitter is drawn as the 60-second retry wait starts; only the abort can end it within the test's timeout.
    const random = () => ((waiting = true), 1);
    const gl = new GleaninClient({ baseUrl: BASE, token: TOKEN, fetch, signal: controller.signal, backoff: { baseMs: 60_000, capMs: 60_000 }, random });
    const pending = failure(gl.listEvents());
    await vi.waitFor(() => expect(waiting).toBe(true));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
  });
});

describe('helpers', () => {
  it('masks tokens as •••• plus the last 4', () => {
    expect(maskToken('gl_test_7f3a9c2e5b1d4')).toBe('••••b1d4');
    expect(maskToken('short')).toBe('••••');
    expect(maskToken(null)).toBe('••••');
  });

  it('recognises Hide PII emails', () => {
    expect(isMaskedEmail('j***@a***.com')).toBe(true);
    expect(isMaskedEmail('***')).toBe(true);
    expect(isMaskedEmail('jane@acme.com')).toBe(false);
    expect(isMaskedEmail(null)).toBe(false);
  });

  it('builds and parses external ids of every kind', () => {
    expect(externalId.session(4001, 'abc')).toBe('sb:4001:session:abc');
    expect(parseExternalId(externalId.contact(4001, 'c1'))).toEqual({ sbEventId: '4001', kind: 'contact', ids: ['c1'], adopted: false });
    expect(parseExternalId(externalId.exhibitorContact(4001, 'x1', 'c1'))).toEqual({ sbEventId: '4001', kind: 'exhibitor-contact', ids: ['x1', 'c1'], adopted: false });
    expect(parseExternalId(externalId.adopted(externalId.contact(4001, 'c1')))).toEqual({ sbEventId: '4001', kind: 'contact', ids: ['c1'], adopted: true });
    // The earlier format without the event is still read (the engine re-tags it).
    expect(parseExternalId('sb:session:abc')).toEqual({ sbEventId: null, kind: 'session', ids: ['abc'], adopted: false });
    // Ours in prefix only: never taken for one of our records.
    expect(parseExternalId('sb:4001:widget:1')).toBe('unparseable');
    expect(parseExternalId('sb:4001:session:')).toBe('unparseable');
    expect(parseExternalId('sb:contact:a:b')).toBe('unparseable');
    expect(parseExternalId('abc123')).toBeNull();
    expect(parseExternalId(null)).toBeNull();
  });
});
