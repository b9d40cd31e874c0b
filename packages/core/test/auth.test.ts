import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, BadRequestError, ConnectionError, createCareloopClient, defineOperation, type ApiPromise } from '../src/index.js';
import { BASE, fakeFetch, json, problem, tokenCounter, type Received } from './fixtures/fake-api.js';
import { createPatientClient } from './fixtures/patient-api.js';

const appointment = { id: 'apt_1', status: 'pending' };
const credentials = { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph', scope: 'slots:read slots:write' };
const isToken = (r: Received): boolean => r.url.pathname === '/v1/oauth/token';

/** A fake API with a token endpoint; `api` answers everything else. */
function platform(api: (received: Received) => Response | Promise<Response>, token = tokenCounter()) {
  const fake = fakeFetch((r) => (isToken(r) ? token() : api(r)));
  return {
    ...fake,
    tokenCalls: () => fake.received.filter(isToken),
    apiCalls: () => fake.received.filter((r) => !isToken(r)),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('client credentials', () => {
  it('asks for a token with a form body and sends it as a bearer token', async () => {
    const api = platform(() => json(appointment, 201));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    await client.slots.hold('slt_1');

    const [tokenCall] = api.tokenCalls();
    expect(tokenCall?.method).toBe('POST');
    expect(tokenCall?.url.href).toBe('https://api.test/v1/oauth/token');
    expect(tokenCall?.headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenCall?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'cli_qtph',
      client_secret: 'sk_sandbox_qtph',
      scope: 'slots:read slots:write',
    });
    expect(api.apiCalls()[0]?.headers.get('Authorization')).toBe('Bearer tok_1');
  });

  it('fetches the token once for many concurrent calls and caches it', async () => {
    const api = platform(() => json(appointment, 201));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.slots.hold(`slt_${i}`)));
    await client.GET('/v1/slots');
    expect(api.tokenCalls()).toHaveLength(1);
    expect(api.apiCalls()).toHaveLength(11);
    expect(new Set(api.apiCalls().map((r) => r.headers.get('Authorization')))).toEqual(new Set(['Bearer tok_1']));
  });

  it('refreshes the token 60 s before it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T08:00:00+08:00'));
    const api = platform(() => json(appointment, 201), tokenCounter(120));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });

    await client.slots.hold('slt_1');
    vi.advanceTimersByTime(59_000);
    await client.slots.hold('slt_1');
    expect(api.tokenCalls()).toHaveLength(1);

    vi.advanceTimersByTime(2_000);
    await client.slots.hold('slt_1');
    expect(api.tokenCalls()).toHaveLength(2);
    expect(api.apiCalls().map((r) => r.headers.get('Authorization'))).toEqual(['Bearer tok_1', 'Bearer tok_1', 'Bearer tok_2']);
  });

  it('does not reuse a token that expires at once', async () => {
    const api = platform(() => json(appointment, 201), tokenCounter(0));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    await client.slots.hold('slt_1');
    await client.slots.hold('slt_1');
    expect(api.tokenCalls()).toHaveLength(2);
  });

  it('on a 401 drops the token and sends the request again once, body included', async () => {
    const api = platform((r) => (r.headers.get('Authorization') === 'Bearer tok_1' ? problem(401, 'TOKEN_EXPIRED') : json(appointment)));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    const result = await client.appointments.cancel('apt_1', { reason: 'ill' }, { idempotencyKey: 'key-1' });

    expect(result.error).toBeUndefined();
    expect(api.tokenCalls()).toHaveLength(2);
    expect(api.apiCalls().map((r) => [r.headers.get('Authorization'), r.body, r.headers.get('Idempotency-Key')])).toEqual([
      ['Bearer tok_1', '{"reason":"ill"}', 'key-1'],
      ['Bearer tok_2', '{"reason":"ill"}', 'key-1'],
    ]);
  });

  it('sends again only once when the fresh token is refused too', async () => {
    const api = platform(() => problem(401, 'UNAUTHENTICATED'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    const result = await client.slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(AuthenticationError);
    expect(api.apiCalls()).toHaveLength(2);
    expect(api.tokenCalls()).toHaveLength(2);
  });

  it('shares one refresh between concurrent requests refused with the same token', async () => {
    const api = platform((r) => (r.headers.get('Authorization') === 'Bearer tok_1' ? problem(401, 'TOKEN_EXPIRED') : json(appointment, 201)));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    const results = await Promise.all([client.slots.hold('slt_1'), client.slots.hold('slt_2'), client.slots.hold('slt_3')]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(api.tokenCalls()).toHaveLength(2);
  });

  it('turns a refused token request into an AuthenticationError result, then tries again on the next call', async () => {
    let refuse = true;
    const token = tokenCounter();
    const api = platform(
      () => json(appointment, 201),
      () => (refuse ? problem(401, 'INVALID_CLIENT', {}, { 'X-Request-Id': 'req_tok' }) : token()),
    );
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });

    const [first, second] = await Promise.all([client.slots.hold('slt_1'), client.slots.hold('slt_2')]);
    expect(first.error).toBeInstanceOf(AuthenticationError);
    expect(first.error).toMatchObject({ code: 'INVALID_CLIENT', requestId: 'req_tok' });
    expect(first.response).toBeUndefined();
    expect(second.error).toBe(first.error);
    expect(api.apiCalls()).toHaveLength(0);

    refuse = false;
    expect((await client.slots.hold('slt_1')).error).toBeUndefined();
  });

  it('maps other token endpoint errors to their class', async () => {
    const api = platform(() => json(appointment), () => problem(400, 'INVALID_SCOPE'));
    const result = await createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials }).slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(BadRequestError);
    expect(result.error).toMatchObject({ code: 'INVALID_SCOPE' });
  });

  it('reports an unreachable token endpoint as a ConnectionError', async () => {
    const client = createPatientClient({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError('fetch failed')), auth: credentials, maxRetries: 0 });
    const result = await client.slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(ConnectionError);
  });

  it('authenticates raw client calls too, but not the token endpoint itself', async () => {
    const api = platform(() => json({ data: [], nextCursor: null }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: credentials });
    await client.GET('/v1/slots');
    await client.auth.createToken({ grant_type: 'client_credentials' });
    expect(api.received.map((r) => [r.url.pathname, r.headers.get('Authorization')])).toEqual([
      ['/v1/oauth/token', null],
      ['/v1/slots', 'Bearer tok_1'],
      ['/v1/oauth/token', null],
    ]);
  });
});

