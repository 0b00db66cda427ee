/**
 * Portal: "Share Your Attendance" with the Gleanin share links the portal page itself holds (the
 * native task's link, the "Gleanin Link" field value). It needs no token and no connection, so it
 * works in a speaker's own browser. In a connected browser the background may add the same person's
 * other campaign links, looked up by that exact link only: nothing the page says about who is signed
 * in (a name, an email) is read or sent.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import { watchAnchor, type Feature } from '../../lib/host/lifecycle.ts';
import { gleaninLinkOf, portalAnchor, portalShareLinks, type Page } from '../../lib/host/registry.ts';
import { createReactUi, remount } from '../../lib/host/ui.ts';
import { ShareCard, type CardLink } from '../ShareCard.tsx';
import { FloatingPanelButton } from './FloatingPanelButton.tsx';

type PortalPage = Extract<Page, { page: 'portal' }>;
const NAME = 'portal-share';

/**
 * The card's links: every page link, in page order, named after its campaign when the background
 * knows it; then that person's other campaign links the background found by a page link.
 */
function cardLinks(pageLinks: string[], known: Map<string, { url: string; campaignName: string; context: string[] }[]>): CardLink[] {
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

export async function portalFeature(ctx: ContentScriptContext, deps: { bridge: BridgeClient; css: string; fallbackAfterMs?: number }): Promise<Feature<PortalPage>> {
  let links: CardLink[] = [];
  let place: ReturnType<typeof portalAnchor> = null;
  const atAnchor = await createReactUi(ctx, {
    feature: NAME,
    css: deps.css,
    anchor: () => place?.el ?? null,
    append: (anchor, host) => (place?.where === 'before' ? anchor.before(host) : anchor.prepend(host)),
    render: () => <ShareCard links={links} />,
  });
  const floating = await createReactUi(ctx, {
    feature: NAME,
    css: deps.css,
    render: () => (
      <FloatingPanelButton title="Share Your Attendance">
        <ShareCard links={links} />
      </FloatingPanelButton>
    ),
  });
  return {
    name: NAME,
    match: (page) => (page?.page === 'portal' ? page : null),
    mount(_page, left) {
      let pageKey = '';
      links = [];
      /** What is shown: the links, and whether floating. */
      let shown: { floating: boolean; links: CardLink[] } | null = null;
      let anchorNow: typeof place = null;
      let missingNow = false;

      const hide = () => {
        atAnchor.remove();
        floating.remove();
        shown = null;
      };
      const render = () => {
        if (links.length === 0) {
          if (shown) hide();
          return;
        }
        // The anchor is still being waited for: keep what is shown.
        if (!anchorNow && !missingNow) return;
        const ui = anchorNow ? atAnchor : floating;
        if (shown && shown.floating === !anchorNow && shown.links === links && ui.shadowHost.isConnected) return;
        hide();
        place = anchorNow;
        remount(ui);
        shown = { floating: !anchorNow, links };
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
        if (left.aborted || key !== pageKey) return;
        const next = cardLinks(pageLinks, known);
        // Same links, same names: keep the card as it is (a re-mount would lose its "Copied" state).
        if (JSON.stringify(next) === JSON.stringify(links)) return;
        links = next;
        render();
      };
      // The links are read again with each look at the anchor: the portal re-renders its tabs in place.
      watchAnchor(ctx, left, {
        find: () => portalAnchor(document),
        graceMs: deps.fallbackAfterMs ?? 2500,
        observe: { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'value'] },
        update: (anchor, missing) => {
          anchorNow = anchor;
          missingNow = missing;
          const pageLinks = portalShareLinks(document);
          const key = pageLinks.join(' ');
          if (key !== pageKey) {
            pageKey = key;
            links = cardLinks(pageLinks, new Map());
            if (pageLinks.length) void enrich(key, pageLinks);
          }
          render();
        },
      });
      left.addEventListener('abort', hide);
    },
  };
}
