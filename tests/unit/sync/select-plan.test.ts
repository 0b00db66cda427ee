import { describe, expect, it } from 'vitest';
import type { SbSession } from '../../../lib/sessionboard/schemas.ts';
import { selectExhibitors, selectSessions } from '../../../lib/sync/select.ts';
import { plan, type GleaninPersonRecord, type GleaninSessionRecord } from '../../../lib/sync/plan.ts';
import { contentHash } from '../../../lib/sync/fields.ts';
import type { LinkRow } from '../../../lib/store/db.ts';

const now = new Date('2026-06-01T00:00:00Z');
const person = (id: string, extra: Record<string, unknown> = {}) => ({
  id, friendly_id: `CONT-${id}`, first_name: `First${id}`, last_name: `Last${id}`, email: `p${id}@example.com`,
  photo_url: null, company_name: 'Acme', title: 'CTO', ...extra,
});
const session = (id: string, extra: Partial<SbSession> = {}): SbSession => ({
  id, friendly_id: `SESS-${id}`, title: `Talk ${id}`, description: '<p>About</p>', status: 'accepted',
  starts_at: '2026-07-01T14:00:00+00:00', ends_at: '2026-07-01T15:00:00+00:00', track: { name: 'AI' }, tags: [{ name: 'Live' }],
  speakers: [person('1')], chairpersons: [], moderators: [], participants: [], ...extra,
});
const settings = { syncChairpersons: false, syncModerators: false, tracksFrom: 'tracks' as const };
const select = (sessions: SbSession[], s = settings) => selectSessions({ sbEventId: 1, sessions, settings: s, sbTimeZone: 'America/New_York', now });

/** Gleanin as it is after a perfect sync of `sel` (what apply would leave behind). */
function gleaninAfter(sel: ReturnType<typeof select>) {
  const speakers: GleaninPersonRecord[] = sel.desired.people.map((p, i) => ({
    id: `s${i}`, externalIdx: p.key, name: p.name, email: p.email, jobTitle: p.jobTitle, companyName: p.companyName, headshotUrl: p.headshotUrl, groups: 'groups' in p ? p.groups : [],
  }));
  const idOf = new Map(speakers.map((s) => [s.externalIdx!, s.id]));
  const sessions: GleaninSessionRecord[] = sel.desired.sessions.map((s, i) => ({
    id: `x${i}`, externalIdx: s.key, title: s.title, description: s.description, schedule: s.schedule, startsAt: s.startsAt, endsAt: s.endsAt,
    tracks: s.tracks, speakerIds: s.speakerKeys.map((k) => idOf.get(k)!),
  }));
  return { speakers, sessions };
}
const noLinks: LinkRow[] = [];

