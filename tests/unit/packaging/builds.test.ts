/**
 * The build targets, in one file so their builds never run at the same time (they share .wxt/):
 * - the real Chrome build asks for exactly the real hosts, the sandbox build for exactly its origin;
 * - the Firefox sandbox build uses port-less patterns (Firefox ignores a pattern with a port) and pins
 *   its content scripts to the sandbox's port with a glob;
 * - no build ships React's development build in a content script (the sandbox builds once did);
 * - the Firefox build passes Mozilla's own linter (the one addons.mozilla.org runs on upload) with no
 *   errors. Warnings are printed, not failed on: AMO accepts them, and some come from bundled libraries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import webExt from 'web-ext';

const FIREFOX_DIR = resolve('.output/firefox-mv3');

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches: string[]; include_globs?: string[]; js?: string[] }[];
  web_accessible_resources?: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
  externally_connectable?: { ids?: string[]; matches?: string[] };
}
const readManifest = (dir: string) => JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as Manifest;

/**
 * Least privilege, for every target: only the permissions in use (wxt.config.ts says why each), no
 * page or other extension may message us, and the panel is served by a dynamic URL only.
 */
function expectLeastPrivilege(target: string, m: Manifest) {
  console.log(`${target} manifest: permissions ${JSON.stringify(m.permissions ?? [])}; host_permissions ${JSON.stringify(m.host_permissions ?? [])}; content_scripts ${JSON.stringify((m.content_scripts ?? []).map((c) => c.matches))}; externally_connectable ${JSON.stringify(m.externally_connectable)}`);
  expect([...(m.permissions ?? [])].sort()).toEqual(['alarms', 'notifications']);
  expect(m.externally_connectable).toEqual({ ids: [], matches: [] });
  expect(m.web_accessible_resources).toEqual([expect.objectContaining({ resources: ['panel.html'], use_dynamic_url: true })]);
}

/** Every match pattern the manifest names: host permissions, content scripts, web-accessible pages. */
const allPatterns = (m: Manifest) => [
  ...(m.content_scripts ?? []).flatMap((c) => c.matches),
  ...(m.web_accessible_resources ?? []).flatMap((w) => w.matches),
];

/**
 * Every content script of the build at `dir` carries React's production build: it has React (the production
 * build's error links to react.dev/errors) and none of the development build's own texts.
 */
function expectReactProductionBuild(dir: string): void {
  const scripts = (readManifest(dir).content_scripts ?? []).flatMap((c) => c.js ?? []);
  const files = [...new Set([...scripts, ...readdirSync(resolve(dir, 'content-scripts')).filter((f) => f.endsWith('.js')).map((f) => `content-scripts/${f}`)])];
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const code = readFileSync(join(resolve(dir), f), 'utf8');
    // Booleans and the matched text, so a failure names the file and marker, not half a megabyte of code.
    expect(code.includes('react.dev/errors'), `${f} bundles React's production build`).toBe(true);
    expect(/Invalid hook call|react-stack-bottom-frame/.exec(code)?.[0], `${f} has React's development build`).toBeUndefined();
  }
}

describe('Chrome builds', () => {
  it('the real build asks for exactly the real Sessionboard and Gleanin hosts, nothing broader', { timeout: 240_000 }, () => {
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const m = readManifest('.output/chrome-mv3');
    expect(m.manifest_version).toBe(3);
    expectLeastPrivilege('chrome (production)', m);
    expect([...(m.host_permissions ?? [])].sort()).toEqual(
      [
        'https://appv2.sessionboard.com/*',
        'https://appv2-eu.sessionboard.com/*',
        'https://app.sessionboard.com/*',
        'https://public-api.sessionboard.com/*',
        'https://public-api-eu.sessionboard.com/*',
        'https://app.gleanin.com/*',
      ].sort(),
    );
    const patterns = allPatterns(m);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(m.host_permissions).toContain(p);
    expect(JSON.stringify(m)).not.toContain('127.0.0.1');
    expectReactProductionBuild('.output/chrome-mv3');
  });

  it('the sandbox build targets exactly http://127.0.0.1:4555', { timeout: 240_000 }, () => {
    execFileSync('npm', ['run', '--silent', 'build:sandbox'], {
      env: { ...process.env, SANDBOX_PORT: '4555' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const m = readManifest('.output/chrome-mv3-sandbox');
    expectLeastPrivilege('chrome (sandbox)', m);
    expect(m.host_permissions).toEqual(['http://127.0.0.1:4555/*']);
    for (const p of allPatterns(m)) expect(p).toBe('http://127.0.0.1:4555/*');
    expect(JSON.stringify(m)).not.toMatch(/sessionboard\.com|gleanin\.com/);
    expectReactProductionBuild('.output/chrome-mv3-sandbox');
  });
});

describe('Firefox sandbox build', () => {
  it('asks for 127.0.0.1 without a port, pins content scripts to the port, and ships React production', { timeout: 240_000 }, () => {
    execFileSync('npm', ['run', '--silent', 'build:sandbox:firefox'], {
      env: { ...process.env, SANDBOX_PORT: '4555' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const m = readManifest('.output/firefox-mv3-sandbox');
    expect(m.host_permissions).toEqual(['http://127.0.0.1/*']);
    for (const p of allPatterns(m)) expect(p).toBe('http://127.0.0.1/*');
    expect(m.content_scripts?.length).toBeGreaterThan(0);
    for (const c of m.content_scripts ?? []) expect(c.include_globs).toEqual(['http://127.0.0.1:4555/*']);
    expect(JSON.stringify(m)).not.toMatch(/sessionboard\.com|gleanin\.com/);
    // The API base URLs keep the port: the background reaches the sandbox's origin, no other.
    expect(readFileSync(resolve('.output/firefox-mv3-sandbox/background.js'), 'utf8')).toMatch(/WXT_SANDBOX_PORT:[`"']4555[`"']/);
    expectReactProductionBuild('.output/firefox-mv3-sandbox');
  });
});

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
    expectLeastPrivilege('firefox (production)', readManifest(FIREFOX_DIR));
    // Lint an extension that has its parts: Firefox MV3 runs the background as event-page scripts.
    const scripts = manifest.background?.scripts ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(existsSync(resolve(FIREFOX_DIR, s)), s).toBe(true);
    expectReactProductionBuild(FIREFOX_DIR);

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
