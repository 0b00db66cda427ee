/**
 * New Mapping: Sessionboard event -> Gleanin event, already-mapped events
 * disabled; when Gleanin gives no time zone for its event, the admin confirms it (docs/api-assumptions.md G6).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { GleaninEventView, MappingView, SbEventView } from '../lib/messaging/protocol.ts';
import { mappingConflict } from '../lib/store/mapping-conflict.ts';
import { errorText, useBridge } from './bridge.tsx';
import { TimeZoneSelect } from './TimeZoneSelect.tsx';

export function AddMappingForm({ mappings, onAdded, onCancel }: { mappings: MappingView[]; onAdded(m: MappingView): void; onCancel(): void }) {
  const bridge = useBridge();
  const ids = { sb: useId(), gl: useId(), tz: useId() };
  const [events, setEvents] = useState<{ gleanin: GleaninEventView[]; sessionboard: SbEventView[] } | null>(null);
  const [sbId, setSbId] = useState('');
  const [glId, setGlId] = useState('');
  const [zone, setZone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    bridge.request('listEvents', {}).then(setEvents, (e) => setError(errorText(e)));
  }, [bridge]);

  const mappedSb = (sbEventId: number) => mappingConflict(mappings, { sbEventId }) !== null;
  const mappedGl = (gleaninEventId: string) => mappingConflict(mappings, { gleaninEventId }) !== null;
  const sbEvent = events?.sessionboard.find((e) => String(e.id) === sbId);
  const glEvent = events?.gleanin.find((e) => e.id === glId);
  const needsZone = glEvent !== undefined && glEvent.timeZone === null;

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- seeds the editable zone with the Sessionboard event's once it is needed
    if (needsZone && !zone && sbEvent) setZone(sbEvent.timezone);
  }, [needsZone, sbEvent, zone]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!sbEvent || !glEvent) return setError('Choose a Sessionboard event and a Gleanin event');
    setBusy(true);
    setError(null);
    try {
      const m = await bridge.request('addMapping', {
        sbEventId: sbEvent.id,
        gleaninEventId: glEvent.id,
        gleaninTimeZone: needsZone ? zone : null,
      });
      onAdded(m);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gb-card" onSubmit={submit} aria-label="New Mapping">
      <h3>New Mapping</h3>
      {!events && !error && <p className="gb-muted">Loading events…</p>}
      <div className="gb-mapping-row">
        <div className="gb-field">
          <label htmlFor={ids.sb}>Sessionboard event</label>
          <select id={ids.sb} value={sbId} onChange={(e) => setSbId(e.target.value)} disabled={!events}>
            <option value="">Choose an event…</option>
            {events?.sessionboard.map((ev) => (
              <option key={ev.id} value={String(ev.id)} disabled={mappedSb(ev.id)}>
                {ev.name} ({ev.id}){mappedSb(ev.id) ? ' — already mapped' : ''}
              </option>
            ))}
          </select>
        </div>
        <span aria-hidden="true" className="gb-arrow">→</span>
        <div className="gb-field">
          <label htmlFor={ids.gl}>Gleanin event</label>
          <select id={ids.gl} value={glId} onChange={(e) => setGlId(e.target.value)} disabled={!events}>
            <option value="">Choose an event…</option>
            {events?.gleanin.map((ev) => (
              <option key={ev.id} value={ev.id} disabled={mappedGl(ev.id)}>
                {ev.title} ({ev.id}){ev.state !== 'active' ? ` — ${ev.state}` : ''}
                {mappedGl(ev.id) ? ' — already mapped' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      {needsZone && (
        <div className="gb-field gb-note">
          <label htmlFor={ids.tz}>Gleanin event time zone</label>
          <p className="gb-muted" id={`${ids.tz}-help`}>
            Gleanin does not say which time zone “{glEvent.title}” uses. Confirm the zone set in Gleanin
            {sbEvent ? ` (the Sessionboard event uses ${sbEvent.timezone})` : ''}.
          </p>
          <TimeZoneSelect id={ids.tz} aria-describedby={`${ids.tz}-help`} value={zone} onChange={(e) => setZone(e.target.value)} />
        </div>
      )}
      {error && (
        <p className="gb-error" role="alert">
          {error}
        </p>
      )}
      <div className="gb-actions">
        <button type="button" className="gb-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="gb-button gb-primary" disabled={busy || !sbEvent || !glEvent || (needsZone && !zone)}>
          Add Mapping
        </button>
      </div>
    </form>
  );
}
