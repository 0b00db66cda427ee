/**
 * Pure planning time for 10,000 records (4,000 sessions and 6,000 speakers): desired state, link
 * table and Gleanin state as after a sync, with 1% of the records changed. Median of 5 timed runs
 * after one warm-up.
 */
import type { LinkRow } from '../lib/store/db.ts';
import { sessionMapper } from '../lib/sync/mappers/session.ts';
import { speakerMapper } from '../lib/sync/mappers/speaker.ts';
import type { DesiredSession } from '../lib/sync/model.ts';
import { type GleaninPersonRecord, type GleaninSessionRecord, plan } from '../lib/sync/plan.ts';

export function planTenThousand(): number {
  const people = Array.from({ length: 6000 }, (_, i) => ({
    ...speakerMapper.toGleanin({
      id: `c${i}`, first_name: 'Person', last_name: `${i}`, email: `p${i}@example.org`, title: 'Engineer', company_name: 'Acme', photo_url: `https://cdn.example.com/${i}.jpg`,
    }),
    key: `sb:1:contact:c${i}`, recordType: 'speaker' as const, sbContactId: `c${i}`, friendlyId: `CONT-${i}`, roles: ['speaker' as const], context: [],
  }));
  const sessions: DesiredSession[] = Array.from({ length: 4000 }, (_, i) => ({
    key: `sb:1:session:s${i}`, sbId: `s${i}`, friendlyId: `SESS-${i}`, title: `Session ${i}`, description: 'About it', schedule: 'Tue, 15 Dec 2026, 09:00–09:45 EST',
    startsAt: '2026-12-15T14:00:00.000Z', endsAt: '2026-12-15T14:45:00.000Z', tracks: ['Main'], speakerKeys: [people[i % 6000].key, people[(i * 7 + 1) % 6000].key],
  }));
  const glPeople: GleaninPersonRecord[] = people.map((p, i) => ({ id: `g${i}`, externalIdx: p.key, name: i % 100 === 0 ? 'Old name' : p.name, email: p.email, jobTitle: p.jobTitle, companyName: p.companyName, headshotUrl: p.headshotUrl, groups: [] }));
  const idOf = new Map(glPeople.map((g) => [g.externalIdx!, g.id]));
  const glSessions: GleaninSessionRecord[] = sessions.map((s, i) => ({
    id: `h${i}`, externalIdx: s.key, title: i % 100 === 0 ? 'Old title' : s.title, description: s.description, schedule: s.schedule, startsAt: s.startsAt, endsAt: s.endsAt,
    tracks: s.tracks, speakerIds: s.speakerKeys.map((k) => idOf.get(k)!),
  }));
  const links: LinkRow[] = [
    ...people.map((p, i) => ({ mappingKey: 'm', externalIdx: p.key, sbKind: 'speaker' as const, sbId: p.sbContactId, gleaninResource: 'speakers' as const, gleaninId: `g${i}`, contentHash: speakerMapper.hash(p), lastSyncedAt: '' })),
    ...sessions.map((s, i) => ({ mappingKey: 'm', externalIdx: s.key, sbKind: 'session' as const, sbId: s.sbId, gleaninResource: 'sessions' as const, gleaninId: `h${i}`, contentHash: sessionMapper.hash(s), lastSyncedAt: '' })),
  ];
  const input = { sbEventId: 1, desired: { kind: 'sessions' as const, sessions, people }, gleanin: { speakers: glPeople, sessions: glSessions }, links, linkExistingByEmail: false };
  const changed = plan(input).ops.length;
  if (changed !== 100) throw new Error(`plan-10k: expected 100 updates, planned ${changed}`);
  const times = Array.from({ length: 5 }, () => {
    const t = performance.now();
    plan(input);
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return Math.round(times[2] * 10) / 10;
}
