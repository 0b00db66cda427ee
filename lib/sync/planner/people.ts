/**
 * People: each wanted speaker or exhibitor team member is created, adopted, updated or left as it
 * is. Found by external id, then link, then email; a Gleanin speaker with the email that is not ours
 * is a conflict, or adopted with "link existing speakers by email"; another mapping's never is.
 */
import { EXHIBITOR_GROUP } from '../../gleanin/adapter.ts';
import type { LinkRow } from '../../store/db.ts';
import { carriedId } from '../keys.ts';
import { exhibitorContactMapper } from '../mappers/exhibitor-contact.ts';
import type { FieldList, FieldValues, GleaninValues, Mapper } from '../mappers/mapper.ts';
import { speakerMapper } from '../mappers/speaker.ts';
import type { DesiredPerson, LinkOp, PersonFields, PersonOp, Problem } from '../model.ts';
import type { GleaninPersonRecord, PlanInput } from '../plan.ts';
import { type Identity, editedFields, relink } from './identity.ts';

export interface PeoplePlan {
  ops: PersonOp[];
  links: LinkOp[];
  conflicts: Problem[];
  /** Keys of the people not written for a conflict: their sessions go without them. */
  conflicted: Set<string>;
  /** Gleanin speaker ids a wanted person was matched to. */
  claimed: Set<string>;
  /** Gleanin speaker id -> our key, for reading sessions' speaker lists as keys. */
  keyOfSpeakerId: Map<string, string>;
  unchanged: number;
}

/** What a person's mapper says about one Gleanin record: the differing fields, and which of them were edited in Gleanin. */
function compare<L extends FieldList>(m: Mapper<L>, want: FieldValues<L>, have: GleaninValues<L>, link: LinkRow | undefined, only?: (keyof L & string)[]) {
  const diff = m.diff(want, have, only);
  const edited = link?.written ? editedFields(m.diff({ ...want, ...link.written }, have, only), link.written) : [];
  return { diff, edited };
}

/** The fields a person's update would write, by the person's own mapper. */
function personChanges(p: DesiredPerson, g: GleaninPersonRecord, link: LinkRow | undefined, groupsOnly: boolean): { diff: Partial<PersonFields>; edited: string[] } {
  if (p.recordType === 'speaker') return compare(speakerMapper, speakerMapper.valuesOf(p), g, link);
  const want = exhibitorContactMapper.valuesOf(p);
  // A record the speaker sync owns: the exhibitor sync only adds its group.
  return groupsOnly ? compare(exhibitorContactMapper, { ...want, groups: [...new Set([...g.groups, EXHIBITOR_GROUP])] }, g, link, ['groups']) : compare(exhibitorContactMapper, want, g, link);
}

export function planPeople(input: PlanInput, id: Identity): PeoplePlan {
  const out: PeoplePlan = { ops: [], links: [], conflicts: [], conflicted: new Set(), claimed: new Set(), keyOfSpeakerId: new Map(), unchanged: 0 };
  const conflict = (p: DesiredPerson, reason: string, fix: string) => {
    out.conflicted.add(p.key);
    out.conflicts.push({ recordType: p.recordType, sbId: p.sbContactId, friendlyId: p.friendlyId, label: p.name, severity: 'conflict', reason, fix, field: 'email' });
  };
  for (const p of input.desired.people) {
    const want: PersonFields = p.recordType === 'speaker' ? speakerMapper.valuesOf(p) : exhibitorContactMapper.valuesOf(p);
    const hash = p.recordType === 'speaker' ? speakerMapper.hash(p) : exhibitorContactMapper.hash(p);
    const base = { key: p.key, recordType: p.recordType, sbId: p.sbContactId, label: p.name, friendlyId: p.friendlyId } as const;
    const link = id.linkByKey.get(p.key);
    let g = id.speakers.byKey.get(p.key) ?? id.notForeign(link ? id.speakers.byId.get(link.gleaninId) : undefined);
    let adopt = false;
    if (!g) {
      const byEmail = id.speakers.byEmail.get(p.email);
      const owner = id.kindOf(byEmail);
      const found = byEmail ? id.ownOf(byEmail) : undefined;
      if (found?.status === 'foreign') {
        // Another mapping's (or an unknown) record holds this email: never take it over.
        conflict(
          p,
          `A Gleanin speaker with this email (${p.email}) already exists: ${found.reason.charAt(0).toLowerCase()}${found.reason.slice(1)}`,
          'Remove that speaker in Gleanin, or sync it from the Sessionboard event it belongs to',
        );
        continue;
      }
      if (byEmail && owner === id.otherKind) {
        g = byEmail; // one person, both a speaker and an exhibitor team member: share the record
      } else if (byEmail && found?.status === 'none') {
        if (!input.linkExistingByEmail) {
          conflict(
            p,
            `A Gleanin speaker with this email (${p.email}) already exists and was not created by this integration`,
            "Delete or disconnect that speaker in Gleanin, or turn on 'link existing Gleanin speakers by email' for this mapping",
          );
          continue;
        }
        g = byEmail;
        adopt = true;
      }
    }
    if (!g || out.claimed.has(g.id)) {
      out.ops.push({ ...base, action: 'create', resource: 'speakers', fields: want, hash });
      continue;
    }
    out.claimed.add(g.id);
    out.keyOfSpeakerId.set(g.id, p.key);
    // A record the other sync also links (or created) is shared: the speaker sync owns its fields,
    // the exhibitor sync only adds its group.
    const shared = id.kindOf(g) === id.otherKind || id.otherScopeIds.has(g.id);
    const { diff, edited } = personChanges(p, g, link, shared && input.desired.kind === 'exhibitors');
    const changed = Object.keys(diff);
    // The record is known by this very key: it should carry the current form (adopted form when adopted).
    const o = id.ownOf(g);
    const carry = o.status === 'ours' && o.key === p.key ? carriedId(p.key, o.adopted || !!link?.adopted) : null;
    const retag = carry !== null && carry !== g.externalIdx;
    if (adopt) {
      out.ops.push({ ...base, action: 'adopt', resource: 'speakers', gleaninId: g.id, fields: diff, changed, hash, externalIdx: carriedId(p.key, true) });
    } else if (changed.length || retag) {
      out.ops.push({
        ...base, action: 'update', resource: 'speakers', gleaninId: g.id, fields: diff, changed: retag ? [...changed, 'externalIdx'] : changed, hash,
        ...(retag ? { externalIdx: carry } : {}), ...(edited.length ? { editedInGleanin: edited } : {}),
      });
    } else {
      out.unchanged++;
      out.links.push(...relink(id, p.key, p.recordType, p.sbContactId, g.id, hash));
    }
  }
  return out;
}
