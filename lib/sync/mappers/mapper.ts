/**
 * What every mapper is made of: its synced fields, each with the name the organizer knows it by and
 * the rule for when Gleanin's value counts as equal. Hashing, the diff and the labels are generic
 * over that list, so a field added to a mapper's list is compared, written and named everywhere.
 */
import { clean, contentHash, normaliseEmail, sameInstant } from '../fields.ts';
import type { RecordType } from '../model.ts';

interface SyncedField<T> {
  /** The field's name on Gleanin's and Sessionboard's screens ("Job title"). */
  label: string;
  /** Whether the value in Gleanin (`have`, absent when Gleanin does not send it) already is `want`. */
  same(want: T, have: T | null | undefined): boolean;
}

/** A mapper's fields by the model's field name (`same` is a method, so fields of any value type fit). */
export type FieldList = Record<string, SyncedField<unknown>>;

/** The record a field list describes: one value per field, of that field's type. */
export type FieldValues<L extends FieldList> = { [K in keyof L]: L[K] extends SyncedField<infer T> ? T : never };

/** A Gleanin record as the diff reads it: the list's fields, any of them possibly missing. */
export type GleaninValues<L extends FieldList> = { [K in keyof L]?: FieldValues<L>[K] | null };

export const field = <T>(label: string, same: (want: T, have: T | null | undefined) => boolean): SyncedField<T> => ({ label, same });

/** Compare rules: text ignores surrounding and repeated whitespace, a description only surrounding whitespace. */
export const sameText = (want: string | null, have: string | null | undefined): boolean => (clean(want) ?? '') === (clean(have) ?? '');
export const sameBody = (want: string, have: string | null | undefined): boolean => want.trim() === (have ?? '').trim();
/** Gleanin compares emails case-insensitively; ours are already normalised. */
export const sameEmail = (want: string, have: string | null | undefined): boolean => want === normaliseEmail(have);
/** A URL or another exact value: no value and an empty one are the same. */
export const sameExact = (want: string | null, have: string | null | undefined): boolean => (want ?? '') === (have ?? '');
export const sameTime = (want: string, have: string | null | undefined): boolean => sameInstant(want, have);
/** An ordered list (tracks: Sessionboard's order is shown). */
export const sameList = (want: string[], have: string[] | null | undefined): boolean => {
  const got = have ?? [];
  return want.length === got.length && want.every((v, i) => v === got[i]);
};
/** A set (groups, a session's speakers): order does not matter. */
export const sameSet = (want: string[], have: string[] | null | undefined): boolean => {
  const got = have ?? [];
  if (want.length !== got.length) return false;
  const s = new Set(want);
  return got.every((v) => s.has(v));
};

export interface Mapper<L extends FieldList> {
  recordType: RecordType;
  fields: L;
  /** The list's fields of a desired record (which carries more: its key, roles, ...). */
  valuesOf(record: FieldValues<L>): FieldValues<L>;
  /** Content hash of the synced fields: equal values hash equally, whatever else the record carries. */
  hash(record: FieldValues<L>): string;
  /** The fields of `want` that differ from Gleanin's record, in the list's order; `only` limits the fields compared. */
  diff(want: FieldValues<L>, have: GleaninValues<L>, only?: readonly (keyof L & string)[]): Partial<FieldValues<L>>;
}

export function mapper<L extends FieldList>(recordType: RecordType, fields: L): Mapper<L> {
  const names = Object.keys(fields) as (keyof L & string)[];
  const valuesOf = (record: FieldValues<L>) => Object.fromEntries(names.map((k) => [k, record[k]])) as FieldValues<L>;
  return {
    recordType,
    fields,
    valuesOf,
    hash: (record) => contentHash(valuesOf(record)),
    diff(want, have, only = names) {
      const d: Partial<FieldValues<L>> = {};
      for (const k of only) if (!fields[k].same(want[k], have[k])) d[k] = want[k];
      return d;
    },
  };
}
