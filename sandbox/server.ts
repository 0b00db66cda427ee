/**
 * The whole sandbox on one origin (sandbox/README.md "Routes on the origin"): Gleanin under /api/clients/v1, Sessionboard
 * under /v1, the sandbox's own routes under /__sandbox, and the replica Sessionboard app at the real
 * app's paths, all served by one @hono/node-server on 127.0.0.1.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { mountReplicaApp } from './app/mount.ts';
import { GLEANIN_API_BASE, createGleaninEmulator, type GleaninEmulator } from './gleanin/index.ts';
import { errorObject } from './gleanin/jsonapi.ts';
import type { SeedSize } from './seed/types.ts';
import { SESSIONBOARD_API_BASE, SbError, createSessionboardEmulator, type SessionboardEmulator } from './sessionboard/index.ts';

/** The JSON line printed once ready (sandbox/README.md "Running it"), read by tests and scripts. */
export interface SandboxInfo {
  gleaninApi: string;
  sessionboardApi: string;
  app: string;
  gleaninToken: string;
  sessionboardToken: string;
  sessionboardWriteToken: string;
}

export interface Sandbox {
  url: string;
  info: SandboxInfo;
  gleanin: GleaninEmulator;
  sessionboard: SessionboardEmulator;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: SeedSize;
  /** No notice on stderr. */
  quiet?: boolean;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Sandbox port must be an integer from 0 to 65535, got ${port}`);
  const now = new Date();
  const gleanin = createGleaninEmulator({ now });
  const sessionboard = createSessionboardEmulator({ seed: opts.seed ?? 'demo', now });

  const root = new Hono();
  root.post('/__sandbox/reset', (c) => {
    gleanin.reset();
    sessionboard.reset();
    return c.json({ ok: true });
  });
  root.route('/', gleanin.app);
  root.route('/', sessionboard.app);
  // Unknown API paths answer in the API's own error format, before the replica app's catch-all can
  // take them (sub-app notFound handlers do not apply once mounted).
  const missing = (c: Context) => `No route ${c.req.method} ${c.req.path}`;
  root.all(`${GLEANIN_API_BASE}/*`, (c) => c.json({ errors: [errorObject(404, missing(c))] }, 404));
  root.all(`${SESSIONBOARD_API_BASE}/*`, (c) => c.json(new SbError(404, missing(c)).body(), 404));
  root.notFound((c) => c.json({ error: 'NotFound', message: missing(c) }, 404));
  await mountReplicaApp(root, sessionboard);

  const server = await listen(root, port);
  // Node's 5 s keep-alive lets the server close an idle socket just as a client reuses it (ECONNRESET,
  // a request sent but never served) whenever timers run late on a busy machine; a minute, as API
  // gateways commonly keep, leaves that race to clients idle for that long.
  (server as Server).keepAliveTimeout = 65_000;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const info: SandboxInfo = {
    gleaninApi: `${url}${GLEANIN_API_BASE}`,
    sessionboardApi: url,
    app: url,
    gleaninToken: gleanin.tokens.valid,
    sessionboardToken: sessionboard.tokens.read,
    sessionboardWriteToken: sessionboard.tokens.write,
  };
  if (!opts.quiet) process.stderr.write(`Sandbox ready on ${url} (seed ${String(opts.seed ?? 'demo')})\n`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive connections (browsers, fetch) would hold close() open.
      (server as Server).closeAllConnections?.();
    }));
  return { url, info, gleanin, sessionboard, close };
}

function listen(root: Hono, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: root.fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on 127.0.0.1 is already in use`) : error);
    });
  });
}
