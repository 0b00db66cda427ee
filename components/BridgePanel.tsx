/**
 * The whole connect-and-map panel: the popup renders it, and the integrations card opens it in a
 * shadow root. Connection status (masked tokens, region), Connect, mappings, Add Mapping, Disconnect.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionView, MappingView } from '../lib/messaging/protocol.ts';
import { AddMappingForm } from './AddMappingForm.tsx';
import { errorText, useBridge } from './bridge.tsx';
import { ConnectForm } from './ConnectForm.tsx';
import { ConnectionCheck } from './ConnectionCheck.tsx';
import { ConfirmDialog } from './Dialog.tsx';
import { HostAccessNotice } from './HostAccessNotice.tsx';
import { MappingList } from './MappingList.tsx';

function ConnectionStatus({
  connection,
  onDisconnect,
  confirmAtOnce = false,
  onConfirmAnswered,
  checkNow = false,
}: {
  connection: ConnectionView;
  onDisconnect(): void | Promise<void>;
  /** Opened from the integrations card's "Disconnect Integration": the confirmation shows at once. */
  confirmAtOnce?: boolean;
  onConfirmAnswered?(): void;
  /** Run the connection check at once (right after Connect). */
  checkNow?: boolean;
}) {
  const [confirm, setConfirm] = useState(confirmAtOnce);
  return (
    <section className="gb-card" aria-label="Connection">
      <div className="gb-mapping-head">
        <h3>Connected</h3>
        <span className="gb-badge gb-ok">✓ Connected</span>
      </div>
      <dl className="gb-dl">
        <dt>Gleanin API token</dt>
        <dd className="gb-mono">{connection.gleaninTokenMasked}</dd>
        <dt>Sessionboard API token</dt>
        <dd className="gb-mono">{connection.sessionboardTokenMasked}</dd>
        <dt>Sessionboard region</dt>
        <dd>{connection.sessionboardRegion.toUpperCase()}</dd>
        <dt>Share links to Sessionboard</dt>
        <dd>{connection.canWriteContacts ? 'Written to the “Gleanin Link” field' : 'Not written (token cannot write contacts)'}</dd>
      </dl>
      <div className="gb-actions">
        <button type="button" className="gb-button gb-danger" onClick={() => setConfirm(true)}>
          Disconnect
        </button>
      </div>
      <ConnectionCheck runOnMount={checkNow} />
      {confirm && (
        <ConfirmDialog
          title="Disconnect Gleanin?"
          message="Both tokens and all event mappings are removed from this browser. Nothing is deleted in Gleanin; connecting again and mapping the same events resumes cleanly."
          confirmLabel="Disconnect"
          danger
          onConfirm={() => {
            setConfirm(false);
            // The frame may close once answered: only after the background has disconnected.
            void Promise.resolve(onDisconnect()).finally(() => onConfirmAnswered?.());
          }}
          onCancel={() => {
            setConfirm(false);
            onConfirmAnswered?.();
          }}
        />
      )}
    </section>
  );
}

/**
 * `intent: 'disconnect'`: the card's "Disconnect Integration" opened this panel, so the confirmation
 * runs here, in an extension page, and `onIntentDone` lets the framing card close it afterwards.
 */
export function BridgePanel({ intent, onIntentDone }: { intent?: 'disconnect'; onIntentDone?(): void } = {}) {
  const bridge = useBridge();
  const [connection, setConnection] = useState<ConnectionView | null | undefined>(undefined);
  const [mappings, setMappings] = useState<MappingView[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  /** Set by Connect: the connection check runs once right away. */
  const [justConnected, setJustConnected] = useState(false);
  const [adding, setAdding] = useState(false);
  // With no mapping yet the New Mapping form is open at once (the next step after connecting).
  const showForm = adding || mappings.length === 0;
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const status = await bridge.request('getStatus', {});
      setConnection(status.connection);
      setMappings(status.connection ? await bridge.request('listMappings', {}) : []);
    } catch (e) {
      setError(errorText(e));
    }
  }, [bridge]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after its request answers
    void load();
  }, [load]);

  const disconnect = async () => {
    try {
      await bridge.request('disconnect', {});
      setConnection(null);
      setMappings([]);
      setNotes([]);
      setJustConnected(false);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="gb-panel">
      <header className="gb-header">
        <span className="gb-logo" aria-hidden="true">
          G
        </span>
        <h2>Gleanin</h2>
        <span className="gb-badge">EVENT</span>
      </header>
      <HostAccessNotice />
      {error && (
        <p className="gb-error" role="alert">
          {error}
        </p>
      )}
      {connection === undefined && !error && <p className="gb-muted">Loading…</p>}
      {connection === null && (
        <ConnectForm
          onConnected={(c, n) => {
            setConnection(c);
            setNotes(n);
            setJustConnected(true);
            void load();
          }}
        />
      )}
      {connection && (
        <>
          {notes.map((n) => (
            <p key={n} className="gb-note" role="note">
              {n}
            </p>
          ))}
          <ConnectionStatus
            connection={connection}
            onDisconnect={disconnect}
            confirmAtOnce={intent === 'disconnect'}
            onConfirmAnswered={onIntentDone}
            checkNow={justConnected}
          />
          <section aria-label="Event mappings">
            <h3>Existing Event Mappings</h3>
            <MappingList mappings={mappings} onChange={setMappings} />
            {showForm ? (
              <AddMappingForm
                mappings={mappings}
                onAdded={(m) => {
                  setMappings([...mappings, m]);
                  setAdding(false);
                }}
                onCancel={() => setAdding(false)}
              />
            ) : (
              <button type="button" className="gb-button gb-add" onClick={() => setAdding(true)}>
                + Add New Event Mapping
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** What a panel not framed by our card shows: nothing to act on, only where the real one is. */
export const PANEL_NOT_GRANTED_TEXT = 'Open this panel from the Gleanin card on Organization > Settings > Integrations';
export function PanelNotGranted() {
  return (
    <div className="gb-panel">
      <p className="gb-muted" role="note">
        {PANEL_NOT_GRANTED_TEXT}
      </p>
    </div>
  );
}
