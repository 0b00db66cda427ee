/**
 * What the benchmark measures, computed from the data (bench/README.md has the formulas): the fewest
 * reads and writes a sync of the event could make, and after a run how many records were lost or
 * duplicated. Independent of the strategy under test: it reads the emulators' own records, applies
 * the sync's eligibility rules (lib/sync/select.ts, the definition of what must be in Gleanin) and
 * compares field by field.
 */
import { clean, normaliseEmail, sameInstant } from '../lib/sync/fields.ts';
import { primaryLink } from '../lib/share-links/write-back.ts';
import type { SbSession } from '../lib/sessionboard/schemas.ts';
import { selectSessions } from '../lib/sync/select.ts';
import { ownedKindOf } from '../lib/sync/keys.ts';
import type { DesiredState } from '../lib/sync/model.ts';
import type { MappingSettings } from '../lib/store/db.ts';
import type { Sandbox } from '../sandbox/server.ts';
import { sessionView } from '../sandbox/sessionboard/views.ts';

export const PAGE_SIZE = 100;
export const BULK_SIZE = 100;
export const LINK_FIELD = 'gleanin_link';

type GlSnapshot = ReturnType<Sandbox['gleanin']['store']['snapshot']>;

export interface EventData {
  /** Accepted, non-abstract sessions: what the Sessionboard search returns. */
  acceptedSessions: number;
  desired: DesiredState;
  /** Desired people whose email belongs to a Gleanin speaker we did not create (email conflicts: not written). */
  conflicted: Set<string>;
  /** Sessionboard contact id -> current "Gleanin Link" value. */
  linkValues: Map<string, string | null>;
  linkFieldExists: boolean;
}

export function readEvent(sandbox: Sandbox, sbEventId: number, glEventId: string, settings: Pick<MappingSettings, 'syncChairpersons' | 'syncModerators' | 'tracksFrom'>): EventData {
  const db = sandbox.sessionboard.db;
  const accepted = db.sessions(sbEventId).filter((s) => s.status === 'accepted' && !s.is_abstract);
  const wire = accepted.map((s) => sessionView(db, s, { hidePii: false, subsessionDetails: false }) as unknown as SbSession);
  const zone = db.event(sbEventId).timezone;
  const { desired } = selectSessions({ sbEventId, sessions: wire, settings, sbTimeZone: zone, now: new Date() });
  const gl = gleaninOf(sandbox.gleanin.store.snapshot(), glEventId);
  const foreignEmails = new Set(gl.speakers.filter((s) => !s.external_idx?.startsWith('sb:')).map((s) => normaliseEmail(s.email)));
  return {
    acceptedSessions: accepted.length,
    desired,
    conflicted: new Set(desired.people.filter((p) => foreignEmails.has(p.email) && !gl.speakers.some((s) => s.external_idx === p.key)).map((p) => p.key)),
    linkValues: new Map(db.contacts(sbEventId).map((c) => [c.id, c.custom_fields[LINK_FIELD] ?? null])),
    linkFieldExists: db.fields(sbEventId, 'contact').some((f) => f.internal_name === LINK_FIELD),
  };
}

function gleaninOf(snap: GlSnapshot, glEventId: string) {
  return {
    speakers: snap.speakers.filter((s) => String(s.event_id) === glEventId),
    sessions: snap.sessions.filter((s) => String(s.event_id) === glEventId),
  };
}

/** Gleanin writes that must happen: records to create, to change, to delete (by external id). */
/**
 * The canary first write (lib/sync/canary.ts): in a mapping's first sync, the first create of each
 * Gleanin record type is read back by external id and by id, 2 reads per type created. A first sync
 * is told by Gleanin holding none of our records of the event yet.
 */
export function canaryReads(data: EventData, before: GlSnapshot, glEventId: string): number {
  const gl = gleaninOf(before, glEventId);
  const ours = (key: string | null) => !!key?.startsWith('sb:');
  if (gl.speakers.some((s) => ours(s.external_idx)) || gl.sessions.some((s) => ours(s.external_idx))) return 0;
  const people = data.desired.people.some((p) => !data.conflicted.has(p.key)) ? 2 : 0;
  const sessions = data.desired.sessions.length ? 2 : 0;
  return people + sessions;
}