describe('select', () => {
  it('keeps accepted (incl. custom Accepted-category) scheduled future sessions and says why others are skipped', () => {
    const sel = select([
      session('a'),
      session('b', { status: 'pending', custom_status: { status: 'accepted', name: 'Confirmed' } }),
      session('c', { status: 'declined' }),
      session('d', { starts_at: null }),
      session('e', { ends_at: '2026-05-01T00:00:00Z', starts_at: '2026-04-30T00:00:00Z' }),
      session('f', { title: '  ' }),
      session('g', { parent_session_id: 'a' }),
    ]);
    expect(sel.desired.sessions.map((s) => s.sbId)).toEqual(['a', 'b']);
    const reasons = Object.fromEntries(sel.skipped.map((p) => [p.sbId, p]));
    expect(reasons.d).toMatchObject({ field: 'starts_at', reason: expect.stringMatching(/starts at/) });
    expect(reasons.e.reason).toMatch(/ended/);
    expect(reasons.f).toMatchObject({ field: 'title', fix: expect.stringMatching(/title/) });
    expect(reasons.g.reason).toMatch(/subsession/);
    expect(reasons.c).toBeUndefined();
    const a = sel.desired.sessions[0];
    expect(a).toMatchObject({ key: 'sb:1:session:a', startsAt: '2026-07-01T14:00:00.000Z', description: 'About', tracks: ['AI'], speakerKeys: ['sb:1:contact:1'] });
    expect(a.schedule).toBe('Wed, 1 Jul 2026, 10:00–11:00 EDT');
  });

  it('reads offset-less session times in the Sessionboard event zone, for the times sent and for "ended"', () => {
    const s = session('a', { starts_at: '2026-06-01T09:00:00', ends_at: '2026-06-01T10:00:00' }); // 16:00-17:00 UTC in Los Angeles
    const at = (iso: string) => selectSessions({ sbEventId: 1, sessions: [s], settings, sbTimeZone: 'America/Los_Angeles', now: new Date(iso) });
    expect(at('2026-06-01T16:30:00Z').desired.sessions[0]).toMatchObject({ startsAt: '2026-06-01T16:00:00.000Z', endsAt: '2026-06-01T17:00:00.000Z', schedule: 'Mon, 1 Jun 2026, 09:00–10:00 PDT' });
    expect(at('2026-06-01T17:00:00Z').desired.sessions).toEqual([]);
    expect(select([session('b', { starts_at: '2026-07-01T09:00:00', ends_at: 'soon' })]).skipped[0]).toMatchObject({ sbId: 'b', reason: expect.stringMatching(/not a valid date/) });
  });

  it('adds chairpersons and moderators (legacy arrays and participants core_role) only when switched on', () => {
    const s = session('a', {
      chairpersons: [person('2')],
      participants: [
        { ...person('3'), participant_role: { core_role: 'moderator', name: 'Host' } },
        { ...person('4'), participant_role: { core_role: 'speaker', name: 'Panelist' } },
      ],
    });
    expect(select([s]).desired.people.map((p) => p.sbContactId).sort()).toEqual(['1', '4']);
    const all = select([s], { ...settings, syncChairpersons: true, syncModerators: true });
    expect(all.desired.people.map((p) => p.sbContactId).sort()).toEqual(['1', '2', '3', '4']);
    expect(all.desired.people.find((p) => p.sbContactId === '3')!.roles).toEqual(['moderator']);
  });

  it('skips people missing required fields, keeps one per email, warns on HEIC, flags masked emails', () => {
    const sel = select([
      session('a', {
        speakers: [
          person('1', { last_name: '' }),
          person('2', { email: 'Dup@Example.com ' }),
          person('3', { email: 'dup@example.com' }),
          person('4', { photo_url: 'https://cdn/x.heic' }),
        ],
      }),
    ]);
    expect(sel.desired.people.map((p) => p.sbContactId)).toEqual(['2', '4']);
    expect(sel.skipped.find((p) => p.sbId === '1')).toMatchObject({ field: 'last_name', fix: expect.stringMatching(/CONT-1/) });
    expect(sel.skipped.find((p) => p.sbId === '3')!.reason).toMatch(/CONT-2/);
    expect(sel.warnings).toEqual([expect.objectContaining({ sbId: '4', field: 'photo_url' })]);
    expect(sel.desired.people.find((p) => p.sbContactId === '4')!.headshotUrl).toBeNull();
    expect(sel.desired.sessions[0].speakerKeys).toEqual(['sb:1:contact:2', 'sb:1:contact:4']);
    expect(select([session('a', { speakers: [person('1', { email: 'j***@a***.com' })] })]).maskedEmails).toBe(true);
  });

  it('maps exhibitor team members, primary first, company and logo from the exhibitor', () => {
    const sel = selectExhibitors({
      sbEventId: 1,
      exhibitors: [
        { id: 'x1', name: 'Globex', logo_url: 'https://cdn/logo.png', primary_contact_id: '6', contacts: [person('5'), { ...person('6'), is_primary: true }] },
      ],
    });
    expect(sel.desired.people.map((p) => p.key)).toEqual(['sb:1:exhibitor-contact:x1:6', 'sb:1:exhibitor-contact:x1:5']);
    expect(sel.desired.people[0]).toMatchObject({ companyName: 'Globex', headshotUrl: 'https://cdn/logo.png', groups: ['Exhibitors'] });
  });

  it('keeps a contact shared by two exhibitors on the same one whatever the read order (primary first, then exhibitor id)', () => {
    const shared = person('7');
    const exhibitors = [
      { id: 'x2', name: 'Initech', contacts: [shared, person('8')] },
      { id: 'x1', name: 'Globex', contacts: [{ ...person('9'), is_primary: true }, { ...shared }] },
      { id: 'x3', name: 'Umbrella', primary_contact_id: '7', contacts: [{ ...shared }] },
    ];
    const pick = (xs: typeof exhibitors) => {
      const sel = selectExhibitors({ sbEventId: 1, exhibitors: xs });
      return { keys: sel.desired.people.map((p) => p.key).sort(), skipped: sel.skipped.map((p) => `${p.sbId} ${p.reason}`).sort() };
    };
    const forward = pick(exhibitors);
    expect(pick([...exhibitors].reverse())).toEqual(forward);
    expect(pick([exhibitors[1], exhibitors[2], exhibitors[0]])).toEqual(forward);
    expect(forward.keys).toContain('sb:1:exhibitor-contact:x3:7'); // the exhibitor where it is the primary contact
    // Not primary anywhere: the lowest exhibitor id keeps it.
    const plain = exhibitors.slice(0, 2);
    expect(pick(plain).keys).toContain('sb:1:exhibitor-contact:x1:7');
    expect(pick([...plain].reverse()).keys).toContain('sb:1:exhibitor-contact:x1:7');
  });
});

