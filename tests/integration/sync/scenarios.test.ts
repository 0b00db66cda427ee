/**
 * The sync engine end to end against the Gleanin and Sessionboard emulators:
 * real clients, real store (fake-indexeddb), emulator state and request logs as the oracle.
 * Seed 16: event 4001 has the awkward cases of sandbox/README.md ("Seed"); its eligible sessions are
 * SESS-1 (legacy chair + moderator), SESS-2 (custom "Confirmed" status, Sessions 2.0 roles), SESS-9
 * (multi-day), SESS-10 (parent of subsessions) and SESS-15; CONT-9 speaks on SESS-1 and SESS-2.
 */
import Papa from 'papaparse';
import { ADAPTER_VERSION } from '../../../lib/gleanin/adapter.ts';
import { apiAccessErrors } from '../../../lib/config/host-access.ts';
import { hostsFor } from '../../../lib/config/hosts.ts';
import { createStore } from '../../../lib/store/store.ts';
import { describe, expect, it } from 'vitest';
import { ACME, EXPO, type Emulators, clearLogs, createEmulators, emulatorsPerFile, glState, harness, requests, sbIds, sbWrite } from './harness.ts';

const emu = emulatorsPerFile(16);

async function mapped(settings: Parameters<ReturnType<typeof harness>['map']>[1] = {}, opts: Parameters<typeof harness>[1] = {}) {
  const h = harness(emu, opts);
  await h.connect();
  const id = await h.map(ACME, settings);
  const sync = (extra: Partial<Parameters<typeof h.service.sync>[1]> = {}) => h.service.sync(id, { kind: 'sessions', trigger: 'manual', ...extra });
  return { h, id, sync };
}

/** Independent oracle: the sessions that must be synced (lib/sync/select.ts rules, restated), read from the emulator's own records. */
function eligibleSessions(eventId: number = ACME.sb) {
  const now = Date.now();
  return emu.sessionboard.db
    .sessions(eventId)
    .filter((s) => s.status === 'accepted' && s.starts_at && s.ends_at && Date.parse(s.ends_at) > now && !s.parent_session_id && s.title?.trim());
}

