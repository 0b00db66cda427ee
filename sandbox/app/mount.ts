/**
 * Mounts the replica Sessionboard app on the sandbox's root app: its private API (/__sandbox/app-api),
 * its config (/__sandbox/app/config), its static assets (/__sandbox/app/assets) and index.html for every
 * other GET at the real app's paths. Never answers under /api/clients/v1, /v1 or /__sandbox otherwise.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Hono } from 'hono';
import type { SessionboardDb } from '../sessionboard/db.ts';
import { createAppApi } from './server/api.ts';
import { DIST_DIR, ensureAppBuilt } from './server/build.ts';
import { ASSET_BASE, RESERVED_PREFIXES } from './src/routes.ts';

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** What the replica needs from the SB emulator: its in-memory database. */
export interface ReplicaDataSource {
  db: SessionboardDb;
}

export async function mountReplicaApp(root: Hono, sessionboard: ReplicaDataSource): Promise<void> {
  await ensureAppBuilt();
  const api = createAppApi({ db: sessionboard.db });
  root.route('/', api.app);

  root.get('/__sandbox/app/config', (c) => c.json(api.config));
  root.post('/__sandbox/app/config', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { delayMs?: unknown } | null;
    const d = body?.delayMs;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 30_000) {
      return c.json({ error: 'BadRequestError', message: 'delayMs must be an integer from 0 to 30000' }, 400);
    }
    api.config.delayMs = d;
    return c.json(api.config);
  });

  root.get(`${ASSET_BASE}assets/*`, async (c) => {
    const rel = normalize(c.req.path.slice(ASSET_BASE.length));
    if (rel.startsWith('..')) return c.notFound();
    try {
      const body = await readFile(join(DIST_DIR, rel));
      return c.body(body, 200, {
        'content-type': MIME[extname(rel)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
      });
    } catch {
      return c.notFound();
    }
  });

  root.get('*', async (c, next) => {
    const path = c.req.path;
    if (RESERVED_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return next();
    // Read per request: a rebuild by another sandbox process replaces the hashed asset names.
    return c.html(await readFile(join(DIST_DIR, 'index.html'), 'utf8'));
  });
}
