// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/react';
import { createSyncService } from '../../../lib/sync/service.ts';
import { integrationsFeature } from '../../../components/content/integrations.tsx';
import { portalFeature } from '../../../components/content/portal.tsx';
import { GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';
import { loadPage, shadowOf, startFeature } from './helpers.ts';
import { configure } from '@testing-library/react';

// Two cores and several test files at once: give async queries room (they return as soon as they match).
configure({ asyncUtilTimeout: 5000 });

let running: { stop(): void } | null = null;
afterEach(() => {
  running?.stop();
  running = null;
  document.body.innerHTML = '';
});

describe.each(['classic', 'preview'] as const)('integrations card (%s layout)', (layout) => {
  it('joins the card grid once, connects through the panel, then offers Settings and ⋯ > Disconnect Integration', async () => {
    const env = makeBackground();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', `integrations-${layout}`);
    running = startFeature(integrationsFeature({ bridge: env.content, css: '' }));
    const list = document.querySelector('[aria-label="Integrations"]')!;
    await waitFor(() => expect(list.querySelector('[data-gleanin-bridge="integrations-card"]')).not.toBeNull());
    const item = list.querySelector('[data-gleanin-bridge="integrations-card"]')!;
    expect(item.tagName).toBe('LI');
    expect(item.className).toBe(list.firstElementChild!.className);
    const card = shadowOf('integrations-card')!;
    expect(await within(card).findByRole('heading', { name: 'Gleanin' })).toBeTruthy();
    expect(within(card).getByRole('link', { name: /View Documentation/ }).getAttribute('href')).toMatch(/^https:/);

    // Re-render of the grid (new nodes): the card comes back, still once.
    const clone = list.cloneNode(true) as Element;
    clone.querySelectorAll('[data-gleanin-bridge]').forEach((n) => n.remove());
    list.replaceWith(clone);
    await waitFor(() => expect(document.querySelectorAll('li[data-gleanin-bridge="integrations-card"]')).toHaveLength(1));

    const fresh = shadowOf('integrations-card')!;
    const connectButton = await within(fresh).findByRole<HTMLButtonElement>('button', { name: 'Connect Gleanin' });
    await waitFor(() => expect(connectButton.disabled).toBe(false));
    fireEvent.click(connectButton);
    const panel = await within(fresh).findByRole('dialog', { name: 'Gleanin integration' });
    fireEvent.change(await within(panel).findByLabelText('Gleanin API token'), { target: { value: GOOD_GL } });
    fireEvent.change(within(panel).getByLabelText('Sessionboard API token'), { target: { value: GOOD_SB } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Connect' }));
    await within(panel).findByText(`••••${GOOD_GL.slice(-4)}`);
    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    fireEvent.click(await within(fresh).findByRole('button', { name: 'More actions for Gleanin' }));
    fireEvent.click(await within(fresh).findByRole('menuitem', { name: 'Disconnect Integration' }));
    const confirm = await within(fresh).findByRole('alertdialog', { name: 'Disconnect Integration?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Disconnect' }));
    await within(fresh).findByRole('button', { name: 'Connect Gleanin' });
    expect(await env.popup.request('getStatus', {})).toEqual({ connection: null });
  });

  it('falls back to a floating "Gleanin" button when the grid is missing', async () => {
    const env = makeBackground();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', `integrations-${layout}`);
    document.querySelector('[aria-label="Integrations"]')!.remove();
    document.querySelectorAll('a').forEach((a) => a.remove());
    running = startFeature(integrationsFeature({ bridge: env.content, css: '', fallbackAfterMs: 20 }));
    await waitFor(() => expect(shadowOf('integrations-card-fallback')).not.toBeNull());
    fireEvent.click(within(shadowOf('integrations-card-fallback')!).getByRole('button', { name: 'Gleanin' }));
    expect(await within(shadowOf('integrations-card-fallback')!).findByRole('dialog', { name: 'Gleanin integration' })).toBeTruthy();
  });
});

describe.each(['classic', 'preview'] as const)('portal share card (%s layout)', (layout) => {
  const links = (url: string, campaignName = 'Speaker campaign') => ({ campaignId: '11411', campaignName, url });
  const world = () =>
    makeBackground({
      service: (db) => ({
        ...createSyncService({ db, clients: () => ({}) as never }),
        async shareLinksFor(q) {
          if (q.email !== 'dup.speaker@example.com' || q.sbEventId !== 4001) return [];
          return [
            {
              mappingKey: '4001:11846',
              externalIdx: 'sb:contact:1',
              sbEventId: 4001,
              sbContactId: 'c1',
              email: 'dup.speaker@example.com',
              name: 'Heidi Bartoletti',
              roles: ['speaker'],
              context: ['Stand-alone eco-centric data-warehouse'],
              gleaninId: '9',
              links: [links('https://invt.io/abc123'), links('javascript:alert(1)', 'Evil'), links('http://plain.example/x', 'Plain')],
              writtenValue: null,
              updatedAt: '2026-01-01T00:00:00.000Z',
            },
          ];
        },
      }),
    });

  it('shows "Share Your Attendance" before the Tasks region with https links only, as text', async () => {
    const env = world();
    loadPage('/portal/4001/home', `portal-${layout}`);
    running = startFeature(portalFeature({ bridge: env.content, css: '' }));
    await waitFor(() => expect(shadowOf('portal-share')).not.toBeNull());
    const host = document.querySelector('[data-gleanin-bridge="portal-share"]')!;
    expect(host.nextElementSibling?.querySelector('h2')?.textContent).toBe('Tasks (2)');
    const card = shadowOf('portal-share')!;
    const region = within(card).getByRole('region', { name: 'Share Your Attendance' });
    const anchors = within(region).getAllByRole('link');
    expect(anchors.every((a) => /^(https:|mailto:)/.test(a.getAttribute('href')!))).toBe(true);
    expect(region.textContent).not.toContain('javascript:');
    expect(region.textContent).not.toContain('plain.example');
    expect(within(region).getByRole('link', { name: 'https://invt.io/abc123' })).toBeTruthy();
    expect(within(region).getByRole('link', { name: 'Share on LinkedIn' }).getAttribute('href')).toBe(
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Finvt.io%2Fabc123',
    );
    expect(within(region).getByRole('link', { name: 'Share on X' }).getAttribute('href')).toMatch(/^https:\/\/x\.com\/intent/);
    expect(within(region).getByRole('link', { name: 'Share on Facebook' }).getAttribute('href')).toMatch(/^https:\/\/www\.facebook\.com\/sharer/);
    expect(within(region).getByRole('link', { name: 'Share by email' }).getAttribute('href')).toMatch(/^mailto:\?subject=/);
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t: string) => void copied.push(t) }, configurable: true });
    fireEvent.click(within(region).getByRole('button', { name: 'Copy link' }));
    await within(region).findByText('Copied');
    expect(copied).toEqual(['https://invt.io/abc123']);
  });

  it('shows nothing for a contact without links, and is removed on navigation away', async () => {
    const env = world();
    loadPage('/portal/4001/home', `portal-${layout}`);
    running = startFeature(portalFeature({ bridge: env.content, css: '' }));
    await waitFor(() => expect(shadowOf('portal-share')).not.toBeNull());
    window.history.pushState(null, '', '/event/4001/dashboard');
    window.dispatchEvent(new Event('wxt:locationchange'));
    expect(document.querySelector('[data-gleanin-bridge]')).toBeNull();
    running.stop();
    loadPage('/portal/4002/home', `portal-${layout}`);
    running = startFeature(portalFeature({ bridge: env.content, css: '' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(document.querySelector('[data-gleanin-bridge]')).toBeNull();
  });
});
