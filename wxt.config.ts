import { defineConfig } from 'wxt';
import { hostsFor } from './lib/config/hosts';

// Hosts come from lib/config/hosts.ts only. `--mode sandbox` with WXT_SANDBOX_PORT (set by
// `npm run build:sandbox` from SANDBOX_PORT) targets the local sandbox; any other mode the real services.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: (env) => {
    const hosts = hostsFor(env.mode, process.env.WXT_SANDBOX_PORT, env.browser);
    return {
      name: 'Gleanin Bridge',
      description: 'Sync Sessionboard sessions, speakers and exhibitors to Gleanin, and bring share links back.',
      // Only what is used, each for one reason. Not `storage`: the store (Dexie) and the vault live in
      // the extension's IndexedDB, which needs no permission. Not `unlimitedStorage`: the store of the
      // large seed is 2.2 MB (tests/integration/sync/store-size.test.ts), far inside the default quota.
      permissions: [
        // Continuous sync's periodic run and the resume of a run a stopped worker left behind.
        'alarms',
        // The end-of-run result ("Sync to Gleanin finished…") when the tab that started it is gone.
        'notifications',
      ],
      host_permissions: hosts.hostPermissions,
      action: { default_title: 'Gleanin Bridge' },
      // The connect-and-mapping panel is framed by the integrations card (tokens are typed into this
      // extension page, never into a content script): only Sessionboard's admin app may frame it.
      // use_dynamic_url: the panel is reachable only through a URL that changes per browser session, which
      // only our content script knows, so pages can neither frame it themselves nor fingerprint us by it.
      web_accessible_resources: [{ resources: ['panel.html'], matches: hosts.appMatches, use_dynamic_url: true }],
      // No web page and no other extension may message the background (onMessageExternal is never used).
      externally_connectable: { ids: [], matches: [] },
      browser_specific_settings:
        env.browser === 'firefox'
          ? {
              gecko: {
                id: 'gleanin-bridge@gleanin-bridge.dev',
                // 140 (ESR): the first Firefox that reads data_collection_permissions.
                strict_min_version: '140.0',
                // What leaves the device, at the organizer's request: speakers' names and emails and the
                // event's session content, sent from Sessionboard to Gleanin.
                data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
              },
              gecko_android: { strict_min_version: '142.0' },
            }
          : undefined,
    };
  },
  hooks: {
    // WXT defines process.env.NODE_ENV as the mode for IIFE content scripts, so `--mode sandbox` shipped
    // React's development build there (whatever NODE_ENV the shell had): every build but an explicit
    // development one gets React's production build, so E2E and the demo measure what users run.
    'vite:build:extendConfig': (_entrypoints, config) => {
      if (config.mode !== 'development') config.define = { ...config.define, 'process.env.NODE_ENV': JSON.stringify('production') };
    },
  },
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}-{{mode}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources-{{mode}}.zip',
    // Reviewers need the code, not local test output or builds.
    excludeSources: ['tests/artifacts/**', 'demo-output/**', '.test-results/**', 'sandbox/app/dist/**', 'bench/results.json'],
  },
});