describe('first sync and resync', () => {
  it('first sync creates exactly the eligible sessions and their valid speakers, with absolute times and plain-text descriptions', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    const report = await sync();
    const gl = glState(emu);
    const eligible = eligibleSessions();
    expect(eligible.map((s) => s.friendly_id).sort()).toEqual(['SESS-1', 'SESS-10', 'SESS-15', 'SESS-2', 'SESS-9']);
    expect([...gl.sessionByKey.keys()].sort()).toEqual(eligible.map((s) => `sb:${ACME.sb}:session:${s.id}`).sort());
    for (const s of eligible) {
      const g = gl.sessionByKey.get(`sb:${ACME.sb}:session:${s.id}`)!;
      expect(g.title).toBe(s.title!.trim());
      expect(Date.parse(g.starts_at!)).toBe(Date.parse(s.starts_at!));
      expect(Date.parse(g.ends_at!)).toBe(Date.parse(s.ends_at!));
      expect(g.schedule).toMatch(/\d{2}:\d{2}/);
      expect(g.description ?? '').not.toMatch(/<|script|style=/i);
    }
    // Speakers: the speaker-role contacts of eligible sessions, minus the invalid, the duplicate
    // email and the Gleanin conflict (each reported).
    const speakerKeys = [...gl.speakerByKey.keys()].sort();
    const expected = ['CONT-1', 'CONT-3', 'CONT-4', 'CONT-6', 'CONT-7', 'CONT-9', 'CONT-15', 'CONT-16', 'CONT-17', 'CONT-21'].map(ids.contactKey).sort();
    expect(speakerKeys).toEqual(expected);
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-9'))).toEqual(['CONT-15', 'CONT-17'].map(ids.contactKey).sort());
    expect(gl.speakers.filter((s) => s.email === 'dup.speaker@example.com')).toHaveLength(1);
    expect(report.counts.session).toMatchObject({ attempted: 5, created: 5, failed: 0 });
    expect(report.counts.speaker).toMatchObject({ created: 10, failed: 0, conflicts: 1 });
    expect(report.status).toBe('partial'); // the conflict is a problem to act on
    // Every record we created carries our external id; nothing else was added.
    expect(gl.speakers.filter((s) => !s.external_idx).map((s) => s.name)).toEqual(['Pre Existing']);
  });

  it('a no-op resync makes zero writes and reads with the fewest requests', async () => {
    const { sync } = await mapped();
    await sync();
    clearLogs(emu);
    const report = await sync();
    const r = requests(emu);
    expect(r.gleaninWrites).toBe(0);
    expect(r.sessionboardWrites).toBe(0);
    expect(r.gleanin).toEqual({ 'GET /api/clients/v1/events/:id': 1 });
    expect(r.sessionboard).toEqual({ 'GET /v1/events': 1, 'POST /v1/event/:eventId/sessions': 1 });
    for (const c of Object.values(report.counts)) expect(c.created + c.updated + c.deleted + c.failed).toBe(0);
    expect(report.counts.session.unchanged).toBe(5);
  });

  it('a no-op resync leaves the stored share links as they were: no row is written again', async () => {
    const { h, sync } = await mapped();
    await sync();
    const before = await h.db.shareLinks.toArray();
    expect(before.length).toBeGreaterThan(0);
    await sync();
    expect(await h.db.shareLinks.toArray()).toEqual(before); // a rewritten row would carry this run's updatedAt
  });

  it('a title change is exactly one update', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, { title: 'A brand new title' });
    clearLogs(emu);
    const report = await sync();
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(requests(emu).sessionboardWrites).toBe(0);
    expect(glState(emu).sessionByKey.get(ids.sessionKey('SESS-10'))!.title).toBe('A brand new title');
    expect(report.counts.session).toMatchObject({ updated: 1, unchanged: 4, created: 0, deleted: 0 });
  });

  it('a declined session is deleted with its now-orphaned speakers; a shared speaker is kept', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { custom_status_id: null, status: 'declined' });
    clearLogs(emu);
    const report = await sync();
    const gl = glState(emu);
    expect(gl.sessionByKey.has(ids.sessionKey('SESS-2'))).toBe(false);
    expect(gl.speakerByKey.has(ids.contactKey('CONT-4'))).toBe(false);
    expect(gl.speakerByKey.has(ids.contactKey('CONT-6'))).toBe(false);
    expect(gl.speakerByKey.has(ids.contactKey('CONT-9'))).toBe(true); // still on SESS-1
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-1'))).toContain(ids.contactKey('CONT-9'));
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'DELETE /api/clients/v1/sessions/:id': 1, 'DELETE /api/clients/v1/speakers/:id': 2 });
    expect(report.counts.session.deleted).toBe(1);
    expect(report.counts.speaker.deleted).toBe(2);
  });

  it('a synced session that has ended stays in Gleanin with its speakers and share links; nothing is written', async () => {
    const { h, sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    const linksBefore = (await h.db.links.toArray()).map((l) => l.externalIdx).sort();
    const sharesBefore = (await h.db.shareLinks.toArray()).map((l) => l.externalIdx).sort();
    // Day 1 of a multi-day event is over (as the clock passing it would leave it).
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, {
      starts_at: new Date(Date.now() - 3 * 3600_000).toISOString(), ends_at: new Date(Date.now() - 3600_000).toISOString(),
    });
    clearLogs(emu);
    const report = await sync();
    const gl = glState(emu);
    expect(requests(emu).gleaninWrites).toBe(0);
    for (const c of Object.values(report.counts)) expect(c.created + c.updated + c.deleted + c.failed).toBe(0);
    expect(gl.sessionByKey.has(ids.sessionKey('SESS-2'))).toBe(true);
    for (const f of ['CONT-4', 'CONT-6', 'CONT-9']) expect(gl.speakerByKey.has(ids.contactKey(f))).toBe(true);
    expect((await h.db.links.toArray()).map((l) => l.externalIdx).sort()).toEqual(linksBefore);
    expect((await h.db.shareLinks.toArray()).map((l) => l.externalIdx).sort()).toEqual(sharesBefore);
    expect(report.problems.find((p) => p.friendlyId === 'SESS-2')).toMatchObject({ severity: 'skipped', reason: expect.stringMatching(/ended/) });
  });

  it('a speaker moved between sessions updates both sessions and writes no speaker', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    const mover = ids.contact('CONT-21').id;
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-15').id}`, { participants: [] });
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, {
      participants: [{ contact_id: ids.contact('CONT-16').id, role: 'speaker' }, { contact_id: mover, role: 'speaker' }],
    });
    clearLogs(emu);
    await sync();
    const gl = glState(emu);
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 2 });
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-10'))).toEqual([ids.contactKey('CONT-16'), ids.contactKey('CONT-21')].sort());
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-15'))).toEqual([]);
  });

  it('chairpersons and moderators join as speakers when switched on and leave when switched off', async () => {
    const { h, id, sync } = await mapped();
    const ids = sbIds(emu);
    await sync();
    const chairs = ['CONT-25', 'CONT-26'].map(ids.contactKey); // legacy chairperson on SESS-1, "Chair" role on SESS-2
    const moderators = ['CONT-27', 'CONT-28'].map(ids.contactKey);
    await h.service.updateMappingSettings(id, { syncChairpersons: true });
    clearLogs(emu);
    await sync();
    let gl = glState(emu);
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'POST /api/clients/v1/speakers': 2, 'PATCH /api/clients/v1/sessions/:id': 2 });
    for (const k of chairs) expect(gl.speakerByKey.has(k)).toBe(true);
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-1'))).toContain(chairs[0]);
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-2'))).toContain(chairs[1]);
    for (const k of moderators) expect(gl.speakerByKey.has(k)).toBe(false);

    await h.service.updateMappingSettings(id, { syncModerators: true });
    await sync();
    gl = glState(emu);
    for (const k of moderators) expect(gl.speakerByKey.has(k)).toBe(true);

    await h.service.updateMappingSettings(id, { syncChairpersons: false, syncModerators: false });
    clearLogs(emu);
    await sync();
    gl = glState(emu);
    for (const k of [...chairs, ...moderators]) expect(gl.speakerByKey.has(k)).toBe(false);
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-1'))).not.toContain(chairs[0]);
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'DELETE /api/clients/v1/speakers/:id': 4 });
  });

  it('tracks come from Sessionboard tracks, or tags, or nothing', async () => {
    const { h, id, sync } = await mapped();
    const db = emu.sessionboard.db;
    const trackName = (s: (typeof eligible)[number]) => db.data.tracks.find((t) => t.id === s.track_id)?.name;
    const tagNames = (s: (typeof eligible)[number]) => s.tag_ids.map((t) => db.data.tags.find((x) => x.id === t)!.name);
    const eligible = eligibleSessions();
    expect(eligible.some((s) => s.tag_ids.length > 1) && eligible.some((s) => !s.track_id)).toBe(true);
    await sync();
    for (const s of eligible) expect(glState(emu).sessionByKey.get(`sb:${ACME.sb}:session:${s.id}`)!.tracks).toEqual(trackName(s) ? [trackName(s)] : []);
    await h.service.updateMappingSettings(id, { tracksFrom: 'tags' });
    await sync();
    for (const s of eligible) expect(glState(emu).sessionByKey.get(`sb:${ACME.sb}:session:${s.id}`)!.tracks).toEqual(tagNames(s));
    await h.service.updateMappingSettings(id, { tracksFrom: 'none' });
    await sync();
    for (const s of eligible) expect(glState(emu).sessionByKey.get(`sb:${ACME.sb}:session:${s.id}`)!.tracks).toEqual([]);
  });
});

