/**
 * Sessions: each wanted session is created, updated or left as it is, found by external id, then
 * link. Its speakers are the people the plan writes (conflicted people are left out); a session whose
 * people Sessionboard did not send keeps the ones it has in Gleanin.
 */
import { sessionMapper } from '../mappers/session.ts';
import type { LinkOp, SessionOp } from '../model.ts';
import type { PlanInput } from '../plan.ts';
import { type Identity, editedFields, relink } from './identity.ts';
import type { PeoplePlan } from './people.ts';

interface SessionsPlan {
  ops: SessionOp[];
  links: LinkOp[];
  /** Gleanin session ids a wanted session was matched to. */
  claimed: Set<string>;
  unchanged: number;
}

/** The speakers' keys of a Gleanin record, `gleanin:<id>` for a speaker that is not one of ours. */
const speakerKeysOf = (id: Identity, speakerIds: string[], known?: Map<string, string>): string[] =>
  speakerIds.map((gid) => {
    const sp = id.speakers.byId.get(gid);
    return known?.get(gid) ?? (sp && id.keyOf(sp)) ?? `gleanin:${gid}`;
  });

/**
 * Sessions Sessionboard sent without their people: the people they have in Gleanin, by session key.
 * Those people are kept (neither written nor deleted).
 */
export function peopleOfUnknownSessions(input: PlanInput, id: Identity): Map<string, string[]> {
  const unknown = new Map<string, string[]>();
  for (const s of input.desired.sessions) {
    if (s.peopleUnknown) unknown.set(s.key, speakerKeysOf(id, id.sessions.byKey.get(s.key)?.speakerIds ?? []));
  }
  return unknown;
}

/**
 * `deletedSpeakerIds`: a deleted speaker leaves its sessions with it (a record that no longer exists
 * cannot stay attached), so a session losing only speakers that are deleted anyway needs no write.
 */
export function planSessions(input: PlanInput, id: Identity, people: PeoplePlan, unknownPeople: Map<string, string[]>, deletedSpeakerIds: Set<string>): SessionsPlan {
  const out: SessionsPlan = { ops: [], links: [], claimed: new Set(), unchanged: 0 };
  for (const s of input.desired.sessions) {
    const want = sessionMapper.valuesOf(s);
    const known = unknownPeople.get(s.key);
    if (known) want.speakerKeys = known.filter((k) => !k.startsWith('gleanin:'));
    if (people.conflicted.size) want.speakerKeys = want.speakerKeys.filter((k) => !people.conflicted.has(k));
    const hash = sessionMapper.hash(want);
    const base = { key: s.key, recordType: 'session', sbId: s.sbId, label: s.title, friendlyId: s.friendlyId } as const;
    const link = id.linkByKey.get(s.key);
    const g = id.sessions.byKey.get(s.key) ?? id.notForeign(link ? id.sessions.byId.get(link.gleaninId) : undefined);
    if (!g || out.claimed.has(g.id)) {
      out.ops.push({ ...base, action: 'create', resource: 'sessions', fields: want, hash });
      continue;
    }
    out.claimed.add(g.id);
    const have = { ...g, speakerKeys: speakerKeysOf(id, g.speakerIds.filter((gid) => !deletedSpeakerIds.has(gid)), people.keyOfSpeakerId) };
    const diff = sessionMapper.diff(want, have);
    const changed = Object.keys(diff);
    const retag = id.keyOf(g) === s.key && g.externalIdx !== s.key;
    if (changed.length || retag) {
      const edited = link?.written ? editedFields(sessionMapper.diff({ ...want, ...link.written }, have), link.written) : [];
      out.ops.push({
        ...base, action: 'update', resource: 'sessions', gleaninId: g.id, fields: diff, changed: retag ? [...changed, 'externalIdx'] : changed, hash,
        ...(retag ? { externalIdx: s.key } : {}), ...(edited.length ? { editedInGleanin: edited } : {}),
      });
    } else {
      out.unchanged++;
      out.links.push(...relink(id, s.key, 'session', s.sbId, g.id, hash));
    }
  }
  return out;
}
