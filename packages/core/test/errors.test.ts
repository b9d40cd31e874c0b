import { describe, expect, it } from 'vitest';
import {
  ApiError,
  BadGatewayError,
  AuthenticationError,
  BadRequestError,
  CareloopError,
  ConflictError,
  ConnectionError,
  GatewayTimeoutError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
} from '../src/index.js';
import { problem } from './fixtures/fake-api.js';

async function fromResponse(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return ApiError.from(response, body);
}

describe('ApiError.from', () => {
  it.each([
    [400, 'VALIDATION_FAILED', BadRequestError],
    [401, 'TOKEN_EXPIRED', AuthenticationError],
    [403, 'INSUFFICIENT_SCOPE', PermissionDeniedError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'SLOT_UNAVAILABLE', ConflictError],
    [415, 'UNSUPPORTED_MEDIA_TYPE', UnsupportedMediaTypeError],
    [422, 'IDEMPOTENCY_KEY_REUSED', UnprocessableEntityError],
    [429, 'RATE_LIMITED', RateLimitError],
    [500, 'INTERNAL_ERROR', InternalServerError],
    [503, 'CONNECTOR_OFFLINE', ServiceUnavailableError],
    [504, 'UPSTREAM_TIMEOUT', GatewayTimeoutError],
    [405, 'METHOD_NOT_ALLOWED', ApiError],
  ] as const)('maps %i %s to %s', async (status, code, ErrorClass) => {
    const error = await fromResponse(problem(status, code));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CareloopError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe('req_body');
    expect(error.problem).toMatchObject({ status, code, requestId: 'req_body' });
  });

  it('prefers the X-Request-Id header and keeps field errors and currentState', async () => {
    const error = await fromResponse(
      problem(
        400,
        'VALIDATION_FAILED',
        { detail: '1 field failed validation.', errors: [{ pointer: '/query/limit', code: 'maximum', message: 'must be <= 100' }], currentState: 'booked' },
        { 'X-Request-Id': 'req_header' },
      ),
    );
    expect(error.requestId).toBe('req_header');
    expect(error.problem.errors).toEqual([{ pointer: '/query/limit', code: 'maximum', message: 'must be <= 100' }]);
    expect(error.problem.currentState).toBe('booked');
    expect(error.message).toBe('400 VALIDATION_FAILED: 1 field failed validation. (request req_header)');
    expect(error.headers.get('X-Request-Id')).toBe('req_header');
  });

  it('turns a non-JSON error body into a usable problem', async () => {
    const error = await fromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'X-Request-Id': 'req_gw' } }),
    );
    expect(error.constructor).toBe(BadGatewayError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('HTTP_502');
    expect(error.requestId).toBe('req_gw');
    expect(error.retryable).toBe(true);
    expect(error.problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      code: 'HTTP_502',
      requestId: 'req_gw',
      detail: '<html>Bad gateway</html>',
    });
  });

  it('handles an empty error body without a request id', () => {
    const error = ApiError.from(new Response(null, { status: 404 }), undefined);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('HTTP_404');
    expect(error.requestId).toBeUndefined();
    expect(error.message).toBe('404 HTTP_404: HTTP 404');
  });

  it.each([
    [408, 'REQUEST_TIMEOUT', true],
    [409, 'IDEMPOTENCY_IN_PROGRESS', true],
    [409, 'SLOT_UNAVAILABLE', false],
    [429, 'RATE_LIMITED', true],
    [500, 'INTERNAL_ERROR', true],
    [503, 'CONNECTOR_OFFLINE', true],
    [400, 'VALIDATION_FAILED', false],
    [404, 'NOT_FOUND', false],
  ] as const)('marks %i %s retryable=%s', async (status, code, retryable) => {
    expect((await fromResponse(problem(status, code))).retryable).toBe(retryable);
  });

  it('reads Retry-After in seconds or as an HTTP date', async () => {
    const inSeconds = await fromResponse(problem(429, 'RATE_LIMITED', {}, { 'Retry-After': '30' }));
    expect(inSeconds).toBeInstanceOf(RateLimitError);
    expect((inSeconds as RateLimitError).retryAfterSeconds).toBe(30);

    const date = new Date(Date.now() + 120_000).toUTCString();
    const asDate = (await fromResponse(problem(429, 'RATE_LIMITED', {}, { 'Retry-After': date }))) as RateLimitError;
    expect(asDate.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(asDate.retryAfterSeconds).toBeLessThanOrEqual(120);

    const absent = (await fromResponse(problem(429, 'RATE_LIMITED'))) as RateLimitError;
    expect(absent.retryAfterSeconds).toBeUndefined();
  });
});

describe('ConnectionError', () => {
  it('keeps the cause and is a CareloopError', () => {
    const cause = new TypeError('fetch failed');
    const error = new ConnectionError(cause);
    expect(error).toBeInstanceOf(CareloopError);
    expect(error.name).toBe('ConnectionError');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Connection failed: fetch failed');
    expect(error.requestId).toBeUndefined();
  });
});
