/**
 * The order writes are made in, declared once: the planner lists its operations in it and apply runs
 * one phase after the other, each waiting for the previous.
 * - person deletes first: they free emails a new person may take;
 * - person creates, adoptions and updates: sessions need their speakers' Gleanin ids;
 * - session creates and updates;
 * - session deletes last.
 */
import type { WriteOp } from './model.ts';

export const APPLY_ORDER = [
  { resource: 'speakers', deletes: true },
  { resource: 'speakers', deletes: false },
  { resource: 'sessions', deletes: false },
  { resource: 'sessions', deletes: true },
] as const satisfies readonly { resource: WriteOp['resource']; deletes: boolean }[];

const phaseOf = (op: WriteOp): number =>
  APPLY_ORDER.findIndex((phase) => phase.resource === op.resource && phase.deletes === (op.action === 'delete'));

/** The operations in apply order; operations of one phase keep the order they came in. */
export function inApplyOrder<T extends WriteOp>(ops: T[]): T[] {
  return APPLY_ORDER.flatMap((_, phase) => ops.filter((op) => phaseOf(op) === phase));
}

/** The phases apply runs, in order, each with its operations; phases without any are left out. */
export function applyPhases<T extends WriteOp>(ops: T[]): T[][] {
  return APPLY_ORDER.map((_, phase) => ops.filter((op) => phaseOf(op) === phase)).filter((phase) => phase.length > 0);
}
