/** Connect: both tokens checked live by the background; specific errors per token. */
import { useId, useState, type FormEvent } from 'react';
import { Eye, EyeOff } from 'lucide-react';
import type { ConnectionView } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';

function TokenField({ label, value, onChange, error }: { label: string; value: string; onChange(v: string): void; error?: string }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="gb-field">
      <label htmlFor={id}>{label}</label>
      <div className="gb-token">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {/* A toggle: its name stays "Show token" and aria-pressed says whether it is shown (a name that
            changed with the state would read "Hide token, pressed"). Icons, not emoji: an emoji is a
            missing glyph where no emoji font is installed. */}
        <button type="button" className="gb-icon-button" aria-pressed={shown} aria-controls={id} aria-label="Show token" onClick={() => setShown(!shown)}>
          {shown ? <EyeOff size={16} aria-hidden="true" /> : <Eye size={16} aria-hidden="true" />}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="gb-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function ConnectForm({ onConnected, onCancel }: { onConnected(c: ConnectionView, notes: string[]): void; onCancel?(): void }) {
  const bridge = useBridge();
  const [gleaninToken, setGl] = useState('');
  const [sessionboardToken, setSb] = useState('');
  const [region, setRegion] = useState<'us' | 'eu'>('us');
  const [errors, setErrors] = useState<{ gleanin?: string; sessionboard?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = {
      gleanin: gleaninToken.trim() ? undefined : 'Enter the Gleanin API token',
      sessionboard: sessionboardToken.trim() ? undefined : 'Enter the Sessionboard API token',
    };
    if (missing.gleanin || missing.sessionboard) return setErrors(missing);
    setBusy(true);
    setErrors({});
    try {
      const res = await bridge.request('connect', { gleaninToken, sessionboardToken, sessionboardRegion: region });
      if (res.connected) {
        setGl('');
        setSb('');
        onConnected(res.connection, res.notes);
      } else setErrors(res.errors);
    } catch (err) {
      setErrors({ form: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gb-card" onSubmit={submit} aria-label="Connect Gleanin" noValidate>
      <p className="gb-muted">To connect your integration, ensure you have the credentials from the partner system.</p>
      <h3>New Connection:</h3>
      <TokenField label="Gleanin API token" value={gleaninToken} onChange={setGl} error={errors.gleanin} />
      <TokenField label="Sessionboard API token" value={sessionboardToken} onChange={setSb} error={errors.sessionboard} />
      <fieldset className="gb-field gb-inline">
        <legend>Sessionboard region</legend>
        {(['us', 'eu'] as const).map((r) => (
          <label key={r}>
            <input type="radio" name="gb-region" value={r} checked={region === r} onChange={() => setRegion(r)} /> {r.toUpperCase()}
          </label>
        ))}
      </fieldset>
      {errors.form && (
        <p className="gb-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="gb-actions">
        {onCancel && (
          <button type="button" className="gb-button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="gb-button gb-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
