/** What a sync would do, from the same planner as the sync itself; nothing is written. */
import type { SyncPreview } from '../lib/sync/model-schemas.ts';
import { Dialog } from './Dialog.tsx';
import { trusted } from '../lib/host/trusted.ts';
import { fieldLabel } from '../lib/sync/mappers/index.ts';
import { ProblemTable } from './ReportDialog.tsx';
import { WithheldList } from './DeletionsDialog.tsx';

const RECORD = { session: 'Session', speaker: 'Speaker', 'exhibitor-contact': 'Exhibitor contact' } as const;
/** Sessions first, then people: the planner's order interleaves them. */
const ORDER = { session: 0, speaker: 1, 'exhibitor-contact': 2 } as const;

function ItemList({ title, items }: { title: string; items: { key: string; recordType: keyof typeof RECORD; label: string; friendlyId: string | null; extra?: string }[] }) {
  return (
    <section className="gb-section" aria-label={title}>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length > 0 && (
        <ul className="gb-list">
          {[...items].sort((a, b) => ORDER[a.recordType] - ORDER[b.recordType]).map((i) => (
            <li key={i.key}>
              <span className="gb-muted">{RECORD[i.recordType]}</span> {i.label || '(untitled)'}
              {i.friendlyId ? <span className="gb-muted"> ({i.friendlyId})</span> : null}
              {i.extra ? <span className="gb-muted"> — {i.extra}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PreviewDialog({ preview, onClose, onSync }: { preview: SyncPreview; onClose(): void; onSync?(): void }) {
  return (
    <Dialog
      title="Preview of Gleanin sync"
      onClose={onClose}
      wide
      footer={
        onSync && !preview.blocked ? (
          <button type="button" className="gb-button gb-primary" onClick={trusted(onSync)}>
            Sync now
          </button>
        ) : undefined
      }
    >
      {preview.blocked ? (
        <p className="gb-error">
          {preview.blocked.message} {preview.blocked.fix}
        </p>
      ) : (
        <p className="gb-lead">
          {preview.creates.length} to create, {preview.updates.length + preview.adopts.length} to update, {preview.deletes.length} to delete,{' '}
          {preview.conflicts.length} {preview.conflicts.length === 1 ? 'conflict' : 'conflicts'}, {preview.skipped.length} skipped; {preview.unchanged.sessions + preview.unchanged.people} unchanged.
        </p>
      )}
      <ItemList title="Creates" items={preview.creates} />
      <ItemList
        title="Updates"
        items={[...preview.updates, ...preview.adopts].map((u) => ({ ...u, extra: `changed: ${u.changed.map((f) => fieldLabel(u.recordType, f)).join(', ')}` }))}
      />
      <ItemList title="Deletes" items={preview.deletes.map((d) => ({ ...d, extra: d.reason }))} />
      {preview.withheld && (
        <WithheldList withheld={preview.withheld} title={preview.withheld.state === 'held' ? 'Deletes held (not made without your confirmation)' : 'Kept in Gleanin (not deleted)'} />
      )}
      {preview.untouched && <ProblemTable problems={preview.untouched} caption={`Left alone: not this mapping's records (${preview.untouched.length})`} />}
      <ProblemTable problems={preview.conflicts} caption={`Conflicts (${preview.conflicts.length})`} />
      <ProblemTable problems={preview.skipped} caption={`Skipped (${preview.skipped.length})`} />
      <ProblemTable problems={preview.warnings} caption={`Warnings (${preview.warnings.length})`} />
    </Dialog>
  );
}
