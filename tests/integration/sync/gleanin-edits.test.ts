/**
 * Edits made in Gleanin (lib/sync/gleanin-edits.ts) against the emulators: a session title changed in
 * Gleanin after a sync is written over and named by default; with "Keep edits made in Gleanin" it is
 * left alone until its Sessionboard value changes, and then Sessionboard wins, reported.
 */
import { describe, expect, it } from 'vitest';
import { ACME, clearLogs, emulatorsPerFile, glState, harness, requests, sbIds, sbWrite } from './harness.ts';

const emu = emulatorsPerFile(16);

async function synced(settings: { keepGleaninEdits?: boolean } = {}) {
  const h = harness(emu);
  await h.connect();
  const id = await h.map(ACME, settings);
  const sync = () => h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
  await sync();
  const key = sbIds(emu).sessionKey('SESS-1');
  const session = glState(emu).sessions.find((s) => s.external_idx === key)!;
  const editInGleanin = (title: string) =>
    emu.gleanin.store.sessions.set(session.id, { ...emu.gleanin.store.sessions.get(session.id)!, title });
  const titleInGleanin = () => emu.gleanin.store.sessions.get(session.id)!.title;
  return { h, id, sync, key, editInGleanin, titleInGleanin, sbTitle: sbIds(emu).session('SESS-1').title };
}

const edits = (problems: { reason: string }[]) => problems.filter((p) => /edited in Gleanin/.test(p.reason)).map((p) => p.reason);

describe('edits made in Gleanin', () => {
  it('the first sync remembers what it wrote, field by field, for every record it created', async () => {
    const { h, key, sbTitle } = await synced();
    const links = await h.db.links.toArray();
    const created = glState(emu);
    const ours = [...created.sessions, ...created.speakers].filter((r) => /^sb:/.test(r.external_idx ?? ''));
    expect(ours.length).toBeGreaterThan(0);
    for (const r of ours) expect(links.find((l) => l.externalIdx === r.external_idx)?.written, r.external_idx!).toBeDefined();
    expect(links.find((l) => l.externalIdx === key)?.written?.title).toBe(sbTitle);
  });

  it('default: Sessionboard wins with exactly one PATCH and the report names the overwritten edit', async () => {
    const { h, id, sync, editInGleanin, titleInGleanin, sbTitle } = await synced();
    editInGleanin('Renamed in Gleanin');

    const preview = await h.service.preview(id, 'sessions');
    expect(preview.updates.map((u) => u.changed)).toEqual([['title']]);
    expect(edits(preview.warnings)).toEqual(["Title was edited in Gleanin; Sessionboard's value will be written over it"]);

    clearLogs(emu);
    const report = await sync();
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(titleInGleanin()).toBe(sbTitle);
    expect(edits(report.problems)).toEqual(["Title was edited in Gleanin; Sessionboard's value was written over it"]);
    expect(report.problems.find((p) => /edited in Gleanin/.test(p.reason))).toMatchObject({ severity: 'warning', field: 'Title', friendlyId: 'SESS-1' });

    // Written over once: the next sync has nothing to write and nothing to name.
    clearLogs(emu);
    const again = await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(edits(again.problems)).toEqual([]);
  });

  it('"Keep edits made in Gleanin": the edit stays (0 writes, listed as kept) until the title changes in Sessionboard, then Sessionboard wins, reported', async () => {
    const { h, id, sync, editInGleanin, titleInGleanin } = await synced({ keepGleaninEdits: true });
    editInGleanin('Renamed in Gleanin');

    const preview = await h.service.preview(id, 'sessions');
    expect(preview.updates).toEqual([]);
    expect(preview.unchanged.sessions).toBe(5);
    expect(edits(preview.warnings)).toEqual(['Title was edited in Gleanin; the edit is kept ("Keep edits made in Gleanin")']);

    for (let run = 0; run < 2; run++) {
      clearLogs(emu);
      const report = await sync();
      expect(requests(emu).gleaninWrites).toBe(0);
      expect(titleInGleanin()).toBe('Renamed in Gleanin');
      expect(report.counts.session.unchanged).toBe(5);
      expect(edits(report.problems)).toEqual(['Title was edited in Gleanin; the edit is kept ("Keep edits made in Gleanin")']);
    }

    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${sbIds(emu).session('SESS-1').id}`, { title: 'Retitled in Sessionboard' });
    clearLogs(emu);
    const report = await sync();
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(titleInGleanin()).toBe('Retitled in Sessionboard');
    expect(edits(report.problems)).toEqual([
      "Title was edited in Gleanin and has changed in Sessionboard since; Sessionboard's value was written over it",
    ]);

    // From now on the title is Sessionboard's again: no write, nothing named.
    clearLogs(emu);
    const after = await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(edits(after.problems)).toEqual([]);
  });
});
