/**
 * The "Speaker portal" checklist's counts against the emulators: with the write token the field is
 * created and every synced speaker's link is written; with the read token nothing is, and the checklist
 * says why; links Gleanin has not made yet are counted as such.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_VERSION } from '../../../lib/gleanin/adapter.ts';
import { createStore } from '../../../lib/store/store.ts';
import { ACME, createEmulators, harness } from './harness.ts';

const emu = createEmulators();
beforeEach(() => {
  emu.gleanin.reset();
  emu.sessionboard.reset();
});
const TASKS = 'https://appv2.sessionboard.com/event/4001/portals/tasks';

async function mapped(opts: Parameters<typeof harness>[1] = {}) {
  const h = harness(emu, opts);
  await h.connect();
  const id = await h.map(ACME);
  return { h, id, sync: () => h.service.sync(id, { kind: 'sessions', trigger: 'manual' }) };
}

/** Independent oracle: the synced speakers' contacts whose field holds a value, read from the SB emulator. */
const withField = () => emu.sessionboard.db.contacts(ACME.sb).filter((c) => c.custom_fields.gleanin_link).length;

describe('speaker portal checklist', () => {
  it('with the contacts write scope: the field exists and every synced speaker has their link written', async () => {
    const { h, id, sync } = await mapped();
    const before = await h.service.portalChecklist(id, TASKS);
    expect(before).toMatchObject({ fieldExists: false, canWriteContacts: true, canWriteFields: true, speakers: { synced: 0, written: 0 }, tasksUrl: TASKS });
    const report = await sync();
    const after = await h.service.portalChecklist(id, TASKS);
    expect(after.fieldExists).toBe(true);
    expect(after.speakers.synced).toBeGreaterThan(0);
    expect(after.speakers).toEqual({ synced: report.shareLinks.read, written: withField(), noLinkYet: 0, noWriteScope: 0, pending: 0 });
    expect(after.speakers.written).toBe(after.speakers.synced);
    expect(after.exhibitorContacts.synced).toBe(0);
  });

  it('without it: nothing is written and the checklist says the scope is missing, for each synced speaker', async () => {
    const { h, id, sync } = await mapped({ sbToken: 'read', canWriteContacts: false, canWriteFields: false });
    await sync();
    const c = await h.service.portalChecklist(id, TASKS);
    expect(withField()).toBe(0);
    expect(c.fieldExists).toBe(false);
    expect(c.canWriteContacts).toBe(false);
    expect(c.speakers.synced).toBeGreaterThan(0);
    expect(c.speakers).toEqual({ synced: c.speakers.synced, written: 0, noLinkYet: 0, noWriteScope: c.speakers.synced, pending: 0 });
  });

  it('links Gleanin has not made yet are counted as such, then written by the next sync', async () => {
    await emu.gleanin.app.fetch(new Request('http://gleanin.test/__sandbox/gleanin/config', { method: 'POST', body: JSON.stringify({ linkDelayReads: 1 }) }));
    const { h, id, sync } = await mapped();
    // The canary first write reads its speaker back, which the emulator counts as a read that makes
    // links; its own test is tests/integration/sync/canary.test.ts. Here it is done already.
    await createStore(h.db).updateFirstWrite(id, () => ({ checked: { speakers: ADAPTER_VERSION, sessions: ADAPTER_VERSION }, notKept: {} }));
    await sync();
    const first = await h.service.portalChecklist(id, TASKS);
    expect(first.speakers).toMatchObject({ written: 0, noLinkYet: first.speakers.synced });
    await sync();
    const second = await h.service.portalChecklist(id, TASKS);
    expect(second.speakers).toMatchObject({ written: second.speakers.synced, noLinkYet: 0 });
  });
});
