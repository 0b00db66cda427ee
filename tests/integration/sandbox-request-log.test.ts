/**
 * The request log of the combined sandbox (the benchmark counts requests with it) counts per route pattern, also when both
 * emulators share one root app with catch-alls and when a middleware answers (401, 429).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server.ts';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo', quiet: true });
}, 60_000);
afterAll(() => sandbox.close());

const state = async (name: string) =>
  ((await (await fetch(`${sandbox.url}/__sandbox/${name}/state`)).json()) as { requestLog: { byRoute: Record<string, number> } })
    .requestLog.byRoute;

it('logs Gleanin and Sessionboard requests by route pattern, whoever answered', async () => {
  const gl = { authorization: `Bearer ${sandbox.info.gleaninToken}` };
  const sb = { 'x-access-token': sandbox.info.sessionboardToken, 'content-type': 'application/json' };
  await fetch(`${sandbox.url}/api/clients/v1/speakers/5`, { headers: gl });
  await fetch(`${sandbox.url}/api/clients/v1/speakers/6`, { headers: { authorization: 'Bearer wrong' } });
  await fetch(`${sandbox.url}/v1/event/4001/sessions?page=1&pageSize=100`, { method: 'POST', headers: sb, body: '{}' });
  await fetch(`${sandbox.url}/v1/event/4002/sessions`, { method: 'POST', headers: sb, body: '{}' });
  await fetch(`${sandbox.url}/__sandbox/gleanin/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimitPerSecond: 1 }),
  });
  const limited = await Promise.all([1, 2, 3].map((n) => fetch(`${sandbox.url}/api/clients/v1/speakers/${n}`, { headers: gl })));
  expect(limited.map((r) => r.status)).toContain(429);
  expect(await state('gleanin')).toEqual({ 'GET /api/clients/v1/speakers/:id': 5 });
  expect(await state('sessionboard')).toEqual({ 'POST /v1/event/:eventId/sessions': 2 });
});
