/** Every URL predicate of lib/host/registry.ts against the example URLs written beside it. */
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { GLEANIN_LINK_FORMS, URL_PATTERNS, gleaninLinkOf, matchPage, type Page } from '../../../lib/host/registry';
import { REAL_HOSTS, isSessionboardOrigin, sandboxHosts } from '../../../lib/config/hosts';

const pathOf = (url: string) => new URL(url).pathname;

/** The page matchPage gives each pattern's URLs (the legacy portal is the portal page in its old layout). */
const PAGE_OF: Record<keyof typeof URL_PATTERNS, Partial<Page>> = {
  agenda: { page: 'agenda' },
  exhibitors: { page: 'exhibitors' },
  integrations: { page: 'integrations' },
  portal: { page: 'portal', layout: 'current' },
  legacyPortal: { page: 'portal', layout: 'legacy' },
};

/** The content script that runs a pattern's page, by its manifest match patterns. */
const MATCHES_OF = (name: keyof typeof URL_PATTERNS) => (name === 'portal' || name === 'legacyPortal' ? REAL_HOSTS.portalMatches : REAL_HOSTS.appMatches);

describe.each(Object.entries(URL_PATTERNS) as [keyof typeof URL_PATTERNS, (typeof URL_PATTERNS)[keyof typeof URL_PATTERNS]][])('URL pattern %s', (name, pattern) => {
  it.each(pattern.yes)('matches %s', (url) => expect(pattern.test(pathOf(url))).toBe(true));
  it.each(pattern.no)('does not match %s', (url) => expect(pattern.test(pathOf(url))).toBe(false));
  it.each(pattern.yes)('tells %s apart from every other page', (url) => expect(matchPage(url)).toMatchObject(PAGE_OF[name]));
  // WXT's MatchPattern reads a manifest pattern as the browser does: each example is a page our content script is injected into.
  it.each(pattern.yes)('%s is on a host the content script runs on', (url) => expect(MATCHES_OF(name).some((p) => new MatchPattern(p).includes(url))).toBe(true));
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
  it('leave lookalike hosts out of the content scripts', () => {
    for (const url of ['https://appv2.sessionboard.com.evil.example/event/4001/sessions/agenda', 'http://appv2.sessionboard.com/event/4001/sessions/agenda', 'https://sessionboard.com/event/4001/sessions/agenda']) {
      expect([...REAL_HOSTS.appMatches, ...REAL_HOSTS.portalMatches].some((p) => new MatchPattern(p).includes(url))).toBe(false);
    }
  });
  it('in a Firefox sandbox build, name no port (Firefox would match nothing) but still cover the sandbox origin', () => {
    const hosts = sandboxHosts(4555, 'firefox');
    for (const p of [...hosts.appMatches, ...hosts.portalMatches]) {
      expect(p).not.toMatch(/:\d+\//);
      expect(new MatchPattern(p).includes('http://127.0.0.1:4555/event/4001/sessions/agenda')).toBe(true);
    }
  });
});
