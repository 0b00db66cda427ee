/** Organization Settings › Integrations: the Gleanin card, with the connect and mapping panel. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { currentHosts } from '../lib/config/hosts.ts';
import { runFeature } from '../lib/host/lifecycle.ts';
import { runtimeBridge } from '../lib/messaging/runtime.ts';
import { integrationsFeature } from '../components/content/integrations.tsx';
import css from '../components/styles.css?inline';

export default defineContentScript({
  matches: currentHosts().appMatches,
  runAt: 'document_idle',
  main(ctx) {
    runFeature(ctx, integrationsFeature({ bridge: runtimeBridge(), css }));
  },
});
