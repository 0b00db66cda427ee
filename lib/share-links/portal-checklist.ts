/**
 * The mapping's "Speaker portal" checklist, computed from the stored share-link rows (pure): how many
 * synced people have their link in the "Gleanin Link" field and why the others do not. The background
 * adds whether the field exists (a Sessionboard read) and the event's Portals › Tasks address.
 */
import { z } from 'zod';
import type { ConnectionMeta, ShareLinkRow } from '../store/db.ts';
import { primaryLink } from './write-back.ts';

const count = z.number().int().min(0);
const peopleCountsSchema = z.object({
  /** Distinct Sessionboard contacts synced. */
  synced: count,
  /** Their field holds the link we wrote. */
  written: count,
  /** Gleanin has not made their link yet (read again on the next sync). */
  noLinkYet: count,
  /** They have a link, but the token may not write contacts. */
  noWriteScope: count,
  /** They have a link and the token may write: it is written by the next sync (or failed last time). */
  pending: count,
});
type PeopleCounts = z.infer<typeof peopleCountsSchema>;

const isExhibitorRow = (r: ShareLinkRow) => r.roles.includes('exhibitor');

/** One entry per contact; a contact is written when any of its rows carries the value we wrote. */
function countPeople(rows: ShareLinkRow[], canWriteContacts: boolean): PeopleCounts {
  const byContact = new Map<string, ShareLinkRow[]>();
  for (const r of rows) byContact.set(r.sbContactId, [...(byContact.get(r.sbContactId) ?? []), r]);
  const counts: PeopleCounts = { synced: byContact.size, written: 0, noLinkYet: 0, noWriteScope: 0, pending: 0 };
  for (const own of byContact.values()) {
    const links = own.flatMap((r) => r.links);
    const current = own.map((r) => primaryLink(r.links, isExhibitorRow(r) ? 'exhibitor' : 'speaker')).find(Boolean) ?? null;
    if (current === null || links.length === 0) counts.noLinkYet++;
    else if (own.some((r) => r.writtenValue !== null)) counts.written++;
    else if (!canWriteContacts) counts.noWriteScope++;
    else counts.pending++;
  }
  return counts;
}

export const portalChecklistSchema = z.object({
  /** "Gleanin Link" contact field: true/false, null when Sessionboard could not be asked. */
  fieldExists: z.boolean().nullable(),
  fieldCheckError: z.string().optional(),
  canWriteContacts: z.boolean(),
  canWriteFields: z.boolean(),
  speakers: peopleCountsSchema,
  exhibitorContacts: peopleCountsSchema,
  /** The event's Portals › Tasks page in the Sessionboard admin app (the sandbox's app is plain http on 127.0.0.1). */
  tasksUrl: z.url({ protocol: /^https?$/ }),
});
export type PortalChecklist = z.infer<typeof portalChecklistSchema>;

export function portalChecklist(rows: ShareLinkRow[], connection: Pick<ConnectionMeta, 'canWriteContacts' | 'canWriteFields'>, extra: { fieldExists: boolean | null; fieldCheckError?: string; tasksUrl: string }): PortalChecklist {
  return {
    ...extra,
    canWriteContacts: connection.canWriteContacts,
    canWriteFields: connection.canWriteFields,
    speakers: countPeople(rows.filter((r) => !isExhibitorRow(r)), connection.canWriteContacts),
    exhibitorContacts: countPeople(rows.filter(isExhibitorRow), connection.canWriteContacts),
  };
}
