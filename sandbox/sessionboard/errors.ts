/**
 * Sessionboard's error body `{error: "<Name>Error", message}` (docs/api-assumptions.md S11: `error` holds an error
 * name). Thrown anywhere in the emulator and turned into the answer by the app's onError.
 */
export type SbErrorName =
  | 'BadRequestError'
  | 'UnauthorizedError'
  | 'ForbiddenError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'TooManyRequestsError'
  | 'InternalServerError'
  | 'ServiceUnavailableError';

const NAMES: Record<number, SbErrorName> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

export class SbError extends Error {
  readonly errorName: SbErrorName;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.errorName = NAMES[status];
  }

  body(): { error: SbErrorName; message: string } {
    return { error: this.errorName, message: this.message };
  }
}

export const badRequest = (message: string) => new SbError(400, message);
export const notFound = (message: string) => new SbError(404, message);
export const conflict = (message: string) => new SbError(409, message);
