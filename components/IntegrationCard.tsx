/**
 * Our card on Organization Settings › Integrations (integration-card.png): logo, "Gleanin", EVENT
 * badge, description, "View Documentation", and "Connect" (not connected) or "Settings" plus a "⋯"
 * menu with "Disconnect Integration" (connected), as Sessionboard's own cards do. Connect and
 * Settings open the same panel as the popup, as an extension page in a frame (`panelUrl`), so
 * tokens are never typed into the content script.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ExternalLink } from 'lucide-react';
import type { ConnectionView } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';
import { ConfirmDialog } from './Dialog.tsx';
import { PanelFrameDialog } from './PanelFrameDialog.tsx';

/** Gleanin's Sessionboard help article (reference/sessionboard-app.md, KB:apps/gleanin-integration). */
export const DOCS_URL = 'https://learn.sessionboard.com/apps/gleanin-integration';

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
        onClick={() => setOpen(!open)}
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
            onClick={() => {
              setOpen(false);
              onDisconnect();
            }}
          >
            Disconnect Integration
          </button>
        </div>
      )}
    </span>
  );
}

export function IntegrationCard({ panelUrl }: { panelUrl: string }) {
  const bridge = useBridge();
  const [connection, setConnection] = useState<ConnectionView | null | undefined>(undefined);
  const [panel, setPanel] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    bridge.request('getStatus', {}).then(
      (s) => setConnection(s.connection),
      (e) => setError(errorText(e)),
    );
  }, [bridge]);
  useEffect(load, [load]);

  const disconnect = async () => {
    setConfirm(false);
    try {
      await bridge.request('disconnect', {});
      setConnection(null);
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
          <button type="button" className="gb-button gb-primary" aria-label={connection ? 'Gleanin settings' : 'Connect Gleanin'} onClick={() => setPanel(true)} disabled={connection === undefined}>
            {connection ? 'Settings' : 'Connect'}
          </button>
          {connection && <MoreMenu onDisconnect={() => setConfirm(true)} />}
        </span>
      </div>
      {panel && (
        <PanelFrameDialog
          url={panelUrl}
          onClose={() => {
            setPanel(false);
            load();
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title="Disconnect Integration?"
          message="Both tokens and all event mappings are removed. Nothing is deleted in Gleanin; connecting again and mapping the same events resumes cleanly."
          confirmLabel="Disconnect"
          danger
          onConfirm={disconnect}
          onCancel={() => setConfirm(false)}
        />
      )}
    </div>
  );
}
