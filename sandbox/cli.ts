/**
 * `npm run sandbox -- [--port N] [--seed demo|large|<n>]` (sandbox/README.md "Running it"): starts the sandbox and prints ONE
 * JSON line on stdout once ready; everything else goes to stderr. SIGINT/SIGTERM close it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSeedSize } from './seed/index.ts';
import { startSandbox } from './server.ts';

/** Same default as `npm run build:sandbox` (SANDBOX_PORT=4555), so the two meet without flags. */
const DEFAULT_PORT = 4555;
const USAGE = 'Usage: npm run sandbox -- [--port N] [--seed demo|large|<n>] [--quiet]';

// Only the JSON line may reach stdout: anything else (e.g. a build log of the replica app) goes to stderr.
const stdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { port?: string; seed?: string; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : /^\d+$/.test(values.port) ? Number(values.port) : NaN;
  if (!Number.isInteger(port) || port > 65535) fail(`--port must be an integer from 0 to 65535 (got ${values.port})\n${USAGE}`, 2);
  let seed;
  try {
    seed = parseSeedSize(values.seed);
  } catch (error) {
    fail(`--seed: ${(error as Error).message}\n${USAGE}`, 2);
  }

  const sandbox = await startSandbox({ port, seed, quiet: values.quiet }).catch((error: Error) => fail(`Sandbox did not start: ${error.message}`, 1));
  stdoutWrite(`${JSON.stringify(sandbox.info)}\n`);

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.quiet) process.stderr.write(`Sandbox stopping (${reason})\n`);
    const force = setTimeout(() => fail('Sandbox did not close within 5 s', 1), 5000);
    force.unref();
    sandbox.close().then(
      () => process.exit(0),
      (error: Error) => fail(`Sandbox close failed: ${error.message}`, 1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `npm run` passes SIGTERM to its `sh -c`, which dies without passing it on, orphaning tsx and this
  // process: when any process that launched us is gone, stop as if signalled.
  const launchers = ancestors(3);
  setInterval(() => {
    if (launchers.some((pid) => !isAlive(pid))) stop('launcher exited');
  }, 500).unref();
}

/** Up to `depth` ancestor pids (Linux /proc; elsewhere just the parent). */
function ancestors(depth: number): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  while (pids.length < depth && pid > 1) {
    pids.push(pid);
    const stat = procStat(pid);
    if (!stat) break;
    pid = stat.ppid;
  }
  return pids;
}

/** State and parent from /proc/<pid>/stat: "pid (comm) state ppid ...". */
function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const [state, ppid] = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procStat(pid)?.state !== 'Z';
}

void main();
