/**
 * Every Sessionboard Public API choice the client makes that the docs leave UNKNOWN (or only
 * only INFERRED), in one place; docs/api-assumptions.md S1-S12 lists each with its evidence. Correct
 * here when the live API disagrees; schemas.ts and client.ts only use these names.
 */
import { z } from 'zod';
import type { ErrorInfo, ServiceProfile } from '../http/transport.ts';
import { contactSchema, customFieldValueSchema, paginationSchema } from './schemas.ts';

/** CONFIRMED (docs/api-assumptions.md S1): `x-access-token: <token>` on every request. */
const authHeaders = (token: string): Record<string, string> => ({ 'x-access-token': token });

/**
 * Paths (docs/api-assumptions.md S2, S3). Searches are POSTs (CONFIRMED) and not rate limited; fields and
 * session statuses are read through their POST search forms, which are also unlimited (S12),
 * rather than the GET lists that count as entity reads.
 */
export const PATHS = {
  events: '/v1/events',
  search: (eventId: number, kind: SearchKind) => `/v1/event/${eventId}/${kind}`,
  session: (eventId: number, id: string) => `/v1/event/${eventId}/sessions/${encodeURIComponent(id)}`,
  contact: (eventId: number, id: string) => `/v1/event/${eventId}/contacts/${encodeURIComponent(id)}`,
  contactsBulk: (eventId: number) => `/v1/event/${eventId}/contacts/bulk`,
  fields: (eventId: number) => `/v1/event/${eventId}/fields`,
  createField: (eventId: number) => `/v1/event/${eventId}/fields/create`,
  sessionStatuses: (eventId: number) => `/v1/event/${eventId}/session-statuses`,
} as const;
export type SearchKind = 'sessions' | 'speakers' | 'contacts' | 'exhibitors';

/**
 * Search envelopes (UNKNOWN for event contacts, speakers and exhibitors searches; sessions search and
 * GET /v1/events are documented with `results`, organization contacts search with `data`; see
 * docs/api-assumptions.md S3): every search accepts either array, `results` first.
 */
export const searchEnvelope = <T extends z.ZodType>(item: T) =>
  z
    .looseObject({ results: z.array(item).optional(), data: z.array(item).optional(), pagination: paginationSchema })
    .refine((d) => d.results !== undefined || d.data !== undefined, { message: 'expected a `results` or `data` array', path: ['results'] })
    .transform((d) => ({ ...d, results: (d.results ?? d.data) as z.output<T>[] }));

/**
 * Bulk results (only `"status": "success"` is documented; the failure literal is UNKNOWN, see
 * docs/api-assumptions.md S7): any other status is a failure, kept with its error, or with
 * the status itself when the service gave no error object.
 */
const BULK_SUCCESS = 'success';
export interface BulkOutcome {
  ok: boolean;
  /** Set on a failure: the service's error, or its status when it gave none. */
  error: { code: string; message: string } | null;
}
export function bulkOutcome(result: { status: string; error?: { code?: string | null; message?: string | null } | null }): BulkOutcome {
  if (result.status === BULK_SUCCESS) return { ok: true, error: null };
  const code = result.error?.code || result.status;
  return { ok: false, error: { code, message: result.error?.message || `operation answered status "${result.status}"` } };
}

/**
 * Pagination (docs/api-assumptions.md S4; CONFIRMED: `page` 1..999, `pageSize` 1..100; UNKNOWN whether
 * query or body). The client sends them as query parameters, 100 per page, until `totalPages`.
 */
export const PAGE_SIZE = 100;
export const MAX_PAGE = 999;
/** Pages after the first are read this many at a time (searches are not rate limited, docs/api-assumptions.md S12). */
export const PAGE_CONCURRENCY = 4;

/**
 * Bulk contact writes (docs/api-assumptions.md S7; the envelope is seen on a sibling bulk route): `{operations: [...]}`, 1..100
 * operations, counted as one request in the contact-writes bucket.
 */
export const BULK_KEY = 'operations';
export const BULK_MAX = 100;

/**
 * Custom field values on a contact write (docs/api-assumptions.md S8: key UNKNOWN): an object keyed by
 * `internal_name`, e.g. `{custom_fields: {gleanin_link: "https://…"}}`, optionally with the last seen
 * `updated_at` (a stale one answers 409, INFERRED from the API's optimistic concurrency on writes).
 */
export const customFieldsBody = (values: Record<string, string | null>, updatedAt?: string) => ({
  custom_fields: values,
  ...(updatedAt ? { updated_at: updatedAt } : {}),
});

/**
 * Write-scope probe (DESIGN CHOICE, docs/api-assumptions.md S6): an empty bulk is refused either for the missing
 * `write:contacts` scope (403) or, with the scope, as invalid (400); nothing is written either way.
 * Costs one request of the contact-writes bucket when the token has the scope.
 */
export const PROBE_WRITE_BODY = { [BULK_KEY]: [] } as const;

/**
 * Exhibitors (docs/api-assumptions.md S10: API shape UNKNOWN; names INFERRED from the standard group
 * fields; DESIGN CHOICE): team members in `contacts[]`, each flagged `is_primary`, and
 * `primary_contact_id`.
 */
export const exhibitorSchema = z.looseObject({
  id: z.string().min(1),
  friendly_id: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  logo_url: z.string().nullish(),
  website: z.string().nullish(),
  tier: z.string().nullish(),
  primary_contact_id: z.string().nullish(),
  contacts: z.array(contactSchema.extend({ is_primary: z.boolean().nullish() })).nullish(),
  custom_fields: z.array(customFieldValueSchema).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type SbExhibitor = z.output<typeof exhibitorSchema>;

/**
 * Hide PII (docs/api-assumptions.md S5): such a token answers emails like `j***@a***.com`. The one rule
 * for "this email is masked", used by Connect, Check connection and the sync: both the local part and
 * the domain carry `***`, or the whole value is `***`. A real address is never taken for a masked one.
 */
export function isMaskedEmail(email: string | null | undefined): boolean {
  const value = (email ?? '').trim();
  if (value === '***') return true;
  const at = value.lastIndexOf('@');
  return at > 0 && value.slice(0, at).includes('***') && value.slice(at + 1).includes('***');
}

/**
 * Error bodies (INFERRED, docs/api-assumptions.md S11): `{error: "<Name>Error", message}`. A 403 names the missing scope
 * ("Missing write:contacts scope", the wording of the API's own OpenAPI description).
 */
function parseError(status: number, body: unknown): ErrorInfo {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : typeof body === 'string' ? body.trim().slice(0, 300) : undefined;
  const name = typeof record.error === 'string' ? record.error : undefined;
  const detail = message ?? name;
  const info: ErrorInfo = detail ? { detail } : {};
  if (status === 403 && message) {
    const scope = /\b((?:read|write):[a-z_]+)\b/.exec(message)?.[1];
    if (scope) info.missingScope = scope;
  }
  if (status === 400 || status === 422) info.fields = message ? [{ field: fieldOf(message), detail: message }] : [];
  return info;
}

/** The parameter a 400 message names first (`pageSize must be …`, `… at filters.status`), else ''. */
function fieldOf(message: string): string {
  return /→ at ([\w.[\]]+)/.exec(message)?.[1] ?? /^([a-zA-Z_][\w.[\]]*) (?:must|is|are)\b/.exec(message)?.[1] ?? '';
}

export const sessionboardProfile: ServiceProfile = { service: 'sessionboard', authHeaders, parseError };
