/**
 * Per-mapping settings, saved as soon as they change. Also the
 * Gleanin event's time zone (docs/api-assumptions.md G6): editable when Gleanin does not report it (the sync then checks
 * against the zone stored here); shown read-only when Gleanin does, since Gleanin's own zone wins.
 */
import { useEffect, useId, useState } from 'react';
import type { MappingView } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';
import { TimeZoneSelect } from './TimeZoneSelect.tsx';
import { SpeakerPortalChecklist } from './SpeakerPortalChecklist.tsx';

type Settings = MappingView['settings'];

export function MappingSettingsForm({ mapping, onSaved }: { mapping: MappingView; onSaved(m: MappingView): void }) {
  const bridge = useBridge();
  const id = useId();
  const [status, setStatus] = useState<string>('');
  // The zone Gleanin reports for the event: undefined while asking (or when asking failed), null for none.
  const [gleaninZone, setGleaninZone] = useState<string | null | undefined>(undefined);
  const [asked, setAsked] = useState(false);
  const s = mapping.settings;

  useEffect(() => {
    let live = true;
    bridge.request('listEvents', {}).then(
      (events) => live && setGleaninZone(events.gleanin.find((e) => e.id === mapping.gleaninEventId)?.timeZone ?? null),
      () => undefined,
    ).finally(() => live && setAsked(true));
    return () => {
      live = false;
    };
  }, [bridge, mapping.gleaninEventId]);

  const save = async (patch: Partial<Settings>) => {
    setStatus('Saving…');
    try {
      onSaved(await bridge.request('updateMappingSettings', { mappingId: mapping.id, patch }));
      setStatus('Saved');
    } catch (e) {
      setStatus(errorText(e));
    }
  };

  const box = (key: 'syncChairpersons' | 'syncModerators' | 'continuousSync' | 'linkExistingByEmail' | 'keepGleaninEdits', label: string, help: string) => (
    <label className="gb-check" title={help}>
      <input type="checkbox" checked={s[key]} onChange={(e) => save({ [key]: e.target.checked })} /> {label}
      <span className="gb-muted gb-help">{help}</span>
    </label>
  );

  return (
    <div className="gb-settings" role="group" aria-label={`Settings for ${mapping.sbEventName}`}>
      <fieldset>
        <legend>Tracks</legend>
        {(
          [
            ['tracks', 'Sync Track to Tracks'],
            ['tags', 'Sync Tags to Tracks'],
            ['none', 'No tracks'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="gb-check">
            <input type="radio" name={`${id}-tracks`} checked={s.tracksFrom === value} onChange={() => save({ tracksFrom: value })} /> {label}
          </label>
        ))}
      </fieldset>
      {box('syncChairpersons', 'Sync Chairpersons', 'Chairpersons of synced sessions become Gleanin speakers too.')}
      {box('syncModerators', 'Sync Moderators', 'Moderators of synced sessions become Gleanin speakers too.')}
      {box('continuousSync', 'Continuous sync', 'Sync this mapping about every 30 minutes, even with no Sessionboard tab open.')}
      {box('linkExistingByEmail', 'Link existing Gleanin speakers by email', 'Adopt a Gleanin speaker with the same email instead of reporting a conflict.')}
      {box(
        'keepGleaninEdits',
        'Keep edits made in Gleanin',
        'A field changed in Gleanin since the last sync is left as edited there until it changes in Sessionboard. Off: Sessionboard’s value is written over it, and the report names each such edit.',
      )}
      <fieldset>
        <legend>When a record leaves Sessionboard</legend>
        {(
          [
            ['delete', 'Delete it in Gleanin'],
            ['keep', 'Keep it in Gleanin'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="gb-check">
            <input type="radio" name={`${id}-leaves`} checked={s.whenRecordLeaves === value} onChange={() => save({ whenRecordLeaves: value })} /> {label}
          </label>
        ))}
        <span className="gb-muted gb-help">Kept records stay in Gleanin with their share links and are no longer updated.</span>
      </fieldset>
      <div className="gb-field">
        <label htmlFor={`${id}-guard`}>Ask before deleting more than N % of synced records</label>
        <input
          id={`${id}-guard`}
          type="number"
          min={0}
          max={100}
          step={1}
          aria-describedby={`${id}-guard-help`}
          defaultValue={s.askBeforeDeletingPercent}
          onBlur={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 0 && n <= 100) void save({ askBeforeDeletingPercent: n });
            else setStatus('Enter a whole number from 0 to 100');
          }}
        />
        <span className="gb-muted" id={`${id}-guard-help`}>
          A sync that would delete more than 5 records and more than this share asks first (continuous sync holds them until you sync by hand).
        </span>
      </div>
      {typeof gleaninZone === 'string' ? (
        <p className="gb-muted">
          Gleanin event time zone: {gleaninZone} (set in Gleanin) · Sessionboard: {mapping.sbTimeZone}
        </p>
      ) : asked ? (
        <div className="gb-field">
          <label htmlFor={`${id}-tz`}>Gleanin event time zone</label>
          <TimeZoneSelect
            id={`${id}-tz`}
            aria-describedby={`${id}-tz-help`}
            value={s.gleaninTimeZone ?? ''}
            onChange={(e) => e.target.value && save({ gleaninTimeZone: e.target.value })}
          />
          <span className="gb-muted" id={`${id}-tz-help`}>
            Gleanin does not report this event’s zone; use the one set in Gleanin. Sessionboard: {mapping.sbTimeZone}
            {s.gleaninTimeZone && s.gleaninTimeZone !== mapping.sbTimeZone ? ' (different: a sync will ask before it starts)' : ''}
          </span>
        </div>
      ) : (
        <p className="gb-muted">Gleanin event time zone: {s.gleaninTimeZone ?? 'not confirmed'} · Sessionboard: {mapping.sbTimeZone}</p>
      )}
      <p className="gb-muted" role="status">
        {status}
      </p>
      <SpeakerPortalChecklist mapping={mapping} />
    </div>
  );
}
