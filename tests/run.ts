/**
 * `npm test`: runs every suite that exists (unit + integration, then E2E when tests/e2e has tests)
 * and ends with the plain line `N passed, N failed` that CI reads. Exit code is non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { status: string; message?: string; name: string }[];
}

const only = process.argv[2] as 'unit' | 'e2e' | undefined;
const resultsDir = '.test-results';
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function hasE2e(): boolean {
  if (!existsSync('tests/e2e')) return false;
  return readdirSync('tests/e2e', { recursive: true }).some((f) => String(f).endsWith('.test.ts'));
}

const suites: { name: string; config: string }[] = [];
if (only !== 'e2e') suites.push({ name: 'unit', config: 'vitest.config.ts' });
if (only !== 'unit' && hasE2e()) suites.push({ name: 'e2e', config: 'vitest.e2e.config.ts' });

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const suite of suites) {
  const out = join(resultsDir, `${suite.name}.json`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--config', suite.config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { stdio: 'inherit' },
  );
  if (!existsSync(out)) {
    console.error(`The ${suite.name} suite produced no result file (vitest exit ${run.status}).`);
    failed += 1;
    exitCode = 1;
    continue;
  }
  const json = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A file that fails to load has no tests but a failed status: count it as a failure.
  const brokenFiles = json.testResults.filter((f) => f.status === 'failed' && f.message);
  failed += brokenFiles.length;
  if (run.status !== 0 || !json.success) exitCode = 1;
}
if (passed + failed === 0) {
  console.error('No test ran.');
  exitCode = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
