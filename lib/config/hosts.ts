/**
 * Every host and base URL the extension talks to or overlays. Nothing else in the code base
 * hard-codes one: the manifest (wxt.config.ts), content-script matches and the API clients all
 * read from here, so a sandbox build differs from the real one in this file only.
 *
 * Real hosts and how sure we are of each: docs/api-assumptions.md C1-C3 (Sessionboard API US/EU, admin app
 * appv2 / appv2-eu, legacy portal) and G2 (Gleanin client API). The participant portal is a route of
 * the admin app's host (`/portals/<slug>/<id>`, EU host by analogy); the legacy portal still lives on
 * app.sessionboard.com for some events.
 */
/** Sessionboard's API regions. */
export const REGIONS = ['us', 'eu'] as const;
export type Region = (typeof REGIONS)[number];

/** The browser a build is made for (WXT's `-b`); only the sandbox target's match patterns differ by it. */
export type TargetBrowser = 'chrome' | 'firefox';

export interface Hosts {
  /** Which services this build targets. */
  target: 'real' | 'sandbox';
  /** Gleanin client API base, ending in /api/clients/v1. */
  gleaninApi: string;
  /** Sessionboard Public API origin per region; `/v1/...` lives under it. */
  sessionboardApi: Record<Region, string>;
  /** Sessionboard admin app origins (content scripts overlay these). */
  sessionboardApp: string[];
  /** Sessionboard participant portal origins. */
  sessionboardPortal: string[];
  /** Match patterns for host_permissions: exactly the hosts above, nothing broader. */
  hostPermissions: string[];
  /** Match patterns for content scripts on the admin app and portal. */
  appMatches: string[];
  portalMatches: string[];
  /**
   * URL globs content scripts also require, when the match patterns alone are broader than the origins
   * above (a Firefox sandbox build, whose patterns cannot name a port); absent when the patterns are exact.
   */
  contentGlobs?: string[];
}

export const REAL_HOSTS: Hosts = {
  target: 'real',
  gleaninApi: 'https://app.gleanin.com/api/clients/v1',
  sessionboardApi: {
    us: 'https://public-api.sessionboard.com',
    eu: 'https://public-api-eu.sessionboard.com',
  },
  sessionboardApp: ['https://appv2.sessionboard.com', 'https://appv2-eu.sessionboard.com'],
  sessionboardPortal: ['https://appv2.sessionboard.com', 'https://appv2-eu.sessionboard.com', 'https://app.sessionboard.com'],
  hostPermissions: [
    'https://appv2.sessionboard.com/*',
    'https://appv2-eu.sessionboard.com/*',
    'https://app.sessionboard.com/*',
    'https://public-api.sessionboard.com/*',
    'https://public-api-eu.sessionboard.com/*',
    'https://app.gleanin.com/*',
  ],
  appMatches: ['https://appv2.sessionboard.com/*', 'https://appv2-eu.sessionboard.com/*'],
  // Whole hosts, not `/portals/*`: the portal is reached by client-side navigation (e.g. from
  // /me/portals), which does not inject a content script whose pattern the first page did not match.
  portalMatches: ['https://appv2.sessionboard.com/*', 'https://appv2-eu.sessionboard.com/*', 'https://app.sessionboard.com/*'],
};

/**
 * The sandbox serves every API and the replica app on one origin. Firefox matches nothing with a match
 * pattern that names a port (it still lists such a permission as granted), so a Firefox build asks for
 * `http://127.0.0.1/*`; its base URLs keep the port, the background accepts messages from the sandbox
 * origin only (isSessionboardOrigin) and content scripts also require a glob with the port.
 */
export function sandboxHosts(port: number, browser: TargetBrowser = 'chrome'): Hosts {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Sandbox port must be an integer between 1 and 65535, got ${port}`);
  }
  const origin = `http://127.0.0.1:${port}`;
  const pattern = browser === 'firefox' ? 'http://127.0.0.1/*' : `${origin}/*`;
  return {
    target: 'sandbox',
    gleaninApi: `${origin}/api/clients/v1`,
    sessionboardApi: { us: origin, eu: origin },
    sessionboardApp: [origin],
    sessionboardPortal: [origin],
    hostPermissions: [pattern],
    appMatches: [pattern],
    portalMatches: [pattern],
    ...(browser === 'firefox' ? { contentGlobs: [`${origin}/*`] } : {}),
  };
}

/**
 * Hosts for a build: `mode === 'sandbox'` targets the sandbox on `port`, anything else the real services.
 * `browser` is WXT's target browser name; every browser but Firefox takes Chrome's patterns.
 */
export function hostsFor(mode: string | undefined, port: string | number | undefined, browser?: string): Hosts {
  if (mode !== 'sandbox') return REAL_HOSTS;
  const n = Number(port ?? 4555);
  return sandboxHosts(n, browser === 'firefox' ? 'firefox' : 'chrome');
}

/**
 * Hosts of the running build, from the values WXT bakes in at build time. In Node (tests, bench)
 * `import.meta.env` may be absent: that means the real services unless a test passes hosts itself.
 */
export function currentHosts(): Hosts {
  const env = (import.meta as { env?: Record<string, string | undefined> }).env;
  return hostsFor(env?.MODE, env?.WXT_SANDBOX_PORT, env?.BROWSER);
}

/** The admin app's origin for a region (the EU app is the second origin of the real hosts). */
export function sessionboardAppOrigin(region: Region, hosts: Hosts = currentHosts()): string {
  return (region === 'eu' ? hosts.sessionboardApp[1] : undefined) ?? hosts.sessionboardApp[0];
}

/** True when `url` is on one of the Sessionboard origins that may talk to the background. */
export function isSessionboardOrigin(url: string, hosts: Hosts = currentHosts()): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return [...hosts.sessionboardApp, ...hosts.sessionboardPortal].includes(origin);
}
