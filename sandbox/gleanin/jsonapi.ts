/**
 * JSON:API plumbing of the Gleanin emulator: error objects, request-document parsing (content type,
 * malformed JSON, `type` check) and list pagination. Error shapes follow docs/api-assumptions.md G21
 * (INFERRED Rails/JSON:API body) and the DESIGN CHOICES of README.md.
 */
import type { Context } from 'hono';
import { z } from 'zod';

export interface ErrorObject {
  status: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 415 | 422 | 429 | 500 | 503;

export function errorObject(status: ErrorStatus, detail: string, source?: ErrorObject['source']): ErrorObject {
  return { status: String(status), title: TITLES[status], detail, ...(source ? { source } : {}) };
}

/** Thrown anywhere in a handler; the app's error handler answers `{errors}` with `status`. */
export class JsonApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly errors: ErrorObject[],
  ) {
    super(errors.map((e) => e.detail).join('; '));
  }

  static single(status: ErrorStatus, detail: string, source?: ErrorObject['source']): JsonApiError {
    return new JsonApiError(status, [errorObject(status, detail, source)]);
  }
}

/** 422 with one error per invalid attribute, each naming it in `detail` and `source.pointer`. */
export function unprocessable(errors: { pointer: string; detail: string }[]): JsonApiError {
  return new JsonApiError(
    422,
    errors.map((e) => errorObject(422, e.detail, { pointer: e.pointer })),
  );
}

/** "headshot_url" -> "Headshot url", the Rails full-message style (INFERRED: Gleanin runs on Rails). */
function humanize(attribute: string): string {
  const words = attribute.replace(/_idx$/, ' idx').replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// DESIGN CHOICE: both media types are accepted on writes; answers are always application/json.
const ACCEPTED_MEDIA_TYPES = ['application/json', 'application/vnd.api+json'];

const linkageSchema = z.object({ type: z.string(), id: z.union([z.string(), z.number()]) });
export type Linkage = z.infer<typeof linkageSchema>;

const relationshipSchema = z.object({
  data: z.union([linkageSchema, z.array(linkageSchema), z.null()]),
});

const documentSchema = z.object({
  data: z.object({
    type: z.string(),
    id: z.union([z.string(), z.number()]).optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    relationships: z.record(z.string(), relationshipSchema).optional(),
  }),
});

export interface RequestResource {
  id?: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data: Linkage | Linkage[] | null }>;
}

/**
 * Reads a JSON:API request document: 415 for another media type, 400 for malformed JSON or a body
 * that is not a resource document, 409 when `data.type` is not `expectedType` (as JSON:API says).
 */
export async function readDocument(c: Context, expectedType: string): Promise<RequestResource> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!ACCEPTED_MEDIA_TYPES.includes(mediaType)) {
    throw JsonApiError.single(
      415,
      `Content-Type must be application/json or application/vnd.api+json (got ${mediaType || 'none'})`,
    );
  }
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw JsonApiError.single(400, `Malformed JSON in request body: ${(error as Error).message}`);
  }
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw JsonApiError.single(400, `Request body is not a JSON:API resource document: ${issue.message}`, {
      pointer: '/' + issue.path.join('/'),
    });
  }
  const { data } = parsed.data;
  if (data.type !== expectedType) {
    throw JsonApiError.single(409, `Resource type "${data.type}" does not match this endpoint ("${expectedType}")`, {
      pointer: '/data/type',
    });
  }
  return {
    id: data.id === undefined ? undefined : String(data.id),
    attributes: data.attributes ?? {},
    relationships: data.relationships ?? {},
  };
}

/** Refuses attributes the resource does not have (400) or that only the server sets (400). */
export function checkAttributeNames(
  attributes: Record<string, unknown>,
  writable: readonly string[],
  readOnly: readonly string[],
): void {
  const errors: ErrorObject[] = [];
  for (const name of Object.keys(attributes)) {
    if (writable.includes(name)) continue;
    const detail = readOnly.includes(name) ? `Attribute ${name} is read-only` : `Unknown attribute ${name}`;
    errors.push(errorObject(400, detail, { pointer: `/data/attributes/${name}` }));
  }
  if (errors.length) throw new JsonApiError(400, errors);
}

/** Refuses relationships other than `allowed` (400). */
export function checkRelationshipNames(relationships: Record<string, unknown>, allowed: readonly string[]): void {
  const errors = Object.keys(relationships)
    .filter((name) => !allowed.includes(name))
    .map((name) => errorObject(400, `Relationship ${name} cannot be written here`, { pointer: `/data/relationships/${name}` }));
  if (errors.length) throw new JsonApiError(400, errors);
}

/** Turns zod issues on `attributes` into 422 errors pointing at each attribute. */
export function attributeIssues(error: z.ZodError): JsonApiError {
  return unprocessable(
    error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return { pointer: `/data/attributes/${issue.path.join('/')}`, detail: `${humanize(name)} is invalid: ${issue.message}` };
    }),
  );
}

/** Comma-separated `include=` values, each one of `allowed`; anything else is a 400 (JSON:API). */
export function parseInclude<T extends string>(c: Context, allowed: readonly T[]): Set<T> {
  const raw = c.req.query('include');
  const result = new Set<T>();
  if (raw === undefined || raw.trim() === '') return result;
  if (allowed.length === 0) {
    throw JsonApiError.single(400, 'include is not supported on this endpoint', { parameter: 'include' });
  }
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!(allowed as readonly string[]).includes(part)) {
      throw JsonApiError.single(400, `Unknown include "${part}"; allowed: ${allowed.join(', ')}`, { parameter: 'include' });
    }
    result.add(part as T);
  }
  return result;
}

export const PAGE_SIZE_DEFAULT = 25;
export const PAGE_SIZE_MAX = 100;

interface Page<T> {
  items: T[];
  links?: Record<string, string>;
  meta?: { record_count: number; page_count: number };
}

function positiveInt(c: Context, name: string, fallback: number, max?: number): number {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || (max !== undefined && value > max)) {
    const range = max === undefined ? 'a positive integer' : `an integer from 1 to ${max}`;
    throw JsonApiError.single(400, `${name} must be ${range} (got "${raw}")`, { parameter: name });
  }
  return value;
}

/**
 * DESIGN CHOICE (docs/api-assumptions.md G19): with pagination on, `page[number]` (default 1) and `page[size]` (default 25, max 100)
 * slice the list and `links` carry first/last/prev/next as absolute URLs (or, with `pageLinks: 'path'`, as paths on the same host) keeping the other query
 * parameters. With pagination off (the documented shape) page parameters are ignored like any
 * unknown query parameter and the whole list is returned without links.
 */
export function paginate<T>(c: Context, items: T[], enabled: boolean, linkForm: 'absolute' | 'path' = 'absolute'): Page<T> {
  if (!enabled) return { items };
  const number = positiveInt(c, 'page[number]', 1);
  const size = positiveInt(c, 'page[size]', PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const link = (n: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set('page[number]', String(n));
    url.searchParams.set('page[size]', String(size));
    return linkForm === 'path' ? `${url.pathname}${url.search}` : url.toString();
  };
  const links: Record<string, string> = { self: link(number), first: link(1), last: link(pageCount) };
  if (number > 1) links.prev = link(Math.min(number - 1, pageCount));
  if (number < pageCount) links.next = link(number + 1);
  return {
    items: items.slice((number - 1) * size, number * size),
    links,
    meta: { record_count: items.length, page_count: pageCount },
  };
}
