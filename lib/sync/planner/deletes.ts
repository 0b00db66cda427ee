/**
 * Deletes: this mapping's records of the kinds this sync covers that Sessionboard no longer wants,
 * and the delete guard that decides whether they go ahead. A record shared with the other sync is
 * handed back (only our part removed), an adopted speaker released (our external id cleared), an
 * earlier-format record this browser never linked left alone.
 */
import { EXHIBITOR_GROUP } from '../../gleanin/adapter.ts';
import { defaultMappingSettings, type MappingSettings } from '../../store/schemas.ts';
import { sbIdOf } from '../keys.ts';
import type { LinkOp, PersonOp, Problem, SessionOp, WithheldDeletes, WriteOp } from '../model.ts';
import type { PlanInput } from '../plan.ts';
import { type Identity, leftAlone } from './identity.ts';

/** The mapping's delete settings and the person's decision on held deletes. */
export interface DeletePolicy {
  /** "When a record leaves Sessionboard". */
  whenRecordLeaves: 'delete' | 'keep';
  /** "Ask before deleting more than N % of synced records". */
  askAbovePercent: number;
  /** The person's answer to "Confirm deletions in Gleanin": `delete` covers exactly `keys` (all when absent). */
  decision?: { choice: 'delete' | 'keep'; keys?: string[] };
}

/** A mapping's delete settings as the planner reads them. */
export const deletePolicyOf = (settings: Pick<MappingSettings, 'whenRecordLeaves' | 'askBeforeDeletingPercent'>): DeletePolicy => ({
  whenRecordLeaves: settings.whenRecordLeaves,
  askAbovePercent: settings.askBeforeDeletingPercent,
});

const DEFAULT_DELETE_POLICY = deletePolicyOf(defaultMappingSettings());

/** Deletes above both this count and the mapping's percentage wait for a person. */
const DELETE_GUARD_MIN_RECORDS = 5;

const earlierVersion = (input: PlanInput) =>
  `Made by an earlier version of this integration for a Sessionboard event it cannot name, and not wanted by Sessionboard event ${input.sbEventId}`;

interface Leaving<Op extends WriteOp> {
  deletes: Extract<Op, { action: 'delete' }>[];
  /** Updates that hand a shared record back: the exhibitor group removed, the record kept. */
  handBacks: PersonOp[];
  links: LinkOp[];
  untouched: Problem[];
}

/** People of this sync's kind in Gleanin that are no longer wanted (and not kept as they are). */
export function planPeopleLeaving(input: PlanInput, id: Identity, claimed: Set<string>, keptPeople: Set<string>): Leaving<PersonOp> {
  const out: Leaving<PersonOp> = { deletes: [], handBacks: [], links: [], untouched: [] };
  const { scopeKind } = id;
  const desiredKeys = new Set(input.desired.people.map((p) => p.key));
  const reason =
    scopeKind === 'speaker'
      ? 'No remaining synced session (removed from its sessions, or they are no longer synced)'
      : 'No longer a team member of an exhibitor in Sessionboard, or the exhibitor was deleted';
  const handBack = (key: string, sbId: string, g: PlanInput['gleanin']['speakers'][number]) =>
    out.handBacks.push({
      key, recordType: scopeKind, sbId, label: g.name, friendlyId: null,
      action: 'update', resource: 'speakers', gleaninId: g.id, fields: { groups: g.groups.filter((x) => x !== EXHIBITOR_GROUP) }, changed: ['groups'],
    });
  for (const g of input.gleanin.speakers) {
    const o = id.ownOf(g);
    if (claimed.has(g.id) || o.status !== 'ours' || o.kind !== scopeKind || desiredKeys.has(o.key) || keptPeople.has(o.key)) continue;
    const key = o.key;
    if (o.legacy && !id.linkByKey.has(key)) {
      // An earlier-format id does not name its Sessionboard event: only this browser's link proves it ours.
      out.untouched.push(leftAlone(g, scopeKind, g.name, earlierVersion(input)));
      continue;
    }
    const base = { key, recordType: scopeKind, sbId: sbIdOf(key), label: g.name, friendlyId: null } as const;
    if (id.otherScopeIds.has(g.id)) {
      // Still a speaker (or team member) through the other sync: keep it, drop only our part.
      if (scopeKind === 'exhibitor-contact' && g.groups.includes(EXHIBITOR_GROUP)) handBack(key, base.sbId, g);
      if (id.linkByKey.has(key)) out.links.push({ action: 'unlink', key });
      continue;
    }
    if (o.adopted || id.linkByKey.get(key)?.adopted) {
      out.deletes.push({
        ...base, action: 'delete', resource: 'speakers', gleaninId: g.id, release: true,
        reason: `${reason}; it was made in Gleanin, not by this integration, so it is kept there and only unlinked`,
      });
      continue;
    }
    out.deletes.push({ ...base, action: 'delete', resource: 'speakers', gleaninId: g.id, reason });
  }
  // Links of this kind pointing at records we no longer want (shared records, or records gone from Gleanin).
  for (const l of input.links) {
    if (l.sbKind !== scopeKind || desiredKeys.has(l.externalIdx)) continue;
    const g = id.speakers.byId.get(l.gleaninId);
    if (g && keptPeople.has(l.externalIdx)) continue;
    if (g && id.kindOf(g) === scopeKind && id.keyOf(g) === l.externalIdx) continue; // handled above
    if (g && scopeKind === 'exhibitor-contact' && g.groups.includes(EXHIBITOR_GROUP) && !claimed.has(g.id)) handBack(l.externalIdx, l.sbId, g);
    out.links.push({ action: 'unlink', key: l.externalIdx });
  }
  return out;
}

