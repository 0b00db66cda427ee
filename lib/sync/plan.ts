/**
 * The planner: desired state (from select) + link table + Gleanin's current records -> the writes
 * that make Gleanin equal the desired state. Pure and linear (Maps only), so preview and sync run
 * the very same function, and a re-run after any interruption recomputes exactly what is left.
 *
 * Identity: a Gleanin record is ours when its external id is one of our `sb:` ids (keys.ts); we find
 * records by external id first, then by the link table (records shared by a speaker and an exhibitor
 * team member), then by email (SPEC F6: conflict, or adopt with "link existing speakers by email").
 *
 * Apply order: person deletes (frees emails), person creates/adopts/updates, session creates/updates
 * (they need the speakers' Gleanin ids), session deletes.
 */
import type { LinkRow } from '../store/db.ts';
import { clean, contentHash, normaliseEmail, sameInstant } from './fields.ts';
import { type OwnedKind, ownedKindOf } from './keys.ts';
import type {
  DesiredPerson,
  DesiredSession,
  DesiredState,
  LinkOp,
  PersonFields,
  PersonOp,
  Plan,
  Problem,
  RecordType,
  SessionFields,
  SessionOp,
} from './model.ts';
import type { GleaninSession, GleaninSpeaker } from '../gleanin/schemas.ts';

/** The Gleanin fields the planner reads: the clients' records without what it never looks at. */
export type GleaninPersonRecord = Omit<GleaninSpeaker, 'eventId' | 'sessionIds' | 'campaignLinks' | 'updatedAt'>;
export type GleaninSessionRecord = Omit<GleaninSession, 'eventId' | 'updatedAt'>;

export interface PlanInput {
  desired: DesiredState;
  gleanin: { speakers: GleaninPersonRecord[]; sessions: GleaninSessionRecord[] };
  links: LinkRow[];
  linkExistingByEmail: boolean;
  /** SB session id -> why it is no longer synced (from select), for delete reasons. */
  ineligibleReasons?: Map<string, string>;
}

export const EXHIBITOR_GROUP = 'Exhibitors';

const personKindOfScope = (kind: DesiredState['kind']): OwnedKind => (kind === 'sessions' ? 'speaker' : 'exhibitor-contact');

const sbIdOfKey = (key: string): string => key.split(':').pop() ?? key;

const eqText = (a: string | null | undefined, b: string | null | undefined) => (clean(a) ?? '') === (clean(b) ?? '');
const eqBody = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();
const eqList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const eqSet = (a: string[], b: string[]) => {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((v) => s.has(v));
};

export function personFields(p: DesiredPerson): PersonFields {
  const f: PersonFields = { name: p.name, email: p.email, jobTitle: p.jobTitle, companyName: p.companyName, headshotUrl: p.headshotUrl };
  if (p.groups) f.groups = p.groups;
  return f;
}

export function sessionFields(s: DesiredSession): SessionFields {
  return {
    title: s.title,
    description: s.description,
    schedule: s.schedule,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    tracks: s.tracks,
    speakerKeys: s.speakerKeys,
  };
}

/** Fields of `want` that differ from the Gleanin record; `groupsOnly` for a record another sync owns. */
export function personDiff(want: PersonFields, have: GleaninPersonRecord, groupsOnly: boolean): Partial<PersonFields> {
  const d: Partial<PersonFields> = {};
  if (!groupsOnly) {
    if (!eqText(want.name, have.name)) d.name = want.name;
    if (want.email !== normaliseEmail(have.email)) d.email = want.email;
    if (!eqText(want.jobTitle, have.jobTitle)) d.jobTitle = want.jobTitle;
    if (!eqText(want.companyName, have.companyName)) d.companyName = want.companyName;
    if ((want.headshotUrl ?? '') !== (have.headshotUrl ?? '')) d.headshotUrl = want.headshotUrl;
  }
  if (want.groups && !eqSet(want.groups, have.groups)) d.groups = want.groups;
  return d;
}