describe('public operations', () => {
  it('sends no token to operations the generator marks authenticated: false', async () => {
    const api = platform(() => json({ status: 'ok' }));
    const client = createCareloopClient<{}, { status: { get(): ApiPromise<unknown>; check(): ApiPromise<unknown> } }>(
      { baseUrl: BASE, fetch: api.fetch, auth: credentials },
      {
        status: {
          get: defineOperation('getStatus', { method: 'GET', path: '/v1/status', pathParams: [], params: 'none', idempotencyKey: false, authenticated: false }),
          check: defineOperation('checkStatus', { method: 'GET', path: '/v1/status/check', pathParams: [], params: 'none', idempotencyKey: false, authenticated: true }),
        },
      },
    );
    await client.status.get();
    await client.status.check();
    expect(api.received.map((r) => [r.url.pathname, r.headers.get('Authorization')])).toEqual([
      ['/v1/status', null],
      ['/v1/oauth/token', null],
      ['/v1/status/check', 'Bearer tok_1'],
    ]);
  });
});

describe('static and custom tokens', () => {
  it('never refreshes a static access token', async () => {
    const api = platform(() => problem(401, 'TOKEN_EXPIRED'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: { accessToken: 'tok_static' } });
    const result = await client.slots.hold('slt_1');
    expect(result.error).toBeInstanceOf(AuthenticationError);
    expect(api.apiCalls()).toHaveLength(1);
    expect(api.apiCalls()[0]?.headers.get('Authorization')).toBe('Bearer tok_static');
    expect(api.tokenCalls()).toHaveLength(0);
  });

  it('asks getToken for every request and again after a 401', async () => {
    const tokens = ['tok_a', 'tok_b', 'tok_c'];
    const getToken = vi.fn(async () => tokens.shift() ?? 'tok_end');
    const api = platform((r) => (r.headers.get('Authorization') === 'Bearer tok_b' ? problem(401, 'TOKEN_EXPIRED') : json(appointment, 201)));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: { getToken } });
    await client.slots.hold('slt_1');
    await client.slots.hold('slt_2');
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(api.apiCalls().map((r) => r.headers.get('Authorization'))).toEqual(['Bearer tok_a', 'Bearer tok_b', 'Bearer tok_c']);
  });

  it('does not send again when getToken returns the token that was refused', async () => {
    const api = platform(() => problem(401, 'TOKEN_EXPIRED'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: { getToken: () => 'tok_same' } });
    expect((await client.slots.hold('slt_1')).error).toBeInstanceOf(AuthenticationError);
    expect(api.apiCalls()).toHaveLength(1);
  });
});