describe('what is not synced, and why', () => {
  it('past, unscheduled, untitled and subsessions are skipped with reasons; invalid speakers name the missing field', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    const report = await sync();
    const gl = glState(emu);
    const problem = (friendly: string) => report.problems.find((p) => p.friendlyId === friendly);
    expect(problem('SESS-7')).toMatchObject({ severity: 'skipped', field: 'starts_at', reason: expect.stringMatching(/not scheduled/i) });
    expect(problem('SESS-8')).toMatchObject({ severity: 'skipped', field: 'ends_at', reason: expect.stringMatching(/already ended/i) });
    expect(problem('SESS-13')).toMatchObject({ severity: 'skipped', field: 'title', fix: expect.stringMatching(/title/i) });
    expect(problem('SESS-14')).toMatchObject({ severity: 'skipped', field: 'title' });
    expect(problem('SESS-11')).toMatchObject({ severity: 'skipped', field: 'parent_session_id' });
    expect(problem('CONT-5')).toMatchObject({ severity: 'skipped', field: 'last_name', fix: expect.stringMatching(/last name.*CONT-5/i) });
    expect(problem('CONT-2')).toMatchObject({ severity: 'skipped', field: 'email', reason: expect.stringMatching(/CONT-1/) });
    for (const f of ['SESS-7', 'SESS-8', 'SESS-11', 'SESS-12', 'SESS-13', 'SESS-14']) expect(gl.sessionByKey.has(ids.sessionKey(f))).toBe(false);
    for (const f of ['CONT-2', 'CONT-5', 'CONT-13', 'CONT-14']) expect(gl.speakerByKey.has(ids.contactKey(f))).toBe(false);
    expect(report.counts.session.skipped).toBe(6);
  });

  it('a HEIC headshot is dropped with a warning and the speaker still syncs', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    expect(ids.contact('CONT-3').photo_url).toMatch(/\.heic$/i);
    const report = await sync();
    expect(report.problems.find((p) => p.friendlyId === 'CONT-3')).toMatchObject({ severity: 'warning', field: 'photo_url', reason: expect.stringMatching(/HEIC/) });
    const g = glState(emu).speakerByKey.get(ids.contactKey('CONT-3'))!;
    expect(g.headshot_url).toBeNull();
    expect(g.name).toBe(`${ids.contact('CONT-3').first_name} ${ids.contact('CONT-3').last_name}`);
  });

  it('a 422 on one record is reported with the API detail and field while the others sync', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    // An image CDN URL whose format parameter is HEIC: no file extension, so only Gleanin can tell.
    await sbWrite(emu, 'PUT', `${ACME.sb}/contacts/${ids.contact('CONT-16').id}`, { photo_url: 'https://images.example.com/p/16?fm=heic' });
    const report = await sync();
    const failed = report.problems.find((p) => p.severity === 'failed')!;
    expect(failed).toMatchObject({ friendlyId: 'CONT-16', field: 'headshot_url', detail: expect.stringMatching(/does not support/) });
    expect(failed.fix).toMatch(/headshot_url/);
    expect(report.counts.speaker).toMatchObject({ created: 9, failed: 1 });
    expect(report.counts.session).toMatchObject({ created: 5, failed: 0 });
    const gl = glState(emu);
    expect(gl.speakerByKey.has(ids.contactKey('CONT-16'))).toBe(false);
    expect(gl.speakerKeysOf(ids.sessionKey('SESS-10'))).toEqual([]);
    // Fixed in Sessionboard: the next sync creates the speaker and attaches it.
    await sbWrite(emu, 'PUT', `${ACME.sb}/contacts/${ids.contact('CONT-16').id}`, { photo_url: null });
    clearLogs(emu);
    await sync();
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'POST /api/clients/v1/speakers': 1, 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(glState(emu).speakerKeysOf(ids.sessionKey('SESS-10'))).toEqual([ids.contactKey('CONT-16')]);
  });
});

