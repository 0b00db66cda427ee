/** Every URL predicate of lib/host/registry.ts against the example URLs written beside it. */
import { describe, expect, it } from 'vitest';
import { GLEANIN_LINK_FORMS, URL_PATTERNS, gleaninLinkOf, matchPage } from '../../../lib/host/registry';
import { REAL_HOSTS, isSessionboardOrigin } from '../../../lib/config/hosts';

const pathOf = (url: string) => new URL(url).pathname;

describe.each(Object.entries(URL_PATTERNS))('URL pattern %s', (_name, pattern) => {
  it.each(pattern.yes)('matches %s', (url) => expect(pattern.test(pathOf(url))).toBe(true));
  it.each(pattern.no)('does not match %s', (url) => expect(pattern.test(pathOf(url))).toBe(false));
});

describe.each(GLEANIN_LINK_FORMS.map((f, i) => [i, f] as const))('Gleanin link form %i', (_i, form) => {
  it.each(form.yes)('accepts %s', (url) => expect(gleaninLinkOf(` ${url} `)).toBe(url));
  it.each(form.no)('refuses %s', (url) => expect(gleaninLinkOf(url)).toBeNull());
});

describe('matchPage', () => {
  it('tells each page apart, with the ids it needs', () => {
    expect(matchPage('https://appv2.sessionboard.com/event/4001/sessions/agenda?layout=preview')).toEqual({ page: 'agenda', sbEventId: 4001 });
    expect(matchPage('https://appv2-eu.sessionboard.com/event/812/exhibitors')).toEqual({ page: 'exhibitors', sbEventId: 812 });
    expect(matchPage('https://appv2.sessionboard.com/org/acme/settings/integrations')).toEqual({ page: 'integrations' });
    expect(matchPage('https://appv2.sessionboard.com/portals/acme-summit-2026/70008/tasks/task-1')).toEqual({ page: 'portal', layout: 'current', portalId: '70008' });
    expect(matchPage('https://app.sessionboard.com/portal/4001/home?contact=x')).toEqual({ page: 'portal', layout: 'legacy', portalId: '4001' });
  });
  it('gives the event-level Settings › Integrations page nothing (the org card belongs to the org page only)', () => {
    expect(matchPage('https://appv2.sessionboard.com/event/4001/settings/integrations')).toBeNull();
    expect(matchPage('https://appv2.sessionboard.com/event/4001/settings/details')).toBeNull();
  });
  it('leaves the chooser, the login and the admin Portals pages alone', () => {
    expect(matchPage('https://appv2.sessionboard.com/me/portals')).toBeNull();
    expect(matchPage('https://appv2.sessionboard.com/portal-login/acme-summit-2026/70008')).toBeNull();
    expect(matchPage('https://appv2.sessionboard.com/event/4001/portals/tasks')).toBeNull();
    expect(matchPage('not a url')).toBeNull();
  });
});

describe('portal hosts', () => {
  it('include the admin app hosts (current portal) and app.sessionboard.com (legacy portal)', () => {
    for (const origin of ['https://appv2.sessionboard.com', 'https://appv2-eu.sessionboard.com', 'https://app.sessionboard.com']) {
      expect(REAL_HOSTS.sessionboardPortal).toContain(origin);
      expect(REAL_HOSTS.portalMatches).toContain(`${origin}/*`);
      expect(isSessionboardOrigin(`${origin}/portals/acme/70008`, REAL_HOSTS)).toBe(true);
    }
    expect(isSessionboardOrigin('https://appv2.sessionboard.com.evil.example/portals/acme/70008', REAL_HOSTS)).toBe(false);
  });
});
