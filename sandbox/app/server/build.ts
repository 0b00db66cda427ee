/**
 * Builds the replica app with Vite's JS API into sandbox/app/dist when dist is missing or older than its
 * sources, so `npm run sandbox` and the tests work on a fresh clone. Several processes may start sandboxes
 * at once: a lock directory makes one of them build while the others wait, and the build goes to a
 * temporary folder renamed into place so a half-written dist is never served.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_BASE } from '../src/routes.ts';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(APP_DIR, 'dist');
const STAMP = join(DIST_DIR, '.built');
const LOCK = join(APP_DIR, '.build-lock');
const LOCK_STALE_MS = 180_000;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function sourcesMtime(): number {
  return Math.max(
    newestMtime(join(APP_DIR, 'src')),
    newestMtime(join(APP_DIR, 'index.html')),
    newestMtime(fileURLToPath(import.meta.url)),
  );
}

export function isBuildFresh(): boolean {
  return existsSync(STAMP) && existsSync(join(DIST_DIR, 'index.html')) && statSync(STAMP).mtimeMs >= sourcesMtime();
}

async function acquireLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // the holder just released it
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function buildApp(outDir: string): Promise<void> {
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  await build({
    configFile: false,
    root: APP_DIR,
    base: ASSET_BASE,
    logLevel: 'warn',
    plugins: [react()],
    css: {
      // Meaningless class names, as the real app's CSS-in-JS gives: content scripts must not anchor on them.
      modules: { generateScopedName: 'x[hash:base64:6]' },
    },
    build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  });
}

let pending: Promise<void> | null = null;

/** Makes sure dist is built from the current sources (at most one build per process at a time). */
export function ensureAppBuilt(): Promise<void> {
  if (isBuildFresh()) return Promise.resolve();
  pending ??= (async () => {
    const release = await acquireLock();
    try {
      if (isBuildFresh()) return;
      const tmp = join(APP_DIR, `.dist-${process.pid}-${Date.now()}`);
      await buildApp(tmp);
      writeFileSync(join(tmp, '.built'), new Date().toISOString());
      rmSync(DIST_DIR, { recursive: true, force: true });
      renameSync(tmp, DIST_DIR);
    } finally {
      release();
    }
  })().finally(() => {
    pending = null;
  });
  return pending;
}