describe('existing Gleanin speakers with the same email: conflict or adopt', () => {
  it('a speaker with the same email that we did not create is a conflict; with "link existing" it is adopted', async () => {
    const { h, id, sync } = await mapped();
    const ids = sbIds(emu);
    const report = await sync();
    expect(report.problems.find((p) => p.severity === 'conflict')).toMatchObject({
      friendlyId: 'CONT-8', field: 'email', fix: expect.stringMatching(/link existing/),
    });
    let pre = glState(emu).speakers.find((s) => s.email === 'dup.speaker@example.com')!;
    expect(pre).toMatchObject({ name: 'Pre Existing', external_idx: null });

    await h.service.updateMappingSettings(id, { linkExistingByEmail: true });
    clearLogs(emu);
    const adopted = await sync();
    pre = glState(emu).speakers.find((s) => s.email === 'dup.speaker@example.com')!;
    const c8 = ids.contact('CONT-8');
    expect(pre).toMatchObject({ id: 120001, external_idx: ids.adoptedKey('CONT-8'), name: `${c8.first_name} ${c8.last_name}` });
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/speakers/:id': 1, 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(glState(emu).speakerKeysOf(ids.sessionKey('SESS-2'))).toContain(ids.adoptedKey('CONT-8'));
    expect(adopted.counts.speaker.conflicts).toBe(0);
    expect(adopted.status).toBe('succeeded');
  });

  it('an adopted speaker no longer wanted is released (our external id cleared), never deleted', async () => {
    const { h, id, sync } = await mapped();
    const ids = sbIds(emu);
    await h.service.updateMappingSettings(id, { linkExistingByEmail: true });
    await sync();
    expect(glState(emu).speakers.find((s) => s.id === 120001)).toMatchObject({ external_idx: ids.adoptedKey('CONT-8') });

    // CONT-8 speaks only on SESS-2: declining it leaves the adopted speaker with no synced session.
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { custom_status_id: null, status: 'declined' });
    clearLogs(emu);
    await sync();
    const kept = glState(emu).speakers.find((s) => s.id === 120001);
    expect(kept).toMatchObject({ email: 'dup.speaker@example.com', external_idx: null });
    expect(requests(emu).gleaninWriteRoutes['PATCH /api/clients/v1/speakers/:id']).toBe(1); // the release

    // Released for good: the next run neither deletes nor re-links it.
    clearLogs(emu);
    await sync();
    expect(glState(emu).speakers.find((s) => s.id === 120001)).toMatchObject({ external_idx: null });
    expect(requests(emu).gleaninWriteRoutes).toEqual({});
  });
});

