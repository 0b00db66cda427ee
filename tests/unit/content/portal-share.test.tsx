// @vitest-environment happy-dom
/**
 * "Share Your Attendance" on portal pages: the links come from the page itself (captured replica
 * markup of the current portal and the legacy layout, in both navigation variants, and a hand-written
 * page of another structure). A connected browser may add the same person's other campaign links,
 * found by the exact page link; nothing else is asked of the background.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, waitFor, within } from '@testing-library/react';
import { portalFeature } from '../../../components/content/portal.tsx';
import type { BridgeClient } from '../../../lib/messaging/client.ts';
import type { ShareLinkRow } from '../../../lib/store/db.ts';
import { makeBackground } from '../background/harness.ts';
import { loadPage, navigateTo, shadowOf, startFeature } from './helpers.ts';

configure({ asyncUtilTimeout: 5000 });

const SPEAKER_LINK = 'https://invt.io/1exbas51ph9';
const EXHIBITOR_LINK = 'https://invt.io/0exhib00001';
const PORTAL = '/portals/acme-summit-2026/78002';

let running: { stop(): void } | null = null;
afterEach(() => {
  running?.stop();
  running = null;
  document.body.innerHTML = '';
});

/** The background's content-script client, recording every request the card makes. */
function recording(bridge: BridgeClient) {
  const sent: { type: string; payload: unknown }[] = [];
  let answered = 0;
  const client: BridgeClient = {
    request: (type, payload) => {
      sent.push({ type, payload });
      return bridge.request(type, payload).finally(() => answered++);
    },
  };
  return { client, sent, answered: () => answered };
}

function region() {
  const card = shadowOf('portal-share');
  return card ? within(card).queryByRole('region', { name: 'Share Your Attendance' }) : null;
}

/** The URLs the card shows, in order (the visible link of each entry). */
function shownLinks(): string[] {
  const r = region();
  if (!r) return [];
  return Array.from(r.querySelectorAll<HTMLAnchorElement>('a.gb-share-url')).map((a) => a.textContent);
}

/** Lets the debounced observer and the background's answer run, then waits for a positive signal. */
async function settle(expected: string[]) {
  await waitFor(() => expect(shownLinks()).toEqual(expected));
}

/** Starts the card with fake timers and runs every look it takes (first look, after a re-render, fallback): nothing shows. */
async function expectNoCard(bridge: BridgeClient, sent: { type: string }[]) {
  vi.useFakeTimers();
  try {
    running = await startFeature((ctx) => portalFeature(ctx, { bridge, css: '' }));
    document.body.append(document.createElement('span')); // a page re-render: one more look
    // Past the time the page gets to render the card's anchor (the floating card's delay).
    await vi.advanceTimersByTimeAsync(5000);
    expect(document.querySelector('[data-gleanin-bridge]')).toBeNull();
    expect(sent).toEqual([]);
  } finally {
    vi.useRealTimers();
  }
}

function row(over: Partial<ShareLinkRow>): ShareLinkRow {
  return {
    mappingKey: '4001:11846',
    externalIdx: 'sb:contact:c1',
    sbEventId: 4001,
    sbContactId: 'c1',
    email: 'someone@acme.example',
    name: 'Heidi Bartoletti',
    roles: ['speaker'],
    context: ['Keynote: the future'],
    gleaninId: '9',
    links: [],
    writtenValue: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

describe.each(['classic', 'preview'] as const)('portal share card in an unconnected browser (%s navigation)', (layout) => {
  it.each([
    ['current portal, Home (the task card link)', PORTAL, 'portal', SPEAKER_LINK],
    ['current portal, Profile ("Gleanin Link" field value)', `${PORTAL}/profile`, 'portal-profile', SPEAKER_LINK],
    ['current portal, exhibitor primary contact', '/portals/acme-summit-2026-exhibitors/78003', 'portal-exhibitor', EXHIBITOR_LINK],
    ['legacy portal, the share task', '/portal/4001/tasks/task-gleanin-share', 'portal-legacy-task', SPEAKER_LINK],
  ])('%s: shows exactly the link of the page, with Copy link and share buttons', async (_what, path, fixture, link) => {
    const env = makeBackground();
    const { client, sent } = recording(env.portal);
    loadPage(path, `${fixture}-${layout}`);
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: client, css: '' }));
    await settle([link]);
    const r = region()!;
    expect(within(r).getByRole('link', { name: 'Share on LinkedIn' }).getAttribute('href')).toBe(
      `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(link)}`,
    );
    expect(within(r).getByRole('link', { name: 'Share on X' }).getAttribute('href')).toMatch(/^https:\/\/x\.com\/intent/);
    expect(within(r).getByRole('link', { name: 'Share on Facebook' }).getAttribute('href')).toMatch(/^https:\/\/www\.facebook\.com\/sharer/);
    expect(within(r).getByRole('link', { name: 'Share by email' }).getAttribute('href')).toMatch(/^mailto:\?subject=/);
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t: string) => void copied.push(t) }, configurable: true });
    fireEvent.click(within(r).getByRole('button', { name: 'Copy link' }));
    await within(r).findByText('Copied');
    expect(copied).toEqual([link]);
    // The only question asked: the exact link, nothing the page says about the person.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.type === 'shareLinksForShareLink' && JSON.stringify(m.payload) === JSON.stringify({ link }))).toBe(true);
  });

  it('sits before the Home Tasks card of the current portal', async () => {
    loadPage(PORTAL, `portal-${layout}`);
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: makeBackground().content, css: '' }));
    await settle([SPEAKER_LINK]);
    const host = document.querySelector('[data-gleanin-bridge="portal-share"]')!;
    expect(host.nextElementSibling?.querySelector('h2')?.textContent).toMatch(/^Tasks \(\d+\)$/);
  });

  it.each([
    ['a speaker without a link yet', PORTAL, 'portal-nolink'],
    ['the legacy Home (its task list holds no link)', '/portal/4001/home', 'portal-legacy-home'],
  ])('shows nothing for %s', async (_what, path, fixture) => {
    const env = makeBackground();
    const { client, sent } = recording(env.portal);
    loadPage(path, `${fixture}-${layout}`);
    await expectNoCard(client, sent);
  });

  it('follows client-side navigation: the card goes with the link and comes back with it', async () => {
    loadPage(PORTAL, `portal-${layout}`);
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: makeBackground().content, css: '' }));
    await settle([SPEAKER_LINK]);
    // The portal re-renders another tab without the link in place (same feature, same page type).
    const main = document.querySelector('main')!;
    const home = main.cloneNode(true) as Element;
    home.querySelectorAll('[data-gleanin-bridge]').forEach((n) => n.remove());
    main.innerHTML = '<h1>Messages</h1><p>No messages</p>';
    await waitFor(() => expect(document.querySelector('[data-gleanin-bridge]')).toBeNull());
    main.innerHTML = home.innerHTML;
    await settle([SPEAKER_LINK]);
    // Leaving the portal for an admin page: the card goes.
    navigateTo('/event/4001/dashboard');
    await waitFor(() => expect(document.querySelector('[data-gleanin-bridge]')).toBeNull());
  });
});

