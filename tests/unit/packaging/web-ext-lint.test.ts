/**
 * The Firefox build passes Mozilla's own linter (the one addons.mozilla.org runs on upload) with no
 * errors. Warnings are printed, not failed on: AMO accepts them, and some come from bundled libraries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import webExt from 'web-ext';

const FIREFOX_DIR = resolve('.output/firefox-mv3');

interface LintMessage {
  code: string;
  message: string;
  description?: string;
  file?: string;
}
interface LintResult {
  count: number;
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  warnings: LintMessage[];
}

describe('Firefox package', () => {
  it('builds and passes web-ext lint with no errors', { timeout: 240_000 }, async () => {
    execFileSync('npm', ['run', '--silent', 'build:firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const manifest = JSON.parse(readFileSync(resolve(FIREFOX_DIR, 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      background?: { scripts?: string[] };
    };
    expect(manifest.manifest_version).toBe(3);
    // Lint an extension that has its parts: Firefox MV3 runs the background as event-page scripts.
    const scripts = manifest.background?.scripts ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(existsSync(resolve(FIREFOX_DIR, s)), s).toBe(true);

    const result = (await webExt.cmd.lint(
      { sourceDir: FIREFOX_DIR, output: 'json', boring: true, selfHosted: false, warningsAsErrors: false },
      { shouldExitProgram: false },
    )) as LintResult;

    for (const w of result.warnings) console.warn(`web-ext lint warning ${w.code} in ${w.file ?? '?'}: ${w.message}`);
    // Show the errors themselves on failure, not just a count.
    expect(result.errors.map((e) => `${e.code} in ${e.file ?? '?'}: ${e.message}`)).toEqual([]);
    expect(result.summary.errors).toBe(0);
  });
});
