/** Participant portal: "Share Your Attendance" with the signed-in contact's Gleanin links. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { currentHosts } from '../lib/config/hosts.ts';
import { runFeature } from '../lib/host/lifecycle.ts';
import { runtimeBridge } from '../lib/messaging/runtime.ts';
import { portalFeature } from '../components/content/portal.tsx';
import css from '../components/styles.css?inline';

export default defineContentScript({
  matches: currentHosts().portalMatches,
  includeGlobs: currentHosts().contentGlobs,
  runAt: 'document_idle',
  async main(ctx) {
    runFeature(ctx, await portalFeature(ctx, { bridge: runtimeBridge(), css }));
  },
});
