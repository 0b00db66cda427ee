import { describe, expect, it } from 'vitest';
import { REAL_HOSTS, sandboxHosts } from '../../lib/config/hosts';
import { apiAccessErrors, hostOfPattern, missingHosts, needsAccessMessage, patternFor } from '../../lib/config/host-access';
import { fakePermissions } from '../helpers/permissions';

describe('host access', () => {
  it('names the host of a pattern as the user knows it', () => {
    expect(hostOfPattern('https://app.gleanin.com/*')).toBe('app.gleanin.com');
    expect(hostOfPattern('http://127.0.0.1/*')).toBe('127.0.0.1');
    expect(hostOfPattern('http://127.0.0.1:4555/*')).toBe('127.0.0.1:4555');
    expect(() => hostOfPattern('<all_urls>')).toThrow(/Not a host match pattern/);
    expect(needsAccessMessage('127.0.0.1')).toBe('Gleanin Bridge needs access to 127.0.0.1');
  });

  it('finds the permission covering an API URL as browsers match: a port-less pattern covers every port, one with a port only that port', () => {
    const firefox = sandboxHosts(4555, 'firefox');
    expect(patternFor(firefox.gleaninApi, firefox)).toBe('http://127.0.0.1/*');
    const chrome = sandboxHosts(4555, 'chrome');
    expect(patternFor(chrome.gleaninApi, chrome)).toBe('http://127.0.0.1:4555/*');
    expect(patternFor('http://127.0.0.1:8080/api/clients/v1', chrome)).toBeUndefined();
    expect(patternFor(REAL_HOSTS.sessionboardApi.eu, REAL_HOSTS)).toBe('https://public-api-eu.sessionboard.com/*');
    expect(patternFor('http://app.gleanin.com/api', REAL_HOSTS), 'another scheme').toBeUndefined();
  });

  it('lists only the revoked permissions, and Connect blames access for exactly the services behind them', async () => {
    const perms = fakePermissions(REAL_HOSTS.hostPermissions);
    expect(await missingHosts(perms.port, REAL_HOSTS)).toEqual([]);
    expect(await apiAccessErrors(perms.port, REAL_HOSTS, 'us')).toEqual({});

    perms.revoke('https://app.gleanin.com/*');
    perms.revoke('https://public-api-eu.sessionboard.com/*');
    expect(await missingHosts(perms.port, REAL_HOSTS)).toEqual([
      { pattern: 'https://public-api-eu.sessionboard.com/*', host: 'public-api-eu.sessionboard.com' },
      { pattern: 'https://app.gleanin.com/*', host: 'app.gleanin.com' },
    ]);
    expect(await apiAccessErrors(perms.port, REAL_HOSTS, 'us')).toEqual({ gleanin: 'Gleanin Bridge needs access to app.gleanin.com' });
    expect(await apiAccessErrors(perms.port, REAL_HOSTS, 'eu')).toEqual({
      gleanin: 'Gleanin Bridge needs access to app.gleanin.com',
      sessionboard: 'Gleanin Bridge needs access to public-api-eu.sessionboard.com',
    });
  });
});