describe('checks before any write', () => {
  it('a host permission taken back blocks before any request, names the host and where to grant it; granted again, the sync runs', async () => {
    let granted = false;
    const perms = { contains: async () => granted, request: async () => (granted = true) };
    const h = harness(emu, { hostAccess: (region) => apiAccessErrors(perms, hostsFor('sandbox', '4555', 'chrome'), region) });
    await h.connect();
    const id = await h.map(ACME);
    clearLogs(emu);
    const preview = await h.service.preview(id, 'sessions');
    const blocked = await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    for (const b of [preview.blocked, blocked.blocked]) {
      expect(b).toEqual({ code: 'no-host-access', message: 'Gleanin Bridge needs access to 127.0.0.1:4555', fix: 'Open the Gleanin Bridge popup, choose "Grant access", then sync again' });
    }
    expect(blocked.status).toBe('blocked');
    expect(emu.gleanin.controls.log.snapshot().total + emu.sessionboard.controls.log.snapshot().total).toBe(0);
    granted = true;
    const report = await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(report.status).not.toBe('blocked');
    expect(report.counts.session.created).toBeGreaterThan(0);
  });

  it('a time-zone mismatch with the Gleanin event zone blocks, names both zones, and "Sync anyway" proceeds', async () => {
    const h = harness(emu);
    await h.connect();
    const id = await h.map({ ...EXPO, zone: EXPO.zone }, { gleaninTimeZone: null });
    clearLogs(emu);
    const blocked = await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(blocked.status).toBe('blocked');
    expect(blocked.blocked).toMatchObject({ code: 'time-zone-mismatch', sessionboardTimeZone: 'America/Los_Angeles', gleaninTimeZone: 'America/Chicago' });
    expect(blocked.blocked!.message).toMatch(/America\/Los_Angeles.*America\/Chicago/);
    expect(blocked.blocked!.fix).toMatch(/Sync anyway/);
    expect(requests(emu).gleaninWrites).toBe(0);
    const anyway = await h.service.sync(id, { kind: 'sessions', trigger: 'manual', allowTimeZoneMismatch: true });
    expect(anyway.counts.session.created).toBe(eligibleSessions(EXPO.sb).length);
    const gl = glState(emu, EXPO.gl);
    for (const s of eligibleSessions(EXPO.sb)) expect(Date.parse(gl.sessionByKey.get(`sb:${EXPO.sb}:session:${s.id}`)!.starts_at!)).toBe(Date.parse(s.starts_at!));
  });

  it('without a Gleanin event zone the admin-confirmed zone is compared; unconfirmed or different blocks, the override proceeds', async () => {
    const h = harness(emu);
    await h.connect();
    const id = await h.map(ACME, { gleaninTimeZone: null });
    const run = (allowTimeZoneMismatch = false) => h.service.sync(id, { kind: 'sessions', trigger: 'manual', allowTimeZoneMismatch });
    expect((await run()).blocked).toMatchObject({ code: 'time-zone-mismatch', gleaninTimeZone: null, message: expect.stringMatching(/not confirmed/) });
    await h.service.updateMappingSettings(id, { gleaninTimeZone: 'Europe/London' });
    expect((await run()).blocked).toMatchObject({ code: 'time-zone-mismatch', gleaninTimeZone: 'Europe/London', sessionboardTimeZone: 'America/New_York' });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect((await run(true)).counts.session.created).toBe(5);
    await h.service.updateMappingSettings(id, { gleaninTimeZone: 'America/New_York' });
    const confirmed = await run();
    expect(confirmed.blocked).toBeUndefined();
    expect(confirmed.counts.session.unchanged).toBe(5);
  });

  it('a Hide PII token is refused before any write, with the fix', async () => {
    const { sync } = await mapped({}, { sbToken: 'hidePii' });
    clearLogs(emu);
    const report = await sync();
    expect(report.status).toBe('blocked');
    expect(report.blocked).toMatchObject({ code: 'hide-pii', fix: expect.stringMatching(/Hide PII turned off/) });
    expect(requests(emu).gleaninWrites + requests(emu).sessionboardWrites).toBe(0);
  });
});

