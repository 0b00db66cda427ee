/**
 * API clients for a token pair (lib/gleanin, lib/sessionboard), with base URLs from lib/config/hosts.ts.
 * Only the background builds them: tokens come from the vault and never leave this worker.
 */
import type { Hosts, Region } from '../../lib/config/hosts.ts';
import { GleaninClient } from '../../lib/gleanin/client.ts';
import { SessionboardClient } from '../../lib/sessionboard/client.ts';
import type { Tokens } from '../../lib/vault/vault.ts';
import type { SyncClients } from '../../lib/sync/ports.ts';
import type { GleaninCheckPort, SessionboardCheckPort } from './connect.ts';

export function apiClients(hosts: Hosts, tokens: Tokens, region: Region, onRateLimit?: (info: never) => void) {
  const gleanin = new GleaninClient({ baseUrl: hosts.gleaninApi, token: tokens.gleanin, ...(onRateLimit ? { onRateLimit } : {}) });
  const sessionboard = new SessionboardClient({ baseUrl: hosts.sessionboardApi[region], token: tokens.sessionboard });
  return { gleanin, sessionboard };
}

export function syncClients(hosts: Hosts, tokens: Tokens, region: Region, onRateLimit?: (info: never) => void): SyncClients {
  return apiClients(hosts, tokens, region, onRateLimit);
}

export function checkClients(hosts: Hosts, tokens: Tokens, region: Region): { gleanin: GleaninCheckPort; sessionboard: SessionboardCheckPort } {
  const { gleanin, sessionboard } = apiClients(hosts, tokens, region);
  return {
    gleanin: { listEvents: () => gleanin.listEvents() },
    sessionboard: {
      listEvents: () => sessionboard.listEvents(),
      async sampleContactEmail(eventId) {
        const contacts = await sessionboard.searchContacts(eventId, { pageSize: 1 } as never);
        const first = (contacts as { email?: string | null }[])[0];
        return first?.email ?? null;
      },
      probeWriteContacts: (eventId) => sessionboard.probeWriteContacts(eventId),
    },
  };
}
