/**
 * Gleanin external ids (`external_idx`) of the records we create. Their format is a Gleanin DESIGN CHOICE
 * kept in lib/gleanin/adapter.ts (`sb:<kind>:<sessionboard id>`); the engine names them by its own
 * record kinds.
 */
import { externalId, parseExternalId } from '../gleanin/adapter.ts';

export const externalIdOf = externalId;

export type OwnedKind = 'session' | 'speaker' | 'exhibitor-contact';

/** Which of our record kinds an external id names, or null when we did not create the record. */
export function ownedKindOf(externalIdx: string | null | undefined): OwnedKind | null {
  const parsed = parseExternalId(externalIdx);
  if (!parsed) return null;
  return parsed.kind === 'contact' ? 'speaker' : parsed.kind;
}