describe('preview', () => {
  it('preview lists exactly what the sync then does (first sync, then a mix of changes)', async () => {
    const { h, id, sync } = await mapped();
    const ids = sbIds(emu);
    const check = async () => {
      const before = glState(emu);
      const preview = await h.service.preview(id, 'sessions');
      clearLogs(emu);
      const report = await sync();
      const after = glState(emu);
      const keys = (m: Map<string, unknown>) => new Set(m.keys());
      const all = (g: typeof before) => new Set([...keys(g.speakerByKey), ...keys(g.sessionByKey)]);
      const b = all(before);
      const a = all(after);
      const created = [...a].filter((k) => !b.has(k)).sort();
      const deleted = [...b].filter((k) => !a.has(k)).sort();
      const touched = [...a].filter((k) => {
        if (!b.has(k)) return false;
        const was = (before.speakerByKey.get(k) ?? before.sessionByKey.get(k))!;
        const now = (after.speakerByKey.get(k) ?? after.sessionByKey.get(k))!;
        return was.updated_at !== now.updated_at;
      });
      expect(preview.creates.map((c) => c.key).sort()).toEqual(created);
      expect(preview.deletes.map((c) => c.key).sort()).toEqual(deleted);
      expect([...preview.updates, ...preview.adopts].map((c) => c.key).sort()).toEqual(touched.sort());
      expect(preview.conflicts).toEqual(report.problems.filter((p) => p.severity === 'conflict'));
      expect(preview.skipped).toEqual(report.problems.filter((p) => p.severity === 'skipped'));
      const writes = requests(emu).gleaninWrites;
      expect(writes).toBe(preview.creates.length + preview.updates.length + preview.adopts.length + preview.deletes.length);
      return preview;
    };
    const first = await check();
    expect(first.creates).toHaveLength(15);
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, { title: 'Renamed' });
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { custom_status_id: null, status: 'declined' });
    await sbWrite(emu, 'POST', `${ACME.sb}/sessions/create`, {
      title: 'Late addition', status: 'accepted', starts_at: ids.session('SESS-15').starts_at, ends_at: ids.session('SESS-15').ends_at,
      participants: [{ contact_id: ids.contact('CONT-22').id, role: 'speaker' }],
    });
    await h.service.updateMappingSettings(id, { linkExistingByEmail: true });
    const second = await check();
    expect(second.updates.find((u) => u.key === ids.sessionKey('SESS-10'))!.changed).toEqual(['title']);
    expect(second.adopts).toHaveLength(0); // CONT-8 sat on SESS-2, now declined: nothing to adopt
    expect(second.deletes.length).toBe(3);
  });
});

