// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, waitFor, within } from '@testing-library/react';
import { integrationsFeature } from '../../../components/content/integrations.tsx';
import { EXT_ORIGIN, GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';
import { loadPage, shadowOf, startFeature, untrusted } from './helpers.ts';
import { ourShadowRoot } from '../../../lib/host/ui.ts';
import { configure } from '@testing-library/react';

// Two cores and several test files at once: give async queries room (they return as soon as they match).
configure({ asyncUtilTimeout: 5000 });

let running: { stop(): void } | null = null;
afterEach(() => {
  running?.stop();
  running = null;
  document.body.innerHTML = '';
});

const PANEL_URL = `${EXT_ORIGIN}/panel.html`;

/** Every form control in the document and every shadow root, ours (closed) included. */
function readableControls(root: Document | ShadowRoot = document): Element[] {
  const found = Array.from(root.querySelectorAll('input, textarea, select, [contenteditable], [role="textbox"]'));
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const shadow = el.shadowRoot ?? ourShadowRoot(el);
    if (shadow) found.push(...readableControls(shadow));
  }
  return found;
}

const grantedPanel = (intent = '') => new RegExp(`^${PANEL_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#grant=[\\w-]{20,}${intent}$`);

/**
 * The framed page's window. happy-dom does not load extension pages, so the frame gets a stand-in
 * window that identifies it as the source of its messages.
 */
function frameWindow(frame: HTMLIFrameElement): Window {
  const win = {} as Window;
  Object.defineProperty(frame, 'contentWindow', { value: win, configurable: true });
  return win;
}

/** A window message as the framed panel page posts it (or a forgery, with another source or origin). */
function postFromFrame(source: Window, data: unknown, origin = EXT_ORIGIN) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as MessageEventSource }));
}

