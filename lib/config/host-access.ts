/**
 * Host permissions the user can take back (Firefox lets them revoke any host permission): which of this
 * build's hosts the extension may not reach now, and the words we show for it. Without access a fetch
 * fails like an unreachable server, so Connect and the popup ask for access instead of blaming the network.
 * The hosts and patterns themselves live in hosts.ts.
 */
import type { Hosts, Region } from './hosts.ts';

/** The part of `browser.permissions` we use; tests pass a stub. */
export interface HostPermissionsPort {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
}

export interface MissingHost {
  /** The match pattern to request, as the manifest names it. */
  pattern: string;
  /** What the user reads: the pattern's host (with its port when the pattern has one). */
  host: string;
}

export const needsAccessMessage = (host: string): string => `Gleanin Bridge needs access to ${host}`;

const PATTERN = /^(\*|https?):\/\/([^/]+)\//;

/** `https://app.gleanin.com/*` -> `app.gleanin.com`; `http://127.0.0.1/*` -> `127.0.0.1`. */
export function hostOfPattern(pattern: string): string {
  const m = PATTERN.exec(pattern);
  if (!m) throw new Error(`Not a host match pattern: ${pattern}`);
  return m[2];
}

/**
 * The host permission of `hosts` that covers `url`, as browsers match: same scheme, same host, and the
 * same port when the pattern names one (a pattern without a port covers every port of its host).
 */
export function patternFor(url: string, hosts: Hosts): string | undefined {
  const u = new URL(url);
  return hosts.hostPermissions.find((p) => {
    const m = PATTERN.exec(p);
    if (!m) return false;
    const [, scheme, host] = m;
    if (scheme !== '*' && `${scheme}:` !== u.protocol) return false;
    return host.includes(':') ? host === u.host : host === u.hostname;
  });
}

/** This build's host permissions that are not granted now, in manifest order. */
export async function missingHosts(perms: HostPermissionsPort, hosts: Hosts): Promise<MissingHost[]> {
  const granted = await Promise.all(hosts.hostPermissions.map((p) => perms.contains({ origins: [p] })));
  return hosts.hostPermissions.filter((_, i) => !granted[i]).map((pattern) => ({ pattern, host: hostOfPattern(pattern) }));
}

/** Per service, the "needs access" message for the APIs of a Sessionboard region (`apiAccessErrors` with its ports bound). */
export type ApiAccessCheck = (region: Region) => Promise<{ gleanin?: string; sessionboard?: string }>;

/**
 * For Connect and each sync: per service, the "needs access" message when the API it calls is not covered by a granted
 * host permission (nothing for a service we may reach).
 */
export async function apiAccessErrors(perms: HostPermissionsPort, hosts: Hosts, region: Region): Promise<{ gleanin?: string; sessionboard?: string }> {
  const missing = new Set((await missingHosts(perms, hosts)).map((m) => m.pattern));
  const blocked = (url: string) => {
    const p = patternFor(url, hosts);
    return p && missing.has(p) ? needsAccessMessage(hostOfPattern(p)) : undefined;
  };
  const gleanin = blocked(hosts.gleaninApi);
  const sessionboard = blocked(hosts.sessionboardApi[region]);
  return { ...(gleanin ? { gleanin } : {}), ...(sessionboard ? { sessionboard } : {}) };
}
