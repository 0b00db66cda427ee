/**
 * Typed Sessionboard Public API client over the shared transport (lib/http).
 * Returns the wire objects parsed by zod (snake_case kept, types from schemas.ts). Searches read every
 * page of 100; bulk writes go in chunks of 100. Wire choices live in adapter.ts.
 */
import { ForbiddenError, TransientError, ValidationError } from '../http/errors.ts';
import { HttpTransport, type TransportOptions } from '../http/transport.ts';
import type { z } from 'zod';
import {
  BULK_KEY,
  BULK_MAX,
  MAX_PAGE,
  PAGE_CONCURRENCY,
  PAGE_SIZE,
  PATHS,
  PROBE_WRITE_BODY,
  bulkOutcome,
  exhibitorSchema,
  searchEnvelope,
  sessionboardProfile,
  type BulkOutcome,
  type SbExhibitor,
  type SearchKind,
} from './adapter.ts';
import {
  bulkResponseSchema,
  contactSchema,
  createdFieldSchema,
  dataEnvelope,
  eventSchema,
  fieldSchema,
  resultsEnvelope,
  sessionSchema,
  statusSchema,
  type SbBulkResult,
  type SbContact,
  type SbEvent,
  type SbField,
  type SbSession,
  type SbStatus,
} from './schemas.ts';

export type * from './schemas.ts';

/** Whole re-reads of a search whose records shifted between pages, before giving up. */
const INCOMPLETE_READ_ATTEMPTS = 3;

export type SessionboardClientOptions = Omit<TransportOptions, 'onResponse'>;

type Range = { before?: string; after?: string };
/** The common search body: filters, sort (`order` names the field, `sort` the direction), expand. */
export interface SearchBody {
  filters?: { status?: string | string[]; isAbstract?: boolean; createdAt?: Range; updatedAt?: Range };
  sort?: { order?: 'createdAt' | 'updatedAt'; sort?: 'asc' | 'desc' };
  expand?: string[];
}

export interface SearchOptions {
  /** Stop once this many records are read (e.g. 1 for a sample); default: every page. */
  maxResults?: number;
}

export interface FieldDefinitionInput {
  name: string;
  field_type: 'text' | 'textarea';
  module: 'contact' | 'group' | 'session';
  field_level?: 'event';
}

/** One contact operation of a bulk write (docs/api-assumptions.md S7); `data` is a contact write body (adapter `customFieldsBody`). */
export type BulkContactOperation =
  | { action: 'update'; id: string; data: Record<string, unknown>; updated_at?: string }
  | { action: 'create'; data: Record<string, unknown> }
  | { action: 'delete'; id: string };

export class SessionboardClient {
  readonly #http: HttpTransport;

  constructor(opts: SessionboardClientOptions) {
    this.#http = new HttpTransport(sessionboardProfile, opts);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** The token's events (`GET /v1/events`, not rate limited). */
  listEvents(): Promise<SbEvent[]> {
    return this.#pages(PATHS.events, 'GET', undefined, resultsEnvelope(eventSchema), (d) => d.results);
  }

  searchSessions(eventId: number, body?: SearchBody, opts?: SearchOptions): Promise<SbSession[]> {
    return this.#search(eventId, 'sessions', sessionSchema, body, opts);
  }

  /** Contacts assigned to sessions (the API's "Speakers" routes). */
  searchSpeakers(eventId: number, body?: SearchBody, opts?: SearchOptions): Promise<SbContact[]> {
    return this.#search(eventId, 'speakers', contactSchema, body, opts);
  }

  searchContacts(eventId: number, body?: SearchBody, opts?: SearchOptions): Promise<SbContact[]> {
    return this.#search(eventId, 'contacts', contactSchema, body, opts);
  }

  searchExhibitors(eventId: number, body?: SearchBody, opts?: SearchOptions): Promise<SbExhibitor[]> {
    return this.#search(eventId, 'exhibitors', exhibitorSchema, body, opts);
  }

  /** One session (entity-reads bucket: prefer searches). */
  getSession(eventId: number, id: string): Promise<SbSession> {
    return this.#http.request({ method: 'GET', path: PATHS.session(eventId, id), schema: sessionSchema });
  }

  /** One contact (entity-reads bucket: prefer searches). */
  getContact(eventId: number, id: string): Promise<SbContact> {
    return this.#http.request({ method: 'GET', path: PATHS.contact(eventId, id), schema: contactSchema });
  }

  listSessionStatuses(eventId: number): Promise<SbStatus[]> {
    return this.#pages(PATHS.sessionStatuses(eventId), 'POST', {}, dataEnvelope(statusSchema), (d) => d.data);
  }

  listFields(eventId: number): Promise<SbField[]> {
    return this.#pages(PATHS.fields(eventId), 'POST', {}, dataEnvelope(fieldSchema), (d) => d.data);
  }

  /** Creates a custom field definition (write:fields); a duplicate answers ConflictError. Not retried blindly. */
  async createField(eventId: number, def: FieldDefinitionInput): Promise<SbField> {
    return (await this.#http.request({ method: 'POST', path: PATHS.createField(eventId), body: def, schema: createdFieldSchema })).data;
  }

  /** `PUT` a contact (write:contacts, one contact write each: prefer bulkContacts). */
  updateContact(eventId: number, id: string, body: Record<string, unknown>): Promise<SbContact> {
    return this.#http.request({ method: 'PUT', path: PATHS.contact(eventId, id), body, schema: contactSchema });
  }

  /**
   * Bulk contact operations in chunks of 100, each chunk one contact write. Results come back in
   * request order with `index` into `ops`. Update/delete-only chunks are idempotent and retried; a
   * chunk with creates is not retried when its outcome is unknown.
   */
  async bulkContacts(eventId: number, ops: BulkContactOperation[]): Promise<(Omit<SbBulkResult, 'error'> & BulkOutcome)[]> {
    const out: (Omit<SbBulkResult, 'error'> & BulkOutcome)[] = [];
    for (let start = 0; start < ops.length; start += BULK_MAX) {
      const chunk = ops.slice(start, start + BULK_MAX);
      const answer = await this.#http.request({
        method: 'POST',
        path: PATHS.contactsBulk(eventId),
        body: { [BULK_KEY]: chunk },
        schema: bulkResponseSchema,
        idempotent: chunk.every((op) => op.action !== 'create'),
      });
      out.push(...answer.results.map((r) => ({ ...r, ...bulkOutcome(r), index: r.index + start })));
    }
    return out;
  }

