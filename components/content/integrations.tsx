/**
 * Organization Settings › Integrations: our card as one more item of the page's card grid. The card
 * and the dialog that frames the panel page live here; the connect form never does (tokens stay out of the page).
 */
import { createRoot, type Root } from 'react-dom/client';
import type { BridgeClient } from '../../lib/messaging/client.ts';
import type { Feature } from '../../lib/host/lifecycle.ts';
import { findIntegrationsList, integrationCardTemplate, OURS, type Page } from '../../lib/host/registry.ts';
import { createShadowHost, type ShadowMount } from '../../lib/host/shadow.ts';
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
  fallbackAfterMs?: number;
}

export function integrationsFeature(deps: IntegrationsDeps): Feature<IntegrationsPage> {
  return {
    name: NAME,
    match: (page) => (page?.page === 'integrations' ? page : null),
    mount() {
      let mounted: { item: Element; shadow: ShadowMount; root: Root } | null = null;
      let fab: { shadow: ShadowMount; root: Root } | null = null;

      const place = (): boolean => {
        if (mounted?.item.isConnected) return true;
        if (mounted) unmountCard();
        const list = findIntegrationsList(document);
        if (!list || list.querySelector(`[${OURS}="${NAME}"]`)) return Boolean(list);
        const template = integrationCardTemplate(list);
        const item = document.createElement(template?.tagName.toLowerCase() ?? 'li');
        if (template?.className) item.className = template.className;
        if (!template && list.matches('[role="list"]')) item.setAttribute('role', 'listitem');
        item.setAttribute(OURS, NAME);
        list.append(item);
        const shadow = createShadowHost({ feature: NAME, css: deps.css, place: (h) => item.append(h) });
        const root = createRoot(shadow.container);
        root.render(
          <BridgeContext.Provider value={deps.bridge}>
            <IntegrationCard panelUrl={deps.panelUrl} extensionRootUrl={deps.extensionRootUrl} />
          </BridgeContext.Provider>,
        );
        mounted = { item, shadow, root };
        return true;
      };
      const unmountCard = () => {
        mounted?.root.unmount();
        mounted?.item.remove();
        mounted = null;
      };
      const setFab = (want: boolean) => {
        if (want && !fab) {
          const shadow = createShadowHost({ feature: `${NAME}-fallback`, css: deps.css });
          const root = createRoot(shadow.container);
          root.render(
            <BridgeContext.Provider value={deps.bridge}>
              <FloatingPanelButton title="Gleanin">
                <IntegrationCard panelUrl={deps.panelUrl} extensionRootUrl={deps.extensionRootUrl} />
              </FloatingPanelButton>
            </BridgeContext.Provider>,
          );
          fab = { shadow, root };
        } else if (!want && fab) {
          fab.root.unmount();
          fab.shadow.remove();
          fab = null;
        }
      };

      // The grid renders after the page's loading state and is re-created on data changes:
      // re-place the card when it was dropped, checking added nodes only for the list.
      const observer = new MutationObserver((records) => {
        if (mounted?.item.isConnected) return;
        if (records.some((r) => r.addedNodes.length > 0) && place()) setFab(false);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      if (place()) setFab(false);
      const timer = window.setTimeout(() => setFab(!place()), deps.fallbackAfterMs ?? 2500);
      return () => {
        observer.disconnect();
        window.clearTimeout(timer);
        unmountCard();
        setFab(false);
      };
    },
  };
}
