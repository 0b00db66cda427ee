/**
 * The planner: desired state (from select) + link table + Gleanin's current records -> the writes
 * that make Gleanin equal the desired state. Pure and linear (Maps only), so preview and sync run
 * the very same function, and a re-run after any interruption recomputes exactly what is left.
 *
 * Identity: a Gleanin record is ours when its external id names this mapping's Sessionboard event
 * (keys.ts `ownershipOf`); records naming another event or an id of unknown form are never written or
 * deleted, only listed (`untouched`). Earlier-format ids are re-tagged by an update. We find
 * records by external id first, then by the link table (records shared by a speaker and an exhibitor
 * team member), then by email (a conflict, or adopted with "link existing speakers by email").
 *
 * Apply order: person deletes (frees emails), person creates/adopts/updates, session creates/updates
 * (they need the speakers' Gleanin ids), session deletes.
 */
import type { LinkRow } from '../store/db.ts';
import { clean, contentHash, normaliseEmail, sameInstant } from './fields.ts';
import { type OwnedKind, type Ownership, carriedId, ownershipOf } from './keys.ts';
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
  /** The mapping's Sessionboard event: only records whose external id names it are this plan's. */
  sbEventId: string | number;
  desired: DesiredState;
  gleanin: { speakers: GleaninPersonRecord[]; sessions: GleaninSessionRecord[] };
  links: LinkRow[];
  linkExistingByEmail: boolean;
  /** SB session id -> why it is no longer synced (from select), for delete reasons. */
  ineligibleReasons?: Map<string, string>;
  /** Why the Sessionboard read cannot be trusted for deletes (from select); any reason holds every delete. */
  readIssues?: string[];
  /** The mapping's delete settings and the person's decision on held deletes (default: delete, ask above 10 %). */
  deletes?: DeletePolicy;
}

export interface DeletePolicy {
  /** "When a record leaves Sessionboard". */
  whenRecordLeaves: 'delete' | 'keep';
  /** "Ask before deleting more than N % of synced records". */
  askAbovePercent: number;
  /** The person's answer to "Confirm deletions in Gleanin": `delete` covers exactly `keys` (all when absent). */
  decision?: { choice: 'delete' | 'keep'; keys?: string[] };
}

/** Deletes above both this count and the mapping's percentage wait for a person. */
export const DELETE_GUARD_MIN_RECORDS = 5;

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

/** Of the fields where what was last written differs from Gleanin now, the ones this mapping did write. */
const editedFields = (diffFromWritten: object, written: Record<string, unknown>): string[] =>
  Object.keys(diffFromWritten).filter((f) => f in written);

/**
 * The plan with the deletion rules applied: deletes go ahead, wait for a person (`withheld.state`
 * `held`: an untrusted read, or the delete guard), or are not made at all ("Keep it in Gleanin" or the
 * person chose to keep). Withheld deletes are planned out entirely, so sessions keep the speakers
 * that would have been deleted with them attached.
 */
export function plan(input: PlanInput): Plan {
  const full = planOnce(input, false);
  const deletes = full.ops.filter((op) => op.action === 'delete');
  if (!deletes.length) return full;
  const policy = input.deletes ?? { whenRecordLeaves: 'delete', askAbovePercent: 10 };
  const records = deletes.map((op) => ({ recordType: op.recordType, key: op.key, label: op.label, friendlyId: op.friendlyId, reason: (op as { reason: string }).reason }));
  const withhold = (withheld: NonNullable<Plan['withheld']>): Plan => ({ ...planOnce(input, true), withheld });
  if (policy.whenRecordLeaves === 'keep') {
    return withhold({ state: 'kept', needsDecision: false, reasons: ['"When a record leaves Sessionboard" is set to "Keep it in Gleanin"'], records });
  }
  const reasons = [...(input.readIssues ?? []), ...emptyReadIssue(input, full)];
  if (reasons.length) return withhold({ state: 'held', needsDecision: false, reasons, records });
  if (policy.decision?.choice === 'keep') {
    return withhold({ state: 'kept', needsDecision: false, reasons: ['You chose "Keep in Gleanin" for these deletions'], records });
  }
  const mine = ownedCount(input);
  const limit = (mine * policy.askAbovePercent) / 100;
  if (deletes.length > DELETE_GUARD_MIN_RECORDS && deletes.length > limit) {
    const confirmed = policy.decision?.choice === 'delete' && (!policy.decision.keys || deletes.every((op) => policy.decision!.keys!.includes(op.key)));
    if (!confirmed) {
      return withhold({
        state: 'held', needsDecision: true, records,
        reasons: [`This sync would delete ${deletes.length} of the ${mine} records synced to Gleanin, more than the ${policy.askAbovePercent} % this mapping deletes without asking`],
      });
    }
  }
  return full;
}

