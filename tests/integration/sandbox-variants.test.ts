/**
 * The emulators' switchable alternatives (sandbox/README.md "Shared controls"): a quota per window
 * announced in each header form and enforced with 429 + Retry-After, and a redirect answer.
 */
import { describe, expect, it } from 'vitest';
import { readRateLimit } from '../../lib/http/rate-limit.ts';
import { createGleaninEmulator } from '../../sandbox/gleanin/index.ts';
import { createSessionboardEmulator } from '../../sandbox/sessionboard/index.ts';

const GL = 'http://gleanin.test';

function gleanin() {
  const emu = createGleaninEmulator();
  const call = (path = '/api/clients/v1/events') => emu.app.fetch(new Request(`${GL}${path}`, { headers: { authorization: `Bearer ${emu.tokens.valid}` } }));
  const config = async (body: object) => await emu.app.fetch(new Request(`${GL}/__sandbox/gleanin/config`, { method: 'POST', body: JSON.stringify(body) }));
  return { emu, call, config };
}

describe('rateLimitWindow', () => {
  it('ietf: quota per window enforced, announced as RateLimit-Policy + Remaining + Reset; 429 + Retry-After when exhausted', async () => {
    const { call, config } = gleanin();
    expect((await config({ rateLimitWindow: { quota: 3, windowSeconds: 60 } })).status).toBe(200);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const res = await call();
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('3;w=60');
      seen.push(readRateLimit(res.headers));
    }
    expect(seen.map((s) => s!.remaining)).toEqual([2, 1, 0]);
    expect(seen[0]).toMatchObject({ quota: 3, windowSeconds: 60, resetSeconds: 60 });
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await refused.json()).errors[0].status).toBe('429');
  });

  it('ietf-combined: RateLimit-Policy with q/w and the combined RateLimit field', async () => {
    const { call, config } = gleanin();
    await config({ rateLimitWindow: { quota: 1200, windowSeconds: 60, headers: 'ietf-combined' } });
    const res = await call();
    expect(res.headers.get('ratelimit-policy')).toBe('"default";q=1200;w=60');
    expect(res.headers.get('ratelimit')).toBe('"default";r=1199;t=60');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    expect(readRateLimit(res.headers)).toEqual({ quota: 1200, windowSeconds: 60, remaining: 1199, resetSeconds: 60 });
  });

  it('x: X-RateLimit-* with the reset as a Unix time, no window said', async () => {
    const { call, config } = gleanin();
    await config({ rateLimitWindow: { quota: 10, windowSeconds: 30, headers: 'x' } });
    const res = await call();
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const read = readRateLimit(res.headers)!;
    expect(read).toMatchObject({ quota: 10, remaining: 9 });
    expect(read.windowSeconds).toBeUndefined();
    expect(read.resetSeconds).toBeGreaterThan(28);
    expect(read.resetSeconds).toBeLessThanOrEqual(31);
  });

  it('bad values are 400 and change nothing; reset clears it', async () => {
    const { emu, call, config } = gleanin();
    expect((await config({ rateLimitWindow: { quota: 0, windowSeconds: 60 } })).status).toBe(400);
    expect((await config({ rateLimitWindow: { quota: 5, windowSeconds: 60, headers: 'draft-9' } })).status).toBe(400);
    expect((await call()).headers.get('ratelimit-policy')).toBeNull();
    await config({ rateLimitWindow: { quota: 1, windowSeconds: 60 } });
    await call();
    expect((await call()).status).toBe(429);
    emu.reset();
    expect((await call()).status).toBe(200);
  });

  it('the legacy per-second bucket says its window is one second', async () => {
    const { call, config } = gleanin();
    await config({ rateLimitPerSecond: 20 });
    const res = await call();
    expect(res.headers.get('ratelimit-policy')).toBe('20;w=1');
  });
});

describe('redirect', () => {
  it('every API request of either emulator answers the redirect to the same path on the other origin', async () => {
    const { call, config } = gleanin();
    await config({ redirect: { origin: 'https://elsewhere.example', status: 301 } });
    const res = await call('/api/clients/v1/speakers?filter[event_id]=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://elsewhere.example/api/clients/v1/speakers?filter[event_id]=1');

    const sb = createSessionboardEmulator({ seed: 16 });
    await sb.app.fetch(new Request('http://sb.test/__sandbox/sessionboard/config', { method: 'POST', body: JSON.stringify({ redirect: { origin: 'http://127.0.0.1:9' } }) }));
    const answer = await sb.app.fetch(new Request('http://sb.test/v1/events', { headers: { 'x-access-token': sb.tokens.read } }));
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('http://127.0.0.1:9/v1/events');
  });
});