describe('portal share card in a connected browser', () => {
  it("adds that person's other campaign links, found by the page's exact link, never unsafe ones", async () => {
    const env = makeBackground();
    await env.db.shareLinks.bulkPut([
      row({
        links: [
          { campaignId: '1', campaignName: 'Speaker campaign', url: SPEAKER_LINK },
          { campaignId: '2', campaignName: 'Exhibitor <img src=x onerror=alert(1)>', url: 'https://invt.io/2other00002' },
          { campaignId: '3', campaignName: 'Evil', url: 'https://evil.example/phish' },
        ],
      }),
      // Someone else, with the same name: never shown.
      row({ externalIdx: 'sb:contact:c2', sbContactId: 'c2', email: 'other@acme.example', links: [{ campaignId: '1', campaignName: 'Speaker campaign', url: 'https://invt.io/3someone003' }] }),
    ]);
    const { client, sent } = recording(env.portal);
    loadPage(PORTAL, 'portal-classic');
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: client, css: '' }));
    await settle([SPEAKER_LINK, 'https://invt.io/2other00002']);
    const r = region()!;
    expect(r.textContent).toContain('Speaker campaign');
    expect(r.textContent).toContain('Keynote: the future');
    // A campaign name is text, never markup.
    expect(r.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(r.querySelector('img')).toBeNull();
    expect(r.textContent).not.toContain('evil.example');
    expect(r.textContent).not.toContain('3someone003');
    expect(sent.map((m) => m.payload)).toEqual([{ link: SPEAKER_LINK }]);
  });

  it('shows only the page link when the store does not know it', async () => {
    const env = makeBackground();
    await env.db.shareLinks.bulkPut([row({ links: [{ campaignId: '1', campaignName: 'Speaker campaign', url: 'https://invt.io/9elsewhere9' }] })]);
    const { client, sent, answered } = recording(env.portal);
    loadPage(PORTAL, 'portal-preview');
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: client, css: '' }));
    await settle([SPEAKER_LINK]);
    await waitFor(() => expect(answered()).toBe(sent.length));
    expect(sent.length).toBeGreaterThan(0);
    expect(shownLinks()).toEqual([SPEAKER_LINK]);
  });
});

describe('portal share card on a page of another structure', () => {
  const handWritten = (body: string) => {
    window.history.replaceState(null, '', '/portals/jasmines-conference/a1b2c3/resources');
    document.body.innerHTML = body;
  };

  it('finds the links in a list, a table and a plain paragraph, and nothing else', async () => {
    handWritten(`
      <main><section><h1>Resources</h1>
        <ul><li>Your share page: <a href="https://app.gleanin.com/share/campaigns/5001/variants">open</a></li>
            <li><a href="https://example.com/not-gleanin">Venue map</a></li>
            <li><a href="http://invt.io/1exbas51ph9">insecure copy</a></li></ul>
        <table><tr><th>Field</th><th>Value</th></tr><tr><td>Gleanin Link</td><td>https://invt.io/1tablecell1</td></tr></table>
        <p>Or paste this into your post: https://invt.io/1paragraph1. Thanks!</p>
        <p>Lookalikes: https://invt.io.evil.example/1exbas51ph9 https://invt.io/TOOSHORT</p>
        <script type="application/json">{"other":"https://invt.io/1scripted01"}</script>
      </section></main>`);
    running = await startFeature((ctx) => portalFeature(ctx, { bridge: makeBackground().content, css: '', fallbackAfterMs: 0 }));
    await settle(['https://app.gleanin.com/share/campaigns/5001/variants', 'https://invt.io/1tablecell1', 'https://invt.io/1paragraph1']);
  });

  it("shows none on a page that names someone else (name, email) but holds no link", async () => {
    const env = makeBackground();
    await env.db.shareLinks.bulkPut([row({ email: 'heidi@acme.example', links: [{ campaignId: '1', campaignName: 'Speaker campaign', url: SPEAKER_LINK }] })]);
    const { client, sent } = recording(env.portal);
    handWritten(`<header><span>Logged in as heidi@acme.example</span><button>HB Heidi Bartoletti</button></header>
      <main><h2>Tasks (1)</h2><p>Heidi Bartoletti, heidi@acme.example, Speaker</p></main>`);
    await expectNoCard(client, sent);
  });
});
