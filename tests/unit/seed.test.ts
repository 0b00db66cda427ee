import { describe, expect, it } from 'vitest';
import {
  AWKWARD_SESSION_COUNT,
  DUP_SPEAKER_EMAIL,
  SESSION_STATUSES,
  generateSessionboardSeed,
  parseSeedSize,
  sizedCounts,
  type SessionboardSeed,
} from '../../sandbox/seed/index.ts';

const NOW = new Date('2026-03-10T12:00:00Z');

/** Contacts that hold a speaker-category role on some session of the event (what speaker search returns). */
function speakerIds(seed: SessionboardSeed, eventId: number): Set<string> {
  const core = new Map(seed.participantRoles.filter((r) => r.event_id === eventId).map((r) => [r.slug, r.core_role]));
  return new Set(
    seed.sessions
      .filter((s) => s.event_id === eventId)
      .flatMap((s) => s.participants)
      .filter((p) => core.get(p.role) === 'speaker')
      .map((p) => p.contact_id),
  );
}

const byEvent = <T extends { event_id: number }>(rows: T[], id: number) => rows.filter((r) => r.event_id === id);

describe('Sessionboard seed', () => {
  const demo = generateSessionboardSeed({ size: 'demo', now: NOW });

  it('is deterministic: the same size and now give deep-equal data', () => {
    expect(generateSessionboardSeed({ size: 'demo', now: NOW })).toEqual(demo);
    expect(generateSessionboardSeed({ size: 25, now: NOW })).toEqual(generateSessionboardSeed({ size: 25, now: NOW }));
  });

  it('changes with now, and resizing 4001 leaves the small events alone', () => {
    const later = generateSessionboardSeed({ size: 'demo', now: new Date(NOW.getTime() + 86_400_000) });
    expect(later.sessions[0].starts_at).not.toEqual(demo.sessions[0].starts_at);
    const other = generateSessionboardSeed({ size: 30, now: NOW });
    expect(byEvent(other.sessions, 4002)).toEqual(byEvent(demo.sessions, 4002));
    expect(byEvent(other.contacts, 4003)).toEqual(byEvent(demo.contacts, 4003));
  });

  it('has the three events with IANA zones, starting about 30 days after now', () => {
    expect(demo.events.map((e) => [e.id, e.name, e.timezone])).toEqual([
      [4001, 'Acme Summit 2026', 'America/New_York'],
      [4002, 'Science Congress 2026', 'Europe/Berlin'],
      [4003, 'Partner Expo 2026', 'America/Los_Angeles'],
    ]);
    for (const e of demo.events) {
      const days = (Date.parse(e.starts_at) - NOW.getTime()) / 86_400_000;
      expect(days).toBeGreaterThan(28);
      expect(days).toBeLessThan(31);
    }
  });

  it.each([
    ['demo' as const, { sessions: 60, speakers: 90, exhibitors: 20 }],
    [30, { sessions: 30, speakers: 45, exhibitors: 10 }],
  ])('sizes event 4001 for %s', (size, counts) => {
    const seed = size === 'demo' ? demo : generateSessionboardSeed({ size, now: NOW });
    expect(sizedCounts(size)).toEqual(counts);
    expect(byEvent(seed.sessions, 4001)).toHaveLength(counts.sessions);
    expect(speakerIds(seed, 4001).size).toBe(counts.speakers);
    expect(byEvent(seed.exhibitors, 4001)).toHaveLength(counts.exhibitors);
    expect(byEvent(seed.sessions, 4002)).toHaveLength(12);
    expect(speakerIds(seed, 4002).size).toBe(15);
    expect(byEvent(seed.exhibitors, 4002)).toHaveLength(4);
    expect(byEvent(seed.sessions, 4003)).toHaveLength(8);
    expect(speakerIds(seed, 4003).size).toBe(10);
    expect(byEvent(seed.exhibitors, 4003)).toHaveLength(6);
  });

  it('sizes the large seed', () => {
    const large = generateSessionboardSeed({ size: 'large', now: NOW });
    expect(byEvent(large.sessions, 4001)).toHaveLength(2000);
    expect(speakerIds(large, 4001).size).toBe(3000);
    expect(byEvent(large.exhibitors, 4001)).toHaveLength(300);
  });

  it('parses sizes and refuses nonsense with a clear message', () => {
    expect(parseSeedSize(undefined)).toBe('demo');
    expect(parseSeedSize('large')).toBe('large');
    expect(parseSeedSize('120')).toBe(120);
    expect(() => parseSeedSize('huge')).toThrow(/demo.*large.*integer/);
    expect(() => parseSeedSize('0')).toThrow(/got 0/);
  });

  it('keeps ids unique and relations intact', () => {
    const ids = [...demo.sessions, ...demo.contacts, ...demo.exhibitors, ...demo.tracks, ...demo.tags, ...demo.statuses, ...demo.fields].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const contacts = new Map(demo.contacts.map((c) => [c.id, c]));
    for (const s of demo.sessions) {
      for (const p of s.participants) expect(contacts.get(p.contact_id)?.event_id).toBe(s.event_id);
    }
    for (const x of demo.exhibitors) for (const id of x.contact_ids) expect(contacts.get(id)?.event_id).toBe(x.event_id);
  });

  describe.each([
    ['demo', demo],
    ['n = 20', generateSessionboardSeed({ size: 20, now: NOW })],
  ])('awkward data in event 4001 (%s)', (_name, seed) => {
    const sessions = byEvent(seed.sessions, 4001);
    const contacts = byEvent(seed.contacts, 4001);
    const roles = new Map(byEvent(seed.participantRoles, 4001).map((r) => [r.slug, r]));
    const speakers = speakerIds(seed, 4001);
    const speakerContacts = contacts.filter((c) => speakers.has(c.id));
    const now = NOW.getTime();

    it('holds all five statuses and a custom Accepted-category status in use', () => {
      expect(AWKWARD_SESSION_COUNT).toBeLessThanOrEqual(sessions.length);
      expect(new Set(sessions.map((s) => s.status))).toEqual(new Set(SESSION_STATUSES));
      const custom = byEvent(seed.statuses, 4001).filter((s) => s.is_custom);
      expect(custom).toEqual([expect.objectContaining({ name: 'Confirmed', status: 'accepted' })]);
      expect(sessions.some((s) => s.custom_status_id === custom[0].id && s.status === 'accepted')).toBe(true);
    });

    it('holds unscheduled, past, multi-day sessions and subsessions', () => {
      expect(sessions.some((s) => s.status === 'accepted' && s.starts_at === null && s.ends_at === null)).toBe(true);
      expect(sessions.some((s) => s.status === 'accepted' && s.ends_at !== null && Date.parse(s.ends_at) < now)).toBe(true);
      expect(
        sessions.some((s) => s.starts_at && s.ends_at && Date.parse(s.ends_at) - Date.parse(s.starts_at) > 86_400_000),
      ).toBe(true);
      const children = sessions.filter((s) => s.parent_session_id);
      expect(children.length).toBeGreaterThanOrEqual(2);
      for (const child of children) expect(sessions.some((s) => s.id === child.parent_session_id)).toBe(true);
    });

    it('holds accepted sessions missing their title ("" and null)', () => {
      expect(sessions.some((s) => s.status === 'accepted' && s.title === '')).toBe(true);
      expect(sessions.some((s) => s.status === 'accepted' && s.title === null)).toBe(true);
    });

    it('holds chairpersons, moderators and Sessions 2.0 custom role labels', () => {
      const used = new Set(sessions.flatMap((s) => s.participants.map((p) => p.role)));
      for (const slug of ['speaker', 'chairperson', 'moderator', 'panelist', 'keynote', 'chair', 'host']) expect(used).toContain(slug);
      expect(roles.get('panelist')?.core_role).toBe('speaker');
      expect(roles.get('keynote')?.core_role).toBe('speaker');
      expect(roles.get('chair')?.core_role).toBe('chairperson');
      expect(roles.get('host')?.core_role).toBe('moderator');
    });

    it('holds unicode names, HTML descriptions with script and inline styles', () => {
      expect(contacts.some((c) => /[\u0080-\uffff]/.test(`${c.first_name}${c.last_name ?? ''}`))).toBe(true);
      expect(sessions.some((s) => s.description?.includes('<script>') && s.description.includes('style='))).toBe(true);
    });

    it('holds .heic and non-image headshots, a hidden speaker and one missing a last name', () => {
      expect(speakerContacts.some((c) => c.photo_url?.endsWith('.heic'))).toBe(true);
      expect(speakerContacts.some((c) => c.photo_url?.endsWith('.pdf'))).toBe(true);
      expect(speakerContacts.some((c) => !c.is_public)).toBe(true);
      expect(speakerContacts.some((c) => !c.last_name)).toBe(true);
    });

    it('holds speakers shared by several sessions', () => {
      const count = new Map<string, number>();
      for (const s of sessions) for (const p of s.participants) if (speakers.has(p.contact_id)) count.set(p.contact_id, (count.get(p.contact_id) ?? 0) + 1);
      expect([...count.values()].some((n) => n > 1)).toBe(true);
    });

    it('holds duplicate emails differing in case, and the email of the hand-made Gleanin speaker', () => {
      const emails = speakerContacts.map((c) => c.email).filter((e): e is string => !!e);
      const folded = emails.map((e) => e.trim().toLowerCase());
      const dupes = folded.filter((e, i) => folded.indexOf(e) !== i);
      expect(dupes.length).toBeGreaterThan(0);
      expect(new Set(emails).size).toBe(emails.length); // they differ as written
      expect(emails).toContain(DUP_SPEAKER_EMAIL);
    });

    it('holds exhibitors with several contacts and a primary one that is not always listed first', () => {
      const exhibitors = byEvent(seed.exhibitors, 4001);
      expect(exhibitors.some((x) => x.contact_ids.length > 1)).toBe(true);
      for (const x of exhibitors) if (x.contact_ids.length) expect(x.contact_ids).toContain(x.primary_contact_id);
      expect(exhibitors.some((x) => x.primary_contact_id !== x.contact_ids[0])).toBe(true);
    });

    it('has contact fields without "Gleanin Link", tracks and tags in use', () => {
      const fields = byEvent(seed.fields, 4001);
      expect(fields.some((f) => f.module === 'contact' && f.field_source === 'custom')).toBe(true);
      expect(fields.some((f) => f.internal_name === 'gleanin_link')).toBe(false);
      expect(sessions.some((s) => s.track_id)).toBe(true);
      expect(sessions.some((s) => s.track_id === null)).toBe(true);
      expect(sessions.some((s) => s.tag_ids.length > 0)).toBe(true);
    });
  });

  it('writes times as ISO-8601 UTC with a +00:00 offset', () => {
    for (const s of demo.sessions) {
      for (const t of [s.starts_at, s.ends_at, s.created_at, s.updated_at]) if (t) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+00:00$/);
    }
  });
});
