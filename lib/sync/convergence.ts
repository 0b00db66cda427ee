/**
 * Convergence with a Gleanin that does not keep some attribute as sent (docs/api-assumptions.md,
 * "Canary first write and convergence"). Pure: plan + links + the mapping's accepted not-kept
 * attributes -> the plan without the writes that could never stick.
 *
 * A field the organizer accepted as not kept ("Sync anyway" after the canary) is not re-sent while its
 * Sessionboard value still equals what was last sent (the link's `written`); once the Sessionboard
 * value changes it is sent again, and that write is reported once for the record.
 */
import { SESSION_ATTR, SPEAKER_ATTR } from '../gleanin/adapter.ts';
import type { FirstWriteState, LinkRow } from '../store/db.ts';
import type { Plan, Problem, WriteOp } from './model.ts';

type NotKept = FirstWriteState['notKept'];

/** The wire attribute a model field is written to (what Gleanin's own screens and docs call it). */
export function wireAttribute(resource: 'speakers' | 'sessions', field: string): string {
  if (resource === 'sessions' && field === 'speakerKeys') return SESSION_ATTR.speakerIds;
  const names: Record<string, string> = resource === 'sessions' ? SESSION_ATTR : SPEAKER_ATTR;
  return names[field] ?? field;
}

/** Values as sent are plain JSON (strings, nulls, string arrays): equal when their JSON is. */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function notKeptProblem(op: WriteOp, fields: string[]): Problem {
  const attributes = fields.map((f) => wireAttribute(op.resource, f)).join(', ');
  return {
    recordType: op.recordType,
    sbId: op.sbId,
    friendlyId: op.friendlyId,
    label: op.label,
    severity: 'warning',
    reason: `Gleanin does not keep ${attributes} as sent`,
    fix: `Nothing to do: it is not sent again until it changes in Sessionboard. Check it in Gleanin if it matters there`,
    field: attributes,
  };
}

export function converge(plan: Plan, links: LinkRow[], notKept: NotKept | undefined): { plan: Plan; warnings: Problem[] } {
  const accepted = { speakers: new Set(notKept?.speakers), sessions: new Set(notKept?.sessions) };
  if (!accepted.speakers.size && !accepted.sessions.size) return { plan, warnings: [] };
  const linkByKey = new Map(links.map((l) => [l.externalIdx, l]));
  const unchanged = { ...plan.unchanged };
  const warnings: Problem[] = [];
  const ops: WriteOp[] = [];
  for (const op of plan.ops) {
    const fields = accepted[op.resource];
    if (op.action === 'delete' || !fields.size) {
      ops.push(op);
      continue;
    }
    if (op.action === 'create') {
      const sent = Object.keys(op.fields).filter((f) => fields.has(f));
      if (sent.length) warnings.push(notKeptProblem(op, sent));
      ops.push(op);
      continue;
    }
    const written = linkByKey.get(op.key)?.written;
    const values = op.fields as Record<string, unknown>;
    const settled = op.changed.filter((f) => fields.has(f) && written && f in written && sameValue(written[f], values[f]));
    const next = withoutFields(op, settled, unchanged);
    if (!next) continue;
    const resent = next.changed.filter((f) => fields.has(f));
    if (resent.length) warnings.push(notKeptProblem(next, resent));
    ops.push(next);
  }
  return { plan: { ...plan, ops, unchanged }, warnings };
}

/**
 * An update without some of its fields (kept as Gleanin has them), or null when none is left: then the
 * record counts as unchanged. One rule for the canary's settled fields and for edits kept in Gleanin.
 */
export function withoutFields<T extends Extract<WriteOp, { changed: string[] }>>(op: T, drop: string[], unchanged: Plan['unchanged']): T | null {
  const changed = op.changed.filter((f) => !drop.includes(f));
  if (!changed.length) {
    if (op.recordType === 'session') unchanged.sessions++;
    else unchanged.people++;
    return null;
  }
  const fields = Object.fromEntries(Object.entries(op.fields).filter(([f]) => !drop.includes(f)));
  return { ...op, fields, changed };
}

/** What a write sent, by model field name, merged over what the link remembered before. */
export function writtenAfter(op: WriteOp, before: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (op.action === 'delete') return null;
  return { ...(op.action === 'create' ? {} : before), ...(op.fields as Record<string, unknown>) };
}
