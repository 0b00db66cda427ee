/**
 * "Existing Event Mappings", like the native integrations' lists: one card per mapping with its Connected badge
 * and creation time; settings, recent runs, the share-link CSV and "Remove mapping" per card.
 */
import { useState } from 'react';
import type { MappingView } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';
import { ConfirmDialog } from './Dialog.tsx';
import { MappingSettingsForm } from './MappingSettingsForm.tsx';
import { RunHistory } from './RunHistory.tsx';
import { ConversionHealth } from './ConversionHealth.tsx';
import { DeletionsHeldBadge } from './DeletionsHeldBadge.tsx';

/** Hands the CSV to the browser as a download (works in the popup and in a content script). */
function downloadCsv(filename: string, csv: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  (doc.body ?? doc.documentElement).append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const created = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { weekday: 'long', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function MappingCard({ mapping, onChanged, onRemoved }: { mapping: MappingView; onChanged(m: MappingView): void; onRemoved(id: string): void }) {
  const bridge = useBridge();
  const [panel, setPanel] = useState<'settings' | 'runs' | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const title = `${mapping.sbEventName} > ${mapping.gleaninEventTitle}`;

  const exportCsv = async () => {
    try {
      const { filename, csv } = await bridge.request('exportShareLinksCsv', { mappingId: mapping.id });
      downloadCsv(filename, csv);
      setMessage(`Downloaded ${filename}`);
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const remove = async () => {
    setConfirm(false);
    try {
      await bridge.request('removeMapping', { mappingId: mapping.id });
      onRemoved(mapping.id);
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  return (
    <li className="gb-card gb-mapping" aria-label={title}>
      <div className="gb-mapping-head">
        <span className="gb-mapping-title">{title}</span>
        <span className="gb-badge gb-ok">✓ Connected</span>
        <DeletionsHeldBadge mappingId={mapping.id} />
      </div>
      <ConversionHealth mappingId={mapping.id} />
      <p className="gb-muted">
        Sessionboard {mapping.sbEventId} → Gleanin event {mapping.gleaninEventId} · Mapping created on {created(mapping.createdAt)}
      </p>
      <div className="gb-actions gb-wrap">
        <button type="button" className="gb-button" aria-expanded={panel === 'settings'} onClick={() => setPanel(panel === 'settings' ? null : 'settings')}>
          Settings
        </button>
        <button type="button" className="gb-button" aria-expanded={panel === 'runs'} onClick={() => setPanel(panel === 'runs' ? null : 'runs')}>
          Recent runs
        </button>
        <button type="button" className="gb-button" onClick={exportCsv}>
          Export share links (.CSV)
        </button>
        <button type="button" className="gb-button gb-danger" onClick={() => setConfirm(true)}>
          Remove mapping
        </button>
      </div>
      {message && (
        <p className="gb-muted" role="status">
          {message}
        </p>
      )}
      {panel === 'settings' && <MappingSettingsForm mapping={mapping} onSaved={onChanged} />}
      {panel === 'runs' && <RunHistory mappingId={mapping.id} />}
      {confirm && (
        <ConfirmDialog
          title="Remove mapping?"
          message={`${title} will no longer sync. Nothing is deleted in Gleanin; mapping the same events again resumes where it stopped.`}
          confirmLabel="Remove mapping"
          danger
          onConfirm={remove}
          onCancel={() => setConfirm(false)}
        />
      )}
    </li>
  );
}

export function MappingList({ mappings, onChange }: { mappings: MappingView[]; onChange(next: MappingView[]): void }) {
  if (mappings.length === 0) return <p className="gb-muted">No event mappings yet.</p>;
  return (
    <ul className="gb-mappings" aria-label="Existing Event Mappings">
      {mappings.map((m) => (
        <MappingCard
          key={m.id}
          mapping={m}
          onChanged={(next) => onChange(mappings.map((x) => (x.id === next.id ? next : x)))}
          onRemoved={(id) => onChange(mappings.filter((x) => x.id !== id))}
        />
      ))}
    </ul>
  );
}
