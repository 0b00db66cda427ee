/**
 * Who may talk to the background (SPEC F1): its own extension pages, and content scripts running
 * in a tab on a Sessionboard origin (lib/config/hosts.ts). Everything else is refused.
 */
import { type Hosts, isSessionboardOrigin } from '../config/hosts.ts';

/** The fields of runtime.MessageSender / Port.sender we look at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
}

export interface SenderPolicy {
  extensionId: string;
  /** e.g. `chrome-extension://<id>` (no trailing slash). */
  extensionOrigin: string;
  hosts: Hosts;
}

export type SenderVerdict =
  | { allowed: true; kind: 'extension-page' | 'content-script' }
  | { allowed: false; reason: string };

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function judgeSender(sender: SenderInfo, policy: SenderPolicy): SenderVerdict {
  if (sender.id !== policy.extensionId) {
    return { allowed: false, reason: 'Messages from other extensions are refused' };
  }
  const url = sender.url ?? sender.origin;
  const origin = sender.origin ?? originOf(url);
  if (origin === policy.extensionOrigin) return { allowed: true, kind: 'extension-page' };
  if (sender.tab && url && isSessionboardOrigin(url, policy.hosts)) return { allowed: true, kind: 'content-script' };
  return {
    allowed: false,
    reason: `Messages are accepted only from Gleanin Bridge's own pages and from Sessionboard pages; refused ${origin ?? 'an unknown sender'}`,
  };
}
