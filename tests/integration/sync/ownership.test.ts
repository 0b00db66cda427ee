/**
 * Ownership of Gleanin records against the emulators: a mapping writes and deletes only records whose
 * external id names its own Sessionboard event. Records of another event, `sb:` ids of unknown form,
 * adopted speakers (whatever the browser's store remembers) and records of the earlier id format are
 * each handled without a wrong write or delete. Emulator state and request logs are the oracle.
 */
import { describe, expect, it } from 'vitest';
import { GleaninClient } from '../../../lib/gleanin/client.ts';
import { ACME, GL_BASE, clearLogs, emulatorsPerFile, glState, harness, inProcess, requests, sbIds, sbWrite } from './harness.ts';

const emu = emulatorsPerFile(16);

/** Gleanin as another browser, an earlier version or a person would change it: through its API. */
const gleaninApi = () => new GleaninClient({ baseUrl: GL_BASE, token: emu.gleanin.tokens.valid, fetch: inProcess(emu.gleanin.app), backoff: { baseMs: 1, capMs: 4 } });

async function mapped(settings: Parameters<ReturnType<typeof harness>['map']>[1] = {}) {
  const h = harness(emu);
  await h.connect();
  const id = await h.map(ACME, settings);
  const sync = () => h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
  return { h, id, sync };
}

const decline = (friendly: string) => sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${sbIds(emu).session(friendly).id}`, { custom_status_id: null, status: 'declined' });
/** A Gleanin record's data (the emulator's count of share-link reads is bookkeeping, not data). */
const recordOf = (kind: 'speakers' | 'sessions', id: string) => {
  const { link_reads: _reads, ...data } = glState(emu)[kind].find((r) => String(r.id) === id) as Record<string, unknown>;
  return data;
};

describe('records this mapping cannot prove are its own', () => {
  it('another Sessionboard event\'s records and unparseable sb: ids survive every run untouched and are listed with the reason', async () => {
    const gl = gleaninApi();
    const ids = sbIds(emu);
    const cont1 = ids.contact('CONT-1');
    // Left by an earlier mapping of this Gleanin event to Sessionboard event 4002 (another browser).
    const foreignSpeaker = await gl.createSpeaker({ eventId: ACME.gl, externalIdx: 'sb:4002:contact:9f1', name: 'Other Event Speaker', email: 'other.event@example.org' });
    const foreignSession = await gl.createSession({ eventId: ACME.gl, externalIdx: 'sb:4002:session:9s1', title: 'Other event talk', speakerIds: [foreignSpeaker.id] });
    // Same email as CONT-1 (who speaks on a synced session): must be a conflict, not a takeover.
    const foreignTwin = await gl.createSpeaker({ eventId: ACME.gl, externalIdx: 'sb:4002:contact:9f2', name: 'Twin', email: cont1.email! });
    const oddSpeaker = await gl.createSpeaker({ eventId: ACME.gl, externalIdx: 'sb:legacy-import:77', name: 'Odd Import', email: 'odd@example.org' });
    const oddSession = await gl.createSession({ eventId: ACME.gl, externalIdx: 'sb:4001:workshop:3', title: 'Odd session' });
    const guarded = [
      ['speakers', foreignSpeaker.id], ['sessions', foreignSession.id], ['speakers', foreignTwin.id], ['speakers', oddSpeaker.id], ['sessions', oddSession.id],
    ] as const;
    const before = guarded.map(([kind, id]) => structuredClone(recordOf(kind, id)));

    const { h, id, sync } = await mapped();
    const preview = await h.service.preview(id, 'sessions');
    const untouched = preview.untouched!.map((p) => `${p.label}: ${p.reason}`);
    expect(untouched).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Other Event Speaker: Belongs to Sessionboard event 4002/),
      expect.stringMatching(/^Other event talk: Belongs to Sessionboard event 4002/),
      expect.stringMatching(/^Twin: Belongs to Sessionboard event 4002/),
      expect.stringMatching(/^Odd Import: Not made by this integration/),
      expect.stringMatching(/^Odd session: Not made by this integration/),
    ]));
    expect([...preview.updates, ...preview.deletes, ...preview.adopts].map((i) => i.label)).not.toEqual(
      expect.arrayContaining(['Other Event Speaker', 'Other event talk', 'Twin', 'Odd Import', 'Odd session']),
    );

    const first = await sync();
    expect(first.problems.filter((p) => p.severity === 'warning' && /Sessionboard event 4002|Not made by this integration/.test(p.reason)).map((p) => p.label).sort()).toEqual(
      ['Odd Import', 'Odd session', 'Other Event Speaker', 'Other event talk', 'Twin'],
    );
    expect(first.problems.find((p) => p.severity === 'conflict' && p.friendlyId === 'CONT-1')).toMatchObject({ field: 'email', reason: expect.stringMatching(/Sessionboard event 4002/) });
    // Changes that make the engine delete and update its own records around them.
    await decline('SESS-2');
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${ids.session('SESS-10').id}`, { title: 'Renamed' });
    const second = await sync();
    expect(second.counts.session.deleted).toBe(1);
    await h.service.updateMappingSettings(id, { linkExistingByEmail: true }); // even "link existing" never adopts them
    await sync();
    guarded.forEach(([kind, gid], i) => expect(recordOf(kind, gid), `${kind} ${gid}`).toEqual(before[i]));
  });
});

