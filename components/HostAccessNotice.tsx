/**
 * "Gleanin Bridge needs access to <host>" with a "Grant access" button, shown in the popup and the panel
 * when the user took back one of this build's host permissions (Firefox allows it). Browsers grant a
 * permission request only from a user gesture, so the click handler calls `permissions.request` first,
 * before any await.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { currentHosts, type Hosts } from '../lib/config/hosts.ts';
import { missingHosts, needsAccessMessage, type HostPermissionsPort, type MissingHost } from '../lib/config/host-access.ts';
import { errorText } from './bridge.tsx';

interface PermissionEvents {
  onAdded?: { addListener(f: () => void): void; removeListener(f: () => void): void };
  onRemoved?: { addListener(f: () => void): void; removeListener(f: () => void): void };
}

/** The permissions API and hosts the notice checks: the browser's and this build's unless a test provides its own. */
export const HostAccessContext = createContext<{ permissions: HostPermissionsPort & PermissionEvents; hosts: Hosts } | null>(null);

function useHostAccess() {
  const given = useContext(HostAccessContext);
  return given ?? { permissions: browser.permissions as unknown as HostPermissionsPort & PermissionEvents, hosts: currentHosts() };
}

export function HostAccessNotice() {
  const { permissions, hosts } = useHostAccess();
  const [missing, setMissing] = useState<MissingHost[]>([]);
  const [error, setError] = useState<string | null>(null);

  const check = useCallback(async () => {
    try {
      setMissing(await missingHosts(permissions, hosts));
    } catch {
      // No permissions API here (not an extension page): nothing can be asked for, so nothing is shown.
      setMissing([]);
    }
  }, [permissions, hosts]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- check() sets state only after the permissions API answers
    void check();
    const again = () => void check();
    // Where the API has no such events (not an extension page), the first check is all there is.
    const events = [permissions.onAdded, permissions.onRemoved].filter((e) => {
      try {
        e?.addListener(again);
        return !!e;
      } catch {
        return false;
      }
    });
    return () => events.forEach((e) => e!.removeListener(again));
  }, [check, permissions]);

  if (missing.length === 0) return null;
  const grant = () => {
    setError(null);
    permissions.request({ origins: missing.map((m) => m.pattern) }).then(
      (granted) => {
        if (!granted) setError('Access was not granted. Gleanin Bridge cannot reach these hosts until it is.');
        void check();
      },
      (e) => setError(`Access could not be requested: ${errorText(e)}`),
    );
  };
  return (
    <section className="gb-card gb-note" aria-label="Host access">
      {missing.map((m) => (
        <p key={m.pattern}>{needsAccessMessage(m.host)}</p>
      ))}
      {error && <p className="gb-error">{error}</p>}
      <div className="gb-actions">
        <button type="button" className="gb-button gb-primary" onClick={grant}>
          Grant access
        </button>
      </div>
    </section>
  );
}