describe('share links: stored, written back to Sessionboard, exported', () => {
  it('are written back in bulk (ceil(n/100) requests, only changed values, field created when missing) and exported as CSV', async () => {
    const big = createEmulators(220);
    const h = harness(big);
    await h.connect();
    const id = await h.map(ACME);
    const bulkOps: number[] = [];
    const sbFetch = big.sessionboard.app.fetch;
    big.sessionboard.app.fetch = (async (req: Request, ...rest: unknown[]) => {
      if (req.url.endsWith('/contacts/bulk')) bulkOps.push((await req.clone().json()).operations.length);
      return (sbFetch as any).call(big.sessionboard.app, req, ...rest);
    }) as typeof sbFetch;
    const first = await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    const n = first.shareLinks.written;
    expect(n).toBeGreaterThan(100);
    expect(first.shareLinks).toMatchObject({ missing: 0, read: n });
    expect(bulkOps).toEqual([100, ...(n > 200 ? [100] : []), n % 100 || 100].slice(0, Math.ceil(n / 100)));
    expect(requests(big).sessionboard['POST /v1/event/:eventId/contacts/bulk']).toBe(Math.ceil(n / 100));
    expect(requests(big).sessionboard['POST /v1/event/:eventId/fields/create']).toBe(1);
    // The contact field holds the speaker-campaign link of that person's Gleanin record.
    const gl = glState(big);
    const written = big.sessionboard.db.contacts(ACME.sb).filter((c) => c.custom_fields.gleanin_link);
    expect(written).toHaveLength(n);
    for (const c of written) {
      const g = gl.speakerByKey.get(`sb:${ACME.sb}:contact:${c.id}`)!;
      expect(c.custom_fields.gleanin_link).toBe(g.campaign_links.find((l) => l.campaign_name === 'Speaker campaign')!.url);
    }
    // Unchanged links are not written again; a new speaker's link is the only operation.
    clearLogs(big);
    bulkOps.length = 0;
    await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(requests(big).sessionboardWrites).toBe(0);
    const fresh = await sbWrite(big, 'POST', `${ACME.sb}/contacts/create`, { first_name: '=HYPERLINK("http://evil")', last_name: 'Newcomer', email: 'newcomer@example.org' });
    const target = eligibleSessionsOf(big)[0];
    await sbWrite(big, 'PUT', `${ACME.sb}/sessions/${target.id}`, {
      participants: [...target.participants.map((p) => ({ contact_id: p.contact_id, role: p.role })), { contact_id: fresh.id, role: 'speaker' }],
    });
    clearLogs(big);
    await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(bulkOps).toEqual([1]);
    expect(requests(big).sessionboard['POST /v1/event/:eventId/fields/create']).toBeUndefined();

    // CSV for a mail merge: one row per synced person, links, formula cells neutralised.
    const csv = await h.service.exportShareLinksCsv(id);
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows[0]).toEqual(['name', 'email', 'role', 'sessions', 'links']);
    expect(rows).toHaveLength(n + 2);
    const newcomer = rows.find((r) => r[1] === 'newcomer@example.org')!;
    expect(newcomer[0]).toBe(`'=HYPERLINK("http://evil") Newcomer`);
    expect(newcomer[2]).toBe('speaker');
    expect(newcomer[3]).toContain(target.title!.trim());
    expect(newcomer[4]).toMatch(/^https:\/\/invt\.io\/\w+$/);
  });

  it('without write:contacts the links are stored and exported but not written, with a note', async () => {
    const { h, id, sync } = await mapped({}, { sbToken: 'read', canWriteContacts: false, canWriteFields: false });
    const report = await sync();
    expect(report.shareLinks.written).toBe(0);
    expect(report.shareLinks.read).toBe(10);
    expect(report.shareLinks.note).toMatch(/write:contacts/);
    expect(requests(emu).sessionboardWrites).toBe(0);
    expect(Papa.parse(await h.service.exportShareLinksCsv(id)).data.length).toBeGreaterThan(10);
  });

  it('a person who leaves the sync has the "Gleanin Link" we wrote cleared in the same bulk write; a changed link is rewritten; nothing else is written', async () => {
    const { sync } = await mapped();
    const ids = sbIds(emu);
    const bulk: { id: string; data: { custom_fields: Record<string, string> } }[][] = [];
    const sbFetch = emu.sessionboard.app.fetch;
    emu.sessionboard.app.fetch = (async (req: Request, ...rest: unknown[]) => {
      if (req.url.endsWith('/contacts/bulk')) bulk.push((await req.clone().json()).operations);
      return (sbFetch as any).call(emu.sessionboard.app, req, ...rest);
    }) as typeof sbFetch;
    try {
      await sync();
      const field = (f: string) => ids.contact(f).custom_fields.gleanin_link;
      for (const f of ['CONT-4', 'CONT-6', 'CONT-9']) expect(field(f)).toMatch(/^https:\/\/invt\.io\//);
      const kept = field('CONT-9');
      // SESS-2 is declined: CONT-4 and CONT-6 leave the sync (CONT-9 stays, on SESS-1).
      await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { custom_status_id: null, status: 'declined' });
      // CONT-1's Gleanin record is deleted in Gleanin: it is made again, with a new link.
      const old1 = field('CONT-1');
      emu.gleanin.store.deleteSpeaker(glState(emu).speakerByKey.get(ids.contactKey('CONT-1'))!.id.toString());
      bulk.length = 0;
      clearLogs(emu);
      const report = await sync();
      expect(requests(emu).sessionboard['POST /v1/event/:eventId/contacts/bulk']).toBe(1);
      const ops = bulk.flat();
      expect(ops.map((o) => o.id).sort()).toEqual([ids.contact('CONT-1').id, ids.contact('CONT-4').id, ids.contact('CONT-6').id].sort());
      expect(field('CONT-4')).toBeUndefined();
      expect(field('CONT-6')).toBeUndefined();
      expect(field('CONT-9')).toBe(kept);
      const new1 = glState(emu).speakerByKey.get(ids.contactKey('CONT-1'))!.campaign_links[0].url;
      expect(new1).not.toBe(old1);
      expect(field('CONT-1')).toBe(new1);
      expect(report.shareLinks.written).toBe(3);
      // Settled: the next sync writes nothing to Sessionboard.
      clearLogs(emu);
      await sync();
      expect(requests(emu).sessionboardWrites).toBe(0);
    } finally {
      emu.sessionboard.app.fetch = sbFetch;
    }
  });

  it('without write:contacts nothing was written for a person who leaves, so nothing is cleared or written', async () => {
    const { sync } = await mapped({}, { sbToken: 'read', canWriteContacts: false, canWriteFields: false });
    const ids = sbIds(emu);
    await sync();
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-2').id}`, { custom_status_id: null, status: 'declined' });
    clearLogs(emu);
    const report = await sync();
    expect(requests(emu).sessionboardWrites).toBe(0);
    expect(report.shareLinks.written).toBe(0);
  });

  it('links Gleanin has not made yet are missing first and read on the next sync', async () => {
    await emu.gleanin.app.fetch(new Request('http://gleanin.test/__sandbox/gleanin/config', { method: 'POST', body: JSON.stringify({ linkDelayReads: 1 }) }));
    const { h, id, sync } = await mapped();
    // The canary first write reads its speaker back, which the emulator counts as a read that makes
    // links; its own test is tests/integration/sync/canary.test.ts. Here it is done already.
    await createStore(h.db).updateFirstWrite(id, () => ({ checked: { speakers: ADAPTER_VERSION, sessions: ADAPTER_VERSION }, notKept: {} }));
    const first = await sync();
    expect(first.shareLinks).toMatchObject({ read: 0, missing: 10, written: 0 });
    clearLogs(emu);
    const second = await sync();
    expect(second.shareLinks).toMatchObject({ read: 10, missing: 0, written: 10 });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(requests(emu).sessionboard['POST /v1/event/:eventId/contacts/bulk']).toBe(1);
  });
});