/** This mapping's sessions in Gleanin that Sessionboard no longer wants (sessions syncs only). */
export function planSessionsLeaving(input: PlanInput, id: Identity, claimed: Set<string>): Leaving<SessionOp> {
  const out: Leaving<SessionOp> = { deletes: [], handBacks: [], links: [], untouched: [] };
  if (input.desired.kind !== 'sessions') return out;
  const wanted = new Set(input.desired.sessions.map((s) => s.key));
  const kept = new Set(input.desired.kept?.sessionKeys);
  for (const g of input.gleanin.sessions) {
    const o = id.ownOf(g);
    if (claimed.has(g.id) || o.status !== 'ours' || o.kind !== 'session' || wanted.has(o.key) || kept.has(o.key)) continue;
    const key = o.key;
    if (o.legacy && !id.linkByKey.has(key)) {
      out.untouched.push(leftAlone(g, 'session', g.title, earlierVersion(input)));
      continue;
    }
    const sbId = sbIdOf(key);
    out.deletes.push({
      key, recordType: 'session', sbId, label: g.title, friendlyId: null, action: 'delete', resource: 'sessions', gleaninId: g.id,
      reason: input.ineligibleReasons?.get(sbId) ?? 'No longer accepted, or deleted, in Sessionboard',
    });
  }
  for (const l of input.links) {
    if (l.sbKind === 'session' && !wanted.has(l.externalIdx) && !id.sessions.byKey.has(l.externalIdx)) out.links.push({ action: 'unlink', key: l.externalIdx });
  }
  return out;
}

/**
 * The delete guard: whether the planned deletes go ahead (undefined), wait for a person (`held`: an
 * untrusted read, or more than the mapping deletes without asking) or are not made (`kept`: "Keep it
 * in Gleanin", or the person chose to keep).
 */
export function withheldDeletes(input: PlanInput, id: Identity, deletes: Extract<WriteOp, { action: 'delete' }>[]): WithheldDeletes | undefined {
  if (!deletes.length) return undefined;
  const policy = input.deletes ?? DEFAULT_DELETE_POLICY;
  const records = deletes.map((op) => ({ recordType: op.recordType, key: op.key, label: op.label, friendlyId: op.friendlyId, reason: op.reason }));
  if (policy.whenRecordLeaves === 'keep') {
    return { state: 'kept', needsDecision: false, reasons: ['"When a record leaves Sessionboard" is set to "Keep it in Gleanin"'], records };
  }
  const reasons = [...(input.readIssues ?? []), ...emptyReadIssue(input, deletes.length)];
  if (reasons.length) return { state: 'held', needsDecision: false, reasons, records };
  if (policy.decision?.choice === 'keep') {
    return { state: 'kept', needsDecision: false, reasons: ['You chose "Keep in Gleanin" for these deletions'], records };
  }
  const mine = ownedCount(input, id);
  const limit = (mine * policy.askAbovePercent) / 100;
  if (deletes.length <= DELETE_GUARD_MIN_RECORDS || deletes.length <= limit) return undefined;
  const { decision } = policy;
  const confirmed = decision?.choice === 'delete' && (!decision.keys || deletes.every((op) => decision.keys!.includes(op.key)));
  if (confirmed) return undefined;
  return {
    state: 'held', needsDecision: true, records,
    reasons: [`This sync would delete ${deletes.length} of the ${mine} records synced to Gleanin, more than the ${policy.askAbovePercent} % this mapping deletes without asking`],
  };
}

/** This mapping's own records in Gleanin, of the kinds this sync covers (the base of the delete guard's percentage). */
function ownedCount(input: PlanInput, id: Identity): number {
  let n = 0;
  for (const g of input.gleanin.speakers) {
    const o = id.ownOf(g);
    if (o.status === 'ours' && o.kind === id.scopeKind) n++;
  }
  if (input.desired.kind === 'sessions') for (const g of input.gleanin.sessions) if (id.ownOf(g).status === 'ours') n++;
  return n;
}

/** Nothing eligible in Sessionboard while Gleanin holds this mapping's records: more likely a bad read than a wiped event. */
function emptyReadIssue(input: PlanInput, deletes: number): string[] {
  const { desired } = input;
  const nothing = desired.kind === 'sessions' ? desired.sessions.length === 0 && !desired.kept?.sessionKeys.length : desired.people.length === 0;
  if (!nothing) return [];
  const what = desired.kind === 'sessions' ? 'no session' : 'no exhibitor team member';
  return [
    `Sessionboard returned ${what} to sync while Gleanin holds ${deletes} records synced from it: deletes wait until a read shows the event again (a transient fault, or a token for another event, looks like this)`,
  ];
}
