/**
 * Our card on Organization Settings › Integrations, shaped like the native cards there: logo, "Gleanin", EVENT
 * badge, description, "View Documentation", and "Connect" (not connected) or "Settings" plus a "⋯"
 * menu with "Disconnect Integration" (connected), as Sessionboard's own cards do. Connect and
 * Settings open the same panel as the popup, as an extension page in a frame (`panelUrl`), so
 * tokens are never typed into the content script. "Disconnect Integration" opens that panel too, with
 * its confirmation: the content script itself may not disconnect (lib/messaging/capabilities.ts).
 * Each opening carries a fresh one-time grant (lib/messaging/panel-grants.ts).
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ExternalLink } from 'lucide-react';
import type { ConnectionView } from '../lib/messaging/protocol.ts';
import { panelUrlWithGrant } from '../lib/messaging/panel-grants.ts';
import { trusted } from '../lib/host/trusted.ts';
import { errorText, useBridge } from './bridge.tsx';
import { PanelFrameDialog } from './PanelFrameDialog.tsx';

/** Gleanin's integration article in Sessionboard's help center (the card's "View Documentation" link). */
const DOCS_URL = 'https://learn.sessionboard.com/apps/gleanin-integration';

function MoreMenu({ onDisconnect }: { onDisconnect(): void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const item = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) item.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    }
  };
  return (
    <span className="gb-menu-wrap">
      <button
        ref={button}
        type="button"
        className="gb-button"
        aria-label="More actions for Gleanin"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={trusted(() => setOpen(!open))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        ⋯
      </button>
      {open && (
        <div className="gb-menu" role="menu" aria-label="Gleanin actions" onKeyDown={onKey}>
          <button
            ref={item}
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={trusted(() => {
              setOpen(false);
              onDisconnect();
            })}
          >
            Disconnect Integration
          </button>
        </div>
      )}
    </span>
  );
}

export function IntegrationCard({ panelUrl, extensionRootUrl }: { panelUrl: string; extensionRootUrl?: string }) {
  const bridge = useBridge();
  const [connection, setConnection] = useState<ConnectionView | null | undefined>(undefined);
  /** The framed panel's URL with its grant, while the panel is open. */
  const [panel, setPanel] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    bridge.request('getStatus', {}).then(
      (s) => setConnection(s.connection),
      (e) => setError(errorText(e)),
    );
  }, [bridge]);
  useEffect(load, [load]);

  const openPanel = async (intent?: 'disconnect') => {
    try {
      const { grant } = await bridge.request('requestPanelGrant', {});
      setPanel(panelUrlWithGrant(panelUrl, grant, intent));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="gb-int-card">
      <div className="gb-int-head">
        <span className="gb-logo" aria-hidden="true">
          G
        </span>
        <h3>Gleanin</h3>
        {connection && <span className="gb-badge gb-ok">Connected</span>}
      </div>
      <span className="gb-badge gb-scope">EVENT</span>
      <p className="gb-int-desc">Connect Sessionboard to your Gleanin instance</p>
      {error && <p className="gb-error">{error}</p>}
      <div className="gb-int-foot">
        <a href={DOCS_URL} target="_blank" rel="noopener noreferrer">
          View Documentation
          <ExternalLink size={18} aria-hidden="true" />
        </a>
        <span className="gb-actions">
          <button type="button" className="gb-button gb-primary" aria-label={connection ? 'Gleanin settings' : 'Connect Gleanin'} onClick={trusted(() => void openPanel())} disabled={connection === undefined}>
            {connection ? 'Settings' : 'Connect'}
          </button>
          {connection && <MoreMenu onDisconnect={() => void openPanel('disconnect')} />}
        </span>
      </div>
      {panel && (
        <PanelFrameDialog
          url={panel}
          extensionRootUrl={extensionRootUrl}
          onClose={() => {
            setPanel(null);
            load();
          }}
        />
      )}
    </div>
  );
}
