/**
 * Identity: which Gleanin records are this mapping's and how the planner finds them. A record is ours
 * when its external id names this mapping's Sessionboard event (keys.ts `ownershipOf`); records naming
 * another event or an id of unknown form are never written or deleted, only listed (`foreign`). We
 * find records by external id first, then by the link table (records shared by a speaker and an
 * exhibitor team member), then by email (lib/sync/planner/people.ts: conflict, or adopt).
 */
import type { LinkRow } from '../../store/db.ts';
import { normaliseEmail } from '../fields.ts';
import { type Ownership, ownershipOf } from '../keys.ts';
import type { LinkOp, Problem, RecordType } from '../model.ts';
import type { GleaninPersonRecord, GleaninSessionRecord, PlanInput } from '../plan.ts';

type GleaninRecord = GleaninPersonRecord | GleaninSessionRecord;
type PersonKind = 'speaker' | 'exhibitor-contact';

const FOREIGN_FIX = 'Nothing to do if it is meant to stay; otherwise remove it in Gleanin, or sync it from the Sessionboard event its id names';

export interface Identity {
  /** The person kind this sync writes, and the other one (a record may be shared with it). */
  scopeKind: PersonKind;
  otherKind: PersonKind;
  ownOf(g: GleaninRecord): Ownership;
  /** Our kind of the record (this event's ids only), or null. */
  kindOf(g: GleaninRecord | undefined): RecordType | null;
  /** The key the engine knows one of our records by (the current format, never the adopted form). */
  keyOf(g: GleaninRecord): string | null;
  /** A record found through a link only counts when its id does not name another owner. */
  notForeign<T extends GleaninRecord>(g: T | undefined): T | undefined;
  speakers: { byId: Map<string, GleaninPersonRecord>; byKey: Map<string, GleaninPersonRecord>; byEmail: Map<string, GleaninPersonRecord> };
  /** Sessions syncs only (empty for exhibitor syncs). */
  sessions: { byId: Map<string, GleaninSessionRecord>; byKey: Map<string, GleaninSessionRecord> };
  linkByKey: Map<string, LinkRow>;
  /** Gleanin speaker ids the *other* sync links to (shared records must not be deleted by this one). */
  otherScopeIds: Set<string>;
  /** Records whose ids name another owner, left alone: speakers, and sessions (sessions syncs only). */
  foreign: { speakers: Problem[]; sessions: Problem[] };
}

const personKindOf = (kind: PlanInput['desired']['kind']): PersonKind => (kind === 'sessions' ? 'speaker' : 'exhibitor-contact');

/** A record this mapping leaves as it is in Gleanin, and why. */
export const leftAlone = (g: GleaninRecord, recordType: RecordType, label: string, reason: string): Problem => ({
  recordType, sbId: '', friendlyId: null, label, severity: 'warning', reason: `${reason}; left as it is in Gleanin`, fix: FOREIGN_FIX, detail: `external id ${g.externalIdx}`,
});

export function identify(input: PlanInput): Identity {
  const scopeKind = personKindOf(input.desired.kind);
  const ownership = new Map<GleaninRecord, Ownership>();
  const ownOf = (g: GleaninRecord): Ownership => {
    let o = ownership.get(g);
    if (!o) ownership.set(g, (o = ownershipOf(g.externalIdx, input.sbEventId)));
    return o;
  };
  const foreign = { speakers: [] as Problem[], sessions: [] as Problem[] };

  const speakers = { byId: new Map<string, GleaninPersonRecord>(), byKey: new Map<string, GleaninPersonRecord>(), byEmail: new Map<string, GleaninPersonRecord>() };
  for (const g of input.gleanin.speakers) {
    speakers.byId.set(g.id, g);
    const o = ownOf(g);
    if (o.status === 'ours') speakers.byKey.set(o.key, g);
    else if (o.status === 'foreign') foreign.speakers.push(leftAlone(g, 'speaker', g.name, o.reason));
    const email = normaliseEmail(g.email);
    if (email) speakers.byEmail.set(email, g);
  }
  const sessions = { byId: new Map<string, GleaninSessionRecord>(), byKey: new Map<string, GleaninSessionRecord>() };
  if (input.desired.kind === 'sessions') {
    for (const g of input.gleanin.sessions) {
      sessions.byId.set(g.id, g);
      const o = ownOf(g);
      if (o.status === 'ours') sessions.byKey.set(o.key, g);
      else if (o.status === 'foreign') foreign.sessions.push(leftAlone(g, 'session', g.title, o.reason));
    }
  }
  const otherKind: PersonKind = scopeKind === 'speaker' ? 'exhibitor-contact' : 'speaker';
  const linkByKey = new Map<string, LinkRow>();
  const otherScopeIds = new Set<string>();
  for (const l of input.links) {
    linkByKey.set(l.externalIdx, l);
    if (l.sbKind === otherKind) otherScopeIds.add(l.gleaninId);
  }
  return {
    scopeKind,
    otherKind,
    ownOf,
    kindOf: (g) => {
      const o = g ? ownOf(g) : undefined;
      return o?.status === 'ours' ? o.kind : null;
    },
    keyOf: (g) => {
      const o = ownOf(g);
      return o.status === 'ours' ? o.key : null;
    },
    notForeign: (g) => (g && ownOf(g).status !== 'foreign' ? g : undefined),
    speakers,
    sessions,
    linkByKey,
    otherScopeIds,
    foreign,
  };
}

/** The link an unchanged record should have, unless the link table already holds it. */
export function relink(id: Identity, key: string, recordType: RecordType, sbId: string, gleaninId: string, hash: string): LinkOp[] {
  const l = id.linkByKey.get(key);
  return !l || l.gleaninId !== gleaninId || l.contentHash !== hash ? [{ action: 'link', key, recordType, sbId, gleaninId, hash }] : [];
}

/** Of the fields where what was last written differs from Gleanin now, the ones this mapping did write. */
export const editedFields = (diffFromWritten: object, written: Record<string, unknown>): string[] =>
  Object.keys(diffFromWritten).filter((f) => f in written);