describe('plan', () => {
  const sel = select([session('a'), session('b', { speakers: [person('1'), person('2')] })]);

  it('creates everything on a first sync, in dependency order', () => {
    const p = plan({ sbEventId: 1, desired: sel.desired, gleanin: { speakers: [], sessions: [] }, links: noLinks, linkExistingByEmail: false });
    expect(p.ops.map((o) => `${o.action} ${o.key}`)).toEqual([
      'create sb:1:contact:1', 'create sb:1:contact:2', 'create sb:1:session:a', 'create sb:1:session:b',
    ]);
  });

  it('plans nothing when Gleanin already matches', () => {
    const p = plan({ sbEventId: 1, desired: sel.desired, gleanin: gleaninAfter(sel), links: noLinks, linkExistingByEmail: false });
    expect(p.ops).toEqual([]);
    expect(p.unchanged).toEqual({ sessions: 2, people: 2 });
    expect(p.links).toHaveLength(4); // links recorded (store only) since the link table was empty
  });

  it('updates only the changed fields', () => {
    const changed = select([session('a', { title: 'New title' }), session('b', { speakers: [person('1'), person('2')] })]);
    const p = plan({ sbEventId: 1, desired: changed.desired, gleanin: gleaninAfter(sel), links: noLinks, linkExistingByEmail: false });
    expect(p.ops).toEqual([expect.objectContaining({ action: 'update', key: 'sb:1:session:a', changed: ['title'], fields: { title: 'New title' } })]);
  });

  it('deletes a declined session and its now-orphaned speakers, keeps shared speakers', () => {
    const after = select([session('a', { status: 'declined' }), session('b', { speakers: [person('2')] })]);
    const p = plan({ sbEventId: 1, desired: after.desired, gleanin: gleaninAfter(sel), links: noLinks, linkExistingByEmail: false });
    // Session b loses speaker 1 by its deletion alone: no write of its own.
    expect(p.ops.map((o) => `${o.action} ${o.key}`)).toEqual(['delete sb:1:contact:1', 'delete sb:1:session:a']);
  });

  it('reports a conflict for an existing Gleanin speaker with the same email, or adopts it', () => {
    const foreign: GleaninPersonRecord = { id: 'g9', externalIdx: null, name: 'Pre Existing', email: 'P1@example.com', jobTitle: null, companyName: null, headshotUrl: null, groups: [] };
    const input = { sbEventId: 1, desired: sel.desired, gleanin: { speakers: [foreign], sessions: [] }, links: noLinks };
    const conflict = plan({ ...input, linkExistingByEmail: false });
    expect(conflict.conflicts).toEqual([expect.objectContaining({ sbId: '1', severity: 'conflict', fix: expect.stringMatching(/link existing/) })]);
    expect(conflict.ops.some((o) => o.key === 'sb:1:contact:1')).toBe(false);
    const session = conflict.ops.find((o) => o.key === 'sb:1:session:b')!;
    expect(session.action === 'create' && session.resource === 'sessions' && session.fields.speakerKeys).toEqual(['sb:1:contact:2']);
    const adopt = plan({ ...input, linkExistingByEmail: true });
    expect(adopt.ops[0]).toMatchObject({ action: 'adopt', gleaninId: 'g9', changed: ['name', 'jobTitle', 'companyName'] });
  });

  it('finds records by external id even without links (resume after a lost store or re-map) and never touches foreign records', () => {
    const g = gleaninAfter(sel);
    g.speakers.push({ id: 'foreign', externalIdx: 'other-tool:1', name: 'X', email: 'x@y.z', jobTitle: null, companyName: null, headshotUrl: null, groups: [] });
    const p = plan({ sbEventId: 1, desired: sel.desired, gleanin: g, links: noLinks, linkExistingByEmail: false });
    expect(p.ops).toEqual([]);
  });

  it('unlinks links whose records vanished and re-creates wanted ones', () => {
    const links: LinkRow[] = [
      { mappingKey: 'k', externalIdx: 'sb:1:session:a', sbKind: 'session', sbId: 'a', gleaninResource: 'sessions', gleaninId: 'gone', contentHash: contentHash({}), lastSyncedAt: '' },
      { mappingKey: 'k', externalIdx: 'sb:1:session:zz', sbKind: 'session', sbId: 'zz', gleaninResource: 'sessions', gleaninId: 'gone2', contentHash: '', lastSyncedAt: '' },
    ];
    const g = gleaninAfter(sel);
    g.sessions = g.sessions.filter((s) => s.externalIdx !== 'sb:1:session:a');
    const p = plan({ sbEventId: 1, desired: sel.desired, gleanin: g, links, linkExistingByEmail: false });
    expect(p.ops.map((o) => `${o.action} ${o.key}`)).toEqual(['create sb:1:session:a']);
    expect(p.links).toContainEqual({ action: 'unlink', key: 'sb:1:session:zz' });
  });

  it('keeps a synced session that has ended, with its people and links (no write, no delete); never creates an ended one', () => {
    // A two-day event under continuous sync: day 1 ends while its speakers share their pages.
    const day1 = { starts_at: '2026-07-01T14:00:00Z', ends_at: '2026-07-01T15:00:00Z' };
    const day2 = { starts_at: '2026-07-02T14:00:00Z', ends_at: '2026-07-02T15:00:00Z' };
    const sessions = [
      session('d1', { ...day1, speakers: [person('1')], chairpersons: [person('5')] }),
      session('d2', { ...day2, speakers: [person('2')] }),
    ];
    const on = { ...settings, syncChairpersons: true };
    const before = selectSessions({ sbEventId: 1, sessions, settings: on, sbTimeZone: 'UTC', now: new Date('2026-06-30T00:00:00Z') });
    const gleanin = gleaninAfter(before);
    const links: LinkRow[] = [...gleanin.speakers, ...gleanin.sessions].map((r) => ({
      mappingKey: 'k', externalIdx: r.externalIdx!, sbKind: r.externalIdx!.startsWith('sb:1:session:') ? 'session' : 'speaker', sbId: r.externalIdx!.split(':').pop()!,
      gleaninResource: r.externalIdx!.startsWith('sb:1:session:') ? 'sessions' : 'speakers', gleaninId: r.id, contentHash: 'h', lastSyncedAt: '',
    }));
    const later = selectSessions({ sbEventId: 1, sessions, settings: on, sbTimeZone: 'UTC', now: new Date('2026-07-01T16:00:00Z') });
    expect(later.desired.sessions.map((s) => s.sbId)).toEqual(['d2']);
    expect(later.skipped.find((p) => p.sbId === 'd1')).toMatchObject({ reason: expect.stringMatching(/ended/), field: 'ends_at' });
    const p = plan({ sbEventId: 1, desired: later.desired, gleanin, links, linkExistingByEmail: false, ineligibleReasons: later.ineligibleReasons });
    expect(p.ops).toEqual([]);
    expect(p.links.filter((l) => l.action === 'unlink')).toEqual([]);
    // Even a change to the ended session in Sessionboard is not written.
    const edited = selectSessions({ sbEventId: 1, sessions: [{ ...sessions[0], title: 'Renamed' }, sessions[1]], settings: on, sbTimeZone: 'UTC', now: new Date('2026-07-01T16:00:00Z') });
    expect(plan({ sbEventId: 1, desired: edited.desired, gleanin, links, linkExistingByEmail: false }).ops).toEqual([]);
    // An ended session that was never synced is still not created, nor its speakers.
    const fresh = plan({ sbEventId: 1, desired: later.desired, gleanin: { speakers: [], sessions: [] }, links: noLinks, linkExistingByEmail: false });
    expect(fresh.ops.map((o) => `${o.action} ${o.key}`)).toEqual(['create sb:1:contact:2', 'create sb:1:session:d2']);
    // Declined (or unscheduled) ended sessions still go, with their orphaned speakers.
    const declined = selectSessions({ sbEventId: 1, sessions: [{ ...sessions[0], status: 'declined' }, sessions[1]], settings: on, sbTimeZone: 'UTC', now: new Date('2026-07-01T16:00:00Z') });
    expect(plan({ sbEventId: 1, desired: declined.desired, gleanin, links, linkExistingByEmail: false }).ops.map((o) => `${o.action} ${o.key}`).sort()).toEqual(
      ['delete sb:1:contact:1', 'delete sb:1:contact:5', 'delete sb:1:session:d1'],
    );
  });

  it('plans 10,000 unchanged records to nothing', () => {
    const many = select(Array.from({ length: 5000 }, (_, i) => session(`s${i}`, { speakers: [person(`p${i}`)] })));
    const p = plan({ sbEventId: 1, desired: many.desired, gleanin: gleaninAfter(many), links: noLinks, linkExistingByEmail: false });
    expect(p.ops).toHaveLength(0);
    expect(p.unchanged).toEqual({ sessions: 5000, people: 5000 });
  });
});
