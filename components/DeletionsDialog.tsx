/**
 * "Confirm deletions in Gleanin": a sync held more deletes than the mapping deletes without asking.
 * Nothing listed here is deleted before the person chooses; "Delete in Gleanin" confirms exactly the
 * records shown (a later run asks again if the list grew), "Keep in Gleanin" finishes without them.
 */
import type { WithheldDeletes } from '../lib/sync/model-schemas.ts';
import { trusted } from '../lib/host/trusted.ts';
import { Dialog } from './Dialog.tsx';

const RECORD = { session: 'Session', speaker: 'Speaker', 'exhibitor-contact': 'Exhibitor contact' } as const;

export function WithheldList({ withheld, title }: { withheld: WithheldDeletes; title: string }) {
  return (
    <section className="gb-section" aria-label={title}>
      <h3>
        {title} ({withheld.records.length})
      </h3>
      {withheld.reasons.map((r) => (
        <p key={r} className="gb-muted">
          {r}
        </p>
      ))}
      <ul className="gb-list">
        {withheld.records.map((r) => (
          <li key={r.key}>
            <span className="gb-muted">{RECORD[r.recordType]}</span> {r.label || '(untitled)'}
            {r.friendlyId ? <span className="gb-muted"> ({r.friendlyId})</span> : null}
            <span className="gb-muted"> — {r.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DeletionsDialog({ withheld, onDelete, onKeep, onClose }: { withheld: WithheldDeletes; onDelete(): void; onKeep(): void; onClose(): void }) {
  const people = withheld.records.filter((r) => r.recordType !== 'session').length;
  return (
    <Dialog
      title="Confirm deletions in Gleanin"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="gb-button" onClick={trusted(onKeep)}>
            Keep in Gleanin
          </button>
          <button type="button" className="gb-button gb-danger" onClick={trusted(onDelete)}>
            Delete in Gleanin
          </button>
        </>
      }
    >
      <p className="gb-lead">
        This sync would delete {withheld.records.length} records in Gleanin. Nothing has been deleted yet; creates and updates are done.
      </p>
      {people > 0 && (
        <p>
          Deleted speakers' share links stop working: posts already shared with them will point nowhere, and a speaker added again gets a new link.
        </p>
      )}
      <WithheldList withheld={withheld} title="To delete" />
    </Dialog>
  );
}
