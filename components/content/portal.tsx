/** Portal: "Share Your Attendance" for the contact shown as "Logged in as <email>". */
import { createRoot, type Root } from 'react-dom/client';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import type { ShareLinkView } from '../../lib/messaging/protocol.ts';
import type { Feature } from '../../lib/host/lifecycle.ts';
import { portalAnchor, portalEmail, type Page } from '../../lib/host/registry.ts';
import { createShadowHost, type ShadowMount } from '../../lib/host/shadow.ts';
import { ShareCard } from '../ShareCard.tsx';
import { FloatingPanelButton } from './FloatingPanelButton.tsx';

type PortalPage = Extract<Page, { page: 'portal' }>;
const NAME = 'portal-share';

export function portalFeature(deps: { bridge: BridgeClient; css: string; fallbackAfterMs?: number }): Feature<PortalPage> {
  return {
    name: NAME,
    match: (page) => (page?.page === 'portal' ? page : null),
    mount(page) {
      let rows: ShareLinkView[] | null = null;
      let email: string | null = null;
      let ui: { shadow: ShadowMount; root: Root; floating: boolean; rows: ShareLinkView[] } | null = null;
      let disposed = false;
      let started = Date.now();

      const unmount = () => {
        ui?.root.unmount();
        ui?.shadow.remove();
        ui = null;
      };
      const render = () => {
        if (disposed || !rows || rows.every((r) => r.links.length === 0)) return unmount();
        const anchor = portalAnchor(document);
        const floating = !anchor;
        if (floating && Date.now() - started < (deps.fallbackAfterMs ?? 2500)) return;
        if (ui && ui.floating === floating && ui.shadow.host.isConnected && ui.rows === rows) return;
        unmount();
        const shadow = createShadowHost({
          feature: NAME,
          css: deps.css,
          place: anchor ? (h) => (anchor.where === 'before' ? anchor.el.before(h) : anchor.el.prepend(h)) : undefined,
        });
        const root = createRoot(shadow.container);
        const card = <ShareCard rows={rows} />;
        root.render(floating ? <FloatingPanelButton title="Share Your Attendance">{card}</FloatingPanelButton> : card);
        ui = { shadow, root, floating, rows };
      };
      const check = async () => {
        const next = portalEmail(document);
        if (next && next !== email) {
          email = next;
          try {
            rows = await deps.bridge.request('shareLinksForContact', { email: next, sbEventId: page.sbEventId ?? undefined });
          } catch {
            rows = null;
          }
        }
        render();
      };
      // Debounced: the portal re-renders often; one cheap look per burst of changes.
      let pending = 0;
      const observer = new MutationObserver(() => {
        if (pending) return;
        pending = window.setTimeout(() => {
          pending = 0;
          void check();
        }, 150);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      void check();
      const timer = window.setTimeout(() => void check(), (deps.fallbackAfterMs ?? 2500) + 50);
      started = Date.now();
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
