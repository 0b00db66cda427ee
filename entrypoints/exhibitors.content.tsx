/** Sessions › Exhibitors: "Sync exhibitors to Gleanin" in the page's Options menu. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { currentHosts } from '../lib/config/hosts.ts';
import { runFeature } from '../lib/host/lifecycle.ts';
import { runtimeBridge, runtimeProgress } from '../lib/messaging/runtime.ts';
import { syncMenuFeature } from '../components/content/sync-menu.tsx';
import css from '../components/styles.css?inline';

export default defineContentScript({
  matches: currentHosts().appMatches,
  runAt: 'document_idle',
  main(ctx) {
    runFeature(ctx, syncMenuFeature('exhibitors', { bridge: runtimeBridge(), progress: runtimeProgress, css }));
  },
});
