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
  it('Chrome sandbox builds name the port in every match pattern and need no glob', () => {
    const h = hostsFor('sandbox', '4555', 'chrome');
    expect(h.hostPermissions).toEqual(['http://127.0.0.1:4555/*']);
    expect(h.appMatches).toEqual(['http://127.0.0.1:4555/*']);
    expect(h.portalMatches).toEqual(['http://127.0.0.1:4555/*']);
    expect(h.contentGlobs).toBeUndefined();
    // Any browser WXT names other than Firefox takes Chrome's patterns.
    expect(hostsFor('sandbox', '4555', 'edge')).toEqual(h);
  });
  it('Firefox sandbox builds use port-less patterns, keep the port in every base URL, and pin content scripts to the port', () => {
    const h = hostsFor('sandbox', '4555', 'firefox');
    // Firefox matches nothing with a pattern that names a port.
    for (const p of [...h.hostPermissions, ...h.appMatches, ...h.portalMatches]) expect(p).toBe('http://127.0.0.1/*');
    expect(h.gleaninApi).toBe('http://127.0.0.1:4555/api/clients/v1');
    expect(h.sessionboardApi).toEqual({ us: 'http://127.0.0.1:4555', eu: 'http://127.0.0.1:4555' });
    expect(h.sessionboardApp).toEqual(['http://127.0.0.1:4555']);
    expect(h.sessionboardPortal).toEqual(['http://127.0.0.1:4555']);
    expect(h.contentGlobs).toEqual(['http://127.0.0.1:4555/*']);
    // Only the sandbox's own origin may talk to the background, not another port on the same host.
    expect(isSessionboardOrigin('http://127.0.0.1:4555/event/4001/sessions/agenda', h)).toBe(true);
    expect(isSessionboardOrigin('http://127.0.0.1:8080/event/4001/sessions/agenda', h)).toBe(false);
  });
  it('real builds are the same for both browsers: their patterns name no port', () => {
    expect(hostsFor('production', undefined, 'firefox')).toBe(REAL_HOSTS);
    for (const p of REAL_HOSTS.hostPermissions) expect(new URL(p.replace('/*', '/')).port).toBe('');
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
