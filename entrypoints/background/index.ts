/**
 * The service worker: binds lib/ to the extension runtime. Listeners are registered synchronously
 * at start-up so events that woke the worker (a message, an alarm) are not missed.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { currentHosts } from '../../lib/config/hosts.ts';
import { type ApiAccessCheck, apiAccessErrors } from '../../lib/config/host-access.ts';
import { BridgeDb } from '../../lib/store/db.ts';
import { createSyncService } from '../../lib/sync/service.ts';
import { NOT_CONNECTED } from '../../lib/sync/run.ts';
import { createVault } from '../../lib/vault/vault.ts';
import { BridgeError } from '../../lib/messaging/protocol.ts';
import { createBackground } from './app.ts';
import { syncPeriodMinutes } from './alarms.ts';
import { apiClients, checkClients, syncClients } from './clients.ts';
import { checkConnection } from '../../lib/checks/connection-check.ts';

export default defineBackground(() => {
  const hosts = currentHosts();
  const vault = createVault();
  const hostAccess: ApiAccessCheck = (region) => apiAccessErrors(browser.permissions, hosts, region);
  const service = createSyncService({
    db: new BridgeDb(),
    clients: async (connection) => {
      const tokens = await vault.getTokens();
      if (!tokens) throw new BridgeError('not-connected', NOT_CONNECTED.message);
      return syncClients(hosts, tokens, connection.sessionboardRegion, service.pacer.onRateLimit);
    },
    hostAccess,
  });
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const bg = createBackground({
    service,
    vault,
    checkClients: (tokens, region) => checkClients(hosts, tokens, region),
    hostAccess,
    gleaninEventHealth: async (tokens, gleaninEventId) => {
      const event = await apiClients(hosts, tokens, 'us').gleanin.getEvent(gleaninEventId, ['sessions']);
      return { heartbeats: event.conversionHeartbeats ?? null, sessionEnds: (event.sessions ?? []).map((s) => s.endsAt) };
    },
    connectionCheck: (tokens, region, scope) =>
      checkConnection({
        gleanin: { baseUrl: hosts.gleaninApi, token: tokens.gleanin },
        sessionboard: { baseUrl: hosts.sessionboardApi[region], token: tokens.sessionboard },
        ...scope,
      }),
    policy: () => ({ extensionId: browser.runtime.id, extensionOrigin, hosts }),
    alarms: {
      get: (name) => browser.alarms.get(name),
      create: (name, info) => browser.alarms.create(name, info as Parameters<typeof browser.alarms.create>[1]),
      clear: (name) => browser.alarms.clear(name),
    },
    syncPeriodMinutes: syncPeriodMinutes(import.meta.env.WXT_SYNC_PERIOD_MINUTES as string | undefined),
    notify: async (id, { title, message }) => {
      await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png' as Parameters<typeof browser.runtime.getURL>[0]), title, message });
    },
  });

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the polyfill answers a message with the promise its listener returns
  browser.runtime.onMessage.addListener((message: unknown, sender) => bg.handleMessage(message, sender));
  browser.runtime.onConnect.addListener((port) => bg.hub.accept(port));
  browser.alarms.onAlarm.addListener((alarm) => void bg.onAlarm(alarm));
  browser.runtime.onInstalled.addListener(() => void bg.onStartup());
  browser.runtime.onStartup.addListener(() => void bg.onStartup());
  // A worker woken by an event after being stopped mid-run resumes that run.
  void bg.resumeInterrupted();
});
