/**
 * Deletes need proof, against the emulators: a Sessionboard read that cannot be trusted (nothing
 * eligible, a people list missing, a status we do not know) plans no delete while creates and updates
 * still run; deletes above the guard wait for a person's "Delete in Gleanin" / "Keep in Gleanin";
 * "Keep it in Gleanin" never deletes. Answers the emulator does not make are produced by rewriting its
 * search answer on the way to the client, as a faulty or differently shaped real answer would arrive.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ACME, clearLogs, emulatorsPerFile, glState, harness, requests, sbIds, sbWrite } from './harness.ts';

type Fetch = typeof globalThis.fetch;
type WireSession = Record<string, unknown> & { id: string; friendly_id?: string };

const emu = emulatorsPerFile(16);

/** Rewrites the sessions search answer (`{results, pagination}`) with `edit`; the count follows the list. */
let editSessions: ((s: WireSession[]) => WireSession[]) | null = null;
const rewriting = (f: Fetch): Fetch => async (input, init) => {
  const res = await f(input, init);
  const req = new Request(input, init);
  if (!editSessions || req.method !== 'POST' || !/\/v1\/event\/\d+\/sessions$/.test(new URL(req.url).pathname)) return res;
  const body = (await res.json()) as { results: WireSession[]; pagination: { totalResults: number; totalPages: number } };
  const results = editSessions(body.results);
  const out = { ...body, results, pagination: { ...body.pagination, totalResults: results.length, totalPages: results.length ? 1 : 0 } };
  return new Response(JSON.stringify(out), { status: res.status, headers: res.headers });
};
beforeEach(() => {
  editSessions = null;
});

async function mapped(settings: Parameters<ReturnType<typeof harness>['map']>[1] = {}) {
  const h = harness(emu, { wrapSessionboardFetch: rewriting });
  await h.connect();
  const id = await h.map(ACME, settings);
  const sync = (extra: Partial<Parameters<typeof h.service.sync>[1]> = {}) => h.service.sync(id, { kind: 'sessions', trigger: 'manual', ...extra });
  return { h, id, sync };
}

