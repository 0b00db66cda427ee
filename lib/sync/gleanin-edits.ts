/**
 * Edits made in Gleanin. Pure: plan + links + the mapping's setting -> the plan to apply, the edits it
 * leaves alone and the edits it writes over.
 *
 * The planner marks, per update, the fields whose Gleanin value is no longer what this mapping last
 * wrote (`editedInGleanin`, from the link's `written`). By default Sessionboard wins: the update goes
 * and each edit it writes over is named in the report. With "Keep edits made in Gleanin" such a field
 * is left out of the update while its Sessionboard value is still the one last written (so `written`
 * keeps that value and the field stays out on later runs); once the Sessionboard value changes,
 * Sessionboard wins again and that is reported. Attributes Gleanin is known not to keep as sent
 * (lib/sync/convergence.ts) differ from `written` by nature: they are never edits.
 */
import type { FirstWriteState, LinkRow } from '../store/db.ts';
import { sameValue, withoutFields } from './convergence.ts';
import { fieldLabel } from './mappers/index.ts';
import type { Plan, Problem, WriteOp } from './model.ts';

/** An edit made in Gleanin that the update writes over; `changedInSessionboard` when both sides changed. */
export interface OverwrittenEdit {
  key: string;
  field: string;
  changedInSessionboard: boolean;
}

export interface GleaninEditsResult {
  plan: Plan;
  /** Edits left as they are in Gleanin ("Keep edits made in Gleanin"), one warning per field. */
  kept: Problem[];
  /** Edits the plan writes over; the run names them once the write is made, the preview before. */
  overwritten: OverwrittenEdit[];
}

const problemOf = (op: WriteOp, field: string, reason: string, fix: string): Problem => ({
  recordType: op.recordType,
  sbId: op.sbId,
  friendlyId: op.friendlyId,
  label: op.label,
  severity: 'warning',
  reason,
  fix,
  field: fieldLabel(op.recordType, field),
});

function keptEditProblem(op: WriteOp, field: string): Problem {
  return problemOf(
    op,
    field,
    `${fieldLabel(op.recordType, field)} was edited in Gleanin; the edit is kept ("Keep edits made in Gleanin")`,
    `Nothing to do: Sessionboard's value is written again only when it changes in Sessionboard. Turn off "Keep edits made in Gleanin" in the mapping settings to write it now`,
  );
}

/** `tense`: the preview says what the sync will do, the report what it did. */
export function overwrittenEditProblem(op: WriteOp, edit: OverwrittenEdit, tense: 'will' | 'did'): Problem {
  const label = fieldLabel(op.recordType, edit.field);
  const written = tense === 'did' ? 'was written over it' : 'will be written over it';
  return problemOf(
    op,
    edit.field,
    edit.changedInSessionboard
      ? `${label} was edited in Gleanin and has changed in Sessionboard since; Sessionboard's value ${written}`
      : `${label} was edited in Gleanin; Sessionboard's value ${written}`,
    edit.changedInSessionboard
      ? `Nothing to do if Sessionboard's value is right; otherwise change it in Sessionboard`
      : `Nothing to do if Sessionboard's value is right; otherwise change it in Sessionboard, or turn on "Keep edits made in Gleanin" in the mapping settings to keep edits made there`,
  );
}

export function gleaninEdits(
  plan: Plan,
  links: LinkRow[],
  opts: { keepGleaninEdits: boolean; notKept?: FirstWriteState['notKept'] },
): GleaninEditsResult {
  const linkByKey = new Map(links.map((l) => [l.externalIdx, l]));
  const notKept = { speakers: new Set(opts.notKept?.speakers), sessions: new Set(opts.notKept?.sessions) };
  const unchanged = { ...plan.unchanged };
  const kept: Problem[] = [];
  const overwritten: OverwrittenEdit[] = [];
  const ops: WriteOp[] = [];
  for (const op of plan.ops) {
    const written = linkByKey.get(op.key)?.written;
    if (op.action !== 'update' || !op.editedInGleanin?.length || !written) {
      ops.push(op);
      continue;
    }
    const values = op.fields as Record<string, unknown>;
    const edited = op.editedInGleanin.filter((f) => op.changed.includes(f) && f in values && !notKept[op.resource].has(f));
    // Sessionboard's value is still the one last written: only Gleanin changed the field.
    const onlyInGleanin = (f: string) => sameValue(written[f], values[f]);
    const keep = opts.keepGleaninEdits ? edited.filter(onlyInGleanin) : [];
    for (const f of edited) {
      if (!keep.includes(f)) overwritten.push({ key: op.key, field: f, changedInSessionboard: !onlyInGleanin(f) });
    }
    if (!keep.length) {
      ops.push(op);
      continue;
    }
    kept.push(...keep.map((f) => keptEditProblem(op, f)));
    const next = withoutFields(op, keep, unchanged);
    if (next) ops.push(next);
  }
  return { plan: { ...plan, ops, unchanged }, kept, overwritten };
}
