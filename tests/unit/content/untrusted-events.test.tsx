// @vitest-environment happy-dom
/**
 * Injected controls act on a person's events only: the same click or key made by page script
 * (`isTrusted === false`) does nothing. And the framed panel acts only with a redeemed grant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { injectInto } from '../../../lib/host/options-menu.ts';
import { isTrustedEvent } from '../../../lib/host/trusted.ts';
import { BridgeContext } from '../../../components/bridge.tsx';
import { BridgePanel, PanelNotGranted, PANEL_NOT_GRANTED_TEXT } from '../../../components/BridgePanel.tsx';
import { GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';
import { loadPage, openMenuFrom, untrusted } from './helpers.ts';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

describe.each(['classic', 'preview'] as const)('our items in the page’s Options menu (%s)', (layout) => {
  it('ignore page script’s click(), dispatched clicks and keys; a person’s click and Enter act', () => {
    loadPage('/event/4001/sessions/agenda', `agenda-${layout}`);
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    let selected = 0;
    expect(injectInto(menu, [{ label: 'Sync to Gleanin (event: 11846)', onSelect: () => selected++ }], 'test')).toBe(true);
    const item = menu.querySelector<HTMLElement>('[data-gleanin-bridge="test"]')!;

    item.dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true })));
    item.dispatchEvent(untrusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    item.dispatchEvent(untrusted(new KeyboardEvent('keydown', { key: ' ', bubbles: true })));
    expect(selected).toBe(0);

    fireEvent.click(item);
    expect(selected).toBe(1);
    if (item.tagName !== 'BUTTON') {
      fireEvent.keyDown(item, { key: 'Enter' });
      expect(selected).toBe(2);
    }
  });
});

describe('isTrustedEvent', () => {
  it('reads React’s native event when there is one', () => {
    expect(isTrustedEvent({ isTrusted: true, nativeEvent: { isTrusted: false } })).toBe(false);
    expect(isTrustedEvent({ isTrusted: false, nativeEvent: { isTrusted: true } })).toBe(true);
    expect(isTrustedEvent({})).toBe(false);
    expect(isTrustedEvent(undefined)).toBe(false);
  });
});

describe('the framed panel', () => {
  it('without a grant shows only where to open it from: no button at all', () => {
    render(<PanelNotGranted />);
    expect(screen.getByText(PANEL_NOT_GRANTED_TEXT)).toBeTruthy();
    expect(PANEL_NOT_GRANTED_TEXT).toBe('Open this panel from the Gleanin card on Organization > Settings > Integrations');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('opened for "Disconnect Integration" asks for confirmation at once and reports when answered', async () => {
    const env = makeBackground();
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    let done = 0;
    render(
      <BridgeContext.Provider value={env.popup}>
        <BridgePanel intent="disconnect" onIntentDone={() => done++} />
      </BridgeContext.Provider>,
    );
    const confirm = await screen.findByRole('alertdialog', { name: 'Disconnect Gleanin?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(done).toBe(1));
    expect(await env.popup.request('getStatus', {})).toEqual({ connection: null });
  });
});
