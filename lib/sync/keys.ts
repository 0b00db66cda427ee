/**
 * Gleanin external ids (`external_idx`) of the records we create: `sb:<kind>:<sessionboard id>`
 * (DESIGN CHOICE, reference/gleanin-api.md §6.2 and §6.1 8a). Stable across reconnects, so a re-made
 * mapping finds its records again.
 */
export const externalIdOf = {
  session: (sbSessionId: string) => `sb:session:${sbSessionId}`,
  contact: (sbContactId: string) => `sb:contact:${sbContactId}`,
  exhibitorContact: (sbExhibitorId: string, sbContactId: string) => `sb:exhibitor-contact:${sbExhibitorId}:${sbContactId}`,
};

export type OwnedKind = 'session' | 'speaker' | 'exhibitor-contact';

/** Which of our record kinds an external id names, or null when we did not create the record. */
export function ownedKindOf(externalIdx: string | null | undefined): OwnedKind | null {
  if (!externalIdx) return null;
  if (externalIdx.startsWith('sb:session:')) return 'session';
  if (externalIdx.startsWith('sb:contact:')) return 'speaker';
  if (externalIdx.startsWith('sb:exhibitor-contact:')) return 'exhibitor-contact';
  return null;
}
