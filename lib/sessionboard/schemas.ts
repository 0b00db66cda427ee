/**
 * zod schemas for every Sessionboard answer the client reads (evidence per shape in
 * docs/api-assumptions.md S2-S11). Wire objects stay snake_case, as the API sends them. Objects are loose: the real API
 * carries dozens of fields more (a session has some 37 properties), which pass through untouched; only
 * what callers rely on is checked, and fields the docs do not promise are optional.
 */
import { z } from 'zod';

const text = z.string().nullish();
const uuid = z.string().min(1);

export const paginationSchema = z.looseObject({
  currentPage: z.number().int(),
  pageSize: z.number().int(),
  totalPages: z.number().int().min(0),
  totalResults: z.number().int().min(0),
});

/** Legacy search endpoints: `{results, pagination}` (docs/api-assumptions.md S3). */
export const resultsEnvelope = <T extends z.ZodType>(item: T) => z.looseObject({ results: z.array(item), pagination: paginationSchema });
/** Newer endpoints (fields, session statuses): `{data, pagination}` (docs/api-assumptions.md S3). */
export const dataEnvelope = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item), pagination: paginationSchema });

/** `GET /v1/events` items: integer ids; every event has an IANA time zone (CONFIRMED, docs/api-assumptions.md S2). */
export const eventSchema = z.looseObject({ id: z.number().int(), name: z.string(), timezone: z.string(), features: z.unknown().optional() });

export const customFieldValueSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  internal_name: z.string(),
  name: text,
  type: text,
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

/** A contact as it appears inside a session (CONFIRMED from a screenshot of a real answer). */
const personSchema = z.looseObject({
  id: uuid,
  order: z.number().nullish(),
  friendly_id: text,
  friendly_id_raw: z.number().nullish(),
  full_name: text,
  first_name: text,
  last_name: text,
  email: text,
  is_public: z.boolean().nullish(),
  created_at: text,
  updated_at: text,
  photo_url: text,
  company_name: text,
  title: text,
  about: text,
});

/** Sessions 2.0 participant: a person plus its role (INFERRED from a secondary source). */
const participantSchema = personSchema.extend({
  participant_role: z.looseObject({ slug: text, name: text, name_plural: text, core_role: text }).nullish(),
});

/** Nested metadata: `{}` when unassigned on search routes (null on the CRUD routes). */
const nestedSchema = z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), name: text }).nullish();

export const sessionSchema = z.looseObject({
  id: uuid,
  friendly_id: text,
  friendly_id_raw: z.number().nullish(),
  title: text,
  description: text,
  status: z.string(),
  custom_status_id: text,
  custom_status: z.looseObject({ id: text, name: text, status: text }).nullish(),
  starts_at: text,
  ends_at: text,
  is_public: z.boolean().nullish(),
  is_abstract: z.boolean().nullish(),
  track: nestedSchema,
  room: nestedSchema,
  tags: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), name: text })).nullish(),
  speakers: z.array(personSchema).nullish(),
  chairpersons: z.array(personSchema).nullish(),
  moderators: z.array(personSchema).nullish(),
  participants: z.array(participantSchema).nullish(),
  custom_fields: z.array(customFieldValueSchema).nullish(),
  subsessions: z.array(z.looseObject({ id: uuid })).nullish(),
  parent_session_id: text,
  created_at: text,
  updated_at: text,
});

/** A contact from contact/speaker search or GET (INFERRED from a secondary source). */
export const contactSchema = personSchema.extend({
  phone_mobile: text,
  custom_fields: z.array(customFieldValueSchema).nullish(),
});

/** Field definitions (`/fields`; docs/api-assumptions.md S8, S9). */
export const fieldSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  internal_name: z.string(),
  name: z.string(),
  field_type: z.string(),
  module: z.string(),
  field_source: text,
  field_level: text,
});

/** Session statuses (CONFIRMED: the documented search-session-statuses response). */
export const statusSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  status: z.string(),
  status_name: text,
  color: text,
  order: z.number().nullish(),
  is_custom: z.boolean().nullish(),
  created_at: text,
});

/** Bulk envelope (docs/api-assumptions.md S7): one result per operation, `index` into the request's operations. */
const bulkResultSchema = z.looseObject({
  index: z.number().int().min(0),
  action: text,
  // Only `success` is documented; the failure literal is not, so any string is read (adapter bulkOutcome).
  status: z.string(),
  id: text,
  error: z.looseObject({ code: text, message: text }).nullish(),
});
export const bulkResponseSchema = z.looseObject({
  batch_id: z.union([z.string(), z.number()]).nullish(),
  results: z.array(bulkResultSchema),
  stats: z.looseObject({ total: z.number(), succeeded: z.number(), failed: z.number() }).nullish(),
});

/** `POST fields/create` answers `{data: field}` (DESIGN CHOICE, like the newer `{data}` endpoints). */
export const createdFieldSchema = z.looseObject({ data: fieldSchema });

export type SbEvent = z.output<typeof eventSchema>;
export type SbPerson = z.output<typeof personSchema>;
export type SbSession = z.output<typeof sessionSchema>;
export type SbContact = z.output<typeof contactSchema>;
export type SbField = z.output<typeof fieldSchema>;
export type SbStatus = z.output<typeof statusSchema>;
export type SbBulkResult = z.output<typeof bulkResultSchema>;