describe.each(['classic', 'preview'] as const)('integrations card (%s layout)', (layout) => {
  it('joins the card grid once; Connect frames the extension panel page; once connected offers Settings and ⋯ > Disconnect Integration', async () => {
    const env = makeBackground();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', `integrations-${layout}`);
    running = await startFeature((ctx) => integrationsFeature(ctx, { bridge: env.content, css: '', panelUrl: PANEL_URL }));
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
    connectButton.focus(); // as a real click does
    fireEvent.click(connectButton);
    const panel = await within(fresh).findByRole('dialog', { name: 'Gleanin integration' });
    const frame = panel.querySelector('iframe')!;
    const framed = frameWindow(frame);
    // A fresh one-time grant rides in the fragment; the page cannot see it (closed root).
    expect(frame.getAttribute('src')).toMatch(grantedPanel());
    expect(document.querySelector('[data-gleanin-bridge="integrations-card"]')!.shadowRoot).toBeNull();
    expect(frame.getAttribute('title')).toBe('Gleanin connection and event mappings');
    // The dialog opens once the grant has come back; focus moves in as it mounts.
    await waitFor(() => expect((fresh.getRootNode() as ShadowRoot).activeElement).toBe(within(panel).getByRole('button', { name: 'Close' })));

    // The frame sizes itself; a forged message (other window or other origin) is ignored.
    postFromFrame(framed, { channel: 'gleanin-bridge:panel', type: 'size', height: 512 });
    await waitFor(() => expect(frame.style.height).toBe('512px'));
    // act() returns once React has rendered whatever the messages changed.
    await act(async () => {
      postFromFrame(framed, { channel: 'gleanin-bridge:panel', type: 'close' }, 'http://127.0.0.1:4555');
      postFromFrame(window, { channel: 'gleanin-bridge:panel', type: 'close' });
      postFromFrame(framed, { channel: 'gleanin-bridge:panel', type: 'close', token: 'x' });
    });
    expect(within(fresh).queryByRole('dialog', { name: 'Gleanin integration' })).not.toBeNull();

    // The panel page connects over the runtime protocol (as the popup does); Escape inside it closes the dialog.
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    postFromFrame(framed, { channel: 'gleanin-bridge:panel', type: 'close' });
    await waitFor(() => expect(within(fresh).queryByRole('dialog')).toBeNull());
    expect((fresh.getRootNode() as ShadowRoot).activeElement).toBe(connectButton);

    fireEvent.click(await within(fresh).findByRole('button', { name: 'Gleanin settings' }));
    const settings = await within(fresh).findByRole('dialog', { name: 'Gleanin integration' });
    fireEvent.keyDown(within(settings).getByRole('button', { name: 'Close' }), { key: 'Escape' });
    await waitFor(() => expect(within(fresh).queryByRole('dialog')).toBeNull());

    // Page script clicking "More actions" changes nothing.
    const more = await within(fresh).findByRole('button', { name: 'More actions for Gleanin' });
    await act(async () => void more.dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true }))));
    expect(within(fresh).queryByRole('menuitem', { name: 'Disconnect Integration' })).toBeNull();

    // "Disconnect Integration" opens the panel (an extension page) with its confirmation; the content
    // script itself does not disconnect.
    fireEvent.click(more);
    fireEvent.click(await within(fresh).findByRole('menuitem', { name: 'Disconnect Integration' }));
    const confirmIn = await within(fresh).findByRole('dialog', { name: 'Gleanin integration' });
    const confirmFrame = confirmIn.querySelector('iframe')!;
    expect(confirmFrame.getAttribute('src')).toMatch(grantedPanel('&intent=disconnect'));
    expect(within(fresh).queryByRole('alertdialog')).toBeNull();
    expect((await env.popup.request('getStatus', {})).connection).not.toBeNull();
    // The panel disconnects over the runtime protocol and asks to be closed: the card offers Connect again.
    await env.popup.request('disconnect', {});
    postFromFrame(frameWindow(confirmFrame), { channel: 'gleanin-bridge:panel', type: 'close' });
    await within(fresh).findByRole('button', { name: 'Connect Gleanin' });
    expect(await env.popup.request('getStatus', {})).toEqual({ connection: null });
  });

  it('has no token textbox (nor any text control) in the content script: the connect form lives only in the framed extension page', async () => {
    const env = makeBackground();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', `integrations-${layout}`);
    const pageControls = readableControls().length;
    running = await startFeature((ctx) => integrationsFeature(ctx, { bridge: env.content, css: '', panelUrl: PANEL_URL }));
    await waitFor(() => expect(shadowOf('integrations-card')).not.toBeNull());
    const card = shadowOf('integrations-card')!;
    const connect = await within(card).findByRole<HTMLButtonElement>('button', { name: 'Connect Gleanin' });
    await waitFor(() => expect(connect.disabled).toBe(false));
    fireEvent.click(connect);
    await within(card).findByRole('dialog', { name: 'Gleanin integration' });
    expect(within(card).queryByLabelText(/API token/)).toBeNull();
    expect(within(card).queryByRole('textbox')).toBeNull();
    expect(readableControls()).toHaveLength(pageControls);
  });

  it('falls back to a floating "Gleanin" button when the grid is missing, with the same framed panel', async () => {
    const env = makeBackground();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', `integrations-${layout}`);
    document.querySelector('[aria-label="Integrations"]')!.remove();
    document.querySelectorAll('a').forEach((a) => a.remove());
    running = await startFeature((ctx) => integrationsFeature(ctx, { bridge: env.content, css: '', panelUrl: PANEL_URL, fallbackAfterMs: 20 }));
    await waitFor(() => expect(shadowOf('integrations-card-fallback')).not.toBeNull());
    const fab = shadowOf('integrations-card-fallback')!;
    fireEvent.click(within(fab).getByRole('button', { name: 'Gleanin' }));
    const connect = await within(fab).findByRole<HTMLButtonElement>('button', { name: 'Connect Gleanin' });
    await waitFor(() => expect(connect.disabled).toBe(false));
    fireEvent.click(connect);
    const panel = await within(fab).findByRole('dialog', { name: 'Gleanin integration' });
    expect(panel.querySelector('iframe')!.getAttribute('src')).toMatch(grantedPanel());
    expect(within(fab).queryByRole('textbox')).toBeNull();
  });
});


describe('the event-level Settings › Integrations page', () => {
  it("gets no organization card, even when its markup holds the same integrations grid", async () => {
    const env = makeBackground();
    loadPage('/event/4001/settings/integrations', 'integrations-classic');
    running = await startFeature((ctx) => integrationsFeature(ctx, { bridge: env.content, css: '', panelUrl: PANEL_URL }));
    // The page is judged by its URL when the feature starts: no match, nothing is mounted or ever added.
    expect(document.querySelector('[data-gleanin-bridge]')).toBeNull();
    // The same grid on the org page gets the card (positive control).
    running.stop();
    loadPage('/org/sessionboard-demo-environment/settings/integrations', 'integrations-classic');
    running = await startFeature((ctx) => integrationsFeature(ctx, { bridge: env.content, css: '', panelUrl: PANEL_URL }));
    await waitFor(() => expect(shadowOf('integrations-card')).not.toBeNull());
    // Its status has come back before the test ends (a late answer would land after the page is gone).
    const connect = await within(shadowOf('integrations-card')!).findByRole<HTMLButtonElement>('button', { name: 'Connect Gleanin' });
    await waitFor(() => expect(connect.disabled).toBe(false));
  });
});