/** This mapping's own records in Gleanin, of the kinds this sync covers (the base of the delete guard's percentage). */
function ownedCount(input: PlanInput): number {
  const scope = personKindOfScope(input.desired.kind);
  let n = 0;
  for (const g of input.gleanin.speakers) {
    const o = ownershipOf(g.externalIdx, input.sbEventId);
    if (o.status === 'ours' && o.kind === scope) n++;
  }
  if (input.desired.kind === 'sessions') for (const g of input.gleanin.sessions) if (ownershipOf(g.externalIdx, input.sbEventId).status === 'ours') n++;
  return n;
}

/** Nothing eligible in Sessionboard while Gleanin holds this mapping's records: more likely a bad read than a wiped event. */
function emptyReadIssue(input: PlanInput, full: Plan): string[] {
  const { desired } = input;
  const nothing = desired.kind === 'sessions' ? desired.sessions.length === 0 && !desired.kept?.sessionKeys.length : desired.people.length === 0;
  if (!nothing) return [];
  const held = full.ops.filter((op) => op.action === 'delete').length;
  const what = desired.kind === 'sessions' ? 'no session' : 'no exhibitor team member';
  return [
    `Sessionboard returned ${what} to sync while Gleanin holds ${held} records synced from it: deletes wait until a read shows the event again (a transient fault, or a token for another event, looks like this)`,
  ];
}

