import { describe, expect, it } from 'vitest';
import { GOOD_GL, GOOD_SB, HOSTS, PII_SB, READ_SB, fakeCheckClients, makeBackground } from './harness.ts';
import type { BackgroundDeps } from '../../../entrypoints/background/app.ts';
import { apiAccessErrors, patternFor } from '../../../lib/config/host-access.ts';
import { fakePermissions } from '../../helpers/permissions.ts';

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

describe('connect without host access (a Firefox user took the permission back)', () => {
  // As in Firefox: with the host permission gone, every API call fails like an unreachable server.
  function setUp() {
    const perms = fakePermissions(HOSTS.hostPermissions);
    const calls: string[] = [];
    const checkClients: BackgroundDeps['checkClients'] = (tokens, region) => {
      const real = fakeCheckClients(tokens);
      const guard = <T,>(service: string, f: () => Promise<T>) => () => {
        calls.push(service);
        return perms.has(patternFor(service === 'gleanin' ? HOSTS.gleaninApi : HOSTS.sessionboardApi[region], HOSTS)!)
          ? f()
          : Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'));
      };
      return {
        gleanin: { ...real.gleanin, listEvents: guard('gleanin', () => real.gleanin.listEvents()) },
        sessionboard: { ...real.sessionboard, listEvents: guard('sessionboard', () => real.sessionboard.listEvents()) },
      };
    };
    return { perms, calls, checkClients };
  }

  it('without the access check, a revoked permission reads as "could not be reached" (what the check prevents)', async () => {
    const { perms, checkClients } = setUp();
    perms.revoke(HOSTS.hostPermissions[0]);
    const { popup } = makeBackground({ checkClients });
    const res = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    expect(JSON.stringify(res)).toContain('could not be reached');
  });

  it('says "Gleanin Bridge needs access to <host>" instead, calls neither API, and connects once access is granted', async () => {
    const { perms, calls, checkClients } = setUp();
    perms.revoke(HOSTS.hostPermissions[0]);
    const { popup } = makeBackground({ checkClients, hostAccess: (region) => apiAccessErrors(perms.port, HOSTS, region) });
    const res = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    expect(res).toEqual({
      connected: false,
      errors: { gleanin: 'Gleanin Bridge needs access to 127.0.0.1:4555', sessionboard: 'Gleanin Bridge needs access to 127.0.0.1:4555' },
    });
    expect(JSON.stringify(res)).not.toContain('could not be reached');
    expect(calls).toEqual([]);
    expect(await popup.request('getStatus', {})).toEqual({ connection: null });

    perms.state.inGesture = true;
    await perms.port.request({ origins: HOSTS.hostPermissions });
    const again = await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    expect(again.connected).toBe(true);
  });

  it('a wrong token is still named as such when access is granted', async () => {
    const { perms, checkClients } = setUp();
    const { popup } = makeBackground({ checkClients, hostAccess: (region) => apiAccessErrors(perms.port, HOSTS, region) });
    const res = await popup.request('connect', { gleaninToken: 'gl_revoked_0000', sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    expect(res).toEqual({ connected: false, errors: { gleanin: 'Gleanin rejected this token (401)' } });
  });
});
