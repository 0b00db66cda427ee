/**
 * Speaker mapper: a Sessionboard contact on a synced session -> the speaker as it should be in
 * Gleanin. Adding a synced speaker field: add it to `speakerFields` and to `toGleanin`, and give it
 * its wire name in lib/gleanin/adapter.ts (README "Adding a synced field").
 */
import type { SbPerson } from '../../sessionboard/schemas.ts';
import { clean, headshot, normaliseEmail, personName } from '../fields.ts';
import { type FieldValues, mapper } from './mapper.ts';
import { personFields } from './person.ts';

const speakerFields = { ...personFields };
export type SpeakerFields = FieldValues<typeof speakerFields>;

export const speakerMapper = {
  ...mapper('speaker', speakerFields),
  /** A contact select.ts found valid (names and email present). */
  toGleanin: (person: SbPerson): SpeakerFields => ({
    name: personName(person.first_name, person.last_name),
    email: normaliseEmail(person.email),
    jobTitle: clean(person.title),
    companyName: clean(person.company_name),
    headshotUrl: headshot(person.photo_url).url,
  }),
};
