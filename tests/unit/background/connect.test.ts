import { describe, expect, it } from 'vitest';
import { GOOD_GL, GOOD_SB, PII_SB, READ_SB, makeBackground } from './harness.ts';

describe('connect', () => {
  it('names the service that rejected a token (401), for each token', async () => {
    const { popup } = makeBackground();
    const res = await popup.request('connect', { gleaninToken: 'gl_revoked_0000', sessionboardToken: 'sb_revoked_0000', sessionboardRegion: 'us' });
    expect(res).toEqual({
      connected: false,
      errors: { gleanin: 'Gleanin rejected this token (401)', sessionboard: 'Sessionboard rejected this token (401)' },
    });
    expect(await popup.request('getStatus', {})).toEqual({ connection: null });
  });

  it('refuses a Hide PII Sessionboard token with the fix', async () => {
    const { popup } = makeBackground();
    const res = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: PII_SB, sessionboardRegion: 'eu' });
    expect(res).toEqual({ connected: false, errors: { sessionboard: 'This Sessionboard token hides personal data; create one with Hide PII turned off' } });
  });

  it('accepts a read-only token with a note about share links', async () => {
    const { popup } = makeBackground();
    const res = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: READ_SB, sessionboardRegion: 'eu' });
    expect(res.connected).toBe(true);
    if (res.connected) {
      expect(res.connection).toMatchObject({ sessionboardRegion: 'eu', canWriteContacts: false, sessionboardTokenMasked: '••••wxyz' });
      expect(res.notes.join(' ')).toMatch(/cannot write contacts/);
    }
  });

  it('keeps the tokens only in the vault and shows masked forms', async () => {
    const { popup, vault } = makeBackground();
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    const status = await popup.request('getStatus', {});
    expect(status.connection).toMatchObject({ gleaninTokenMasked: '••••b1d4', sessionboardTokenMasked: '••••abcd', canWriteContacts: true });
    expect(await vault.getTokens()).toEqual({ gleanin: GOOD_GL, sessionboard: GOOD_SB });
  });

  it('disconnect removes both tokens and every mapping; later calls say Gleanin is not connected', async () => {
    const { popup, vault } = makeBackground();
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    await popup.request('disconnect', {});
    expect(await vault.getTokens()).toBeUndefined();
    expect(await popup.request('listMappings', {})).toEqual([]);
    await expect(popup.request('listEvents', {})).rejects.toThrow('Gleanin is not connected');
  });

  it('lists Gleanin events active first', async () => {
    const { popup } = makeBackground();
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    const events = await popup.request('listEvents', {});
    expect(events.gleanin.map((e) => e.id)).toEqual(['11846', '11847', '11849']);
  });
});
