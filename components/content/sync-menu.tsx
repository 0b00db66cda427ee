/**
 * The agenda and exhibitors features share this: our items in the page's Options menu (only when the
 * event is mapped), the sync overlay in a shadow root, and the floating "Gleanin" button when the
 * Options button cannot be found.
 */
import { createRoot } from 'react-dom/client';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import type { MappingView, ProgressEvent } from '../../lib/messaging/protocol.ts';
import type { Feature } from '../../lib/host/lifecycle.ts';
import { watchOptionsMenu, type MenuItemSpec } from '../../lib/host/options-menu.ts';
import { findOptionsButton, type Page } from '../../lib/host/registry.ts';
import { createShadowHost } from '../../lib/host/shadow.ts';
import { SyncOverlay, SyncOverlayController } from '../SyncOverlay.tsx';

export interface SyncMenuDeps {
  bridge: BridgeClient;
  progress: (onEvent: (e: ProgressEvent) => void) => () => void;
  css: string;
  /** How long the Options button may be missing before the floating button shows (ms). */
  fallbackAfterMs?: number;
}

type EventPage = Extract<Page, { page: 'agenda' | 'exhibitors' }>;

/** Menu entries per page; their labels are the accessible names users and the E2E flows look for. */
export function menuItemsFor(page: EventPage['page'], mapping: MappingView, overlay: SyncOverlayController): MenuItemSpec[] {
  if (page === 'exhibitors') return [{ label: 'Sync exhibitors to Gleanin', onSelect: () => void overlay.sync(mapping, 'exhibitors') }];
  return [
    { label: `Sync to Gleanin (event: ${mapping.gleaninEventId})`, onSelect: () => void overlay.sync(mapping, 'sessions') },
    { label: 'Preview Gleanin sync', onSelect: () => void overlay.preview(mapping, 'sessions') },
  ];
}

export function syncMenuFeature(pageName: EventPage['page'], deps: SyncMenuDeps): Feature<EventPage> {
  const name = `${pageName}-sync`;
  return {
    name,
    match: (page) => (page && page.page === pageName ? (page as EventPage) : null),
    mount(page) {
      const shadow = createShadowHost({ feature: name, css: deps.css });
      const overlay = new SyncOverlayController(deps.bridge, deps.progress);
      const root = createRoot(shadow.container);
      root.render(<SyncOverlay controller={overlay} />);
      let mapping: MappingView | null = null;
      let fabShown = false;
      let disposed = false;

      const updateFab = () => {
        const want = mapping !== null && !findOptionsButton(document);
        if (want === fabShown) return;
        fabShown = want;
        overlay.setFab(want ? menuItemsFor(pageName, mapping!, overlay).map((i) => ({ label: i.label, run: i.onSelect })) : null);
      };
      const refresh = async () => {
        try {
          const next = await deps.bridge.request('mappingForEvent', { sbEventId: page.sbEventId });
          if (disposed) return;
          if (JSON.stringify(next) !== JSON.stringify(mapping)) {
            mapping = next;
            fabShown = false;
            overlay.setFab(null);
          }
          updateFab();
        } catch {
          // Background unreachable (extension reloading): keep what we had.
        }
      };
      void refresh();
      const stopMenu = watchOptionsMenu({
        feature: name,
        items: () => (mapping ? menuItemsFor(pageName, mapping, overlay) : []),
        onOpen: () => void refresh(),
      });
      // The Options button is re-rendered with the toolbar; look for it now and then, not per mutation.
      const timer = window.setInterval(updateFab, deps.fallbackAfterMs ?? 2000);
      const onVisible = () => document.visibilityState === 'visible' && void refresh();
      document.addEventListener('visibilitychange', onVisible);
      return () => {
        disposed = true;
        window.clearInterval(timer);
        document.removeEventListener('visibilitychange', onVisible);
        stopMenu();
        root.unmount();
        shadow.remove();
      };
    },
  };
}
