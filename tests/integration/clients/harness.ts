/**
 * Serves a hono app (an emulator, or a proxy in front of one) on a free 127.0.0.1 port with
 * @hono/node-server, so the clients meet real HTTP: sockets that drop, timeouts, headers.
 */
import { mulberry32 } from '../../../sandbox/common/controls.ts';

import { Hono } from 'hono';
import { postJson, serveApp, type Served } from '../../helpers/http.ts';

export { postJson, serveApp, type Served };

/** Rewrites an emulator's 200 answers on their way out (malformed and extended responses). */
export type Rewrite = (path: string, body: any) => any;

/**
 * An emulator on a free port plus a proxy in front of it that applies the test's current rewrite, and
 * the emulator's own /__sandbox/<name> controls.
 */
export async function serveEmulator(app: Pick<Hono, 'fetch'>, name: 'gleanin' | 'sessionboard', rewrite: () => Rewrite | null) {
  const served = await serveApp(app);
  const front = new Hono();
  front.all('*', async (c) => {
    const res = await app.fetch(c.req.raw);
    const fn = rewrite();
    if (!fn || res.status !== 200) return res;
    return c.json(fn(new URL(c.req.url).pathname, await res.json()), 200);
  });
  const proxy = await serveApp(front);
  const controls = `${served.origin}/__sandbox/${name}`;
  return {
    served,
    proxy,
    reset: () => postJson(`${controls}/reset`, {}),
    config: (body: unknown) => postJson(`${controls}/config`, body),
    requestLog: async () =>
      ((await (await fetch(`${controls}/state`)).json()) as { requestLog: { byRoute: Record<string, number>; byStatus: Record<string, number> } }).requestLog,
    close: async () => {
      await served.close();
      await proxy.close();
    },
  };
}

/**
 * A fault seed whose first `pattern.length` draws hit (true) or miss (false) the given rate, so a
 * test knows exactly which request the emulator's seeded fault injection breaks.
 */
export function seedFor(rate: number, pattern: boolean[]): number {
  for (let seed = 1; seed < 100_000; seed++) {
    const draw = mulberry32(seed);
    if (pattern.every((hit) => (draw() < rate) === hit)) return seed;
  }
  throw new Error('no seed found');
}

/** No backoff worth waiting for in tests; Retry-After is still honoured as sent. */
export const fastRetry = { backoff: { baseMs: 5, capMs: 20 } } as const;

/** The error a call fails with; fails the test when the call succeeds. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
