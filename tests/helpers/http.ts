/**
 * HTTP helpers shared by the tests that meet an emulator over real sockets: serve a hono app on a
 * free 127.0.0.1 port (@hono/node-server, so connections can really drop), and call it with JSON.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

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

export interface Answer {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON bodies.
  body: any;
}

export interface CallOptions {
  body?: unknown;
  /** A body sent as is (malformed JSON tests). */
  raw?: string;
  /** `null` sends no credentials; undefined sends the default token. */
  token?: string | null;
  contentType?: string;
}

/**
 * A JSON caller for one emulator: `auth` turns a token into its header (Bearer for Gleanin,
 * x-access-token for Sessionboard); `url` turns a path into the full URL.
 */
export function jsonCaller(opts: { url: (path: string) => string; defaultToken: () => string; auth: (token: string) => [string, string] }) {
  return async function call(method: string, path: string, o: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    const token = o.token === undefined ? opts.defaultToken() : o.token;
    if (token !== null) {
      const [name, value] = opts.auth(token);
      headers[name] = value;
    }
    const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
    const res = await fetch(opts.url(path), { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
}
