import { describe, expect, it } from 'vitest';
import type { Middleware, RequestContext } from '../src/index.js';
import { composeMiddleware } from '../src/middleware.js';
import { BASE, fakeFetch, json, tokenCounter } from './fixtures/fake-api.js';
import { createPatientClient, holdSlot } from './fixtures/patient-api.js';

const appointment = { id: 'apt_1', status: 'pending' };

function recorder(): { middleware: Middleware; seen: { method: string; path: string; context: RequestContext; authorization: string | null }[] } {
  const seen: { method: string; path: string; context: RequestContext; authorization: string | null }[] = [];
  const middleware: Middleware = (request, next, context) => {
    seen.push({ method: request.method, path: new URL(request.url).pathname, context, authorization: request.headers.get('Authorization') });
    return next(request);
  };
  return { middleware, seen };
}

describe('middleware', () => {
  it('sees every request, SDK methods and raw client.GET alike, with its context', async () => {
    const api = fakeFetch((r) => (r.method === 'GET' ? json({ data: [], nextCursor: null }) : json(appointment, 201)));
    const { middleware, seen } = recorder();
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, middleware: [middleware] });
    const options = { idempotencyKey: 'key-1' };
    await client.slots.hold('slt_1', options);
    await client.GET('/v1/slots', { params: { query: { date: '2026-06-03' } } });
    await client.POST('/v1/slots/{slotId}/hold', { params: { path: { slotId: 'slt_2' } } });
    expect(seen).toEqual([
      { method: 'POST', path: '/v1/slots/slt_1/hold', context: { operationId: 'holdSlot', operation: holdSlot.definition, options, attempt: 0 }, authorization: null },
      { method: 'GET', path: '/v1/slots', context: { options: {}, attempt: 0 }, authorization: null },
      { method: 'POST', path: '/v1/slots/slt_2/hold', context: { options: {}, attempt: 0 }, authorization: null },
    ]);
  });

  it('runs user middleware in the given order, outside auth, and auth outside the transport', async () => {
    const api = fakeFetch((r) => (r.url.pathname === '/v1/oauth/token' ? tokenCounter()() : json(appointment, 201)));
    const order: string[] = [];
    const named =
      (name: string): Middleware =>
      async (request, next) => {
        order.push(`${name}:${request.headers.get('Authorization') ?? 'none'}`);
        const response = await next(request);
        order.push(`${name}:${response.status}`);
        return response;
      };
    const client = createPatientClient({
      baseUrl: BASE,
      fetch: api.fetch,
      auth: { clientId: 'cli_1', clientSecret: 'sk_1' },
      middleware: [named('first'), named('second')],
    });
    await client.slots.hold('slt_1');
    expect(order).toEqual(['first:none', 'second:none', 'second:201', 'first:201']);
    expect(api.received.at(-1)?.headers.get('Authorization')).toBe('Bearer tok_1');
  });

  it('can change the request and answer without calling next', async () => {
    const api = fakeFetch(() => json(appointment, 201));
    const addHeader: Middleware = (request, next) => {
      const headers = new Headers(request.headers);
      headers.set('X-Added', 'yes');
      return next(new Request(request, { headers }));
    };
    const answerCancels: Middleware = async (request, next) =>
      request.url.endsWith('/cancel') ? json({ ...appointment, status: 'cancelled' }) : next(request);
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, middleware: [addHeader, answerCancels] });

    await client.slots.hold('slt_1');
    const cancelled = await client.appointments.cancel('apt_1').unwrap();
    expect(api.received).toHaveLength(1);
    expect(api.received[0]?.headers.get('X-Added')).toBe('yes');
    expect(cancelled.status).toBe('cancelled');
  });

  it('lets a middleware re-run the inner chain with a new attempt number', async () => {
    const attempts: number[] = [];
    const retryOnce: Middleware = async (request, next, context) => {
      const copy = request.clone();
      const response = await next(request);
      return response.status === 503 ? next(copy, { ...context, attempt: context.attempt + 1 }) : response;
    };
    const recordAttempt: Middleware = (request, next, context) => {
      attempts.push(context.attempt);
      return next(request);
    };
    let calls = 0;
    const handle = composeMiddleware([retryOnce, recordAttempt], async () => new Response(null, { status: calls++ === 0 ? 503 : 200 }));
    const response = await handle(new Request(`${BASE}/v1/slots`), { options: {}, attempt: 0 });
    expect(response.status).toBe(200);
    expect(attempts).toEqual([0, 1]);
  });
});
