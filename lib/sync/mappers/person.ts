/**
 * The fields every person shares in Gleanin, speaker or exhibitor team member: both are Gleanin
 * speaker records (lib/gleanin/adapter.ts). Each person mapper starts from these and adds its own.
 */
import { field, sameEmail, sameExact, sameText } from './mapper.ts';

export const personFields = {
  name: field<string>('Name', sameText),
  email: field<string>('Email', sameEmail),
  jobTitle: field<string | null>('Job title', sameText),
  companyName: field<string | null>('Company', sameText),
  headshotUrl: field<string | null>('Headshot', sameExact),
};
