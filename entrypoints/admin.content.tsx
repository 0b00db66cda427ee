/**
 * The Sessionboard admin app. One content script runs every admin feature (one file each under
 * components/content/, refined-github style), so React and the protocol load once per tab:
 * - Sessions › Agenda: "Sync to Gleanin (event: N)" and "Preview Gleanin sync" in the Options menu
 * - Exhibitors: "Sync exhibitors to Gleanin" in the Options menu
 * - Organization Settings › Integrations: the Gleanin card; its connect and mapping panel is the
 *   extension page entrypoints/panel, framed, so tokens are never typed into this script
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { currentHosts } from '../lib/config/hosts.ts';
import { runFeature } from '../lib/host/lifecycle.ts';
import { runtimeBridge, runtimeProgress } from '../lib/messaging/runtime.ts';
import { PANEL_PAGE } from '../lib/messaging/panel-frame.ts';
import { syncMenuFeature } from '../components/content/sync-menu.tsx';
import { integrationsFeature } from '../components/content/integrations.tsx';
import css from '../components/styles.css?inline';

export default defineContentScript({
  matches: currentHosts().appMatches,
  includeGlobs: currentHosts().contentGlobs,
  runAt: 'document_idle',
  async main(ctx) {
    const bridge = runtimeBridge();
    runFeature(ctx, await syncMenuFeature(ctx, 'agenda', { bridge, progress: runtimeProgress, css }));
    runFeature(ctx, await syncMenuFeature(ctx, 'exhibitors', { bridge, progress: runtimeProgress, css }));
    runFeature(ctx, await integrationsFeature(ctx, { bridge, css, panelUrl: browser.runtime.getURL(PANEL_PAGE), extensionRootUrl: browser.runtime.getURL('/') }));
  },
});
