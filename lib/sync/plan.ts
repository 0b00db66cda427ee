/**
 * The planner: desired state (from select) + link table + Gleanin's current records -> the writes
 * that make Gleanin equal the desired state. Pure and linear (Maps only), so preview and sync run
 * the very same function, and a re-run after any interruption recomputes exactly what is left.
 * One concern per module under lib/sync/planner/: identity (which records are ours, and how they are
 * found), people, sessions, deletes and the delete guard. Each record type's fields, their compare
 * rules and labels are its mapper's (lib/sync/mappers/).
 */
import type { GleaninSession, GleaninSpeaker } from '../gleanin/schemas.ts';
import type { LinkRow } from '../store/db.ts';
import { inApplyOrder } from './apply-order.ts';
import type { DesiredState, Plan } from './model.ts';
import { type DeletePolicy, planPeopleLeaving, planSessionsLeaving, withheldDeletes } from './planner/deletes.ts';
import { identify } from './planner/identity.ts';
import { planPeople } from './planner/people.ts';
import { peopleOfUnknownSessions, planSessions } from './planner/sessions.ts';

/**
 * The Gleanin records the planner reads: what it matches records by, and the synced fields the
 * mappers compare (a field Gleanin does not send counts as empty).
 */
export type GleaninPersonRecord = Pick<GleaninSpeaker, 'id' | 'externalIdx' | 'name' | 'email' | 'groups'> &
  Partial<Omit<GleaninSpeaker, 'eventId' | 'sessionIds' | 'campaignLinks' | 'updatedAt'>>;
export type GleaninSessionRecord = Pick<GleaninSession, 'id' | 'externalIdx' | 'title' | 'speakerIds'> & Partial<Omit<GleaninSession, 'eventId' | 'updatedAt'>>;

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

/**
 * The plan with the deletion rules applied: deletes go ahead, wait for a person (`withheld.state`
 * `held`) or are not made at all (`kept`). Withheld deletes are planned out entirely, so sessions
 * keep the speakers that would have been deleted with them attached.
 */
export function plan(input: PlanInput): Plan {
  const id = identify(input);
  const people = planPeople(input, id);
  const unknownPeople = peopleOfUnknownSessions(input, id);
  const keptPeople = new Set([...(input.desired.kept?.personKeys ?? []), ...[...unknownPeople.values()].flat()]);
  const peopleLeaving = planPeopleLeaving(input, id, people.claimed, keptPeople);
  const sessionsWithout = (deletedSpeakerIds: Set<string>) => planSessions(input, id, people, unknownPeople, deletedSpeakerIds);
  let sessions = sessionsWithout(new Set(peopleLeaving.deletes.map((op) => op.gleaninId)));
  const sessionsLeaving = planSessionsLeaving(input, id, sessions.claimed);
  const deletes = [...peopleLeaving.deletes, ...sessionsLeaving.deletes];
  const withheld = withheldDeletes(input, id, deletes);
  if (withheld) sessions = sessionsWithout(new Set());
  // Links of deleted records go with the delete itself (apply), so nothing is forgotten if it fails.
  return {
    kind: input.desired.kind,
    speakerIdOfKey: Object.fromEntries([...people.keyOfSpeakerId].map(([gleaninId, key]) => [key, gleaninId])),
    ops: inApplyOrder([...people.ops, ...peopleLeaving.handBacks, ...sessions.ops, ...(withheld ? [] : deletes)]),
    links: [...people.links, ...peopleLeaving.links, ...sessions.links, ...sessionsLeaving.links],
    conflicts: people.conflicts,
    untouched: [...id.foreign.speakers, ...peopleLeaving.untouched, ...id.foreign.sessions, ...sessionsLeaving.untouched],
    unchanged: { sessions: sessions.unchanged, people: people.unchanged },
    ...(withheld ? { withheld } : {}),
  };
}
