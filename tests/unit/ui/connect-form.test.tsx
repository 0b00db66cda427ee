// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BridgeContext } from '../../../components/bridge.tsx';
import { ConnectForm } from '../../../components/ConnectForm.tsx';
import { makeBackground } from '../background/harness.ts';

afterEach(cleanup);

describe('token fields', () => {
  it('show and hide a token with an icon toggle that a keyboard can press', async () => {
    const user = userEvent.setup();
    render(
      <BridgeContext.Provider value={makeBackground().popup}>
        <ConnectForm onConnected={() => {}} />
      </BridgeContext.Provider>,
    );
    const field = screen.getByLabelText('Gleanin API token');
    const [toggle, other] = screen.getAllByRole('button', { name: 'Show token' });
    expect(toggle.getAttribute('aria-controls')).toBe(field.id);
    expect(field.getAttribute('type')).toBe('password');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    // An icon, not an emoji glyph that may not render.
    expect(toggle.textContent).toBe('');
    expect(toggle.querySelector('svg.lucide-eye')).not.toBeNull();

    await user.click(field);
    await user.tab();
    expect(document.activeElement).toBe(toggle);
    await user.keyboard(' ');
    expect(field.getAttribute('type')).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(toggle.querySelector('svg.lucide-eye-off')).not.toBeNull();
    // Each field has its own toggle.
    expect(other.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByLabelText('Sessionboard API token').getAttribute('type')).toBe('password');

    await user.keyboard('{Enter}');
    expect(field.getAttribute('type')).toBe('password');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
  });
});
