/**
 * No redirect is followed with a token attached. Each emulator is switched to answer every request
 * with a redirect to a second server on 127.0.0.1 that records the headers it receives: the clients
 * fail with a specific error naming the origin, and the second server never sees a request (so never
 * a token). A plain fetch through the same redirect shows the recorder would have caught the token.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedirectRefusedError } from '../../../lib/http/errors.ts';
import { GleaninClient } from '../../../lib/gleanin/client.ts';
import { SessionboardClient } from '../../../lib/sessionboard/client.ts';
import { createGleaninEmulator, type GleaninEmulator } from '../../../sandbox/gleanin/index.ts';
import { createSessionboardEmulator, type SessionboardEmulator } from '../../../sandbox/sessionboard/index.ts';
import { failure, fastRetry, serveEmulator } from './harness.ts';

/** The redirect's target: records every request's headers and answers 200 with an empty list. */
let recorder: Server;
let recorderOrigin: string;
const received: IncomingHttpHeaders[] = [];

let sbEmu: SessionboardEmulator;
let glEmu: GleaninEmulator;
let sb: Awaited<ReturnType<typeof serveEmulator>>;
let gl: Awaited<ReturnType<typeof serveEmulator>>;

beforeAll(async () => {
  recorder = createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":[],"results":[],"pagination":{"currentPage":1,"pageSize":100,"totalPages":1,"totalResults":0}}');
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  recorderOrigin = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  sbEmu = createSessionboardEmulator({ seed: 16 });
  glEmu = createGleaninEmulator();
  sb = await serveEmulator(sbEmu.app, 'sessionboard', () => null);
  gl = await serveEmulator(glEmu.app, 'gleanin', () => null);
}, 60_000);
afterAll(async () => {
  await Promise.all([sb.close(), gl.close(), new Promise((resolve) => recorder.close(resolve))]);
});
beforeEach(async () => {
  received.length = 0;
  await sb.reset();
  await gl.reset();
});

describe('redirects are refused, the token stays home', () => {
  it('the recorder does catch a token when a plain fetch follows the redirect (the test can fail)', async () => {
    await sb.config({ redirect: { origin: recorderOrigin, status: 307 } });
    const res = await fetch(`${sb.served.origin}/v1/events`, { headers: { 'x-access-token': sbEmu.tokens.read } });
    expect(res.status).toBe(200);
    expect(received.map((h) => h['x-access-token'])).toEqual([sbEmu.tokens.read]);
  });

  for (const status of [301, 302, 303, 307, 308] as const) {
    it(`Sessionboard ${status}: "Sessionboard answered with a redirect to <origin>; not followed"`, async () => {
      await sb.config({ redirect: { origin: recorderOrigin, status } });
      const client = new SessionboardClient({ baseUrl: sb.served.origin, token: sbEmu.tokens.read, ...fastRetry });
      const error = await failure(client.listEvents());
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(error.message).toBe(`Sessionboard answered with a redirect to ${recorderOrigin}; not followed`);
      expect(error.location).toBe(recorderOrigin);
      expect(error.message).not.toContain(sbEmu.tokens.read);
      expect(received).toEqual([]);
      // Not retried either: one request reached the emulator.
      expect(Object.values((await sb.requestLog()).byRoute).reduce((a, b) => a + b, 0)).toBe(1);
    });
  }

  it('Sessionboard search (POST) and write (PUT) are refused the same way', async () => {
    await sb.config({ redirect: { origin: recorderOrigin, status: 308 } });
    const client = new SessionboardClient({ baseUrl: sb.served.origin, token: sbEmu.tokens.write, ...fastRetry });
    expect(await failure(client.searchSessions(4001))).toBeInstanceOf(RedirectRefusedError);
    expect(await failure(client.updateContact(4001, 'x', { title: 't' }))).toBeInstanceOf(RedirectRefusedError);
    expect(received).toEqual([]);
  });

  it('Gleanin: "Gleanin answered with a redirect to <origin>; not followed", the bearer token never leaves', async () => {
    await gl.config({ redirect: { origin: recorderOrigin, status: 302 } });
    const client = new GleaninClient({ baseUrl: `${gl.served.origin}/api/clients/v1`, token: glEmu.tokens.valid, ...fastRetry });
    const error = await failure(client.listEvents());
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(error.message).toBe(`Gleanin answered with a redirect to ${recorderOrigin}; not followed`);
    const create = await failure(client.createSpeaker({ eventId: '11846', externalIdx: 'sb:contact:r', name: 'R Edirect', email: 'r@example.com' }));
    expect(create).toBeInstanceOf(RedirectRefusedError);
    expect(received).toEqual([]);
  });

  it('every request asks fetch not to follow (redirect: manual); a browser\'s opaque redirect is refused too', async () => {
    const seen: (RequestRedirect | undefined)[] = [];
    const opaque: typeof fetch = async (input, init) => {
      seen.push(init?.redirect ?? (input instanceof Request ? input.redirect : undefined));
      // What a browser hands back for redirect: 'manual': type "opaqueredirect", no Location visible.
      const res = new Response('', { status: 200 });
      Object.defineProperty(res, 'type', { value: 'opaqueredirect' });
      return res;
    };
    const client = new SessionboardClient({ baseUrl: 'https://api.sessionboard.example', token: 'secret-token', fetch: opaque, ...fastRetry });
    const error = await failure(client.listEvents());
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(error.message).toBe('Sessionboard answered with a redirect to an undisclosed location; not followed');
    expect(seen).toEqual(['manual']);
  });
});
