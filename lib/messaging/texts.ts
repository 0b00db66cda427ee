/**
 * The words a sync result is told in, shared by the page toast and the system notification
 * so both say the same. Counts only: never a token, an email or a record's content.
 */
import type { SyncRunReport } from '../sync/model-schemas.ts';

type Counts = SyncRunReport['counts'][keyof SyncRunReport['counts']];

/**
 * Records of a type that are now in step with Sessionboard (written or already equal). `attempted`
 * counts eligible records only; skipped ones (past, unscheduled, missing a field) are listed in the
 * report but were never attempted, so they are not subtracted here.
 */
const syncedCount = (c: Counts): number => Math.max(0, c.attempted - c.failed - c.conflicts);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function resultText(report: SyncRunReport): string {
  if (report.status === 'blocked') return report.blocked?.message ?? 'The sync did not start';
  const complete = report.status === 'succeeded';
  if (report.kind === 'exhibitors') {
    const c = report.counts['exhibitor-contact'];
    return complete
      ? `Sync complete: ${plural(syncedCount(c), 'exhibitor contact', 'exhibitor contacts')}`
      : `Synced ${syncedCount(c)} of ${c.attempted} exhibitor contacts`;
  }
  const s = report.counts.session;
  const p = report.counts.speaker;
  return complete
    ? `Sync complete: ${plural(syncedCount(s), 'session', 'sessions')}, ${plural(syncedCount(p), 'speaker', 'speakers')}`
    : `Synced ${syncedCount(s)} of ${s.attempted} sessions and ${syncedCount(p)} of ${p.attempted} speakers`;
}

export function notificationFor(
  report: SyncRunReport,
  mapping: { sbEventName: string; gleaninEventId: string } | undefined,
): { title: string; message: string } {
  const where = mapping ? `${mapping.sbEventName} → Gleanin event ${mapping.gleaninEventId}` : `Gleanin event ${report.gleaninEventId}`;
  const title =
    report.status === 'succeeded'
      ? 'Gleanin sync complete'
      : report.status === 'partial'
        ? 'Gleanin sync finished with problems'
        : report.status === 'blocked'
          ? 'Gleanin sync did not start'
          : 'Gleanin sync failed';
  const problems = report.problems.filter((p) => p.severity !== 'warning').length;
  const tail = report.status === 'partial' || report.status === 'failed' ? ` ${plural(problems, 'problem', 'problems')}: open Gleanin Bridge for the report.` : '';
  return { title: report.withheld?.state === 'held' ? 'Gleanin sync: deletions held' : title, message: `${where}: ${resultText(report)}.${tail}${heldText(report)}` };
}

/** What a run held back, said in every notification and toast of that run. */
export function heldText(report: SyncRunReport): string {
  const w = report.withheld;
  if (!w || w.state !== 'held') return '';
  const n = plural(w.records.length, 'deletion', 'deletions');
  return w.needsDecision
    ? ` ${n} held: sync manually to confirm or keep them.`
    : ` ${n} held: ${w.reasons[0]}.`;
}
