/** Per-mapping settings (SPEC F3, mapping-settings.png), saved as soon as they change. */
import { useId, useState } from 'react';
import type { MappingView } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';

type Settings = MappingView['settings'];

export function MappingSettingsForm({ mapping, onSaved }: { mapping: MappingView; onSaved(m: MappingView): void }) {
  const bridge = useBridge();
  const id = useId();
  const [status, setStatus] = useState<string>('');
  const s = mapping.settings;

  const save = async (patch: Partial<Settings>) => {
    setStatus('Saving…');
    try {
      onSaved(await bridge.request('updateMappingSettings', { mappingId: mapping.id, patch }));
      setStatus('Saved');
    } catch (e) {
      setStatus(errorText(e));
    }
  };

  const box = (key: 'syncChairpersons' | 'syncModerators' | 'continuousSync' | 'linkExistingByEmail', label: string, help: string) => (
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
      <p className="gb-muted">
        Gleanin event time zone: {s.gleaninTimeZone ?? 'not confirmed'} · Sessionboard: {mapping.sbTimeZone}
      </p>
      <p className="gb-muted" role="status">
        {status}
      </p>
    </div>
  );
}
