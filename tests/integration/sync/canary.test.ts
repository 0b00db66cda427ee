/**
 * The canary first write and convergence (lib/sync/canary.ts, lib/sync/convergence.ts) against the
 * emulators and their variants (sandbox/gleanin/README.md "Variants"): a Gleanin that drops an
 * attribute, or cannot find records by external id, is found out by one write per record type.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTER_VERSION } from '../../../lib/gleanin/adapter.ts';
import { createStore } from '../../../lib/store/store.ts';
import { ACME, clearLogs, emulatorsPerFile, glState, harness, requests, sbIds, sbWrite } from './harness.ts';

const emu = emulatorsPerFile(16);

async function mapped() {
  const h = harness(emu);
  await h.connect();
  const id = await h.map(ACME);
  const sync = (extra: Partial<Parameters<typeof h.service.sync>[1]> = {}) => h.service.sync(id, { kind: 'sessions', trigger: 'manual', ...extra });
  const mapping = async () => (await h.service.listMappings()).find((m) => m.id === id)!;
  return { h, id, sync, mapping };
}

const variant = (settings: Parameters<typeof emu.gleanin.store.configure>[0]) => emu.gleanin.store.configure(settings);
const writeRoutes = () => requests(emu).gleaninWriteRoutes;

describe('canary first write', () => {
  it('default emulator: the first sync makes the same writes as without a canary, reads each canary back, and marks both types checked', async () => {
    const { sync, mapping } = await mapped();
    const report = await sync();
    expect(report.status).toBe('partial'); // the seeded email conflict, as in scenarios.test.ts
    expect(report.blocked).toBeUndefined();
    // The same writes as the plan: 5 session creates, 10 speaker creates, nothing else.
    expect(writeRoutes()).toEqual({ 'POST /api/clients/v1/speakers': 10, 'POST /api/clients/v1/sessions': 5 });
    const r = requests(emu).gleanin;
    expect(r['GET /api/clients/v1/speakers']).toBe(1); // by external id
    expect(r['GET /api/clients/v1/speakers/:id']).toBe(1); // by id
    expect(r['GET /api/clients/v1/sessions']).toBe(1);
    expect(r['GET /api/clients/v1/sessions/:id']).toBe(1);
    expect((await mapping()).firstWrite?.checked).toEqual({ speakers: ADAPTER_VERSION, sessions: ADAPTER_VERSION });
    // Later syncs do no canary: a new session is created without read-backs.
    clearLogs(emu);
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${sbIds(emu).session('SESS-1').id}`, { title: 'Retitled' });
    await sync();
    expect(requests(emu).gleanin['GET /api/clients/v1/sessions/:id']).toBeUndefined();
  });

  it('a Gleanin ignoring `schedule`: the first sync stops after one write per type, naming the attribute and the design choice', async () => {
    const { sync, mapping } = await mapped();
    variant({ ignoreAttributes: ['schedule'] });
    const report = await sync();
    expect(report.status).toBe('blocked');
    expect(report.blocked?.code).toBe('first-write-not-kept');
    expect(report.blocked?.message).toMatch(/Gleanin did not keep schedule of the first session written \(sent ".+", read back nothing\)/);
    expect(report.blocked?.fix).toContain('lib/gleanin/adapter.ts');
    expect(report.blocked?.notKept).toEqual([expect.objectContaining({ recordType: 'session', field: 'schedule', attribute: 'schedule', saw: 'nothing' })]);
    expect(writeRoutes()).toEqual({ 'POST /api/clients/v1/speakers': 1, 'POST /api/clients/v1/sessions': 1 });
    // The canary records stay, carrying our external id.
    const gl = glState(emu);
    expect(gl.sessions.filter((s) => /^sb:\d+:session:/.test(s.external_idx ?? ''))).toHaveLength(1);
    expect(gl.speakers.filter((s) => /^sb:\d+:contact:/.test(s.external_idx ?? ''))).toHaveLength(1);
    const m = await mapping();
    expect(m.firstWrite?.checked).toEqual({ speakers: ADAPTER_VERSION });
    expect(m.firstWrite?.pending).toEqual({ sessions: ['schedule'] });
    // Without "Sync anyway" the next run (a continuous one, say) stops before any write, saying the same.
    clearLogs(emu);
    const again = await sync({ trigger: 'continuous' });
    expect(again.blocked?.code).toBe('first-write-not-kept');
    expect(again.blocked?.message).toBe(report.blocked?.message);
    expect(requests(emu).gleaninWrites).toBe(0);
  });

  it('a speaker attribute not kept names the speaker attribute', async () => {
    const { sync } = await mapped();
    variant({ ignoreAttributes: ['speakers.job_title'] });
    const report = await sync();
    expect(report.blocked?.code).toBe('first-write-not-kept');
    expect(report.blocked?.notKept?.map((m) => [m.recordType, m.attribute])).toEqual([['speaker', 'job_title']]);
    expect(writeRoutes()).toEqual({ 'POST /api/clients/v1/speakers': 1, 'POST /api/clients/v1/sessions': 1 });
  });

  it('a Gleanin ignoring filter[external_idx] and not returning external_idx: a hard stop after the first write, and "Sync anyway" does not pass it', async () => {
    const { sync, mapping } = await mapped();
    variant({ ignoreExternalIdxFilter: true, hideExternalIdx: true });
    const report = await sync();
    expect(report.status).toBe('blocked');
    expect(report.blocked?.code).toBe('first-write-not-found');
    expect(report.blocked?.message).toMatch(/could not be found again by its external id with filter\[external_idx\]/);
    expect(report.blocked?.fix).toContain('lib/gleanin/adapter.ts');
    expect(writeRoutes()).toEqual({ 'POST /api/clients/v1/speakers': 1 });
    expect((await mapping()).firstWrite?.checked ?? {}).toEqual({});
    clearLogs(emu);
    const anyway = await sync({ acceptNotKept: true });
    expect(anyway.blocked?.code).toBe('first-write-not-found');
  });

  it('a Gleanin ignoring only filter[external_idx] still passes: the client matches the external id itself', async () => {
    const { sync } = await mapped();
    variant({ ignoreExternalIdxFilter: true });
    const report = await sync();
    expect(report.blocked).toBeUndefined();
    expect(report.counts.session.created).toBe(5);
  });

  it('after an adapter version change the canary runs again', async () => {
    const { h, id, sync } = await mapped();
    await sync();
    // Checked under an older adapter version: the next create of each type is a canary again.
    await createStore(h.db).updateFirstWrite(id, (s) => ({ ...s, checked: { speakers: '0', sessions: '0' } }));
    variant({ ignoreAttributes: ['schedule'] });
    const gone = glState(emu).sessionByKey.get(sbIds(emu).sessionKey('SESS-15'))!;
    emu.gleanin.store.deleteSession(String(gone.id)); // removed in Gleanin: the next sync creates it again
    clearLogs(emu);
    const report = await sync();
    expect(report.blocked?.code).toBe('first-write-not-kept');
    expect(writeRoutes()).toEqual({ 'POST /api/clients/v1/sessions': 1 });
    expect(requests(emu).gleanin['GET /api/clients/v1/sessions/:id']).toBe(1);
  });
});

describe('convergence', () => {
  it('ignored attribute, "Sync anyway", then two no-op resyncs: the second makes zero writes; the attribute is reported once per record and re-sent only when it changes', async () => {
    const { sync, mapping } = await mapped();
    variant({ ignoreAttributes: ['schedule'] });
    expect((await sync()).blocked?.code).toBe('first-write-not-kept');

    clearLogs(emu);
    const anyway = await sync({ acceptNotKept: true });
    expect(anyway.blocked).toBeUndefined();
    expect(anyway.counts.session.created).toBe(4); // the canary exists already
    const notKept = anyway.problems.filter((p) => p.reason === 'Gleanin does not keep schedule as sent');
    expect(notKept.map((p) => p.recordType)).toEqual(['session', 'session', 'session', 'session']);
    expect(writeRoutes()['PATCH /api/clients/v1/sessions/:id']).toBeUndefined(); // the canary's schedule is not re-sent
    expect((await mapping()).firstWrite).toMatchObject({ notKept: { sessions: ['schedule'] }, checked: { sessions: ADAPTER_VERSION } });

    clearLogs(emu);
    const first = await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(first.problems.some((p) => /does not keep/.test(p.reason))).toBe(false);
    clearLogs(emu);
    const second = await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
    expect(second.counts.session.unchanged).toBe(5);

    // A Sessionboard change of the session's time changes its schedule: sent again (with the times), reported once.
    const s1 = sbIds(emu).session('SESS-1');
    const start = new Date(Date.parse(s1.starts_at!) + 3_600_000).toISOString();
    const end = new Date(Date.parse(s1.ends_at!) + 3_600_000).toISOString();
    await sbWrite(emu, 'PUT', `${ACME.sb}/sessions/${s1.id}`, { starts_at: start, ends_at: end });
    clearLogs(emu);
    const changed = await sync();
    expect(writeRoutes()).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(changed.problems.filter((p) => /does not keep schedule/.test(p.reason))).toHaveLength(1);
    clearLogs(emu);
    await sync();
    expect(requests(emu).gleaninWrites).toBe(0);
  });

  it('without an accepted not-kept attribute nothing is filtered: a Gleanin edit is still overwritten', async () => {
    const { sync } = await mapped();
    await sync();
    const gl = glState(emu);
    const session = gl.sessions.find((s) => /^sb:\d+:session:/.test(s.external_idx ?? ''))!;
    emu.gleanin.store.sessions.set(session.id, { ...emu.gleanin.store.sessions.get(session.id)!, schedule: 'edited in Gleanin' });
    clearLogs(emu);
    await sync();
    expect(writeRoutes()).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
  });
});
