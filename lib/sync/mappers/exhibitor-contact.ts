/**
 * Exhibitor contact mapper: a team member of a Sessionboard exhibitor -> a Gleanin speaker record in
 * the exhibitor group (lib/gleanin/adapter.ts), with the exhibitor as company and its logo, when
 * Gleanin can take it, as headshot.
 */
import { EXHIBITOR_GROUP } from '../../gleanin/adapter.ts';
import type { SbExhibitor } from '../../sessionboard/adapter.ts';
import { clean, headshot, normaliseEmail, personName } from '../fields.ts';
import { type FieldValues, field, mapper, sameSet } from './mapper.ts';
import { personFields } from './person.ts';

const exhibitorContactFields = { ...personFields, groups: field<string[]>('Groups', sameSet) };
export type ExhibitorContactFields = FieldValues<typeof exhibitorContactFields>;

export type SbExhibitorContact = NonNullable<SbExhibitor['contacts']>[number];

/** The picture an exhibitor's team members get in Gleanin: the exhibitor's logo, else their own photo. */
export const exhibitorPicture = (contact: SbExhibitorContact, exhibitor: SbExhibitor): string | null | undefined =>
  headshot(exhibitor.logo_url).url ?? contact.photo_url;

export const exhibitorContactMapper = {
  ...mapper('exhibitor-contact', exhibitorContactFields),
  /** A team member select.ts found valid, of an exhibitor with a name. */
  toGleanin: (contact: SbExhibitorContact, exhibitor: SbExhibitor): ExhibitorContactFields => ({
    name: personName(contact.first_name, contact.last_name),
    email: normaliseEmail(contact.email),
    jobTitle: clean(contact.title),
    companyName: clean(exhibitor.name),
    headshotUrl: headshot(exhibitorPicture(contact, exhibitor)).url,
    groups: [EXHIBITOR_GROUP],
  }),
};