/** Gleanin event 11846 as comparable data (records and their fields), to prove "unchanged". */
const glData = () => {
  const gl = glState(emu);
  const strip = ({ link_reads: _r, ...rest }: Record<string, unknown>) => rest;
  return JSON.stringify({ speakers: gl.speakers.map(strip), sessions: gl.sessions.map(strip) });
};
const decline = (friendly: string) => sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${sbIds(emu).session(friendly).id}`, { custom_status_id: null, status: 'declined' });
const deletesIn = () => {
  const r = requests(emu).gleaninWriteRoutes;
  return (r['DELETE /api/clients/v1/sessions/:id'] ?? 0) + (r['DELETE /api/clients/v1/speakers/:id'] ?? 0);
};

describe('a read that cannot be trusted plans no delete', () => {
  it('an empty session read (200, zero sessions) deletes nothing and says why', async () => {
    const { h, id, sync } = await mapped();
    await sync();
    const before = glData();
    editSessions = () => [];
    clearLogs(emu);
    const preview = await h.service.preview(id, 'sessions');
    expect(preview.deletes).toEqual([]);
    expect(preview.withheld).toMatchObject({ state: 'held', needsDecision: false, reasons: [expect.stringMatching(/returned no session to sync while Gleanin holds/)] });
    expect(preview.withheld!.records.length).toBeGreaterThan(5);
    const report = await sync({ trigger: 'continuous' });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(glData()).toBe(before);
    expect(report.withheld).toMatchObject({ state: 'held', reasons: [expect.stringMatching(/no session/)] });
    expect(report.counts.session.deleted + report.counts.speaker.deleted).toBe(0);
  });

  it('a session whose speakers come back null keeps its people (neither deleted nor detached); other updates still run', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    const s1 = ids.sessionKey('SESS-1');
    const peopleBefore = glState(emu).speakerKeysOf(s1);
    const { link_reads: _r, ...s1Before } = glState(emu).sessionByKey.get(s1)! as unknown as Record<string, unknown>;
    expect(peopleBefore.length).toBeGreaterThan(0);
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, { title: 'Renamed meanwhile' });
    const s1Id = ids.session('SESS-1').id;
    editSessions = (list) => list.map((s) => (s.id === s1Id ? { ...s, speakers: null, chairpersons: null, moderators: null, participants: null } : s));
    clearLogs(emu);
    const report = await sync();
    expect(deletesIn()).toBe(0);
    expect(glState(emu).speakerKeysOf(s1)).toEqual(peopleBefore);
    for (const k of peopleBefore) expect(glState(emu).speakerByKey.has(k)).toBe(true);
    expect(glState(emu).sessionByKey.get(ids.sessionKey('SESS-10'))!.title).toBe('Renamed meanwhile');
    // SESS-1 itself is not written (its people are not known to differ).
    expect(glState(emu).sessionByKey.get(s1)).toMatchObject(s1Before);
    expect(report.counts.session.updated).toBeGreaterThanOrEqual(1);
    expect(report.counts.speaker.deleted).toBe(0);
    // Nothing was to delete here, so nothing is listed as held; the read problem itself is not lost.
    expect(report.withheld).toBeUndefined();
  });

  it('statuses are read without case; a status the integration does not know holds every delete', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    editSessions = (list) => list.map((s) => ({ ...s, status: String(s.status).toUpperCase() }));
    clearLogs(emu);
    const loud = await sync();
    expect(requests(emu).gleaninWrites).toBe(0); // ACCEPTED is accepted: the same five sessions, nothing to do
    expect(loud.counts.session.unchanged).toBe(5);

    await decline('SESS-2');
    const s9 = ids.session('SESS-9').id;
    editSessions = (list) => [...list, { ...list.find((s) => s.id === s9)!, id: 'odd-1', friendly_id: 'SESS-X', status: 'Approved by board', custom_status: null }];
    clearLogs(emu);
    const report = await sync();
    expect(deletesIn()).toBe(0);
    expect(glState(emu).sessionByKey.has(ids.sessionKey('SESS-2'))).toBe(true);
    expect(report.withheld).toMatchObject({ state: 'held', reasons: [expect.stringMatching(/SESS-X has a status this integration does not know \("Approved by board"\)/)] });
    expect(report.withheld!.records.map((r) => r.key)).toContain(ids.sessionKey('SESS-2'));
    editSessions = null;
    clearLogs(emu);
    const trusted = await sync();
    expect(trusted.counts.session.deleted).toBe(1);
    expect(glState(emu).sessionByKey.has(ids.sessionKey('SESS-2'))).toBe(false);
  });
});

describe('the delete guard', () => {
  /** Ten more sessions, each with its own new speaker: 15 sessions, the guard's percentage is meaningful. */
  async function grow() {
    const ids = sbIds(emu);
    const when = ids.session('SESS-15');
    for (let i = 1; i <= 10; i++) {
      const c = await sbWrite(emu, 'POST', `${ACME.sb}/contacts/create`, { first_name: `Extra${i}`, last_name: 'Speaker', email: `extra${i}@example.org` });
      await sbWrite(emu, 'POST', `${ACME.sb}/sessions/create`, {
        title: `Extra session ${i}`, status: 'accepted', starts_at: when.starts_at, ends_at: when.ends_at, participants: [{ contact_id: c.id, role: 'speaker' }],
      });
    }
  }
  /** Declines a fifth of the synced sessions (3 of 15, each with its own speaker): 6 deletes. */
  async function declineAFifth() {
    const extra = emu.sessionboard.db.sessions(ACME.sb).filter((s) => s.title?.startsWith('Extra session')).slice(0, 3);
    for (const s of extra) await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${s.id}`, { status: 'declined' });
    return extra.map((s) => `sb:${ACME.sb}:session:${s.id}`);
  }

  it('mass decline of 20 %: held with nothing deleted; Keep -> zero deletes; Delete -> exactly the expected deletes', async () => {
    await grow();
    const { h, id, sync } = await mapped();
    const first = await sync();
    expect(first.counts.session.created).toBe(15);
    const declined = await declineAFifth();
    const before = glData();

    const preview = await h.service.preview(id, 'sessions');
    expect(preview.deletes).toEqual([]);
    expect(preview.withheld).toMatchObject({ state: 'held', needsDecision: true });
    const keys = preview.withheld!.records.map((r) => r.key);
    expect(keys).toHaveLength(6);
    expect(keys).toEqual(expect.arrayContaining(declined));

    clearLogs(emu);
    const asked = await sync();
    expect(asked.withheld).toMatchObject({ state: 'held', needsDecision: true, reasons: [expect.stringMatching(/would delete 6 of the \d+ records synced to Gleanin, more than the 10 %/)] });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(glData()).toBe(before);

    clearLogs(emu);
    const kept = await sync({ deletions: { choice: 'keep' } });
    expect(kept.withheld).toMatchObject({ state: 'kept' });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(glData()).toBe(before);

    // A "Delete" answer covers only what was shown: one more decline since -> asked again.
    const more = emu.sessionboard.db.sessions(ACME.sb).find((s) => s.title === 'Extra session 4')!;
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${more.id}`, { status: 'declined' });
    clearLogs(emu);
    const stale = await sync({ deletions: { choice: 'delete', keys } });
    expect(stale.withheld).toMatchObject({ state: 'held', needsDecision: true });
    expect(deletesIn()).toBe(0);
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${more.id}`, { status: 'accepted' });

    clearLogs(emu);
    const done = await sync({ deletions: { choice: 'delete', keys } });
    expect(done.withheld).toBeUndefined();
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'DELETE /api/clients/v1/sessions/:id': 3, 'DELETE /api/clients/v1/speakers/:id': 3 });
    const gl = glState(emu);
    for (const k of declined) expect(gl.sessionByKey.has(k)).toBe(false);
    expect(gl.sessions).toHaveLength(12);
  });

  it('a continuous sync applies creates and updates and holds the deletes', async () => {
    await grow();
    const { sync } = await mapped({ continuousSync: true });
    await sync({ trigger: 'continuous' });
    await declineAFifth();
    const ids = sbIds(emu);
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, { title: 'Renamed too' });
    clearLogs(emu);
    const report = await sync({ trigger: 'continuous' });
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(report.withheld).toMatchObject({ state: 'held', needsDecision: true });
    expect(report.counts.session).toMatchObject({ updated: 1, deleted: 0 });
  });

  it('a few deletes (at most 5 records) go ahead without asking', async () => {
    const { sync } = await mapped();
    await sync();
    await decline('SESS-2'); // 1 session + 2 orphaned speakers: 3 of 15 records, above 10 % but not above 5 records
    clearLogs(emu);
    const report = await sync();
    expect(report.withheld).toBeUndefined();
    expect(deletesIn()).toBe(3);
  });
});

