/** The mapper of each record type, and the names the organizer sees for the fields a plan changes. */
import type { RecordType } from '../model.ts';
import { exhibitorContactMapper } from './exhibitor-contact.ts';
import type { FieldList, Mapper } from './mapper.ts';
import { sessionMapper } from './session.ts';
import { speakerMapper } from './speaker.ts';

const MAPPERS = { session: sessionMapper, speaker: speakerMapper, 'exhibitor-contact': exhibitorContactMapper } as const;

/** Changes that are not a synced field: a record re-tagged with the current form of our external id. */
const RECORD_LABELS: Record<string, string> = { externalIdx: 'External id' };

/** A field of a record type as the organizer knows it ("Job title"); an unknown name is shown as it is. */
export function fieldLabel(recordType: RecordType, name: string): string {
  const fields: Record<string, { label: string }> = MAPPERS[recordType].fields;
  return fields[name]?.label ?? RECORD_LABELS[name] ?? name;
}

/** The fields of `want` whose value in Gleanin (`have`) differs, by the record type's own compare rules. */
export function differingFields(recordType: RecordType, want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  const m: Mapper<FieldList> = MAPPERS[recordType];
  return Object.keys(m.diff(want, have));
}
