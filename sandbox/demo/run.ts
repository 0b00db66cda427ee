/**
 * `npm run demo`: the whole product in one command. Builds the sandbox target, starts the sandbox with the
 * demo seed, launches Chromium with the extension (headed when a display exists, else headless) and walks
 * what a user does: connect -> map -> preview -> sync -> portal. Prints what Gleanin now holds and the sync
 * report, saves screenshots under demo-output/, exits 0. Ctrl-C stops everything cleanly.
 *
 * Options: --headless / --headed force the browser mode; --keep-open leaves the browser up until Ctrl-C.
 * Run it as `node --import tsx sandbox/demo/run.ts` (the npm script): the `tsx` CLI relays Ctrl-C to its child
 * and SIGKILLs it when the child is busy for 30 ms, which would cut the cleanup short and orphan Chromium.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { AUTOMATION_BUILD_ENV, buildSandboxExtension, freePort, launch, openPopup, removeBuild, sandboxState, type Harness } from '../browser/harness.ts';
import {
  bridgeRequest,
  closeDialog,
  connect,
  addMapping,
  openAgenda,
  openOptionsMenu,
  openPortalAs,
  openPreview,
  openReport,
  startSync,
  syncItemName,
  waitForSyncResult,
  watchSync,
} from '../browser/steps.ts';

const PAIR = { sbEventId: 4001, gleaninEventId: '11846' } as const;
const OUT = resolve('demo-output');

interface GleaninState {
  speakers: { event_id: number; external_idx: string | null; name: string; email: string | null; company_name: string | null; campaign_links: { campaign_name: string; url: string }[] }[];
  sessions: { event_id: number; external_idx: string | null; title: string; starts_at: string | null; speaker_ids: string[] }[];
}
interface Report {
  status: string;
  counts: Record<string, { attempted: number; created: number; updated: number; deleted: number; unchanged: number; skipped: number; failed: number; conflicts: number }>;
  problems: { recordType: string; label: string; friendlyId: string | null; severity: string; reason: string; fix: string }[];
  shareLinks: { read: number; missing: number; written: number; note?: string };
}

const { values: args } = parseArgs({
  options: { headless: { type: 'boolean' }, headed: { type: 'boolean' }, 'keep-open': { type: 'boolean' } },
  strict: true,
});
const headless = args.headless ? true : args.headed ? false : !process.env.DISPLAY;

let harness: Harness | undefined;
let extensionDir: string | undefined;
let stopping: Promise<void> | undefined;

/** Closes the browser, the sandbox and the private build copy; safe to call twice (Ctrl-C during cleanup). */
function cleanUp(): Promise<void> {
  stopping ??= (async () => {
    await harness?.close().catch(() => undefined);
    if (extensionDir) removeBuild(extensionDir);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the browser and the sandbox…`);
    void cleanUp().then(() => process.exit(130));
  });
}

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}
const step = (n: number, text: string) => log(`[${n}/7] ${text}`);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, name), fullPage: false });
  log(`      screenshot: demo-output/${name}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f));

  const port = await freePort();
  step(1, `Building the extension for the sandbox on port ${port} (SANDBOX_PORT=${port} npm run build:sandbox)…`);
  extensionDir = buildSandboxExtension(port, AUTOMATION_BUILD_ENV);

  step(2, `Starting the sandbox (demo seed) and Chromium (${headless ? 'headless' : 'headed'})…`);
  harness = await launch({ port, extensionDir, seed: 'demo', headless, ownSignals: true });
  const { info } = harness.sandbox;
  log(`      replica Sessionboard app: ${info.app}`);

  step(3, 'Connecting in the popup with the sandbox tokens…');
  const popup = await openPopup(harness);
  await popup.setViewportSize({ width: 460, height: 820 });
  await popup.getByRole('textbox', { name: 'Gleanin API token', exact: true }).waitFor();
  await shot(popup, '01-popup-connect.png');
  await connect(popup, { gleanin: info.gleaninToken, sessionboard: info.sessionboardWriteToken });

  step(4, `Mapping Sessionboard event ${PAIR.sbEventId} to Gleanin event ${PAIR.gleaninEventId}…`);
  await addMapping(popup, PAIR);
  await shot(popup, '02-popup-mapping.png');

  step(5, 'Opening Sessions > Agenda > Options and previewing the sync…');
  const page = await harness.context.newPage();
  await openAgenda(page, info.app, PAIR.sbEventId);
  await openOptionsMenu(page);
  await page.getByRole('menuitem', { name: syncItemName(PAIR.gleaninEventId), exact: true }).waitFor();
  await shot(page, '03-agenda-options.png');
  const preview = await openPreview(page);
  log(`      preview: ${preview.counts.creates} to create, ${preview.counts.updates} to update, ${preview.counts.deletes} to delete`);
  await shot(page, '04-preview.png');
  await closeDialog(preview.dialog);

  step(6, `Syncing: Options > "${syncItemName(PAIR.gleaninEventId)}"…`);
  const watch = watchSync(page);
  await startSync(page, syncItemName(PAIR.gleaninEventId));
  const result = await waitForSyncResult(page);
  watch.stop();
  const last = watch.progress.at(-1);
  if (last) log(`      progress seen: ${watch.progress.length} updates, last ${last.now} / ${last.max}`);
  log(`      result: ${result}`);
  await shot(page, '05-sync-result.png');
  if (await page.getByRole('button', { name: 'View report', exact: true }).count()) {
    const report = await openReport(page);
    await shot(page, '06-sync-report.png');
    await closeDialog(report);
  }

  step(7, 'Opening the speaker portal as a synced speaker (the portal chooser, then their portal)…');
  const gl = await sandboxState<GleaninState>(harness.sandbox, 'gleanin');
  const sessions = gl.sessions.filter((s) => s.event_id === Number(PAIR.gleaninEventId) && s.external_idx);
  const speakers = gl.speakers.filter((s) => s.event_id === Number(PAIR.gleaninEventId) && s.external_idx);
  const speaker = speakers.find((s) => s.campaign_links.length > 0);
  let portalNote = 'no synced speaker has share links yet';
  if (speaker) {
    const contactId = speaker.external_idx!.split(':').at(-1)!;
    try {
      const region = await openPortalAs(page, info.app, PAIR.sbEventId, contactId);
      await region.scrollIntoViewIfNeeded();
      portalNote = `"Share Your Attendance" shows ${speaker.name}'s link, taken from their portal page`;
    } catch {
      portalNote = `the "Share Your Attendance" card did not appear for ${speaker.name}`;
    }
    await shot(page, '07-portal.png');
  }

  const [mapping] = ((await bridgeRequest(popup, 'listMappings', {})).data ?? []) as { id: string }[];
  const runs = mapping ? (((await bridgeRequest(popup, 'listRuns', { mappingId: mapping.id, limit: 1 })).data ?? []) as { report: Report | null }[]) : [];
  printSummary(gl, sessions, speakers, runs[0]?.report ?? null, portalNote);

  if (args['keep-open'] && !headless) {
    log('\nThe browser stays open; press Ctrl-C to stop.');
    await new Promise(() => undefined);
  }
}

