/** One bad field of a request, as listed in a problem's `errors[]`. */
export interface FieldError {
  /** JSON Pointer to the field, rooted at `/body`, `/query/<name>`, `/path/<name>` or `/headers/<name>`. */
  pointer: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem body (`application/problem+json`), the shape of every Careloop error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable UPPER_SNAKE code; branch on this, never on `title` or `detail`. */
  code: string;
  requestId: string;
  errors?: FieldError[];
  /** For `INVALID_STATE_TRANSITION`: the state the resource is in now. */
  currentState?: string;
}

/** Options of the {@link CareloopError} constructor. */
export interface CareloopErrorOptions {
  cause?: unknown;
  requestId?: string | undefined;
  /** Defaults to `CLIENT_ERROR`. */
  code?: string | undefined;
  /** Defaults to `false`. */
  retryable?: boolean | undefined;
  status?: number | undefined;
  problem?: Problem | undefined;
}

/**
 * Raised when a Careloop call fails; the base class of every error the SDKs produce. Every error
 * carries `code`, `retryable` and `requestId`; those with an HTTP answer also carry `status` and `problem`.
 */
export class CareloopError extends Error {
  override name = 'CareloopError';
  /** The request id of the failed call, when the platform answered. */
  readonly requestId: string | undefined;
  /** A stable UPPER_SNAKE code: the problem's code for API errors, `CONNECTION_ERROR`, `TIMEOUT`, `ABORTED`, … otherwise. */
  readonly code: string;
  /** The HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** The RFC 9457 problem body; undefined when no response arrived. */
  readonly problem: Problem | undefined;
  /** Whether sending the same request again may succeed (the SDK has already retried it as far as it was allowed to). */
  readonly retryable: boolean;

  constructor(message: string, options: CareloopErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    // Keeps `instanceof` working even if a consumer downlevels these classes below ES2015.
    Object.setPrototypeOf(this, new.target.prototype);
    this.requestId = options.requestId;
    this.code = options.code ?? 'CLIENT_ERROR';
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.problem = options.problem;
  }
}

/** Raised when no HTTP response arrived: network down, DNS, TLS, connection reset, a body cut off. Retryable. */
export class ConnectionError extends CareloopError {
  override name = 'ConnectionError';