describe('"When a record leaves Sessionboard": "Keep it in Gleanin"', () => {
  it('keeps the record and its speakers in Gleanin, no longer updated, listed as kept', async () => {
    const { h, id, sync } = await mapped({ whenRecordLeaves: 'keep' });
    const ids = sbIds(emu);
    await sync();
    const before = glState(emu).sessionByKey.get(ids.sessionKey('SESS-2'))!;
    await decline('SESS-2');
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { title: 'Changed after it left' });
    clearLogs(emu);
    const report = await sync();
    expect(deletesIn()).toBe(0);
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(glState(emu).sessionByKey.get(ids.sessionKey('SESS-2'))).toEqual(before);
    expect(report.withheld).toMatchObject({ state: 'kept', needsDecision: false, reasons: [expect.stringMatching(/Keep it in Gleanin/)] });
    expect(report.withheld!.records.map((r) => r.key).sort()).toEqual([ids.sessionKey('SESS-2'), ids.contactKey('CONT-4'), ids.contactKey('CONT-6')].sort());
    // Its speakers' share links stay stored (the portal field keeps them).
    const shares = (await h.db.shareLinks.toArray()).map((r) => r.externalIdx);
    expect(shares).toEqual(expect.arrayContaining([ids.contactKey('CONT-4'), ids.contactKey('CONT-6')]));
    await h.service.updateMappingSettings(id, { whenRecordLeaves: 'delete' });
    clearLogs(emu);
    expect((await sync()).counts.session.deleted).toBe(1);
  });
});
