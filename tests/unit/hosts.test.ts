import { describe, expect, it } from 'vitest';
import { REAL_HOSTS, hostsFor, isSessionboardOrigin, sandboxHosts } from '../../lib/config/hosts';

describe('hosts', () => {
  it('targets the real services unless the mode is sandbox', () => {
    expect(hostsFor('production', '4555')).toBe(REAL_HOSTS);
    expect(hostsFor(undefined, undefined)).toBe(REAL_HOSTS);
  });
  it('puts every sandbox URL on one 127.0.0.1 origin', () => {
    const h = hostsFor('sandbox', '4555');
    expect(h.gleaninApi).toBe('http://127.0.0.1:4555/api/clients/v1');
    expect(h.sessionboardApi).toEqual({ us: 'http://127.0.0.1:4555', eu: 'http://127.0.0.1:4555' });
    expect(h.hostPermissions).toEqual(['http://127.0.0.1:4555/*']);
  });
  it('refuses a port that is not a port', () => {
    expect(() => sandboxHosts(0)).toThrow(/between 1 and 65535/);
    expect(() => hostsFor('sandbox', 'abc')).toThrow(/port/);
  });
  it('recognises Sessionboard origins only', () => {
    expect(isSessionboardOrigin('https://appv2.sessionboard.com/event/1/sessions/agenda', REAL_HOSTS)).toBe(true);
    expect(isSessionboardOrigin('https://app.sessionboard.com/portal', REAL_HOSTS)).toBe(true);
    expect(isSessionboardOrigin('https://evil.example/appv2.sessionboard.com', REAL_HOSTS)).toBe(false);
    expect(isSessionboardOrigin('not a url', REAL_HOSTS)).toBe(false);
  });
});
