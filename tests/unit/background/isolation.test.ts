import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Dexie } from 'dexie';
import { protocol, type RequestType } from '../../../lib/messaging/protocol.ts';
import { GOOD_GL, GOOD_SB, makeBackground } from './harness.ts';

const secrets = [GOOD_GL, GOOD_SB];
const leaks = (value: unknown) => {
  const text = JSON.stringify(value ?? null);
  return secrets.filter((s) => text.includes(s) || text.includes(s.slice(0, 12)));
};

describe('token isolation', () => {
  it('a content script finds no token in storage, in any reply, or in error texts', async () => {
    const { content, popup, vault, bg } = makeBackground();
    // Tokens are typed into extension pages only: a content script may not even try to connect.
    await expect(content.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' })).rejects.toMatchObject({ code: 'sender-refused' });
    const connected = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    expect(connected).toMatchObject({ connected: true, connection: { gleaninTokenMasked: `••••${GOOD_GL.slice(-4)}` } });
    expect(leaks(connected)).toEqual([]);
    const mapping = await popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });

    // Everything a content-script context can reach through the extension APIs.
    expect(leaks(await fakeBrowser.storage.local.get(null))).toEqual([]);
    expect(leaks(await fakeBrowser.storage.session.get(null))).toEqual([]);
    expect(leaks(await fakeBrowser.storage.sync.get(null))).toEqual([]);

    // Every request type a content script may send, answered or refused.
    const payloads: Record<RequestType, unknown> = {
      getStatus: {},
      connect: { gleaninToken: 'gl_wrong_token_123', sessionboardToken: GOOD_SB, sessionboardRegion: 'us' },
      disconnect: undefined,
      listEvents: {},
      listMappings: {},
      mappingForEvent: { sbEventId: 4001 },
      addMapping: { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: null },
      updateMappingSettings: { mappingId: mapping.id, patch: { syncModerators: true } },
      removeMapping: { mappingId: 'nope' },
      previewSync: { mappingId: mapping.id, kind: 'sessions' },
      startSync: { mappingId: 'nope', kind: 'sessions' },
      listRuns: { mappingId: mapping.id },
      shareLinksForShareLink: { link: 'https://invt.io/1exbas51ph9' },
      speakerPortalChecklist: { mappingId: mapping.id },
      exportShareLinksCsv: { mappingId: mapping.id },
      requestPanelGrant: {},
      redeemPanelGrant: { grant: 'not-a-grant-not-a-grant' },
      checkConnection: {},
      conversionHealth: { mappingId: mapping.id },
    };
    for (const type of Object.keys(protocol) as RequestType[]) {
      if (payloads[type] === undefined) continue;
      const reply = await bg.handleMessage({ channel: 'gleanin-bridge', type, payload: payloads[type] }, { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'http://127.0.0.1:4555/event/4001/sessions/agenda', tab: { id: 1 } });
      expect(leaks(reply), `reply to ${type}`).toEqual([]);
    }
    expect(await vault.getTokens()).toEqual({ gleanin: GOOD_GL, sessionboard: GOOD_SB });
  });

  it('stores tokens as AES-GCM ciphertext under a non-extractable key', async () => {
    const { createVault } = await import('../../../lib/vault/vault.ts');
    const name = `vault-raw-${Math.random()}`;
    const vault = createVault(name);
    await vault.setTokens({ gleanin: GOOD_GL, sessionboard: GOOD_SB });
    const db = new Dexie(name);
    db.version(1).stores({ keys: 'id', secrets: 'name' });
    const rows = await db.table('secrets').toArray();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const bytes = new TextDecoder().decode(new Uint8Array(row.ciphertext));
      expect(bytes).not.toContain(GOOD_GL);
      expect(bytes).not.toContain(GOOD_SB);
    }
    const [{ key }] = await db.table('keys').toArray();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await vault.clear();
    expect(await vault.getTokens()).toBeUndefined();
  });

  it('masks tokens as ••••1234', async () => {
    const { maskToken } = await import('../../../lib/vault/vault.ts');
    expect(maskToken('gl_test_7f3a9c2e5b1d4')).toBe('••••b1d4');
    expect(maskToken('short')).toBe('••••');
  });
});
