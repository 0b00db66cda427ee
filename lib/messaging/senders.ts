/**
 * Who may talk to the background (it holds the tokens): its own extension pages, and content scripts running
 * in a tab on a Sessionboard origin (lib/config/hosts.ts). Everything else is refused. An accepted
 * sender is given a kind (lib/messaging/capabilities.ts says what each kind may ask for): the
 * extension's own origin is an extension page; a Sessionboard tab is the portal content script on a
 * portal page (lib/host/registry.ts decides from the path, since the sandbox serves both on one
 * origin) or on a portal-only origin, and the admin content script on the admin app otherwise.
 */
import { type Hosts, isSessionboardOrigin } from '../config/hosts.ts';
import { matchPage } from '../host/registry.ts';
import type { SenderKind } from './capabilities.ts';

/** The fields of runtime.MessageSender / Port.sender we look at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface SenderPolicy {
  extensionId: string;
  /** e.g. `chrome-extension://<id>` (no trailing slash). */
  extensionOrigin: string;
  hosts: Hosts;
}

export type SenderVerdict = { allowed: true; kind: SenderKind } | { allowed: false; reason: string };

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Which of our content scripts a Sessionboard page's sender is. */
function contentKind(url: string, origin: string | undefined, hosts: Hosts): SenderKind {
  if (matchPage(url)?.page === 'portal') return 'portal-content-script';
  return origin !== undefined && hosts.sessionboardApp.includes(origin) ? 'admin-content-script' : 'portal-content-script';
}

export function judgeSender(sender: SenderInfo, policy: SenderPolicy): SenderVerdict {
  if (sender.id !== policy.extensionId) {
    return { allowed: false, reason: 'Messages from other extensions are refused' };
  }
  const url = sender.url ?? sender.origin;
  const origin = sender.origin ?? originOf(url);
  if (origin === policy.extensionOrigin) return { allowed: true, kind: 'extension-page' };
  if (sender.tab && url && isSessionboardOrigin(url, policy.hosts)) {
    return { allowed: true, kind: contentKind(url, originOf(url), policy.hosts) };
  }
  return {
    allowed: false,
    reason: `Messages are accepted only from Gleanin Bridge's own pages and from Sessionboard pages; refused ${origin ?? 'an unknown sender'}`,
  };
}
