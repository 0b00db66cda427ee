/**
 * The one request layer under both API clients, on plain `fetch`: base URL and token injected, a
 * per-attempt timeout, retries with exponential backoff and full jitter, 429 handling that honours
 * Retry-After, error bodies turned into the error classes of errors.ts, and every answer checked by a
 * zod schema.
 *
 * Why plain fetch and no fetch library: the rules below are the whole job, and a library's retry,
 * timeout and parsing do not fit them (ofetch retries by status code alone, so a dropped create looks
 * like a refused one; its retry wait ignores the abort signal; its timeout is skipped when a signal is
 * passed; its lenient JSON parse hides an answer that is not JSON). With those off it adds nothing.
 *
 * Retry rules (why each is safe):
 * - 5xx, dropped connections and timeouts are retried for idempotent requests (GET, PUT, PATCH,
 *   DELETE and the POST searches a client marks idempotent).
 * - A non-idempotent request (a create) whose outcome is unknown (dropped connection, timeout, 500,
 *   502, 504) is NOT retried: a blind retry could create the record twice. It fails at once with
 *   TransientError `outcomeUnknown: true`, and the caller (the sync engine) looks the record up by
 *   its external id before creating it again, so a record is never duplicated.
 * - A refused connection (nothing was sent), a 503 (RFC 9110: the server did not handle the request)
 *   and a 429 (refused before processing) are retried for every method.
 * - A DELETE retried after an unknown outcome that then answers 404 is done: the record is gone,
 *   which is what was asked.
 * - Redirects are never followed (`redirect: 'manual'`): fetch would carry our token headers to the
 *   new location (it drops only `Authorization` across origins). A 3xx, or a browser's opaque
 *   redirect, fails at once with RedirectRefusedError naming the origin it pointed to.
 * - Waits are capped: a Retry-After longer than `maxRetryAfterMs` (Sessionboard's 15-minute buckets)
 *   is not slept through but surfaced at once as RateLimitedError with `retryAfterMs`.
 */
import type { z } from 'zod';
import {
  ApiError,
  AuthRejectedError,
  ConflictError,
  ForbiddenError,
  MalformedResponseError,
  NotFoundError,
  RateLimitedError,
  RedirectRefusedError,
  TransientError,
  ValidationError,
  type FieldProblem,
  type Service,
} from './errors.ts';
import { scrubSecrets } from './redact.ts';
import { describeIssue } from './schema.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a service's error body says, in the terms of errors.ts. */
export interface ErrorInfo {
  detail?: string;
  fields?: FieldProblem[];
  missingScope?: string;
}

/** How one service speaks: its name, auth header and error body format (each client's adapter). */
export interface ServiceProfile {
  service: Service;
  authHeaders(token: string): Record<string, string>;
  parseError(status: number, body: unknown): ErrorInfo;
}

export interface TransportOptions {
  baseUrl: string;
  token: string;
  /** A fetch implementation (tests, service worker); default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Per request (each attempt), default 15 s, at most 20 s. */
  timeoutMs?: number;
  /** Extra attempts after the first, default 4. */
  retries?: number;
  /** Full-jitter backoff: wait random(0, min(capMs, baseMs * 2^attempt)). Default 500 ms / 8 s. */
  backoff?: { baseMs?: number; capMs?: number };
  /** The longest Retry-After the transport sleeps through (default 60 s); longer ones throw RateLimitedError. */
  maxRetryAfterMs?: number;
  /** Cancels every request and wait of this client (e.g. a stopped sync run). */
  signal?: AbortSignal;
  /** Sees every answer's status and headers (rate-limit awareness). */
  onResponse?: (info: { status: number; headers: Headers; retryAfterMs: number | null }) => void;
  /** Jitter source, replaceable in tests. */
  random?: () => number;
}

export interface RequestSpec<T> {
  method: Method;
  /** Relative to the base URL (`/speakers`), or an absolute URL on the base URL's origin (a `links.next`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Safe to repeat when the outcome is unknown; default: every method but POST. */
  idempotent?: boolean;
}

