import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CareloopError,
  ConflictError,
  AbortError,
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
import { BASE, fakeFetch, json, problem } from './fixtures/fake-api.js';
import { createPatientClient } from './fixtures/patient-api.js';

const appointment = { id: 'apt_1', status: 'pending' };

describe('results', () => {
  it('resolves a success to { data, error: undefined, response, requestId }', async () => {
    const api = fakeFetch(() => json(appointment, 201, { 'X-Request-Id': 'req_ok' }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const result = await client.slots.hold('slt_1');
    expect(result.data).toEqual(appointment);
    expect(result.error).toBeUndefined();
    expect(result.response?.status).toBe(201);
    expect(result.requestId).toBe('req_ok');
  });

  it.each([
    [400, 'VALIDATION_FAILED', BadRequestError],
    [401, 'UNAUTHENTICATED', AuthenticationError],
    [403, 'INSUFFICIENT_SCOPE', PermissionDeniedError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'SLOT_UNAVAILABLE', ConflictError],
    [415, 'UNSUPPORTED_MEDIA_TYPE', UnsupportedMediaTypeError],
    [422, 'IDEMPOTENCY_KEY_REUSED', UnprocessableEntityError],
    [429, 'RATE_LIMITED', RateLimitError],
    [500, 'INTERNAL_ERROR', InternalServerError],
    [503, 'CONNECTOR_OFFLINE', ServiceUnavailableError],
    [504, 'UPSTREAM_TIMEOUT', GatewayTimeoutError],
    [418, 'TEAPOT', ApiError],
  ] as const)('resolves %i %s to an error result holding a %s', async (status, code, ErrorClass) => {
    const api = fakeFetch(() => problem(status, code, { detail: 'why' }, { 'X-Request-Id': 'req_err' }));
    // Retries have their own tests (retry.test.ts); here one answer maps to one error.
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 0 });
    const result = await client.slots.hold('slt_1');
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(ErrorClass);
    expect(result.error).toMatchObject({ status, code, requestId: 'req_err', problem: { status, code, detail: 'why' } });
    expect(result.response?.status).toBe(status);
    expect(result.requestId).toBe('req_err');
  });

  it('takes the requestId from the problem body when the header is missing', async () => {
    const api = fakeFetch(() => problem(404, 'NOT_FOUND'));
    const result = await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    expect(result.requestId).toBe('req_body');
    expect(result.error?.requestId).toBe('req_body');
  });

  it('unwrap() resolves to the data, or rejects with the error', async () => {
    const ok = createPatientClient({ baseUrl: BASE, fetch: fakeFetch(() => json(appointment, 201)).fetch });
    await expect(ok.slots.hold('slt_1').unwrap()).resolves.toEqual(appointment);

    const failing = createPatientClient({ baseUrl: BASE, fetch: fakeFetch(() => problem(409, 'SLOT_UNAVAILABLE')).fetch });
    const error = await failing.slots.hold('slt_1').unwrap().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
  });

  it('resolves a throwing fetch to a ConnectionError result instead of rejecting', async () => {
    const cause = new TypeError('fetch failed');
    const client = createPatientClient({ baseUrl: BASE, fetch: () => Promise.reject(cause), maxRetries: 0 });
    const result = await client.slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect(result.error?.cause).toBe(cause);
    expect(result.response).toBeUndefined();
    expect(result.requestId).toBeUndefined();
    await expect(client.slots.hold('slt_1').unwrap()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('reports a request the caller aborted as an AbortError, without sending it', async () => {
    const api = fakeFetch(() => json(appointment, 201));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const controller = new AbortController();
    controller.abort('user left the page');
    const result = await client.slots.hold('slt_1', { signal: controller.signal });
    expect(result.error).toBeInstanceOf(AbortError);
    expect(result.error).toMatchObject({ code: 'ABORTED', retryable: false, cause: 'user left the page' });
    expect(api.received).toHaveLength(0);
  });

  it('reports a success body that is not JSON as a CareloopError with the response', async () => {
    const api = fakeFetch(() => new Response('not json', { status: 200, headers: { 'X-Request-Id': 'req_bad' } }));
    const result = await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(CareloopError);
    expect(result.error).not.toBeInstanceOf(ApiError);
    expect(result.response?.status).toBe(200);
    expect(result.requestId).toBe('req_bad');
  });

  it('gives data undefined for a success with an empty body', async () => {
    const api = fakeFetch(() => new Response(null, { status: 204 }));
    const result = await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    expect(result.error).toBeUndefined();
    expect(result.data).toBeUndefined();
  });
});

describe('requests', () => {
  it('encodes path parameters so that an id cannot leave its segment', async () => {
    const api = fakeFetch(() => json(appointment, 201));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    await client.slots.hold('../x');
    await client.slots.hold('a/b?c#d');
    expect(api.received.map((r) => r.url.pathname)).toEqual(['/v1/slots/..%2Fx/hold', '/v1/slots/a%2Fb%3Fc%23d/hold']);
  });

  it.each(['..', '.', ''])('refuses the path parameter %j without sending anything', async (id) => {
    const api = fakeFetch(() => json(appointment, 201));
    const result = await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold(id);
    expect(result.error).toBeInstanceOf(CareloopError);
    expect(result.error?.message).toContain('slotId');
    expect(api.received).toHaveLength(0);
  });

  it('serialises query arrays and booleans plainly', async () => {
    const api = fakeFetch(() => json({ data: [], nextCursor: null }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    await client.slots.list({ date: '2026-06-03', departmentId: ['dep_a', 'dep_b'], available: false, limit: 5 });
    const url = api.received[0]?.url;
    expect(url?.pathname).toBe('/v1/slots');
    expect(url?.search).toBe('?date=2026-06-03&departmentId=dep_a&departmentId=dep_b&available=false&limit=5');
  });

  it('sends a JSON body for params: body', async () => {
    const api = fakeFetch(() => json({ ...appointment, status: 'cancelled' }));
    await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).appointments.cancel('apt_1', { reason: 'ill' });
    expect(api.received[0]).toMatchObject({ method: 'POST', body: '{"reason":"ill"}' });
    expect(api.received[0]?.url.pathname).toBe('/v1/appointments/apt_1/cancel');
    expect(api.received[0]?.headers.get('Content-Type')).toBe('application/json');
  });

  it('sends a form body for params: form (the token call)', async () => {
    const api = fakeFetch(() => json({ access_token: 'tok_p', token_type: 'Bearer', expires_in: 7200, scope: '' }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const result = await client.auth.createToken({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: '13800000001', otp: '123456' });
    expect(result.data?.access_token).toBe('tok_p');
    expect(api.received[0]?.headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(api.received[0]?.body).toBe('grant_type=urn%3Acareloop%3Agrant-type%3Amobile-otp&mobile=13800000001&otp=123456');
  });

  it("sends the caller's Idempotency-Key, else a fresh UUID v4 per call, only on operations that take one", async () => {
    const api = fakeFetch((r) => (r.method === 'GET' ? json({ data: [], nextCursor: null }) : json(appointment, 201)));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    await client.slots.hold('slt_1', { idempotencyKey: 'HIS-ORDER-1' });
    await client.appointments.cancel('apt_1', {}, { idempotencyKey: 'key-2' });
    await client.slots.hold('slt_1');
    await client.slots.hold('slt_1');
    await client.slots.list({});
    const keys = api.received.map((r) => r.headers.get('Idempotency-Key'));
    expect(keys.slice(0, 2)).toEqual(['HIS-ORDER-1', 'key-2']);
    const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(keys[2]).toMatch(uuidV4);
    expect(keys[3]).toMatch(uuidV4);
    expect(keys[3]).not.toBe(keys[2]);
    expect(keys[4]).toBeNull();
  });

  it('sends client headers and per-call headers', async () => {
    const api = fakeFetch(() => json(appointment, 201));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, headers: { 'X-Tenant': 'demo' } });
    await client.slots.hold('slt_1', { headers: { 'X-Trace': 't1' } });
    expect(api.received[0]?.headers.get('X-Tenant')).toBe('demo');
    expect(api.received[0]?.headers.get('X-Trace')).toBe('t1');
  });

  it('defaults the base URL to the production API and ignores a trailing slash', async () => {
    const api = fakeFetch(() => json(appointment, 201));
    await createPatientClient({ fetch: api.fetch }).slots.hold('slt_1');
    await createPatientClient({ baseUrl: `${BASE}/`, fetch: api.fetch }).slots.hold('slt_1');
    expect(api.received.map((r) => r.url.href)).toEqual([
      'https://api.careloop.dev/v1/slots/slt_1/hold',
      'https://api.test/v1/slots/slt_1/hold',
    ]);
  });

  it('hands raw calls a binary answer (a PDF, an image) byte for byte', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80]);
    const api = fakeFetch(() => new Response(bytes, { headers: { 'Content-Type': 'application/pdf' } }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const { data } = await client.GET('/v1/slots', { parseAs: 'arrayBuffer' });
    expect(new Uint8Array(data as ArrayBuffer)).toEqual(bytes);
  });

  it('keeps the raw openapi-fetch methods, sent through the same fetch', async () => {
    const api = fakeFetch(() => json({ data: [{ id: 'slt_1', remaining: 3 }], nextCursor: null }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const { data, response } = await client.GET('/v1/slots', { params: { query: { date: '2026-06-03' } } });
    expect(data?.data[0]?.id).toBe('slt_1');
    expect(response.status).toBe(200);
    expect(api.received[0]?.url.href).toBe('https://api.test/v1/slots?date=2026-06-03');
  });
});
