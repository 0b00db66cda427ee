/**
 * API clients for a token pair (lib/gleanin, lib/sessionboard), with base URLs from lib/config/hosts.ts.
 * Only the background builds them: tokens come from the vault and never leave this worker.
 */
import type { Hosts, Region } from '../../lib/config/hosts.ts';
import { GleaninClient, type GleaninClientOptions } from '../../lib/gleanin/client.ts';
import { SessionboardClient } from '../../lib/sessionboard/client.ts';
import type { Tokens } from '../../lib/vault/vault.ts';
import type { SyncClients } from '../../lib/sync/ports.ts';
import type { GleaninCheckPort, SessionboardCheckPort } from './connect.ts';

export function apiClients(hosts: Hosts, tokens: Tokens, region: Region, onRateLimit?: GleaninClientOptions['onRateLimit']) {
  const gleanin = new GleaninClient({ baseUrl: hosts.gleaninApi, token: tokens.gleanin, ...(onRateLimit ? { onRateLimit } : {}) });
  const sessionboard = new SessionboardClient({ baseUrl: hosts.sessionboardApi[region], token: tokens.sessionboard });
  return { gleanin, sessionboard };
}

export function syncClients(hosts: Hosts, tokens: Tokens, region: Region, onRateLimit?: GleaninClientOptions['onRateLimit']): SyncClients {
  return apiClients(hosts, tokens, region, onRateLimit);
}

export function checkClients(hosts: Hosts, tokens: Tokens, region: Region): { gleanin: GleaninCheckPort; sessionboard: SessionboardCheckPort } {
  const { gleanin, sessionboard } = apiClients(hosts, tokens, region);
  return {
    gleanin: {
      listEvents: () => gleanin.listEvents(),
      async externalIds(eventId) {
        const event = await gleanin.getEvent(eventId, ['speakers', 'sessions']);
        return [...(event.speakers ?? []), ...(event.sessions ?? [])].map((r) => r.externalIdx);
      },
    },
    sessionboard: {
      // An event without a zone is shown in UTC (the engine compares zones; UTC makes a mismatch visible).
      listEvents: async () => (await sessionboard.listEvents()).map((e) => ({ id: e.id, name: e.name, timezone: e.timezone ?? 'UTC' })),
      async sampleContactEmail(eventId) {
        const [first] = await sessionboard.searchContacts(eventId, undefined, { maxResults: 1 });
        return first?.email ?? null;
      },
      probeWriteContacts: (eventId) => sessionboard.probeWriteContacts(eventId),
    },
  };
}
