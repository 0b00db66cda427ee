/**
 * Portal: "Share Your Attendance" with the Gleanin share links the portal page itself holds (the
 * native task's link, the "Gleanin Link" field value). It needs no token and no connection, so it
 * works in a speaker's own browser. In a connected browser the background may add the same person's
 * other campaign links, looked up by that exact link only: nothing the page says about who is signed
 * in (a name, an email) is read or sent.
 */
import { createRoot, type Root } from 'react-dom/client';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import type { Feature } from '../../lib/host/lifecycle.ts';
import { gleaninLinkOf, portalAnchor, portalShareLinks, type Page } from '../../lib/host/registry.ts';
import { createShadowHost, type ShadowMount } from '../../lib/host/shadow.ts';
import { ShareCard, type CardLink } from '../ShareCard.tsx';
import { FloatingPanelButton } from './FloatingPanelButton.tsx';

type PortalPage = Extract<Page, { page: 'portal' }>;
const NAME = 'portal-share';

/**
 * The card's links: every page link, in page order, named after its campaign when the background
 * knows it; then that person's other campaign links the background found by a page link.
 */
export function cardLinks(pageLinks: string[], known: Map<string, { url: string; campaignName: string; context: string[] }[]>): CardLink[] {
  const out: CardLink[] = [];
  const seen = new Set<string>();
  const push = (l: CardLink) => {
    if (seen.has(l.url)) return;
    seen.add(l.url);
    out.push(l);
  };
  for (const url of pageLinks) {
    const same = known.get(url)?.find((k) => k.url === url);
    push({ url, campaign: same?.campaignName ?? null, context: same?.context ?? [] });
  }
  for (const url of pageLinks) {
    for (const k of known.get(url) ?? []) {
      const safe = gleaninLinkOf(k.url);
      if (safe) push({ url: safe, campaign: k.campaignName, context: k.context });
    }
  }
  return out;
}

export function portalFeature(deps: { bridge: BridgeClient; css: string; fallbackAfterMs?: number }): Feature<PortalPage> {
  return {
    name: NAME,
    match: (page) => (page?.page === 'portal' ? page : null),
    mount() {
      let pageKey = '';
      let links: CardLink[] = [];
      let ui: { shadow: ShadowMount; root: Root; floating: boolean; links: CardLink[] } | null = null;
      let disposed = false;
      let started = Date.now();

      const unmount = () => {
        ui?.root.unmount();
        ui?.shadow.remove();
        ui = null;
      };
      const render = () => {
        if (disposed || links.length === 0) return unmount();
        const anchor = portalAnchor(document);
        const floating = !anchor;
        if (floating && Date.now() - started < (deps.fallbackAfterMs ?? 2500)) return;
        if (ui && ui.floating === floating && ui.shadow.host.isConnected && ui.links === links) return;
        unmount();
        const shadow = createShadowHost({
          feature: NAME,
          css: deps.css,
          place: anchor ? (h) => (anchor.where === 'before' ? anchor.el.before(h) : anchor.el.prepend(h)) : undefined,
        });
        const root = createRoot(shadow.container);
        const card = <ShareCard links={links} />;
        root.render(floating ? <FloatingPanelButton title="Share Your Attendance">{card}</FloatingPanelButton> : card);
        ui = { shadow, root, floating, links };
      };
      /** The store's rows for each page link (an unconnected browser simply has none). */
      const enrich = async (key: string, pageLinks: string[]) => {
        const known = new Map<string, { url: string; campaignName: string; context: string[] }[]>();
        await Promise.all(
          pageLinks.map(async (link) => {
            try {
              const rows = await deps.bridge.request('shareLinksForShareLink', { link });
              known.set(link, rows.flatMap((r) => r.links.map((l) => ({ url: l.url, campaignName: l.campaignName, context: r.context }))));
            } catch {
              // No background answer: the page's own links are enough.
            }
          }),
        );
        if (disposed || key !== pageKey) return;
        const next = cardLinks(pageLinks, known);
        // Same links, same names: keep the card as it is (a re-mount would lose its "Copied" state).
        if (JSON.stringify(next) === JSON.stringify(links)) return;
        links = next;
        render();
      };
      const check = () => {
        const pageLinks = portalShareLinks(document);
        const key = pageLinks.join(' ');
        if (key !== pageKey) {
          pageKey = key;
          links = cardLinks(pageLinks, new Map());
          if (pageLinks.length) void enrich(key, pageLinks);
        }
        render();
      };
      // Debounced: the portal re-renders often; one cheap look per burst of changes.
      let pending = 0;
      const observer = new MutationObserver(() => {
        if (pending) return;
        pending = window.setTimeout(() => {
          pending = 0;
          check();
        }, 150);
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'value'] });
      started = Date.now();
      check();
      const timer = window.setTimeout(check, (deps.fallbackAfterMs ?? 2500) + 50);
      return () => {
        disposed = true;
        observer.disconnect();
        window.clearTimeout(timer);
        window.clearTimeout(pending);
        unmount();
      };
    },
  };
}
