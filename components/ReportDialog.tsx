/** A sync run's report: the result line, then each problem with its record and its fix. */
import type { Problem, SyncRunReport } from '../lib/sync/model-schemas.ts';
import { resultText } from '../lib/messaging/texts.ts';
import { Dialog } from './Dialog.tsx';
import { WithheldList } from './DeletionsDialog.tsx';

const RECORD = { session: 'Session', speaker: 'Speaker', 'exhibitor-contact': 'Exhibitor contact' } as const;
const SEVERITY = { skipped: 'Skipped', conflict: 'Conflict', failed: 'Failed', warning: 'Warning' } as const;

export function ProblemTable({ problems, caption }: { problems: Problem[]; caption: string }) {
  if (problems.length === 0) return null;
  return (
    <table className="gb-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">Problem</th>
          <th scope="col">Fix</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={`${p.recordType}:${p.sbId}:${i}`}>
            <td>
              <span className="gb-muted">{RECORD[p.recordType]}</span> {p.label || '(untitled)'}
              {p.friendlyId ? <span className="gb-muted"> ({p.friendlyId})</span> : null}
            </td>
            <td>
              <strong>{SEVERITY[p.severity]}:</strong> {p.reason}
              {p.detail ? <div className="gb-muted">{p.detail}</div> : null}
            </td>
            <td>{p.fix}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportDialog({ report, onClose }: { report: SyncRunReport; onClose(): void }) {
  const c = report.kind === 'exhibitors' ? [report.counts['exhibitor-contact']] : [report.counts.session, report.counts.speaker];
  const names = report.kind === 'exhibitors' ? ['Exhibitor contacts'] : ['Sessions', 'Speakers'];
  return (
    <Dialog title="Gleanin sync report" onClose={onClose} wide>
      <p className="gb-lead">{resultText(report)}</p>
      {report.blocked && <p className="gb-error">{report.blocked.fix}</p>}
      <table className="gb-table gb-counts">
        <caption>Counts</caption>
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Deleted</th>
            <th scope="col">Unchanged</th>
            <th scope="col">Skipped</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {c.map((row, i) => (
            <tr key={names[i]}>
              <th scope="row">{names[i]}</th>
              <td>{row.created}</td>
              <td>{row.updated}</td>
              <td>{row.deleted}</td>
              <td>{row.unchanged}</td>
              <td>{row.skipped + row.conflicts}</td>
              <td>{row.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.problems.length === 0 ? <p>No problems.</p> : <ProblemTable problems={report.problems} caption={`Problems (${report.problems.length})`} />}
      {report.withheld && (
        <WithheldList withheld={report.withheld} title={report.withheld.state === 'held' ? 'Deletions held' : 'Kept in Gleanin (not deleted)'} />
      )}
      {report.shareLinks.note && <p className="gb-muted">{report.shareLinks.note}</p>}
    </Dialog>
  );
}