function planOnce(input: PlanInput, withholdDeletes: boolean): Plan {
  const { desired } = input;
  const scopeKind = personKindOfScope(desired.kind);
  const otherKind: OwnedKind = scopeKind === 'speaker' ? 'exhibitor-contact' : 'speaker';

  const ownership = new Map<GleaninPersonRecord | GleaninSessionRecord, Ownership>();
  const ownOf = (g: GleaninPersonRecord | GleaninSessionRecord): Ownership => {
    let o = ownership.get(g);
    if (!o) ownership.set(g, (o = ownershipOf(g.externalIdx, input.sbEventId)));
    return o;
  };
  /** Our kind of the record (this event's ids only), or null. */
  const kindOf = (g: GleaninPersonRecord | GleaninSessionRecord | undefined): OwnedKind | null => {
    const o = g ? ownOf(g) : undefined;
    return o?.status === 'ours' ? o.kind : null;
  };
  /** The key the engine knows one of our records by (the current format, never the adopted form). */
  const keyOf = (g: GleaninPersonRecord | GleaninSessionRecord): string | null => {
    const o = ownOf(g);
    return o.status === 'ours' ? o.key : null;
  };
  const untouched: Problem[] = [];
  const leaveAlone = (g: GleaninPersonRecord | GleaninSessionRecord, recordType: RecordType, label: string, reason: string, fix: string) =>
    untouched.push({ recordType, sbId: '', friendlyId: null, label, severity: 'warning', reason: `${reason}; left as it is in Gleanin`, fix, detail: `external id ${g.externalIdx}` });
  /** A record found through a link only counts when its id does not name another owner. */
  const notForeign = <T extends GleaninPersonRecord | GleaninSessionRecord>(g: T | undefined): T | undefined =>
    g && ownOf(g).status !== 'foreign' ? g : undefined;
  const FOREIGN_FIX = 'Nothing to do if it is meant to stay; otherwise remove it in Gleanin, or sync it from the Sessionboard event its id names';

  const speakersById = new Map<string, GleaninPersonRecord>();
  const speakersByExt = new Map<string, GleaninPersonRecord>();
  const speakersByEmail = new Map<string, GleaninPersonRecord>();
  for (const g of input.gleanin.speakers) {
    speakersById.set(g.id, g);
    const o = ownOf(g);
    if (o.status === 'ours') speakersByExt.set(o.key, g);
    else if (o.status === 'foreign') leaveAlone(g, 'speaker', g.name, o.reason, FOREIGN_FIX);
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
    let g = speakersByExt.get(p.key) ?? notForeign(link ? speakersById.get(link.gleaninId) : undefined);
    let adopt = false;
    if (!g) {
      const byEmail = speakersByEmail.get(p.email);
      const owner = kindOf(byEmail);
      const foreign = byEmail ? ownOf(byEmail) : undefined;
      if (foreign?.status === 'foreign') {
        // Another mapping's (or an unknown) record holds this email: never take it over.
        conflicted.add(p.key);
        conflicts.push({
          recordType: p.recordType, sbId: p.sbContactId, friendlyId: p.friendlyId, label: p.name, severity: 'conflict',
          reason: `A Gleanin speaker with this email (${p.email}) already exists: ${foreign.reason.charAt(0).toLowerCase()}${foreign.reason.slice(1)}`,
          fix: 'Remove that speaker in Gleanin, or sync it from the Sessionboard event it belongs to', field: 'email',
        });
        continue;
      }
      if (byEmail && owner === otherKind) {
        g = byEmail; // one person, both a speaker and an exhibitor team member: share the record
      } else if (byEmail && foreign?.status === 'none') {
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
    const shared = kindOf(g) === otherKind || otherScopeIds.has(g.id);
    const groupsOnly = shared && desired.kind === 'exhibitors';
    const wantHere: PersonFields = groupsOnly
      ? { ...want, groups: [...new Set([...g.groups, EXHIBITOR_GROUP])] }
      : shared && desired.kind === 'sessions'
        ? { ...want, groups: undefined }
        : want;
    const diff = personDiff(wantHere, g, groupsOnly);
    const changed = Object.keys(diff);
    // The record is known by this very key: it should carry the current form (adopted form when adopted).
    const o = ownOf(g);
    const carry = o.status === 'ours' && o.key === p.key ? carriedId(p.key, o.adopted || !!link?.adopted) : null;
    const retag = carry !== null && carry !== g.externalIdx;
    if (adopt) {
      personOps.push({ ...base, action: 'adopt', resource: 'speakers', gleaninId: g.id, fields: diff, changed, hash, externalIdx: carriedId(p.key, true) });
    } else if (changed.length || retag) {
      const edited = link?.written ? editedFields(personDiff({ ...wantHere, ...link.written } as PersonFields, g, groupsOnly), link.written) : [];
      personOps.push({
        ...base, action: 'update', resource: 'speakers', gleaninId: g.id, fields: diff, changed: retag ? [...changed, 'externalIdx'] : changed, hash,
        ...(retag ? { externalIdx: carry } : {}), ...(edited.length ? { editedInGleanin: edited } : {}),
      });
    } else {
      unchanged.people++;
      recordLink(p.key, p.recordType, p.sbContactId, g.id, hash);
    }
  }

  // People of this sync's kind in Gleanin that are no longer wanted (and not kept as they are).
  const desiredKeys = new Set(desired.people.map((p) => p.key));
  const keptPeople = new Set(desired.kept?.personKeys);
  // A session whose people Sessionboard did not tell keeps the ones it has in Gleanin, undeleted.
  const unknownPeople = new Map<string, string[]>();
  if (desired.kind === 'sessions' && desired.sessions.some((s) => s.peopleUnknown)) {
    const byKey = new Map<string, GleaninSessionRecord>();
    for (const g of input.gleanin.sessions) {
      const k = keyOf(g);
      if (k) byKey.set(k, g);
    }
    for (const s of desired.sessions) {
      if (!s.peopleUnknown) continue;
      const keys = (byKey.get(s.key)?.speakerIds ?? []).map((id) => {
        const sp = speakersById.get(id);
        return (sp && keyOf(sp)) ?? `gleanin:${id}`;
      });
      unknownPeople.set(s.key, keys);
      for (const k of keys) keptPeople.add(k);
    }
  }
  const keptSessions = new Set(desired.kept?.sessionKeys);
  const personDeleteReason =
    scopeKind === 'speaker'
      ? 'No remaining synced session (removed from its sessions, or they are no longer synced)'
      : 'No longer a team member of an exhibitor in Sessionboard, or the exhibitor was deleted';
  for (const g of input.gleanin.speakers) {
    const o = ownOf(g);
    if (claimed.has(g.id) || o.status !== 'ours' || o.kind !== scopeKind || desiredKeys.has(o.key) || keptPeople.has(o.key)) continue;
    const key = o.key;
    if (o.legacy && !linkByKey.has(key)) {
      // An earlier-format id does not name its Sessionboard event: only this browser's link proves it ours.
      leaveAlone(g, scopeKind, g.name, `Made by an earlier version of this integration for a Sessionboard event it cannot name, and not wanted by Sessionboard event ${input.sbEventId}`, FOREIGN_FIX);
      continue;
    }
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
    if (o.adopted || linkByKey.get(key)?.adopted) {
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
    if (g && kindOf(g) === scopeKind && keyOf(g) === l.externalIdx) continue; // handled above
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
      const o = ownOf(s);
      if (o.status === 'ours') sessionsByExt.set(o.key, s);
      else if (o.status === 'foreign') leaveAlone(s, 'session', s.title, o.reason, FOREIGN_FIX);
    }
    const claimedSessions = new Set<string>();
    if (withholdDeletes) personDeletes.length = 0;
    const deletedSpeakerIds = new Set(personDeletes.map((op) => (op as Extract<PersonOp, { action: 'delete' }>).gleaninId));
    for (const s of desired.sessions) {
      const want = sessionFields(s);
      const known = unknownPeople.get(s.key);
      if (known) want.speakerKeys = known.filter((k) => !k.startsWith('gleanin:'));
      if (conflicted.size) want.speakerKeys = want.speakerKeys.filter((k) => !conflicted.has(k));
      const hash = contentHash(want);
      const base = { key: s.key, recordType: 'session', sbId: s.sbId, label: s.title, friendlyId: s.friendlyId } as const;
      const link = linkByKey.get(s.key);
      const g = sessionsByExt.get(s.key) ?? notForeign(link ? sessionsById.get(link.gleaninId) : undefined);
      if (!g || claimedSessions.has(g.id)) {
        sessionOps.push({ ...base, action: 'create', resource: 'sessions', fields: want, hash });
        continue;
      }
      claimedSessions.add(g.id);
      // A deleted speaker leaves its sessions with it (a record that no longer exists cannot stay
      // attached; DESIGN CHOICE, docs/api-assumptions.md G14), so a session losing
      // only speakers that are deleted anyway needs no write of its own.
      const haveKeys = g.speakerIds
        .filter((id) => !deletedSpeakerIds.has(id))
        .map((id) => {
          const sp = speakersById.get(id);
          return keyOfSpeakerId.get(id) ?? (sp && keyOf(sp)) ?? `gleanin:${id}`;
        });
      const diff = sessionDiff(want, g, haveKeys);
      const changed = Object.keys(diff);
      const retag = keyOf(g) === s.key && g.externalIdx !== s.key;
      if (changed.length || retag) {
        const edited = link?.written ? editedFields(sessionDiff({ ...want, ...link.written } as SessionFields, g, haveKeys), link.written) : [];
        sessionOps.push({
          ...base, action: 'update', resource: 'sessions', gleaninId: g.id, fields: diff, changed: retag ? [...changed, 'externalIdx'] : changed, hash,
          ...(retag ? { externalIdx: s.key } : {}), ...(edited.length ? { editedInGleanin: edited } : {}),
        });
      } else {
        unchanged.sessions++;
        recordLink(s.key, 'session', s.sbId, g.id, hash);
      }
    }
    const wantedSessions = new Set(desired.sessions.map((s) => s.key));
    for (const g of input.gleanin.sessions) {
      const o = ownOf(g);
      if (claimedSessions.has(g.id) || o.status !== 'ours' || o.kind !== 'session' || wantedSessions.has(o.key) || keptSessions.has(o.key)) continue;
      const key = o.key;
      if (o.legacy && !linkByKey.has(key)) {
        leaveAlone(g, 'session', g.title, `Made by an earlier version of this integration for a Sessionboard event it cannot name, and not wanted by Sessionboard event ${input.sbEventId}`, FOREIGN_FIX);
        continue;
      }
      const sbId = sbIdOfKey(key);
      sessionDeletes.push({
        key, recordType: 'session', sbId, label: g.title, friendlyId: null, action: 'delete', resource: 'sessions', gleaninId: g.id,
        reason: input.ineligibleReasons?.get(sbId) ?? 'No longer accepted, or deleted, in Sessionboard',
      });
    }
    for (const l of input.links) {
      if (l.sbKind === 'session' && !wantedSessions.has(l.externalIdx) && !sessionsByExt.has(l.externalIdx)) {
        linkOps.push({ action: 'unlink', key: l.externalIdx });
      }
    }
  }
  if (withholdDeletes) {
    personDeletes.length = 0;
    sessionDeletes.length = 0;
  }
  // Links of deleted records go with the delete itself (apply), so nothing is forgotten if it fails.
  return {
    kind: desired.kind,
    speakerIdOfKey: Object.fromEntries([...keyOfSpeakerId].map(([id, key]) => [key, id])),
    ops: [...personDeletes, ...personOps, ...sessionOps, ...sessionDeletes],
    links: linkOps,
    conflicts,
    untouched,
    unchanged,
  };
}