describe('adopted speakers', () => {
  it('an adopted speaker released after the store is wiped (a new browser profile) is released, never deleted', async () => {
    const ids = sbIds(emu);
    const first = await mapped({ linkExistingByEmail: true });
    await first.sync();
    expect(glState(emu).speakers.find((s) => s.id === 120001)).toMatchObject({ external_idx: `sb:${ACME.sb}:adopted-contact:${ids.contact('CONT-8').id}` });

    // A new profile: nothing remembered, same mapping made again.
    emu.gleanin.controls.log.clear();
    const fresh = await mapped({ linkExistingByEmail: true });
    expect(await fresh.h.db.links.count()).toBe(0);
    await decline('SESS-2'); // CONT-8's only session
    clearLogs(emu);
    const report = await fresh.sync();
    const kept = glState(emu).speakers.find((s) => s.id === 120001);
    expect(kept).toMatchObject({ email: 'dup.speaker@example.com', external_idx: null });
    expect(report.counts.speaker.deleted).toBe(3); // CONT-4, CONT-6 deleted; CONT-8 released (counted with the removals)
    expect(requests(emu).gleaninWriteRoutes['DELETE /api/clients/v1/speakers/:id']).toBe(2);
  });
});

describe('the earlier external id format', () => {
  /** Gleanin as a version before event-named ids left it: every id of ours without the event. */
  async function toLegacyIds() {
    const gl = gleaninApi();
    const state = glState(emu);
    for (const s of state.speakers) {
      const m = /^sb:\d+:(?:adopted-)?(contact|exhibitor-contact):(.+)$/.exec(s.external_idx ?? '');
      if (m) await gl.updateSpeaker(String(s.id), { externalIdx: `sb:${m[1]}:${m[2]}` });
    }
    for (const s of state.sessions) {
      const m = /^sb:\d+:session:(.+)$/.exec(s.external_idx ?? '');
      if (m) await gl.updateSession(String(s.id), { externalIdx: `sb:session:${m[1]}` });
    }
  }

  it('is recognised once and re-tagged by an update: zero creates, zero deletes, then a no-op', async () => {
    const { sync } = await mapped();
    await sync();
    const before = glState(emu);
    await toLegacyIds();
    expect(glState(emu).sessions.every((s) => s.external_idx?.startsWith('sb:session:'))).toBe(true);
    clearLogs(emu);
    const report = await sync();
    const after = glState(emu);
    const routes = requests(emu).gleaninWriteRoutes;
    expect(routes['POST /api/clients/v1/speakers'] ?? 0).toBe(0);
    expect(routes['POST /api/clients/v1/sessions'] ?? 0).toBe(0);
    expect(routes['DELETE /api/clients/v1/speakers/:id'] ?? 0).toBe(0);
    expect(routes['DELETE /api/clients/v1/sessions/:id'] ?? 0).toBe(0);
    expect(report.counts.session).toMatchObject({ created: 0, deleted: 0, updated: 5 });
    expect(report.counts.speaker).toMatchObject({ created: 0, deleted: 0, updated: 10 });
    expect([...after.sessionByKey.keys()].sort()).toEqual([...before.sessionByKey.keys()].sort());
    expect([...after.speakerByKey.keys()].sort()).toEqual([...before.speakerByKey.keys()].sort());
    expect(after.speakers.map((s) => s.id).sort()).toEqual(before.speakers.map((s) => s.id).sort());
    clearLogs(emu);
    await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
  });

  it('from an empty store, an earlier-format record no longer wanted is left alone and listed (its event cannot be proven); one this browser linked is deleted', async () => {
    const linked = await mapped();
    await linked.sync();
    await toLegacyIds();
    await decline('SESS-2');
    const ids = sbIds(emu);
    const legacySession = `sb:session:${ids.session('SESS-2').id}`;

    // Another browser (empty store): cannot tell which Sessionboard event made it.
    const other = await mapped();
    clearLogs(emu);
    const report = await other.sync();
    expect(requests(emu).gleaninWriteRoutes['DELETE /api/clients/v1/sessions/:id'] ?? 0).toBe(0);
    expect(glState(emu).sessions.find((s) => s.external_idx === legacySession)).toBeDefined();
    expect(report.problems.find((p) => p.label === ids.session('SESS-2').title?.trim())).toMatchObject({ severity: 'warning', reason: expect.stringMatching(/earlier version/) });
    expect(report.counts.session.created).toBe(0);

    // The browser whose links prove it made the record deletes it.
    clearLogs(emu);
    const own = await linked.sync();
    expect(own.counts.session.deleted).toBe(1);
    expect(glState(emu).sessions.find((s) => s.external_idx === legacySession)).toBeUndefined();
  });
});
