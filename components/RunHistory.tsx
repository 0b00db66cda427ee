/** Recent sync runs of a mapping: time, trigger, status, counts; each report on demand. */
import { useEffect, useState } from 'react';
import type { RunView } from '../lib/messaging/protocol.ts';
import type { SyncRunReport } from '../lib/sync/model-schemas.ts';
import { resultText } from '../lib/messaging/texts.ts';
import { errorText, useBridge } from './bridge.tsx';
import { ReportDialog } from './ReportDialog.tsx';

const STATUS = { running: 'Running', succeeded: 'Succeeded', partial: 'Partial', failed: 'Failed', blocked: 'Did not start' } as const;

export function RunHistory({ mappingId }: { mappingId: string }) {
  const bridge = useBridge();
  const [runs, setRuns] = useState<RunView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<SyncRunReport | null>(null);
  useEffect(() => {
    bridge.request('listRuns', { mappingId, limit: 10 }).then(setRuns, (e) => setError(errorText(e)));
  }, [bridge, mappingId]);
  if (error) return <p className="gb-error">{error}</p>;
  if (!runs) return <p className="gb-muted">Loading runs…</p>;
  if (runs.length === 0) return <p className="gb-muted">No sync runs yet.</p>;
  return (
    <>
      <ul className="gb-runs" aria-label="Recent sync runs">
        {runs.map((r) => (
          <li key={r.runId}>
            <div>
              <strong>{STATUS[r.status]}</strong> · {r.kind === 'exhibitors' ? 'Exhibitors' : 'Sessions'} · {r.trigger === 'manual' ? 'Manual' : 'Continuous'} ·{' '}
              <time dateTime={r.startedAt}>{new Date(r.startedAt).toLocaleString()}</time>
            </div>
            {r.report && (
              <div className="gb-run-line">
                <span>{resultText(r.report)}</span>
                <button type="button" className="gb-link" onClick={() => setOpen(r.report)}>
                  View report
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {open && <ReportDialog report={open} onClose={() => setOpen(null)} />}
    </>
  );
}
