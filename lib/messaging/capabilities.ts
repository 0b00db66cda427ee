/**
 * Who may ask for what: the one capability table of the protocol. Each sender kind gets only what
 * its feature needs. Extension pages (popup, panel) hold every capability; the admin content script
 * shows status, its event's mapping, preview, sync and progress; the portal content script only
 * looks up share links. Connecting, disconnecting, removing mappings, settings, event lists and the
 * CSV export are extension-page only, so a compromised Sessionboard renderer or a bug in a content
 * script cannot reach them.
 *
 * Typed as a Record over every request type: a new message without an entry here does not compile.
 */
import { matchPage } from '../host/registry.ts';
import type { RequestType } from './protocol.ts';

export type SenderKind = 'extension-page' | 'admin-content-script' | 'portal-content-script';
export const senderKinds: readonly SenderKind[] = ['extension-page', 'admin-content-script', 'portal-content-script'];

const PAGES_ONLY = ['extension-page'] as const;
const ADMIN = ['extension-page', 'admin-content-script'] as const;

export const CAPABILITIES: Record<RequestType, readonly SenderKind[]> = {
  /** Masked tokens only; the integrations card shows Connect or Settings from it. */
  getStatus: ADMIN,
  connect: PAGES_ONLY,
  disconnect: PAGES_ONLY,
  listEvents: PAGES_ONLY,
  listMappings: PAGES_ONLY,
  /** Limited further to the event of the agenda or exhibitors page that asks (see SCOPES). */
  mappingForEvent: ADMIN,
  addMapping: PAGES_ONLY,
  updateMappingSettings: PAGES_ONLY,
  removeMapping: PAGES_ONLY,
  previewSync: ADMIN,
  startSync: ADMIN,
  listRuns: PAGES_ONLY,
  /** The portal card's look-up by the exact share link found in its page: nothing else. */
  shareLinksForShareLink: ['extension-page', 'portal-content-script'],
  speakerPortalChecklist: PAGES_ONLY,
  checkConnection: PAGES_ONLY,
  conversionHealth: PAGES_ONLY,
  exportShareLinksCsv: PAGES_ONLY,
  /** The integrations card asks for the one-time grant it hands to the panel frame it opens. */
  requestPanelGrant: ['admin-content-script'],
  /** Only the panel page redeems a grant. */
  redeemPanelGrant: PAGES_ONLY,
};

/** The sync progress broadcast (PROGRESS_PORT): the pages and the admin content script's overlay. */
export const PROGRESS_PORT_KINDS: readonly SenderKind[] = ADMIN;

export function mayRequest(kind: SenderKind, type: RequestType): boolean {
  return CAPABILITIES[type].includes(kind);
}

/**
 * Narrower limits for some content-script requests, checked with the validated payload: the agenda
 * and exhibitors pages may look up the mapping of their own event only.
 */
export function withinScope(kind: SenderKind, type: RequestType, payload: unknown, senderUrl: string | undefined): boolean {
  if (kind !== 'admin-content-script' || type !== 'mappingForEvent') return true;
  const page = senderUrl ? matchPage(senderUrl) : null;
  const asked = (payload as { sbEventId?: unknown }).sbEventId;
  return (page?.page === 'agenda' || page?.page === 'exhibitors') && page.sbEventId === asked;
}
