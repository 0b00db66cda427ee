/**
 * A background wired to a fake engine-free world: the real store (fake IndexedDB), the real vault,
 * the real message server, fake API clients and fake alarms/notifications. Tests talk to it through
 * the real BridgeClient, so both ends of the protocol validate.
 */
import { BridgeDb } from '../../../lib/store/db.ts';
import { createSyncService, type SyncService } from '../../../lib/sync/service.ts';
import { createVault } from '../../../lib/vault/vault.ts';
import { sandboxHosts } from '../../../lib/config/hosts.ts';
import { createBridgeClient } from '../../../lib/messaging/client.ts';
import type { SenderInfo } from '../../../lib/messaging/senders.ts';
import { createBackground, type BackgroundDeps } from '../../../entrypoints/background/app.ts';
import type { AlarmsPort } from '../../../entrypoints/background/alarms.ts';
import type { GleaninCheckPort, SessionboardCheckPort } from '../../../entrypoints/background/connect.ts';

export const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXT_ORIGIN = `chrome-extension://${EXT_ID}`;
export const HOSTS = sandboxHosts(4555);
export const APP = 'http://127.0.0.1:4555';

export const GOOD_GL = 'gl_test_7f3a9c2e5b1d4';
export const GOOD_SB = 'sb_write_1234567890abcd';
export const READ_SB = 'sb_read_0987654321wxyz';
export const PII_SB = 'sb_hidepii_55556666';

export const popupSender: SenderInfo = { id: EXT_ID, url: `${EXT_ORIGIN}/popup.html`, origin: EXT_ORIGIN };
export const portalSender: SenderInfo = { id: EXT_ID, url: `${APP}/portals/acme-summit-2026/78002`, tab: { id: 8, url: `${APP}/portals/acme-summit-2026/78002` } };
export const contentSender: SenderInfo = { id: EXT_ID, url: `${APP}/event/4001/sessions/agenda`, tab: { id: 7, url: `${APP}/event/4001/sessions/agenda` } };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly service = 'gleanin',
  ) {
    super(message);
  }
}

export function fakeAlarms() {
  const alarms = new Map<string, { name: string; periodInMinutes?: number; delayInMinutes?: number }>();
  const port: AlarmsPort & { alarms: typeof alarms; creates: number } = {
    alarms,
    creates: 0,
    async get(name) {
      return alarms.get(name);
    },
    create(name, info) {
      port.creates++;
      alarms.set(name, { name, ...info });
    },
    async clear(name) {
      return alarms.delete(name);
    },
  };
  return port;
}

export const gleaninEvents = [
  { id: '11849', title: 'Tech Show 2024', state: 'archived', timeZone: null },
  { id: '11846', title: 'Acme Summit 2026', state: 'active', timeZone: null },
  { id: '11847', title: 'Science Congress 2026', state: 'active', timeZone: 'Europe/Berlin' },
];
export const sbEvents = [
  { id: 4001, name: 'Acme Summit 2026', timezone: 'America/New_York' },
  { id: 4002, name: 'Science Congress 2026', timezone: 'Europe/Berlin' },
];

/** External ids of the records each Gleanin event holds (tests set them to model another mapping's records). */
export const gleaninRecords: Record<string, (string | null)[]> = {};

export function fakeCheckClients(tokens: { gleanin: string; sessionboard: string }) {
  const gleanin: GleaninCheckPort = {
    async listEvents() {
      if (tokens.gleanin !== GOOD_GL) throw new HttpError(401, 'GET /events answered 401');
      return gleaninEvents;
    },
    async externalIds(eventId) {
      return gleaninRecords[eventId] ?? [];
    },
  };
  const sessionboard: SessionboardCheckPort = {
    async listEvents() {
      if (![GOOD_SB, READ_SB, PII_SB].includes(tokens.sessionboard)) throw new HttpError(401, 'GET /v1/events answered 401', 'sessionboard');
      return sbEvents;
    },
    async sampleContactEmail() {
      return tokens.sessionboard === PII_SB ? 'j***@a***.com' : 'jane@acme.example';
    },
    async probeWriteContacts() {
      return tokens.sessionboard === GOOD_SB;
    },
  };
  return { gleanin, sessionboard };
}

let dbCounter = 0;
export function makeBackground(
  opts: { service?: (db: BridgeDb) => SyncService; hostAccess?: BackgroundDeps['hostAccess']; checkClients?: BackgroundDeps['checkClients']; connectionCheck?: BackgroundDeps['connectionCheck']; gleaninEventHealth?: BackgroundDeps['gleaninEventHealth'] } = {},
) {
  const n = ++dbCounter;
  const db = new BridgeDb(`bg-test-${n}-${Math.random()}`);
  const vault = createVault(`vault-test-${n}-${Math.random()}`);
  const service =
    opts.service?.(db) ??
    createSyncService({
      db,
      clients: () => {
        throw new Error('no engine clients in this test');
      },
    });
  const alarms = fakeAlarms();
  const notifications: { id: string; title: string; message: string }[] = [];
  const bg = createBackground({
    service,
    vault,
    checkClients: opts.checkClients ?? ((tokens) => fakeCheckClients(tokens)),
    ...(opts.hostAccess ? { hostAccess: opts.hostAccess } : {}),
    policy: () => ({ extensionId: EXT_ID, extensionOrigin: EXT_ORIGIN, hosts: HOSTS }),
    alarms,
    syncPeriodMinutes: 30,
    ...(opts.connectionCheck ? { connectionCheck: opts.connectionCheck } : {}),
    ...(opts.gleaninEventHealth ? { gleaninEventHealth: opts.gleaninEventHealth } : {}),
    notify: async (id, c) => {
      notifications.push({ id, ...c });
    },
  });
  const clientFor = (sender: SenderInfo) => createBridgeClient((env) => bg.handleMessage(env, sender));
  return { bg, db, vault, service, alarms, notifications, popup: clientFor(popupSender), content: clientFor(contentSender), portal: clientFor(portalSender), clientFor };
}