/** The origin a redirect's Location names (relative ones resolve against the request), or null. */
function redirectOrigin(location: string | null, requestUrl: URL): string | null {
  if (!location) return null;
  try {
    return new URL(location, requestUrl).origin;
  } catch {
    return null;
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
export const MAX_TIMEOUT_MS = 20_000;
const DEFAULT_RETRIES = 4;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** Waits `ms`, or fails with the abort reason as soon as `signal` fires (a stopped sync run). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The low-level cause code of a failed fetch (undici nests it: TypeError -> Error{code}). */
function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export class HttpTransport {
  readonly baseUrl: string;
  readonly service: Service;
  // Kept off the instance's enumerable fields so a logged or serialised client never shows the token.
  readonly #token: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #opts: TransportOptions;
  readonly #profile: ServiceProfile;
  readonly timeoutMs: number;
  readonly retries: number;

  constructor(profile: ServiceProfile, opts: TransportOptions) {
    if (!opts.baseUrl) throw new TypeError(`${profile.service} client: baseUrl is required`);
    this.#profile = profile;
    this.service = profile.service;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#token = opts.token;
    this.#opts = opts;
    this.timeoutMs = Math.min(MAX_TIMEOUT_MS, Math.max(1, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    this.retries = Math.max(0, Math.floor(opts.retries ?? DEFAULT_RETRIES));
    // Called as a plain function: a browser's fetch throws "Illegal invocation" when called as a method of this object.
    this.#fetch = (...args) => (opts.fetch ?? globalThis.fetch)(...args);
  }

  /** Builds the URL; absolute URLs (pagination links) must stay on the base URL's origin, so the token never leaves it. */
  url(path: string, query?: RequestSpec<unknown>['query']): URL {
    const base = new URL(this.baseUrl);
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    if (url.origin !== base.origin) {
      throw new MalformedResponseError({ service: this.service, endpoint: `GET ${url.pathname}`, path: 'links.next', detail: `links.next: points to another origin (${url.origin})` });
    }
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const url = this.url(spec.path, spec.query);
    const endpoint = `${spec.method} ${url.pathname}`;
    const base = { service: this.service, endpoint };
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    const { signal, maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS, random = Math.random } = this.#opts;
    const { baseMs = 500, capMs = 8_000 } = this.#opts.backoff ?? {};
    const scrub = (text: string) => scrubSecrets(text, [this.#token]);
    const headers: Record<string, string> = { accept: 'application/json', ...this.#profile.authHeaders(this.#token) };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    // Whether an earlier attempt may have been carried out (a DELETE's later 404 then means done).
    let unknownOutcomeSeen = false;

    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const backoffMs = Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
      /** Throws `failure` when it may not be retried or no attempt is left; otherwise waits before the next. */
      const retryOrThrow = async (failure: ApiError, retryable: boolean, waitMs: number) => {
        if (!retryable || attempt >= this.retries) throw failure;
        await sleep(waitMs, signal);
      };

      const timeout = AbortSignal.timeout(this.timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(url.href, { method: spec.method, headers, body, redirect: 'manual', signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
        text = await response.text();
      } catch (error) {
        signal?.throwIfAborted();
        const code = causeCode(error);
        const sent = code !== 'ECONNREFUSED'; // a refused connection carried nothing, so even a create may go again
        const failure = new TransientError({ ...base, reason: timeout.aborted ? 'timeout' : 'network', outcomeUnknown: !idempotent && sent, detail: scrub(code ?? (error as Error)?.message ?? 'fetch failed') });
        unknownOutcomeSeen ||= sent;
        await retryOrThrow(failure, !failure.outcomeUnknown, backoffMs);
        continue;
      }

      const { status } = response;
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        throw new RedirectRefusedError({ ...base, ...(status ? { status } : {}), location: redirectOrigin(response.headers.get('location'), url) });
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      this.#opts.onResponse?.({ status, headers: response.headers, retryAfterMs });

      if (status >= 200 && status < 300) return this.parse(spec, endpoint, text);
      if (status === 404 && spec.method === 'DELETE' && unknownOutcomeSeen) return this.parse(spec, endpoint, '');

      const info = this.errorInfo(status, text, scrub);
      const init = { ...base, status, detail: info.detail };
      if (status === 429) {
        const waitMs = retryAfterMs ?? backoffMs;
        await retryOrThrow(new RateLimitedError({ ...init, retryAfterMs }), waitMs <= maxRetryAfterMs, waitMs);
      } else if (status >= 500) {
        const handled = status !== 503;
        const failure = new TransientError({ ...init, reason: 'server', outcomeUnknown: !idempotent && handled });
        unknownOutcomeSeen ||= handled;
        await retryOrThrow(failure, !failure.outcomeUnknown, retryAfterMs !== null && retryAfterMs <= maxRetryAfterMs ? retryAfterMs : backoffMs);
      } else {
        throw this.clientError(init, status, info);
      }
    }
  }

  private parse<T>(spec: RequestSpec<T>, endpoint: string, text: string): T {
    let json: unknown;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new MalformedResponseError({ service: this.service, endpoint, path: '(root)', detail: '(root): the answer is not JSON' });
      }
    }
    const result = spec.schema.safeParse(json);
    if (result.success) return result.data;
    const { path, detail } = describeIssue(result.error, json);
    throw new MalformedResponseError({ service: this.service, endpoint, path, detail: scrubSecrets(detail, [this.#token]) });
  }

  private errorInfo(status: number, text: string, scrub: (s: string) => string): ErrorInfo {
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the profile sees the text
    }
    const info = this.#profile.parseError(status, body);
    return {
      ...info,
      ...(info.detail !== undefined ? { detail: scrub(info.detail) } : {}),
      ...(info.fields ? { fields: info.fields.map((f) => ({ field: f.field, detail: scrub(f.detail) })) } : {}),
    };
  }

  private clientError(init: { service: Service; endpoint: string; status: number; detail?: string }, status: number, info: ErrorInfo): ApiError {
    switch (status) {
      case 401:
        return new AuthRejectedError(init);
      case 403:
        return new ForbiddenError({ ...init, missingScope: info.missingScope });
      case 404:
        return new NotFoundError(init);
      case 409:
        return new ConflictError(init);
      case 400:
      case 422:
        return new ValidationError({ ...init, status, fields: info.fields ?? [] });
      default:
        return new ApiError(init, `refused the request (${status})`);
    }
  }
}
