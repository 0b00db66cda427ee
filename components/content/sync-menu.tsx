/**
 * The agenda and exhibitors features share this: our items in the page's Options menu (only when the
 * event is mapped), the sync overlay in a shadow root, and the floating "Gleanin" button when the
 * Options button cannot be found.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import type { MappingView, ProgressEvent } from '../../lib/messaging/protocol.ts';
import { watchAnchor, type Feature } from '../../lib/host/lifecycle.ts';
import { watchOptionsMenu, type MenuItemSpec } from '../../lib/host/options-menu.ts';
import { findOptionsButton, type Page } from '../../lib/host/registry.ts';
import { createReactUi } from '../../lib/host/ui.ts';
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
function menuItemsFor(page: EventPage['page'], mapping: MappingView, overlay: SyncOverlayController): MenuItemSpec[] {
  if (page === 'exhibitors') return [{ label: 'Sync exhibitors to Gleanin', onSelect: () => void overlay.sync(mapping, 'exhibitors') }];
  return [
    { label: `Sync to Gleanin (event: ${mapping.gleaninEventId})`, onSelect: () => void overlay.sync(mapping, 'sessions') },
    { label: 'Preview Gleanin sync', onSelect: () => void overlay.preview(mapping, 'sessions') },
  ];
}

export async function syncMenuFeature(ctx: ContentScriptContext, pageName: EventPage['page'], deps: SyncMenuDeps): Promise<Feature<EventPage>> {
  const name = `${pageName}-sync`;
  // One overlay per visit of the page (set on mount): toasts and dialogs do not follow the user elsewhere.
  let overlay: SyncOverlayController;
  const ui = await createReactUi(ctx, { feature: name, css: deps.css, render: () => <SyncOverlay controller={overlay} /> });
  return {
    name,
    match: (page) => (page && page.page === pageName ? page : null),
    mount(page, left) {
      overlay = new SyncOverlayController(deps.bridge, deps.progress);
      ui.mount();
      let mapping: MappingView | null = null;
      let optionsMissing = false;
      const updateFab = () => {
        overlay.setFab(mapping && optionsMissing ? menuItemsFor(pageName, mapping, overlay).map((i) => ({ label: i.label, run: i.onSelect })) : null);
      };
      const refresh = async () => {
        try {
          const next = await deps.bridge.request('mappingForEvent', { sbEventId: page.sbEventId });
          if (left.aborted || JSON.stringify(next) === JSON.stringify(mapping)) return;
          mapping = next;
          updateFab();
        } catch {
          // Background unreachable (extension reloading): keep what we had.
        }
      };
      void refresh();
      watchOptionsMenu({
        feature: name,
        items: () => (mapping ? menuItemsFor(pageName, mapping, overlay) : []),
        onOpen: () => void refresh(),
        until: left,
      });
      // The Options button is re-rendered with the toolbar: the floating button only once it stays away.
      watchAnchor(ctx, left, {
        find: () => findOptionsButton(document),
        graceMs: deps.fallbackAfterMs ?? 2000,
        update: (_button, missing) => {
          if (missing === optionsMissing) return;
          optionsMissing = missing;
          updateFab();
        },
      });
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void refresh(), { signal: left });
      left.addEventListener('abort', () => ui.remove());
    },
  };
}
