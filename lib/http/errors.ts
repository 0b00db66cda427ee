/**
 * One error class per meaning, shared by both clients, so callers branch on `instanceof` (or `name`)
 * and never parse message strings. Every error names its service and endpoint ("GET /v1/events").
 * Messages and fields never hold a token: the transport scrubs server text before it lands here and
 * keeps no request headers on the error.
 */
export type Service = 'gleanin' | 'sessionboard';

const SERVICE_LABEL: Record<Service, string> = { gleanin: 'Gleanin', sessionboard: 'Sessionboard' };

export interface FieldProblem {
  /** Attribute or parameter name as the service spells it (e.g. `email`, `page[size]`), '' when unknown. */
  field: string;
  detail: string;
}

export interface ApiErrorInit {
  service: Service;
  endpoint: string;
  status?: number;
  /** What the service said, already scrubbed of secrets. */
  detail?: string;
}

export class ApiError extends Error {
  readonly service: Service;
  readonly endpoint: string;
  readonly status?: number;
  readonly detail?: string;

  constructor(init: ApiErrorInit, summary: string) {
    const label = SERVICE_LABEL[init.service];
    super(`${label} ${summary} (${init.endpoint})${init.detail ? `: ${init.detail}` : ''}`);
    this.name = new.target.name;
    this.service = init.service;
    this.endpoint = init.endpoint;
    if (init.status !== undefined) this.status = init.status;
    if (init.detail !== undefined) this.detail = init.detail;
  }
}

/** 401: the token is wrong, revoked or missing ("Gleanin rejected this token (401)" on Connect). */
export class AuthRejectedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super({ ...init, status: 401 }, 'rejected this token (401)');
  }
}

/** 403: the token lacks a scope (Sessionboard names it) or may not see this event. */
export class ForbiddenError extends ApiError {
  readonly missingScope?: string;
  constructor(init: ApiErrorInit & { missingScope?: string }) {
    super({ ...init, status: 403 }, init.missingScope ? `refused: the token lacks the ${init.missingScope} scope (403)` : 'refused access (403)');
    if (init.missingScope) this.missingScope = init.missingScope;
  }
}

export class NotFoundError extends ApiError {
  constructor(init: ApiErrorInit) {
    super({ ...init, status: 404 }, 'has no such record (404)');
  }
}

/** 400/422: the request was refused as invalid; `fields` says which attribute and why. */
export class ValidationError extends ApiError {
  readonly fields: FieldProblem[];
  constructor(init: ApiErrorInit & { status: 400 | 422; fields: FieldProblem[] }) {
    super(init, `refused the request as invalid (${init.status})`);
    this.fields = init.fields;
  }
}

/** 409: a conflicting write (stale `updated_at`, wrong resource type, duplicate definition). */
export class ConflictError extends ApiError {
  constructor(init: ApiErrorInit) {
    super({ ...init, status: 409 }, 'reported a conflict (409)');
  }
}

/** 429 that the transport did not (or could no longer) wait out; `retryAfterMs` is the service's ask. */
export class RateLimitedError extends ApiError {
  readonly retryAfterMs: number | null;
  constructor(init: ApiErrorInit & { retryAfterMs: number | null }) {
    const wait = init.retryAfterMs === null ? '' : `; retry after ${Math.ceil(init.retryAfterMs / 1000)} s`;
    super({ ...init, status: 429 }, `is rate limiting this token (429${wait})`);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** `changing`: a paginated read kept shifting under us (records added or removed between pages). */
export type TransientReason = 'server' | 'network' | 'timeout' | 'changing';

/**
 * 5xx, a dropped or refused connection, or a timeout. `outcomeUnknown` is true when a non-idempotent
 * request (a create) may or may not have been carried out: the transport then does NOT retry it, and
 * the caller must look the record up (Gleanin: by external id) before creating it again.
 */
export class TransientError extends ApiError {
  readonly reason: TransientReason;
  readonly outcomeUnknown: boolean;
  constructor(init: ApiErrorInit & { reason: TransientReason; outcomeUnknown: boolean }) {
    const what = {
      timeout: 'did not answer in time',
      network: 'could not be reached or dropped the connection',
      changing: 'changed its records while they were read',
      server: `had a server error (${init.status ?? '5xx'})`,
    }[init.reason];
    super(init, `${what}${init.outcomeUnknown ? '; the write may or may not have been carried out' : ''}`);
    this.reason = init.reason;
    this.outcomeUnknown = init.outcomeUnknown;
  }
}

/**
 * A 3xx answer. Redirects are never followed: fetch would re-send our token headers to wherever the
 * answer points. `location` is the origin it named, or null when the runtime hides it (browsers'
 * `opaqueredirect`). Reads "Sessionboard answered with a redirect to https://x.example; not followed".
 */
export class RedirectRefusedError extends ApiError {
  readonly location: string | null;
  constructor(init: ApiErrorInit & { location: string | null }) {
    super(init, 'answered with a redirect');
    this.message = `${SERVICE_LABEL[init.service]} answered with a redirect to ${init.location ?? 'an undisclosed location'}; not followed`;
    this.location = init.location;
  }
}

/** The answer does not have the shape we rely on; `path` is the first offending field (e.g. `data[3].attributes.name`). */
export class MalformedResponseError extends ApiError {
  readonly path: string;
  constructor(init: ApiErrorInit & { path: string }) {
    super(init, 'sent an unexpected answer');
    // Reads "Gleanin sent an unexpected answer to GET /api/clients/v1/speakers: data[3].attributes.name: expected string, got number".
    this.message = `${SERVICE_LABEL[init.service]} sent an unexpected answer to ${init.endpoint}: ${init.detail ?? init.path}`;
    this.path = init.path;
  }
}