export function gleaninWritesNeeded(data: EventData, snap: GlSnapshot, glEventId: string): number {
  const gl = gleaninOf(snap, glEventId);
  const speakerByKey = new Map(gl.speakers.filter((s) => s.external_idx).map((s) => [s.external_idx!, s]));
  const sessionByKey = new Map(gl.sessions.filter((s) => s.external_idx).map((s) => [s.external_idx!, s]));
  const wantedPeople = new Set(data.desired.people.map((p) => p.key));
  const wantedSessions = new Set(data.desired.sessions.map((s) => s.key));
  const deletedSpeakers = new Set(gl.speakers.filter((s) => ownedKindOf(s.external_idx) === 'speaker' && !wantedPeople.has(s.external_idx!)).map((s) => String(s.id)));
  let writes = deletedSpeakers.size;
  writes += gl.sessions.filter((s) => ownedKindOf(s.external_idx) === 'session' && !wantedSessions.has(s.external_idx!)).length;
  const keyOfSpeaker = new Map(gl.speakers.map((s) => [String(s.id), s.external_idx]));
  const eq = (a: string | null | undefined, b: string | null | undefined) => (clean(a) ?? '') === (clean(b) ?? '');
  for (const p of data.desired.people) {
    if (data.conflicted.has(p.key)) continue;
    const g = speakerByKey.get(p.key);
    if (!g) writes++;
    else if (!eq(g.name, p.name) || normaliseEmail(g.email) !== p.email || !eq(g.job_title, p.jobTitle) || !eq(g.company_name, p.companyName) || (g.headshot_url ?? '') !== (p.headshotUrl ?? '')) writes++;
  }
  for (const s of data.desired.sessions) {
    const g = sessionByKey.get(s.key);
    if (!g) {
      writes++;
      continue;
    }
    const want = new Set(s.speakerKeys.filter((k) => !data.conflicted.has(k)));
    const have = g.speaker_ids.filter((id) => !deletedSpeakers.has(String(id))).map((id) => keyOfSpeaker.get(String(id)));
    const speakersDiffer = have.length !== want.size || have.some((k) => !want.has(k!));
    if (
      !eq(g.title, s.title) || (g.description ?? '').trim() !== s.description.trim() || !eq(g.schedule, s.schedule) ||
      !sameInstant(g.starts_at, s.startsAt) || !sameInstant(g.ends_at, s.endsAt) || g.tracks.join('\n') !== s.tracks.join('\n') || speakersDiffer
    ) writes++;
  }
  return writes;
}

/** Contacts whose "Gleanin Link" must change, given Gleanin's links after the run. */
export function linkWritesNeeded(data: EventData, after: GlSnapshot, glEventId: string): number {
  const byKey = new Map(gleaninOf(after, glEventId).speakers.filter((s) => s.external_idx).map((s) => [s.external_idx!, s]));
  let n = 0;
  for (const p of data.desired.people) {
    const g = byKey.get(p.key);
    if (!g) continue;
    const link = primaryLink(g.campaign_links.map((l) => ({ campaignId: String(l.campaign_id), campaignName: l.campaign_name, url: l.url })), 'speaker');
    if (link && data.linkValues.get(p.sbContactId) !== link) n++;
  }
  return n;
}

export interface Minimum {
  reads: number;
  writes: number;
}

/**
 * Reads: Sessionboard `GET /v1/events` (the event's zone, for the time-zone check) + ceil(accepted / 100) session search
 * pages + one Gleanin read (the event with its speakers and sessions included) + one field list when
 * links are written. Writes: the Gleanin records to create, change or delete + ceil(links / 100) bulk
 * contact writes + one fields/create when the "Gleanin Link" field is missing and links are written.
 */
export function minimum(data: EventData, before: GlSnapshot, after: GlSnapshot, glEventId: string): Minimum {
  const links = linkWritesNeeded(data, after, glEventId);
  return {
    reads: 1 + Math.max(1, Math.ceil(data.acceptedSessions / PAGE_SIZE)) + 1 + (links > 0 ? 1 : 0) + canaryReads(data, before, glEventId),
    writes: gleaninWritesNeeded(data, before, glEventId) + Math.ceil(links / BULK_SIZE) + (links > 0 && !data.linkFieldExists ? 1 : 0),
  };
}

/** After a run: desired records missing from Gleanin, and records present more than once. */
export function integrity(data: EventData, after: GlSnapshot, glEventId: string): { lost: number; duplicated: number } {
  const gl = gleaninOf(after, glEventId);
  const count = (values: (string | null)[]) => {
    const m = new Map<string, number>();
    for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const byExt = count([...gl.speakers, ...gl.sessions].map((r) => r.external_idx));
  const byEmail = count(gl.speakers.map((s) => (s.email ? normaliseEmail(s.email) : null)));
  let duplicated = 0;
  for (const n of [...byExt.values(), ...byEmail.values()]) duplicated += n - 1;
  let lost = 0;
  for (const p of data.desired.people) if (!data.conflicted.has(p.key) && !byExt.has(p.key)) lost++;
  for (const s of data.desired.sessions) if (!byExt.has(s.key)) lost++;
  return { lost, duplicated };
}
