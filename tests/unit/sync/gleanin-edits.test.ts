import { describe, expect, it } from 'vitest';
import { gleaninEdits, overwrittenEditProblem } from '../../../lib/sync/gleanin-edits.ts';
import { plan as makePlan, type GleaninSessionRecord } from '../../../lib/sync/plan.ts';
import type { SbSession } from '../../../lib/sessionboard/schemas.ts';
import { selectSessions } from '../../../lib/sync/select.ts';
import type { LinkRow } from '../../../lib/store/db.ts';
import type { Plan, WriteOp } from '../../../lib/sync/model.ts';

const base = { recordType: 'session' as const, sbId: 's1', label: 'Keynote', friendlyId: 'SESS-1' };
const update = (key: string, fields: Record<string, unknown>, edited: string[]): WriteOp =>
  ({ ...base, key, action: 'update', resource: 'sessions', gleaninId: '6', fields, changed: Object.keys(fields), hash: 'h', editedInGleanin: edited });
const plan = (ops: WriteOp[]): Plan => ({ kind: 'sessions', ops, speakerIdOfKey: {}, links: [], conflicts: [], untouched: [], unchanged: { sessions: 0, people: 0 } });
const link = (key: string, written?: Record<string, unknown>): LinkRow => ({
  mappingKey: 'm', externalIdx: key, sbKind: 'session', sbId: 's1', gleaninResource: 'sessions', gleaninId: '6', contentHash: 'h', lastSyncedAt: '', ...(written ? { written } : {}),
});
const DEFAULT = { keepGleaninEdits: false };
const KEEP = { keepGleaninEdits: true };

describe('gleaninEdits', () => {
  it('default: the update goes unchanged and each edit it writes over is named', () => {
    const p = plan([update('a', { title: 'Keynote', description: 'New' }, ['title'])]);
    const out = gleaninEdits(p, [link('a', { title: 'Keynote', description: 'Old' })], DEFAULT);
    expect(out.plan.ops).toEqual(p.ops);
    expect(out.kept).toEqual([]);
    expect(out.overwritten).toEqual([{ key: 'a', field: 'title', changedInSessionboard: false }]);
    expect(overwrittenEditProblem(p.ops[0], out.overwritten[0], 'did')).toMatchObject({
      severity: 'warning', field: 'Title', friendlyId: 'SESS-1', reason: "Title was edited in Gleanin; Sessionboard's value was written over it",
    });
  });

  it('keep: an edited field whose Sessionboard value is still the one written is left out; the op goes only for the rest', () => {
    const out = gleaninEdits(plan([update('a', { title: 'Keynote', description: 'New' }, ['title'])]), [link('a', { title: 'Keynote', description: 'Old' })], KEEP);
    expect(out.plan.ops).toEqual([expect.objectContaining({ fields: { description: 'New' }, changed: ['description'] })]);
    expect(out.kept.map((k) => k.reason)).toEqual(['Title was edited in Gleanin; the edit is kept ("Keep edits made in Gleanin")']);
    expect(out.overwritten).toEqual([]);
  });

  it('keep: an op with nothing else to write is dropped and counted unchanged', () => {
    const out = gleaninEdits(plan([update('a', { title: 'Keynote' }, ['title'])]), [link('a', { title: 'Keynote' })], KEEP);
    expect(out.plan.ops).toEqual([]);
    expect(out.plan.unchanged.sessions).toBe(1);
  });

  it('keep: once the Sessionboard value changed, Sessionboard wins and the overwritten edit is named as such', () => {
    const p = plan([update('a', { title: 'Retitled' }, ['title'])]);
    const out = gleaninEdits(p, [link('a', { title: 'Keynote' })], KEEP);
    expect(out.plan.ops).toEqual(p.ops);
    expect(out.overwritten).toEqual([{ key: 'a', field: 'title', changedInSessionboard: true }]);
    expect(overwrittenEditProblem(p.ops[0], out.overwritten[0], 'will').reason).toBe(
      "Title was edited in Gleanin and has changed in Sessionboard since; Sessionboard's value will be written over it",
    );
  });

  it('a field Gleanin does not keep as sent is never an edit; nor is anything without a remembered write', () => {
    const p = plan([update('a', { schedule: 'Tue' }, ['schedule'])]);
    const notKept = gleaninEdits(p, [link('a', { schedule: 'Tue' })], { keepGleaninEdits: true, notKept: { sessions: ['schedule'] } });
    expect(notKept.plan.ops).toEqual(p.ops);
    expect([...notKept.kept, ...notKept.overwritten]).toEqual([]);
    const unknown = gleaninEdits(p, [link('a')], KEEP);
    expect(unknown.plan.ops).toEqual(p.ops);
    expect([...unknown.kept, ...unknown.overwritten]).toEqual([]);
  });
});

describe('the planner marks edits made in Gleanin', () => {
  const session: SbSession = {
    id: 'a', friendly_id: 'SESS-a', title: 'Talk a', description: '<p>About</p>', status: 'accepted',
    starts_at: '2026-07-01T14:00:00+00:00', ends_at: '2026-07-01T15:00:00+00:00', track: { name: 'AI' }, tags: [],
    speakers: [], chairpersons: [], moderators: [], participants: [],
  };
  const select = (s: SbSession) =>
    selectSessions({ sbEventId: 1, sessions: [s], settings: { syncChairpersons: false, syncModerators: false, tracksFrom: 'tracks' }, sbTimeZone: 'America/New_York', now: new Date('2026-06-01T00:00:00Z') });
  const sel = select(session);
  const d = sel.desired.sessions[0];
  const written = { title: d.title, description: d.description, schedule: d.schedule, startsAt: d.startsAt, endsAt: d.endsAt, tracks: d.tracks, speakerKeys: d.speakerKeys };
  const inGleanin = (extra: Partial<GleaninSessionRecord>): GleaninSessionRecord => ({
    id: 'x', externalIdx: d.key, title: d.title, description: d.description, schedule: d.schedule, startsAt: d.startsAt, endsAt: d.endsAt, tracks: d.tracks, speakerIds: [], ...extra,
  });
  const run = (desired: typeof sel, g: GleaninSessionRecord, w?: Record<string, unknown>) =>
    makePlan({ sbEventId: 1, desired: desired.desired, gleanin: { speakers: [], sessions: [g] }, links: [{ ...link(d.key, w), gleaninId: 'x' }], linkExistingByEmail: false }).ops;

  it('a title that differs in Gleanin from what was written is marked; the same difference without a remembered write is not', () => {
    expect(run(sel, inGleanin({ title: 'Renamed in Gleanin' }), written)).toEqual([expect.objectContaining({ changed: ['title'], editedInGleanin: ['title'] })]);
    expect(run(sel, inGleanin({ title: 'Renamed in Gleanin' }))[0]).not.toHaveProperty('editedInGleanin');
  });

  it('a Sessionboard change over a Gleanin that still holds what was written is no edit', () => {
    expect(run(select({ ...session, title: 'Retitled' }), inGleanin({}), written)[0]).not.toHaveProperty('editedInGleanin');
  });

  it('Gleanin differing only as the planner ignores (surrounding spaces) is no edit', () => {
    const ops = run(select({ ...session, title: 'Retitled' }), inGleanin({ title: `  ${d.title} ` }), written);
    expect(ops[0]).not.toHaveProperty('editedInGleanin');
  });
});