  /** Whether the token may write contacts (adapter PROBE_WRITE_BODY: 403 = no, 400 = yes). */
  async probeWriteContacts(eventId: number): Promise<boolean> {
    try {
      await this.#http.request({ method: 'POST', path: PATHS.contactsBulk(eventId), body: PROBE_WRITE_BODY, schema: bulkResponseSchema, idempotent: true });
      return true; // an API that accepts an empty bulk evidently lets this token write
    } catch (error) {
      if (error instanceof ForbiddenError && (!error.missingScope || error.missingScope === 'write:contacts')) return false;
      if (error instanceof ValidationError) return true;
      throw error;
    }
  }

  /**
   * Searches read by offset, so they ask for a stable order (oldest first) unless the caller sets one,
   * and a read that ends with fewer records than Sessionboard counted (a record moved between pages
   * while we read, e.g. one deleted meanwhile) is read again: a sync must never plan deletes from an
   * incomplete read.
   */
  async #search<T extends z.ZodType>(eventId: number, kind: SearchKind, item: T, body: SearchBody = {}, opts: SearchOptions = {}): Promise<z.output<T>[]> {
    const path = PATHS.search(eventId, kind);
    const sorted: SearchBody = { ...body, sort: body.sort ?? { order: 'createdAt', sort: 'asc' } };
    for (let attempt = 1; ; attempt++) {
      let counted = 0;
      const records = await this.#pages(
        path,
        'POST',
        sorted,
        searchEnvelope(item),
        (d) => {
          counted = Math.max(counted, d.pagination.totalResults);
          return d.results;
        },
        opts.maxResults,
      );
      if (opts.maxResults !== undefined || records.length >= counted) return records;
      if (attempt === INCOMPLETE_READ_ATTEMPTS) {
        throw new TransientError({
          service: 'sessionboard',
          endpoint: `POST ${path}`,
          reason: 'changing',
          outcomeUnknown: false,
          detail: `read ${records.length} of ${counted} records, ${INCOMPLETE_READ_ATTEMPTS} times; try the sync again`,
        });
      }
    }
  }

  /**
   * Reads page 1, then pages 2..totalPages a few at a time, in order. Records are de-duplicated by id:
   * a record moving between pages while we read must not appear twice.
   */
  async #pages<D, T>(
    path: string,
    method: 'GET' | 'POST',
    body: object | undefined,
    schema: z.ZodType<D>,
    items: (doc: D) => T[],
    maxResults?: number,
  ): Promise<T[]> {
    const limit = maxResults !== undefined ? Math.max(1, Math.floor(maxResults)) : Infinity;
    const pageSize = Math.min(PAGE_SIZE, limit);
    const read = (page: number) =>
      this.#http.request({ method, path, query: { page, pageSize }, body, schema, idempotent: true }) as Promise<D & { pagination: { totalPages: number } }>;
    const first = await read(1);
    const pages: T[][] = [items(first)];
    const last = Math.min(first.pagination.totalPages, MAX_PAGE, Math.ceil(limit / pageSize));
    for (let page = 2; page <= last; page += PAGE_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(PAGE_CONCURRENCY, last - page + 1) }, (_, i) => read(page + i));
      for (const doc of await Promise.all(batch)) pages.push(items(doc));
    }
    const seen = new Set<string>();
    const out: T[] = [];
    for (const record of pages.flat()) {
      const id = String((record as { id?: unknown }).id);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }
}
