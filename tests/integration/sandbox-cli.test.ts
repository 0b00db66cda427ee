/**
 * `npm run sandbox` (sandbox/README.md "Running it"): one JSON line on stdout once ready, both APIs answering on one origin
 * with the printed tokens, a clean exit on SIGTERM and SIGINT, and clear refusals of bad arguments.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_MS = 90_000;

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];

function start(command: string, args: string[]): Running {
  // Own process group, so cleanup reaches npm's sh and tsx children too.
  const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const run = { child, stdout: () => out, stderr: () => err, exit };
  running.push(run);
  return run;
}

/** Resolves with the first stdout line, or fails with stderr if the process ends first. */
async function firstLine(run: Running): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const i = run.stdout().indexOf('\n');
      if (i >= 0) {
        run.child.stdout.off('data', check);
        resolve(run.stdout().slice(0, i));
      }
    };
    run.child.stdout.on('data', check);
    check();
    void run.exit.then(({ code }) => reject(new Error(`sandbox exited (${code}) before printing: ${run.stderr()}`)));
  });
}

afterEach(() => {
  for (const run of running.splice(0)) {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Resolves once nothing answers at `url` any more (the sandbox closed its port); fails after 10 s. */
const closed = (url: string) =>
  vi.waitFor(() => expect(fetch(url)).rejects.toThrow('fetch failed'), { timeout: 10_000, interval: 200 });

async function checkBothApis(info: Record<string, string>) {
  expect(Object.keys(info).sort()).toEqual(['app', 'gleaninApi', 'gleaninToken', 'sessionboardApi', 'sessionboardToken', 'sessionboardWriteToken']);
  const origin = new URL(info.app).origin;
  expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(info.gleaninApi).toBe(`${origin}/api/clients/v1`);
  expect(info.sessionboardApi).toBe(origin);

  const gl = await fetch(`${info.gleaninApi}/events`, { headers: { authorization: `Bearer ${info.gleaninToken}` } });
  expect(gl.status).toBe(200);
  expect(((await gl.json()) as { data: { attributes: { title: string } }[] }).data.map((e) => e.attributes.title)).toContain('Acme Summit 2026');
  const sb = await fetch(`${info.sessionboardApi}/v1/events`, { headers: { 'x-access-token': info.sessionboardToken } });
  expect(sb.status).toBe(200);
  expect(((await sb.json()) as { results: { id: number }[] }).results.map((e) => e.id)).toEqual([4001, 4002, 4003]);

  // The read token cannot write; the write token can (403 vs 400 on the empty-bulk probe).
  const probe = (token: string) =>
    fetch(`${origin}/v1/event/4001/contacts/bulk`, {
      method: 'POST',
      headers: { 'x-access-token': token, 'content-type': 'application/json' },
      body: '{"operations":[]}',
    });
  expect((await probe(info.sessionboardToken)).status).toBe(403);
  expect((await probe(info.sessionboardWriteToken)).status).toBe(400);

  // Unknown API paths answer in each API's own error format; POST /__sandbox/reset resets both.
  expect(await (await fetch(`${origin}/v1/nope`, { headers: { 'x-access-token': info.sessionboardToken } })).json()).toMatchObject({ error: 'NotFoundError' });
  expect(await (await fetch(`${origin}/__sandbox/reset`, { method: 'POST' })).json()).toEqual({ ok: true });
  const states = await Promise.all(['gleanin', 'sessionboard'].map(async (x) => (await fetch(`${origin}/__sandbox/${x}/state`)).json()));
  for (const state of states as { requestLog: { total: number } }[]) expect(state.requestLog.total).toBe(0);
  const sessions = await fetch(`${origin}/v1/event/4001/sessions?pageSize=1`, { method: 'POST', headers: { 'x-access-token': info.sessionboardToken } });
  expect(((await sessions.json()) as { pagination: { totalResults: number } }).pagination.totalResults).toBe(20);
}

const cli = (...args: string[]) => start(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args]);

describe('npm run sandbox', () => {
  it(
    'prints exactly one JSON line, serves both APIs with its tokens, and closes when npm is sent SIGTERM',
    async () => {
      // --silent: npm's own "> gleanin-bridge@0.1.0 sandbox" banner would otherwise precede the line on stdout.
      const run = start('npm', ['run', '--silent', 'sandbox', '--', '--port', '0', '--seed', '20', '--quiet']);
      const line = await firstLine(run);
      const info = JSON.parse(line) as Record<string, string>;
      await checkBothApis(info);
      // npm dies of the signal itself (its `sh -c` does not pass it on); the sandbox notices and closes.
      run.child.kill('SIGTERM');
      await run.exit;
      await closed(`${info.app}/v1/events`);
      expect(run.stdout()).toBe(`${line}\n`);
    },
    STARTUP_MS,
  );

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 on %s, telling stderr (not stdout) what it does',
    async (signal) => {
      const run = cli('--port', '0', '--seed', 'demo');
      const line = await firstLine(run);
      const info = JSON.parse(line) as Record<string, string>;
      expect((await fetch(`${info.sessionboardApi}/v1/events`, { headers: { 'x-access-token': info.sessionboardToken } })).status).toBe(200);
      run.child.kill(signal);
      expect((await run.exit).code).toBe(0);
      expect(run.stdout()).toBe(`${line}\n`);
      expect(run.stderr()).toMatch(/Sandbox ready on http:\/\/127\.0\.0\.1:\d+ \(seed demo\)/);
      expect(run.stderr()).toContain(`stopping (${signal})`);
      await expect(fetch(`${info.app}/v1/events`)).rejects.toThrow();
    },
    STARTUP_MS,
  );

  it.each([
    [['--seed', 'huge'], /--seed: .*"demo", "large" or an integer/],
    [['--port', 'eighty'], /--port must be an integer/],
    [['--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %j with exit code 2 and nothing on stdout', async (args, message) => {
    const run = cli(...args);
    expect((await run.exit).code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).toMatch(/Usage: npm run sandbox/);
  });

  it(
    'says so, and exits 1, when the port is taken',
    async () => {
      const first = cli('--port', '0', '--quiet');
      const port = new URL(JSON.parse(await firstLine(first)).app).port;
      const second = cli('--port', port, '--quiet');
      expect((await second.exit).code).toBe(1);
      expect(second.stdout()).toBe('');
      expect(second.stderr()).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
      first.child.kill('SIGTERM');
      expect((await first.exit).code).toBe(0);
    },
    STARTUP_MS,
  );
});