  constructor(cause: unknown) {
    super(`Connection failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, code: 'CONNECTION_ERROR', retryable: true });
  }
}

/** Raised when one attempt took longer than the `timeout` option, or the call ran past its `totalTimeout`. Retryable. */
export class TimeoutError extends CareloopError {
  override name = 'TimeoutError';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, what = 'Request') {
    super(`${what} timed out after ${timeoutMs} ms`, { code: 'TIMEOUT', retryable: true });
    this.timeoutMs = timeoutMs;
  }
}

/** Raised when the caller's `AbortSignal` cancelled the call. Never retried. */
export class AbortError extends CareloopError {
  override name = 'AbortError';

  constructor(reason: unknown) {
    super('Request aborted by the caller', { cause: reason, code: 'ABORTED' });
  }
}

/** Constructor arguments shared by ApiError and its per-status subclasses. */
export interface ApiErrorInit {
  status: number;
  problem: Problem;
  headers: Headers;
}

/** Raised when the API answered with an error status (4xx/5xx); see the subclasses for specific statuses. */
export class ApiError extends CareloopError {
  override name = 'ApiError';
  declare readonly status: number;
  /** The problem's UPPER_SNAKE code, e.g. `SLOT_UNAVAILABLE`. */
  declare readonly code: string;
  declare readonly problem: Problem;
  readonly headers: Headers;

  constructor({ status, problem, headers }: ApiErrorInit) {
    const requestId = headers.get('X-Request-Id') ?? (problem.requestId || undefined);
    const suffix = requestId === undefined ? '' : ` (request ${requestId})`;
    super(`${status} ${problem.code}: ${problem.detail ?? problem.title}${suffix}`, {
      requestId,
      code: problem.code,
      retryable: isRetryableStatus(status, problem.code),
      status,
      problem,
    });
    this.headers = headers;
  }

  /** Builds the error class that matches the response status from an error response and its (parsed) body. */
  static from(response: Response, body: unknown): ApiError {
    const init = { status: response.status, headers: response.headers, problem: toProblem(response, body) };
    const ErrorClass = errorClassByStatus[response.status] ?? ApiError;
    return new ErrorClass(init);
  }
}

/** Raised on 400: the request is malformed or fails validation (`problem.errors` names each bad field). */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}

/** Raised on 401: no valid access token, or the token endpoint refused the client credentials. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** Raised on 403: the token lacks a scope, or a required patient consent is missing. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}

/** Raised on 404: no such resource in the caller's tenancy (another tenant's resource also answers 404). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** Raised on 408: the platform gave up waiting for the request. Retryable. */
export class RequestTimeoutError extends ApiError {
  override name = 'RequestTimeoutError';
}

/** Raised on 409: a business rule or state conflict, e.g. `SLOT_UNAVAILABLE` or `INVALID_STATE_TRANSITION`. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** Raised on 415: the request body has a content type the operation does not accept. */
export class UnsupportedMediaTypeError extends ApiError {
  override name = 'UnsupportedMediaTypeError';
}

/** Raised on 422: the request is well-formed but cannot be processed, e.g. `IDEMPOTENCY_KEY_REUSED`. */
export class UnprocessableEntityError extends ApiError {
  override name = 'UnprocessableEntityError';
}

/** Raised on 429: the caller is rate limited; wait `retryAfterSeconds` before trying again. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** From the `Retry-After` header (seconds or an HTTP date); undefined when the header is absent or unreadable. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterSeconds = parseRetryAfter(init.headers.get('Retry-After'));
  }
}

/** Raised on 500: the platform failed unexpectedly. */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}

/** Raised on 502: a proxy or gateway in front of the platform got no valid answer. Retryable. */
export class BadGatewayError extends ApiError {
  override name = 'BadGatewayError';
}

/** Raised on 503: the platform or a hospital connector is unavailable (`CONNECTOR_OFFLINE`). */
export class ServiceUnavailableError extends ApiError {
  override name = 'ServiceUnavailableError';
}

/** Raised on 504: an upstream system such as a hospital HIS answered too slowly (`UPSTREAM_TIMEOUT`). */
export class GatewayTimeoutError extends ApiError {
  override name = 'GatewayTimeoutError';
}

const errorClassByStatus: Partial<Record<number, new (init: ApiErrorInit) => ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  408: RequestTimeoutError,
  409: ConflictError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
  502: BadGatewayError,
  503: ServiceUnavailableError,
  504: GatewayTimeoutError,
};

/**
 * Whether an answer with this status and code may succeed when sent again: 408, 429, 500, 502, 503,
 * 504, and the 409 `IDEMPOTENCY_IN_PROGRESS` lock (the first request with the same key is still running).
 * Other 409s are business rules (`SLOT_UNAVAILABLE`) that a retry cannot change.
 */
export function isRetryableStatus(status: number, code: string | undefined): boolean {
  return RETRYABLE_STATUSES.includes(status) || (status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS');
}

const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];

/** A response body as JSON when it is JSON, else the text itself (what {@link ApiError.from} takes). */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// Proxies and gateways answer with HTML or plain text; those still become a usable Problem.
function toProblem(response: Response, body: unknown): Problem {
  const fields = isRecord(body) ? body : {};
  const text = typeof body === 'string' ? body.trim().slice(0, 500) : '';
  const problem: Problem = {
    type: stringField(fields, 'type') ?? 'about:blank',
    title: stringField(fields, 'title') ?? (response.statusText || `HTTP ${response.status}`),
    status: typeof fields['status'] === 'number' ? fields['status'] : response.status,
    code: stringField(fields, 'code') ?? `HTTP_${response.status}`,
    requestId: stringField(fields, 'requestId') ?? response.headers.get('X-Request-Id') ?? '',
  };
  const detail = stringField(fields, 'detail') ?? (text || undefined);
  if (detail !== undefined) problem.detail = detail;
  const instance = stringField(fields, 'instance');
  if (instance !== undefined) problem.instance = instance;
  const currentState = stringField(fields, 'currentState');
  if (currentState !== undefined) problem.currentState = currentState;
  if (Array.isArray(fields['errors'])) problem.errors = fields['errors'].filter(isFieldError);
  return problem;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value['pointer'] === 'string' &&
    typeof value['code'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

/** Reads `Retry-After` (delay seconds or an HTTP date) as seconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
