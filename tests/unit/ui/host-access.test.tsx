// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BridgeContext } from '../../../components/bridge.tsx';
import { BridgePanel } from '../../../components/BridgePanel.tsx';
import { HostAccessContext } from '../../../components/HostAccessNotice.tsx';
import { sandboxHosts } from '../../../lib/config/hosts.ts';
import { apiAccessErrors } from '../../../lib/config/host-access.ts';
import { GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';
import { fakePermissions } from '../../helpers/permissions.ts';

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

// A Firefox sandbox build: its one host permission is http://127.0.0.1/*.
const HOSTS = sandboxHosts(4555, 'firefox');

function renderPanel(perms: ReturnType<typeof fakePermissions>) {
  const { popup } = makeBackground({ hostAccess: (region) => apiAccessErrors(perms.port, HOSTS, region) });
  return render(
    <HostAccessContext.Provider value={{ permissions: perms.port, hosts: HOSTS }}>
      <BridgeContext.Provider value={popup}>
        <BridgePanel />
      </BridgeContext.Provider>
    </HostAccessContext.Provider>,
  );
}

/** A click as the browser sees it: permissions.request counts as user-initiated only while the click's handler runs. */
function userClick(perms: ReturnType<typeof fakePermissions>, el: HTMLElement) {
  perms.state.inGesture = true;
  try {
    fireEvent.click(el);
  } finally {
    perms.state.inGesture = false;
  }
}

describe('a revoked host permission in the popup and panel', () => {
  it('shows "Gleanin Bridge needs access to 127.0.0.1" and Connect says so too, never "could not be reached"', async () => {
    const perms = fakePermissions(HOSTS.hostPermissions);
    perms.revoke('http://127.0.0.1/*');
    renderPanel(perms);
    expect(await screen.findByText('Gleanin Bridge needs access to 127.0.0.1')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Grant access' })).toBeTruthy();

    fireEvent.change(await screen.findByLabelText('Gleanin API token'), { target: { value: GOOD_GL } });
    fireEvent.change(screen.getByLabelText('Sessionboard API token'), { target: { value: GOOD_SB } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.getAllByText('Gleanin Bridge needs access to 127.0.0.1').length).toBe(3));
    expect(document.body.textContent).not.toContain('could not be reached');
    expect(screen.queryByRole('button', { name: 'Disconnect' })).toBeNull();
  });

  it('"Grant access" requests the permission from the click itself; once granted the notice goes and Connect works', async () => {
    const perms = fakePermissions(HOSTS.hostPermissions);
    perms.revoke('http://127.0.0.1/*');
    renderPanel(perms);
    userClick(perms, await screen.findByRole('button', { name: 'Grant access' }));
    expect(perms.state.requests).toEqual([{ origins: ['http://127.0.0.1/*'], inGesture: true }]);
    await waitFor(() => expect(screen.queryByText('Gleanin Bridge needs access to 127.0.0.1')).toBeNull());
    expect(perms.has('http://127.0.0.1/*')).toBe(true);

    fireEvent.change(await screen.findByLabelText('Gleanin API token'), { target: { value: GOOD_GL } });
    fireEvent.change(screen.getByLabelText('Sessionboard API token'), { target: { value: GOOD_SB } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByRole('button', { name: 'Disconnect' })).toBeTruthy();
  });

  it('says so when the user declines, and keeps the button', async () => {
    const perms = fakePermissions(HOSTS.hostPermissions);
    perms.revoke('http://127.0.0.1/*');
    perms.state.userAccepts = false;
    renderPanel(perms);
    userClick(perms, await screen.findByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText(/Access was not granted/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Grant access' })).toBeTruthy();
  });

  it('shows nothing while every host permission is granted', async () => {
    const perms = fakePermissions(HOSTS.hostPermissions);
    renderPanel(perms);
    await screen.findByLabelText('Gleanin API token');
    expect(screen.queryByText(/needs access/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Grant access' })).toBeNull();
  });
});
