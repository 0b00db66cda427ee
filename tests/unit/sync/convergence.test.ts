import { describe, expect, it } from 'vitest';
import { converge, writtenAfter } from '../../../lib/sync/convergence.ts';
import type { LinkRow } from '../../../lib/store/db.ts';
import type { Plan, WriteOp } from '../../../lib/sync/model.ts';

const base = { recordType: 'session' as const, sbId: 's1', label: 'Keynote', friendlyId: 'SESS-1' };
const update = (key: string, fields: Record<string, unknown>): WriteOp =>
  ({ ...base, key, action: 'update', resource: 'sessions', gleaninId: '6', fields, changed: Object.keys(fields), hash: 'h' });
const plan = (ops: WriteOp[]): Plan => ({ kind: 'sessions', ops, speakerIdOfKey: {}, links: [], conflicts: [], untouched: [], unchanged: { sessions: 0, people: 0 } });
const link = (key: string, written?: Record<string, unknown>): LinkRow => ({
  mappingKey: 'm', externalIdx: key, sbKind: 'session', sbId: 's1', gleaninResource: 'sessions', gleaninId: '6', contentHash: 'h', lastSyncedAt: '', ...(written ? { written } : {}),
});

describe('converge', () => {
  it('drops an accepted not-kept field whose Sessionboard value is what was last sent; the op goes when nothing else changed', () => {
    const out = converge(plan([update('a', { schedule: 'Tue 09:00' })]), [link('a', { schedule: 'Tue 09:00' })], { sessions: ['schedule'] });
    expect(out.plan.ops).toEqual([]);
    expect(out.plan.unchanged.sessions).toBe(1);
    expect(out.warnings).toEqual([]);
  });

  it('keeps the other changed fields of the op', () => {
    const out = converge(plan([update('a', { schedule: 'Tue 09:00', title: 'New' })]), [link('a', { schedule: 'Tue 09:00' })], { sessions: ['schedule'] });
    expect(out.plan.ops).toEqual([expect.objectContaining({ fields: { title: 'New' }, changed: ['title'] })]);
  });

  it('re-sends a not-kept field whose Sessionboard value changed, and reports it once for the record', () => {
    const out = converge(plan([update('a', { schedule: 'Wed 10:00' })]), [link('a', { schedule: 'Tue 09:00' })], { sessions: ['schedule'] });
    expect(out.plan.ops).toHaveLength(1);
    expect(out.warnings.map((w) => w.reason)).toEqual(['Gleanin does not keep schedule as sent']);
  });

  it('re-sends when nothing was remembered as sent, and leaves fields that are not accepted alone', () => {
    expect(converge(plan([update('a', { schedule: 'Tue 09:00' })]), [link('a')], { sessions: ['schedule'] }).plan.ops).toHaveLength(1);
    expect(converge(plan([update('a', { title: 'T' })]), [link('a', { title: 'T' })], { sessions: ['schedule'] }).plan.ops).toHaveLength(1);
    const p = plan([update('a', { schedule: 'Tue 09:00' })]);
    expect(converge(p, [link('a', { schedule: 'Tue 09:00' })], undefined).plan).toBe(p);
  });

  it('names the wire attribute of a speaker field', () => {
    const op = { ...base, recordType: 'speaker', key: 'p', action: 'create', resource: 'speakers', fields: { name: 'A', email: 'a@x.io', jobTitle: 'CTO', companyName: null, headshotUrl: null }, hash: 'h' } as WriteOp;
    expect(converge(plan([op]), [], { speakers: ['jobTitle'] }).warnings[0].reason).toBe('Gleanin does not keep job_title as sent');
  });
});

describe('writtenAfter', () => {
  it('a create remembers all its fields; an update merges over what was remembered; a delete nothing', () => {
    expect(writtenAfter(update('a', { title: 'T' }), { schedule: 'S', title: 'old' })).toEqual({ schedule: 'S', title: 'T' });
    const create = { ...base, key: 'a', action: 'create', resource: 'sessions', fields: { title: 'T' }, hash: 'h' } as unknown as WriteOp;
    expect(writtenAfter(create, { schedule: 'S' })).toEqual({ title: 'T' });
    expect(writtenAfter({ ...base, key: 'a', action: 'delete', resource: 'sessions', gleaninId: '6', reason: 'x' }, { a: 1 })).toBeNull();
  });
});