function printSummary(gl: GleaninState, sessions: GleaninState['sessions'], speakers: GleaninState['speakers'], report: Report | null, portalNote: string): void {
  const foreign = gl.speakers.filter((s) => s.event_id === Number(PAIR.gleaninEventId) && !s.external_idx);
  const withLinks = speakers.filter((s) => s.campaign_links.length > 0).length;
  log('\n================ Summary ================');
  log(`Gleanin event ${PAIR.gleaninEventId} "Acme Summit 2026" now holds:`);
  log(`  ${sessions.length} sessions and ${speakers.length} speakers created by Gleanin Bridge (each with its Sessionboard external id)`);
  log(`  ${foreign.length} speaker(s) made in Gleanin by hand, left untouched`);
  log(`  ${withLinks} of ${speakers.length} speakers have personal share links`);
  for (const s of sessions.slice(0, 5)) log(`    session  ${s.title}  (${s.speaker_ids.length} speakers, starts ${s.starts_at})`);
  for (const s of speakers.slice(0, 5)) log(`    speaker  ${s.name}${s.company_name ? `, ${s.company_name}` : ''}  ${s.campaign_links[0]?.url ?? '(no link yet)'}`);
  if (report) {
    log(`Sync report (status: ${report.status}):`);
    for (const [type, c] of Object.entries(report.counts)) {
      if (c.attempted + c.skipped + c.conflicts === 0) continue;
      log(`  ${type.padEnd(18)} created ${c.created}, updated ${c.updated}, deleted ${c.deleted}, unchanged ${c.unchanged}, skipped ${c.skipped}, conflicts ${c.conflicts}, failed ${c.failed}`);
    }
    log(`  share links: ${report.shareLinks.read} read, ${report.shareLinks.written} written to Sessionboard's "Gleanin Link" field${report.shareLinks.note ? ` (${report.shareLinks.note})` : ''}`);
    const problems = report.problems.filter((p) => p.severity !== 'warning');
    const warnings = report.problems.length - problems.length;
    log(`  ${problems.length} problem(s)${warnings ? ` and ${warnings} warning(s)` : ''}:`);
    for (const p of report.problems) log(`    ${p.severity.padEnd(8)} ${p.recordType} "${p.label}"${p.friendlyId ? ` (${p.friendlyId})` : ''}: ${p.reason}. Fix: ${p.fix}`);
  } else log('Sync report: not available');
  log(`Portal: ${portalNote}`);
  log(`Screenshots: ${readdirSync(OUT).filter((f) => f.endsWith('.png')).map((f) => `demo-output/${f}`).join(', ')}`);
}

main()
  .then(async () => {
    await cleanUp();
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    if (stopping) return; // Ctrl-C: the signal handler exits
    process.stderr.write(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await cleanUp();
    process.exit(1);
  });
