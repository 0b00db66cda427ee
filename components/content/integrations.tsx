/**
 * Organization Settings › Integrations: our card as one more item of the page's card grid. The card
 * and the dialog that frames the panel page live here; the connect form never does (it is the
 * extension page entrypoints/panel).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import { watchAnchor, type Feature } from '../../lib/host/lifecycle.ts';
import { findIntegrationsList, integrationCardTemplate, OURS, type Page } from '../../lib/host/registry.ts';
import { createReactUi, remount } from '../../lib/host/ui.ts';
import { BridgeContext } from '../bridge.tsx';
import { IntegrationCard } from '../IntegrationCard.tsx';
import { FloatingPanelButton } from './FloatingPanelButton.tsx';

type IntegrationsPage = Extract<Page, { page: 'integrations' }>;
const NAME = 'integrations-card';

export interface IntegrationsDeps {
  bridge: BridgeClient;
  css: string;
  /** The extension's panel page (runtime.getURL(PANEL_PAGE)): Connect and Settings frame it. */
  panelUrl: string;
  /** runtime.getURL('/'): the origin the framed panel's messages carry when its URL is a dynamic one. */
  extensionRootUrl?: string;
  /** How long the card grid may be missing before the floating button shows (ms). */
  fallbackAfterMs?: number;
}

/** One more item of the grid, shaped like its own cards (class and element type copied), holding our host. */
function gridItem(list: Element, host: Element): Element {
  const template = integrationCardTemplate(list);
  const item = list.ownerDocument.createElement(template?.tagName.toLowerCase() ?? 'li');
  if (template?.className) item.className = template.className;
  if (!template && list.matches('[role="list"]')) item.setAttribute('role', 'listitem');
  item.setAttribute(OURS, NAME);
  item.append(host);
  return item;
}

export async function integrationsFeature(ctx: ContentScriptContext, deps: IntegrationsDeps): Promise<Feature<IntegrationsPage>> {
  const card = () => (
    <BridgeContext.Provider value={deps.bridge}>
      <IntegrationCard panelUrl={deps.panelUrl} extensionRootUrl={deps.extensionRootUrl} />
    </BridgeContext.Provider>
  );
  let grid: Element | null = null;
  const inGrid = await createReactUi(ctx, { feature: NAME, css: deps.css, anchor: () => grid, append: (list, host) => list.append(gridItem(list, host)), render: card });
  const floating = await createReactUi(ctx, {
    feature: `${NAME}-fallback`,
    css: deps.css,
    render: () => <FloatingPanelButton title="Gleanin">{card()}</FloatingPanelButton>,
  });
  return {
    name: NAME,
    match: (page) => (page?.page === 'integrations' ? page : null),
    mount(_page, left) {
      // The grid renders after the page's loading state and is re-created on data changes: the card
      // follows it into each new grid, once.
      watchAnchor(ctx, left, {
        find: () => findIntegrationsList(document),
        graceMs: deps.fallbackAfterMs ?? 2500,
        update: (list, missing) => {
          if (list) {
            if (floating.mounted) floating.remove();
            if (list === grid && inGrid.shadowHost.isConnected) return;
            grid = list;
            remount(inGrid);
          } else {
            // The grid went with a re-render: so did our card, whose React root ends here.
            if (inGrid.mounted && !inGrid.shadowHost.isConnected) inGrid.remove();
            if (missing && !floating.mounted) floating.mount();
          }
        },
      });
      left.addEventListener('abort', () => {
        inGrid.remove();
        floating.remove();
        grid = null;
      });
    },
  };
}