export function sessionDiff(want: SessionFields, have: GleaninSessionRecord, haveKeys: string[]): Partial<SessionFields> {
  const d: Partial<SessionFields> = {};
  if (!eqText(want.title, have.title)) d.title = want.title;
  if (!eqBody(want.description, have.description)) d.description = want.description;
  if (!eqText(want.schedule, have.schedule)) d.schedule = want.schedule;
  if (!sameInstant(want.startsAt, have.startsAt)) d.startsAt = want.startsAt;
  if (!sameInstant(want.endsAt, have.endsAt)) d.endsAt = want.endsAt;
  if (!eqList(want.tracks, have.tracks)) d.tracks = want.tracks;
  if (!eqSet(want.speakerKeys, haveKeys)) d.speakerKeys = want.speakerKeys;
  return d;
}

export function plan(input: PlanInput): Plan {
  const { desired } = input;
  const scopeKind = personKindOfScope(desired.kind);
  const otherKind: OwnedKind = scopeKind === 'speaker' ? 'exhibitor-contact' : 'speaker';

  const speakersById = new Map<string, GleaninPersonRecord>();
  const speakersByExt = new Map<string, GleaninPersonRecord>();
  const speakersByEmail = new Map<string, GleaninPersonRecord>();
  for (const g of input.gleanin.speakers) {
    speakersById.set(g.id, g);
    if (g.externalIdx) speakersByExt.set(g.externalIdx, g);
    const email = normaliseEmail(g.email);
    if (email) speakersByEmail.set(email, g);
  }
  const linkByKey = new Map<string, LinkRow>();
  /** Gleanin speaker ids the *other* sync links to (shared records must not be deleted by this one). */
  const otherScopeIds = new Set<string>();
  for (const l of input.links) {
    linkByKey.set(l.externalIdx, l);
    if (l.sbKind === otherKind) otherScopeIds.add(l.gleaninId);
  }

  const personOps: PersonOp[] = [];
  const personDeletes: PersonOp[] = [];
  const linkOps: LinkOp[] = [];
  const conflicts: Problem[] = [];
  const unchanged = { sessions: 0, people: 0 };
  /** Gleanin speaker id -> our key, for reading sessions' speaker lists as keys. */
  const keyOfSpeakerId = new Map<string, string>();
  const claimed = new Set<string>();
  const conflicted = new Set<string>();

  const recordLink = (key: string, recordType: RecordType, sbId: string, gleaninId: string, hash: string) => {
    const l = linkByKey.get(key);
    if (!l || l.gleaninId !== gleaninId || l.contentHash !== hash) linkOps.push({ action: 'link', key, recordType, sbId, gleaninId, hash });
  };

  for (const p of desired.people) {
    const want = personFields(p);
    const hash = contentHash(want);
    const base = { key: p.key, recordType: p.recordType, sbId: p.sbContactId, label: p.name, friendlyId: p.friendlyId } as const;
    const link = linkByKey.get(p.key);
    let g = speakersByExt.get(p.key) ?? (link ? speakersById.get(link.gleaninId) : undefined);
    let adopt = false;
    if (!g) {
      const byEmail = speakersByEmail.get(p.email);
      const owner = ownedKindOf(byEmail?.externalIdx);
      if (byEmail && owner === otherKind) {
        g = byEmail; // one person, both a speaker and an exhibitor team member: share the record
      } else if (byEmail && owner === null) {
        if (!input.linkExistingByEmail) {
          conflicted.add(p.key);
          conflicts.push({
            recordType: p.recordType, sbId: p.sbContactId, friendlyId: p.friendlyId, label: p.name, severity: 'conflict',
            reason: `A Gleanin speaker with this email (${p.email}) already exists and was not created by this integration`,
            fix: "Delete or disconnect that speaker in Gleanin, or turn on 'link existing Gleanin speakers by email' for this mapping",
            field: 'email',
          });
          continue;
        }
        g = byEmail;
        adopt = true;
      }
    }
    if (!g || claimed.has(g.id)) {
      personOps.push({ ...base, action: 'create', resource: 'speakers', fields: want, hash });
      continue;
    }
    claimed.add(g.id);
    keyOfSpeakerId.set(g.id, p.key);
    // A record the other sync also links (or created) is shared: the speaker sync owns its fields,
    // the exhibitor sync only adds its group.
    const shared = ownedKindOf(g.externalIdx) === otherKind || otherScopeIds.has(g.id);
    const groupsOnly = shared && desired.kind === 'exhibitors';
    const wantHere: PersonFields = groupsOnly
      ? { ...want, groups: [...new Set([...g.groups, EXHIBITOR_GROUP])] }
      : shared && desired.kind === 'sessions'
        ? { ...want, groups: undefined }
        : want;
    const diff = personDiff(wantHere, g, groupsOnly);
    const changed = Object.keys(diff);
    if (adopt) {
      personOps.push({ ...base, action: 'adopt', resource: 'speakers', gleaninId: g.id, fields: diff, changed, hash });
    } else if (changed.length) {
      personOps.push({ ...base, action: 'update', resource: 'speakers', gleaninId: g.id, fields: diff, changed, hash });
    } else {
      unchanged.people++;
      recordLink(p.key, p.recordType, p.sbContactId, g.id, hash);
    }
  }

  // People of this sync's kind in Gleanin that are no longer wanted (and not kept as they are).
  const desiredKeys = new Set(desired.people.map((p) => p.key));
  const keptPeople = new Set(desired.kept?.personKeys);
  const keptSessions = new Set(desired.kept?.sessionKeys);
  const personDeleteReason =
    scopeKind === 'speaker'
      ? 'No remaining synced session (removed from its sessions, or they are no longer synced)'
      : 'No longer a team member of an exhibitor in Sessionboard, or the exhibitor was deleted';
  for (const g of input.gleanin.speakers) {
    if (claimed.has(g.id) || ownedKindOf(g.externalIdx) !== scopeKind || desiredKeys.has(g.externalIdx!) || keptPeople.has(g.externalIdx!)) continue;
    const key = g.externalIdx!;
    const base = { key, recordType: scopeKind, sbId: sbIdOfKey(key), label: g.name, friendlyId: null } as const;
    if (otherScopeIds.has(g.id)) {
      // Still a speaker (or team member) through the other sync: keep it, drop only our part.
      if (scopeKind === 'exhibitor-contact' && g.groups.includes(EXHIBITOR_GROUP)) {
        const groups = g.groups.filter((x) => x !== EXHIBITOR_GROUP);
        personOps.push({ ...base, action: 'update', resource: 'speakers', gleaninId: g.id, fields: { groups }, changed: ['groups'], hash: '' });
      }
      if (linkByKey.has(key)) linkOps.push({ action: 'unlink', key });
      continue;
    }
    if (linkByKey.get(key)?.adopted) {
      personDeletes.push({
        ...base, action: 'delete', resource: 'speakers', gleaninId: g.id, release: true,
        reason: `${personDeleteReason}; it was made in Gleanin, not by this integration, so it is kept there and only unlinked`,
      });
      continue;
    }
    personDeletes.push({ ...base, action: 'delete', resource: 'speakers', gleaninId: g.id, reason: personDeleteReason });
  }
  // Links of this kind pointing at records we no longer want (shared records, or records gone from Gleanin).
  for (const l of input.links) {
    if (l.sbKind !== scopeKind || desiredKeys.has(l.externalIdx)) continue;
    const g = speakersById.get(l.gleaninId);
    if (g && keptPeople.has(l.externalIdx)) continue;
    if (g && ownedKindOf(g.externalIdx) === scopeKind && g.externalIdx === l.externalIdx) continue; // handled above
    if (g && scopeKind === 'exhibitor-contact' && g.groups.includes(EXHIBITOR_GROUP) && !claimed.has(g.id)) {
      const groups = g.groups.filter((x) => x !== EXHIBITOR_GROUP);
      personOps.push({
        key: l.externalIdx, recordType: scopeKind, sbId: l.sbId, label: g.name, friendlyId: null,
        action: 'update', resource: 'speakers', gleaninId: g.id, fields: { groups }, changed: ['groups'], hash: '',
      });
    }
    linkOps.push({ action: 'unlink', key: l.externalIdx });
  }

  const sessionOps: SessionOp[] = [];
  const sessionDeletes: SessionOp[] = [];
  if (desired.kind === 'sessions') {
    const sessionsById = new Map<string, GleaninSessionRecord>();
    const sessionsByExt = new Map<string, GleaninSessionRecord>();
    for (const s of input.gleanin.sessions) {
      sessionsById.set(s.id, s);
      if (s.externalIdx) sessionsByExt.set(s.externalIdx, s);
    }
    const claimedSessions = new Set<string>();
    const deletedSpeakerIds = new Set(personDeletes.map((op) => (op as Extract<PersonOp, { action: 'delete' }>).gleaninId));
    for (const s of desired.sessions) {
      const want = sessionFields(s);
      if (conflicted.size) want.speakerKeys = want.speakerKeys.filter((k) => !conflicted.has(k));
      const hash = contentHash(want);
      const base = { key: s.key, recordType: 'session', sbId: s.sbId, label: s.title, friendlyId: s.friendlyId } as const;
      const link = linkByKey.get(s.key);
      const g = sessionsByExt.get(s.key) ?? (link ? sessionsById.get(link.gleaninId) : undefined);
      if (!g || claimedSessions.has(g.id)) {
        sessionOps.push({ ...base, action: 'create', resource: 'sessions', fields: want, hash });
        continue;
      }
      claimedSessions.add(g.id);
      // A deleted speaker leaves its sessions with it (a record that no longer exists cannot stay
      // attached; reference/gleanin-api.md §6.1 item 8 "maintain session_ids"), so a session losing
      // only speakers that are deleted anyway needs no write of its own.
      const haveKeys = g.speakerIds
        .filter((id) => !deletedSpeakerIds.has(id))
        .map((id) => keyOfSpeakerId.get(id) ?? speakersById.get(id)?.externalIdx ?? `gleanin:${id}`);
      const diff = sessionDiff(want, g, haveKeys);
      const changed = Object.keys(diff);
      if (changed.length) {
        sessionOps.push({ ...base, action: 'update', resource: 'sessions', gleaninId: g.id, fields: diff, changed, hash });
      } else {
        unchanged.sessions++;
        recordLink(s.key, 'session', s.sbId, g.id, hash);
      }
    }
    const wantedSessions = new Set(desired.sessions.map((s) => s.key));
    for (const g of input.gleanin.sessions) {
      const key = g.externalIdx;
      if (claimedSessions.has(g.id) || ownedKindOf(key) !== 'session' || wantedSessions.has(key!) || keptSessions.has(key!)) continue;
      const sbId = sbIdOfKey(key!);
      sessionDeletes.push({
        key: key!, recordType: 'session', sbId, label: g.title, friendlyId: null, action: 'delete', resource: 'sessions', gleaninId: g.id,
        reason: input.ineligibleReasons?.get(sbId) ?? 'No longer accepted, or deleted, in Sessionboard',
      });
    }
    for (const l of input.links) {
      if (l.sbKind === 'session' && !wantedSessions.has(l.externalIdx) && !sessionsByExt.has(l.externalIdx)) {
        linkOps.push({ action: 'unlink', key: l.externalIdx });
      }
    }
  }
  // Links of deleted records go with the delete itself (apply), so nothing is forgotten if it fails.
  return {
    kind: desired.kind,
    speakerIdOfKey: Object.fromEntries([...keyOfSpeakerId].map(([id, key]) => [key, id])),
    ops: [...personDeletes, ...personOps, ...sessionOps, ...sessionDeletes],
    links: linkOps,
    conflicts,
    unchanged,
  };
}
