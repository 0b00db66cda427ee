/**
 * Gleanin external ids (`external_idx`) of the records we create. Their format is a Gleanin DESIGN CHOICE
 * kept in lib/gleanin/adapter.ts (`sb:<sessionboard event>:<kind>:<sessionboard id>`); the engine names
 * them by its own record kinds and decides here, once, which records a mapping owns.
 */
import { externalId, externalIdFor, parseExternalId } from '../gleanin/adapter.ts';
import type { RecordType } from './model.ts';

export const externalIdOf = externalId;

/** Which of our record kinds an external id names (any Sessionboard event), or null when we did not create the record. */
export function ownedKindOf(externalIdx: string | null | undefined): RecordType | null {
  const parsed = parseExternalId(externalIdx);
  if (!parsed || parsed === 'unparseable') return null;
  return parsed.kind === 'contact' ? 'speaker' : parsed.kind;
}

/**
 * How a Gleanin record stands to the mapping of one Sessionboard event:
 * - `ours`: its id names this event. `key` is the id the engine knows it by (never the adopted form);
 *   `legacy` when it carries the earlier format without the event (to be re-tagged, and deleted only
 *   when this browser's links prove it is ours); `adopted` when it was made by hand and adopted.
 * - `foreign`: its id names another Sessionboard event, or is an `sb:` id we cannot parse. Never
 *   written or deleted; `reason` says why, in the organizer's words.
 * - `none`: no id of ours at all (hand-made, or another tool's).
 */
export type Ownership =
  | { status: 'ours'; key: string; kind: RecordType; legacy: boolean; adopted: boolean }
  | { status: 'foreign'; reason: string; sbEventId: string | null }
  | { status: 'none' };

export function ownershipOf(externalIdx: string | null | undefined, sbEventId: string | number): Ownership {
  const parsed = parseExternalId(externalIdx);
  if (parsed === null) return { status: 'none' };
  if (parsed === 'unparseable') return { status: 'foreign', reason: 'Not made by this integration (its external id has an unknown form)', sbEventId: null };
  if (parsed.sbEventId !== null && parsed.sbEventId !== String(sbEventId)) {
    return { status: 'foreign', reason: `Belongs to Sessionboard event ${parsed.sbEventId}`, sbEventId: parsed.sbEventId };
  }
  return {
    status: 'ours',
    key: externalIdFor(sbEventId, parsed),
    kind: parsed.kind === 'contact' ? 'speaker' : parsed.kind,
    legacy: parsed.sbEventId === null,
    adopted: parsed.adopted,
  };
}

/** The Sessionboard id one of our keys names (the contact's, for an exhibitor team member). */
export function sbIdOf(key: string): string {
  const parsed = parseExternalId(key);
  return parsed && parsed !== 'unparseable' ? parsed.ids[parsed.ids.length - 1] : key;
}

/** The external id a record of ours should carry: the adopted form for an adopted speaker. */
export const carriedId = (key: string, adopted: boolean): string => (adopted ? externalId.adopted(key) : key);

/** Every Sessionboard event id that ids of these records name, other than `sbEventId` (Add Mapping's check). */
export function otherEventsNamed(externalIdxs: (string | null | undefined)[], sbEventId: string | number): string[] {
  const out = new Set<string>();
  for (const x of externalIdxs) {
    const o = ownershipOf(x, sbEventId);
    if (o.status === 'foreign' && o.sbEventId) out.add(o.sbEventId);
  }
  return [...out].sort();
}