function eligibleSessionsOf(e: Emulators) {
  const now = Date.now();
  return e.sessionboard.db
    .sessions(ACME.sb)
    .filter((s) => s.status === 'accepted' && s.starts_at && s.ends_at && Date.parse(s.ends_at) > now && !s.parent_session_id && s.title?.trim());
}

describe('disconnect and reconnect: links kept, nothing created twice', () => {
  it('disconnect keeps Gleanin intact; reconnecting and re-mapping resumes with zero creates, even from an empty store', async () => {
    const { h, id, sync } = await mapped();
    await sync();
    const before = glState(emu);
    await h.service.disconnect();
    const refused = await sync();
    expect(refused.blocked).toMatchObject({ code: 'not-connected', message: 'Gleanin is not connected' });
    expect(await h.service.listMappings()).toEqual([]);
    await h.connect();
    const again = await h.map(ACME);
    expect(again).not.toBe(id);
    clearLogs(emu);
    const resumed = await h.service.sync(again, { kind: 'sessions', trigger: 'manual' });
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(resumed.counts.session.unchanged).toBe(5);
    // A new browser profile (no links at all) matches by external id too.
    const other = harness(emu);
    await other.connect();
    const fresh = await other.map(ACME);
    clearLogs(emu);
    await other.service.sync(fresh, { kind: 'sessions', trigger: 'manual' });
    expect(requests(emu).gleaninWriteRoutes).toEqual({});
    const after = glState(emu);
    expect(after.speakers.length).toBe(before.speakers.length);
    expect(after.sessions.length).toBe(before.sessions.length);
  });
});

describe('exhibitors', () => {
  it('each exhibitor team member is a Gleanin person with the company, the Exhibitors group and the exhibitor link', async () => {
    const { h, id } = await mapped();
    const run = () => h.service.sync(id, { kind: 'exhibitors', trigger: 'manual' });
    const report = await run();
    const gl = glState(emu);
    const exhibitors = emu.sessionboard.db.exhibitors(ACME.sb);
    let members = 0;
    for (const x of exhibitors) {
      for (const cid of x.contact_ids) {
        const g = gl.speakerByKey.get(`sb:${ACME.sb}:exhibitor-contact:${x.id}:${cid}`);
        const c = emu.sessionboard.db.contact(ACME.sb, cid);
        if (!c.last_name || !c.email) continue;
        members++;
        expect(g, `${x.name} ${c.friendly_id}`).toBeDefined();
        expect(g).toMatchObject({ company_name: x.name, groups: ['Exhibitors'] });
        expect(g!.campaign_links.map((l) => l.campaign_name)).toContain('Exhibitor campaign');
      }
    }
    expect(members).toBeGreaterThan(5);
    expect(report.counts['exhibitor-contact'].created).toBe(members);
    // The primary contact's field holds the exhibitor link.
    const x1 = exhibitors[1];
    const primary = emu.sessionboard.db.contact(ACME.sb, x1.primary_contact_id!);
    expect(primary.custom_fields.gleanin_link).toMatch(/^https:\/\/invt\.io\//);
    clearLogs(emu);
    await run();
    expect(requests(emu).gleaninWrites + requests(emu).sessionboardWrites).toBe(0);
    // Speakers and exhibitors live side by side: the sessions sync leaves team members alone.
    await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(glState(emu).speakers.filter((s) => s.external_idx?.startsWith(`sb:${ACME.sb}:exhibitor-contact:`))).toHaveLength(members);
  });
});
