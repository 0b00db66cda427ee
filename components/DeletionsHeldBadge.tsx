/**
 * "Deletions held" on a mapping card: the newest run of either kind held deletes (an untrusted read,
 * or more than the mapping deletes without asking), and no later run settled them. A manual sync
 * answers "Confirm deletions in Gleanin" and clears it.
 */
import { useEffect, useState } from 'react';
import type { RunView } from '../lib/messaging/protocol.ts';
import { useBridge } from './bridge.tsx';

function heldCount(runs: RunView[]): number {
  let n = 0;
  for (const kind of ['sessions', 'exhibitors'] as const) {
    const last = runs.find((r) => r.kind === kind && r.report && r.status !== 'blocked');
    if (last?.report?.withheld?.state === 'held') n += last.report.withheld.records.length;
  }
  return n;
}

export function DeletionsHeldBadge({ mappingId }: { mappingId: string }) {
  const bridge = useBridge();
  const [held, setHeld] = useState(0);
  useEffect(() => {
    let live = true;
    bridge.request('listRuns', { mappingId, limit: 10 }).then((runs) => live && setHeld(heldCount(runs)), () => undefined);
    return () => {
      live = false;
    };
  }, [bridge, mappingId]);
  if (!held) return null;
  return (
    <span className="gb-badge gb-warn" title={`${held} deletions wait for a manual sync to confirm or keep them`}>
      Deletions held
    </span>
  );
}
