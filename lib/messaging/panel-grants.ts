/**
 * One-time grants for the framed connect-and-mapping panel. The integrations card (admin content
 * script) asks the background for a grant just before it frames the panel and passes it in the
 * frame's URL fragment; the panel redeems it before it shows anything actionable. A grant is random,
 * bound to the tab that asked, used once and short-lived, so a panel framed by the page itself (which
 * cannot read our closed shadow root, and cannot ask for a grant) offers nothing to click.
 */
export interface PanelGrants {
  issue(tabId: number): string;
  redeem(grant: string, tabId: number | undefined): boolean;
}

/** Long enough for a slow frame load; the card asks again each time it opens the panel. */
const GRANT_TTL_MS = 60_000;

function randomGrant(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function createPanelGrants(now: () => number = Date.now, ttlMs = GRANT_TTL_MS): PanelGrants {
  const open = new Map<string, { tabId: number; expires: number }>();
  const sweep = () => {
    const t = now();
    for (const [g, v] of open) if (v.expires <= t) open.delete(g);
  };
  return {
    issue(tabId) {
      sweep();
      const grant = randomGrant();
      open.set(grant, { tabId, expires: now() + ttlMs });
      return grant;
    },
    redeem(grant, tabId) {
      sweep();
      const entry = open.get(grant);
      // Used up whatever the outcome: a guessed or replayed grant gets no second try.
      open.delete(grant);
      return entry !== undefined && tabId !== undefined && entry.tabId === tabId;
    },
  };
}

/** The grant travels in the frame URL's fragment (never sent to any server, not in the page's DOM). */
export function panelUrlWithGrant(panelUrl: string, grant: string, intent?: 'disconnect'): string {
  const params = new URLSearchParams({ grant });
  if (intent) params.set('intent', intent);
  return `${panelUrl.split('#')[0]}#${params.toString()}`;
}

export function readPanelHash(hash: string): { grant: string | null; intent: 'disconnect' | null } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { grant: params.get('grant'), intent: params.get('intent') === 'disconnect' ? 'disconnect' : null };
}
