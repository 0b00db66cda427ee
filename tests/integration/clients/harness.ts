/**
 * Serves a hono app (an emulator, or a proxy in front of one) on a free 127.0.0.1 port with
 * @hono/node-server, so the clients meet real HTTP: sockets that drop, timeouts, headers.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../../sandbox/common/controls.ts';

export interface Served {
  origin: string;
  close(): Promise<void>;
}

export async function serveApp(app: Pick<Hono, 'fetch'>): Promise<Served> {
  let server: ServerType;
  const origin = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
  });
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
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
