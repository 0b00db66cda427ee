/**
 * Serves a hono app (an emulator, or a proxy in front of one) on a free 127.0.0.1 port with
 * @hono/node-server, so the clients meet real HTTP: sockets that drop, timeouts, headers.
 */
import { mulberry32 } from '../../../sandbox/common/controls.ts';

export { postJson, serveApp, type Served } from '../../helpers/http.ts';

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
