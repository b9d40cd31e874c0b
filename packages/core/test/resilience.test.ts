import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ConflictError,
  ConnectionError,
  createLogger,
  RateLimitError,
  ServiceUnavailableError,
  TimeoutError,
  type Logger,
} from '../src/index.js';
import { BASE, fakeFetch, json, problem, tokenCounter, type Received } from './fixtures/fake-api.js';
import { createPatientClient } from './fixtures/patient-api.js';

const appointment = { id: 'apt_1', status: 'pending' };
// Every wait in these tests is on fake timers: Date and setTimeout move only when the test moves them.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Answers each request with the next response of the script; the last one repeats. */
function scripted(...answers: (() => Response | Promise<Response>)[]): { fetch: (request: Request) => Promise<Response>; received: Received[] } {
  let index = 0;
  return fakeFetch(() => (answers[Math.min(index++, answers.length - 1)] as () => Response | Promise<Response>)());
}

/** A fetch that never answers until its request is aborted, like a stalled server. */
const stalled = (request: Request): Promise<Response> =>
  new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason as Error)));

function warnings(): { logger: Logger; retries: Record<string, unknown>[] } {
  const retries: Record<string, unknown>[] = [];
  const noop = (): void => undefined;
  return { logger: { debug: noop, info: noop, error: noop, warn: (_message, fields) => retries.push(fields) }, retries };
}

describe('retries', () => {
  it('sends a failed idempotent write again with the same Idempotency-Key and the same body, and succeeds', async () => {
    const api = scripted(
      () => problem(503, 'CONNECTOR_OFFLINE'),
      () => problem(502, 'HTTP_502'),
      () => json({ ...appointment, status: 'cancelled' }),
    );
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const pending = client.appointments.cancel('apt_1', { reason: 'fever' });
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result.data).toEqual({ ...appointment, status: 'cancelled' });
    expect(api.received).toHaveLength(3);
    const keys = new Set(api.received.map((r) => r.headers.get('Idempotency-Key')));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.received.map((r) => r.body)).toEqual(Array(3).fill('{"reason":"fever"}'));
  });

  it('gives up after maxRetries (default 2) and returns the last error, marked retryable', async () => {
    const api = scripted(() => problem(503, 'CONNECTOR_OFFLINE'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const pending = client.slots.hold('slt_1');
    await vi.runAllTimersAsync();
    const { error } = await pending;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'CONNECTOR_OFFLINE', retryable: true });
    expect(api.received).toHaveLength(3);
  });

  it('takes maxRetries per client and per call (the call wins)', async () => {
    const api = scripted(() => problem(500, 'INTERNAL_ERROR'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 4 });
    const first = client.slots.hold('slt_1');
    await vi.runAllTimersAsync();
    await first;
    expect(api.received).toHaveLength(5);
    const second = client.slots.hold('slt_1', { maxRetries: 1 });
    await vi.runAllTimersAsync();
    await second;
    expect(api.received).toHaveLength(7);
  });

  it('never sends a POST without an Idempotency-Key twice, but retries GETs and keyed raw POSTs', async () => {
    const api = scripted(() => problem(503, 'CONNECTOR_OFFLINE'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch });
    const unkeyed = client.POST('/v1/slots/{slotId}/hold', { params: { path: { slotId: 'slt_1' } } });
    await vi.runAllTimersAsync();
    expect((await unkeyed).response.status).toBe(503);
    expect(api.received).toHaveLength(1);

    const keyed = client.POST('/v1/slots/{slotId}/hold', { params: { path: { slotId: 'slt_1' }, header: { 'Idempotency-Key': 'k1' } } });
    await vi.runAllTimersAsync();
    await keyed;
    expect(api.received).toHaveLength(4);

    const read = client.GET('/v1/slots', {});
    await vi.runAllTimersAsync();
    await read;
    expect(api.received).toHaveLength(7);
  });

  it('retries the IDEMPOTENCY_IN_PROGRESS lock (409) but not a business-rule 409', async () => {
    const locked = scripted(() => problem(409, 'IDEMPOTENCY_IN_PROGRESS'), () => json(appointment, 201));
    const first = createPatientClient({ baseUrl: BASE, fetch: locked.fetch }).slots.hold('slt_1');
    await vi.runAllTimersAsync();
    expect((await first).data).toEqual(appointment);
    expect(locked.received).toHaveLength(2);

    const taken = scripted(() => problem(409, 'SLOT_UNAVAILABLE'));
    const second = createPatientClient({ baseUrl: BASE, fetch: taken.fetch }).slots.hold('slt_1');
    await vi.runAllTimersAsync();
    expect((await second).error).toBeInstanceOf(ConflictError);
    expect(taken.received).toHaveLength(1);
  });

  it('waits exactly Retry-After seconds, and an HTTP-date Retry-After until that date', async () => {
    const api = scripted(
      () => problem(429, 'RATE_LIMITED', {}, { 'Retry-After': '2' }),
      () => problem(429, 'RATE_LIMITED', {}, { 'Retry-After': new Date(Date.now() + 5_000).toUTCString() }),
      () => json(appointment, 201),
    );
    const pending = createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(api.received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_900);
    expect(api.received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(api.received).toHaveLength(3);
    expect((await pending).data).toEqual(appointment);
  });

  it('does not wait for a Retry-After beyond 60 s: the RateLimitError comes back at once', async () => {
    const api = scripted(() => problem(429, 'RATE_LIMITED', {}, { 'Retry-After': '61' }));
    const { error } = await createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(61);
    expect(api.received).toHaveLength(1);
  });

  it('backs off exponentially with full jitter, capped: each wait below 0.5 s × 2^retry and never above 8 s', async () => {
    const { logger, retries } = warnings();
    const api = scripted(() => problem(500, 'INTERNAL_ERROR'));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, maxRetries: 6, logger: createLogger(logger) });
    const pending = client.slots.hold('slt_1');
    await vi.runAllTimersAsync();
    await pending;
    const delays = retries.map((fields) => fields['delayMs'] as number);
    expect(delays).toHaveLength(6);
    delays.forEach((delay, retry) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(8_000, 500 * 2 ** retry));
    });
  });

  it('stops retrying when the next wait would pass totalTimeout', async () => {
    const api = scripted(() => problem(429, 'RATE_LIMITED', {}, { 'Retry-After': '3' }));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, totalTimeout: 5_000 });
    const pending = client.slots.hold('slt_1');
    await vi.runAllTimersAsync();
    expect((await pending).error).toBeInstanceOf(RateLimitError);
    // 0 s: first try; 3 s: second; 6 s would be past the 5 s deadline.
    expect(api.received).toHaveLength(2);
  });

  it('retries a connection failure and reports a ConnectionError when none succeeds', async () => {
    let calls = 0;
    const fetch = (): Promise<Response> => {
      calls += 1;
      return Promise.reject(new TypeError('socket hang up'));
    };
    const pending = createPatientClient({ baseUrl: BASE, fetch }).slots.hold('slt_1');
    await vi.runAllTimersAsync();
    const { error } = await pending;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR', retryable: true, status: undefined });
    expect(calls).toBe(3);
  });

  it('treats a body cut off after the headers as a connection failure and retries it', async () => {
    const broken = (): Response =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":"apt'));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: 201 },
      );
    const api = scripted(broken, () => json(appointment, 201));
    const pending = createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1');
    await vi.runAllTimersAsync();
    expect((await pending).data).toEqual(appointment);
    expect(api.received).toHaveLength(2);
  });
});

describe('timeouts and cancellation', () => {
  it('ends a stalled attempt after `timeout` with a TimeoutError, distinct from ConnectionError and AbortError', async () => {
    const client = createPatientClient({ baseUrl: BASE, fetch: stalled, timeout: 1_000, maxRetries: 0 });
    const pending = client.slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, timeoutMs: 1_000 });
  });

  it("aborts the transport's signal when an attempt times out, so the connection is released", async () => {
    const signals: AbortSignal[] = [];
    const fetch = (_request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
      if (init?.signal) signals.push(init.signal);
      return new Promise(() => undefined); // a transport that never settles on its own
    };
    const pending = createPatientClient({ baseUrl: BASE, fetch, timeout: 1_000, maxRetries: 0 }).slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).error).toBeInstanceOf(TimeoutError);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(TimeoutError);
  });

  it('defaults to 30 s per attempt and retries a timed-out idempotent call', async () => {
    let calls = 0;
    const api = (request: Request): Promise<Response> => (++calls < 3 ? stalled(request) : Promise.resolve(json(appointment, 201)));
    const pending = createPatientClient({ baseUrl: BASE, fetch: api }).slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(calls).toBe(1);
    await vi.runAllTimersAsync();
    expect((await pending).data).toEqual(appointment);
    expect(calls).toBe(3);
  });

  it('times out a body that stops arriving after the headers', async () => {
    const trickle = (): Response => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }), { status: 200 });
    const pending = createPatientClient({ baseUrl: BASE, fetch: async () => trickle(), timeout: 2_000, maxRetries: 0 }).slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await pending).error).toBeInstanceOf(TimeoutError);
  });

  it('counts the token request inside the attempt timeout', async () => {
    const fetch = (request: Request): Promise<Response> => (request.url.endsWith('/v1/oauth/token') ? stalled(request) : Promise.resolve(json(appointment, 201)));
    const client = createPatientClient({ baseUrl: BASE, fetch, timeout: 500, maxRetries: 0, auth: { clientId: 'c', clientSecret: 's' } });
    const pending = client.slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(500);
    expect((await pending).error).toBeInstanceOf(TimeoutError);
  });

  it("ends with an AbortError when the caller's signal fires during an attempt, and does not retry", async () => {
    let calls = 0;
    const fetch = (request: Request): Promise<Response> => {
      calls += 1;
      return stalled(request);
    };
    const controller = new AbortController();
    const pending = createPatientClient({ baseUrl: BASE, fetch }).slots.hold('slt_1', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort('navigated away');
    await vi.runAllTimersAsync();
    const { error } = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(error?.cause).toBe('navigated away');
    expect(calls).toBe(1);
  });

  it('ends with an AbortError when the signal fires during a backoff wait', async () => {
    const api = scripted(() => problem(503, 'CONNECTOR_OFFLINE', {}, { 'Retry-After': '10' }));
    const controller = new AbortController();
    const pending = createPatientClient({ baseUrl: BASE, fetch: api.fetch }).slots.hold('slt_1', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    const { error } = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(api.received).toHaveLength(1);
  });

  it('ends the whole call at totalTimeout even while an attempt is under way', async () => {
    const client = createPatientClient({ baseUrl: BASE, fetch: stalled, timeout: 10_000, totalTimeout: 4_000 });
    const pending = client.slots.hold('slt_1');
    await vi.advanceTimersByTimeAsync(4_000);
    const { error } = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error?.message).toBe('Call timed out after 4000 ms');
  });
});

describe('auth inside retries', () => {
  it('fetches one token for all attempts of a call', async () => {
    let calls = 0;
    const token = tokenCounter();
    const api = fakeFetch((r) => (r.url.pathname === '/v1/oauth/token' ? token() : ++calls < 3 ? problem(503, 'CONNECTOR_OFFLINE') : json(appointment, 201)));
    const client = createPatientClient({ baseUrl: BASE, fetch: api.fetch, auth: { clientId: 'c', clientSecret: 's' } });
    const pending = client.slots.hold('slt_1');
    await vi.runAllTimersAsync();
    expect((await pending).data).toEqual(appointment);
    expect(api.received.map((r) => r.url.pathname)).toEqual(['/v1/oauth/token', '/v1/slots/slt_1/hold', '/v1/slots/slt_1/hold', '/v1/slots/slt_1/hold']);
    expect(new Set(api.received.slice(1).map((r) => r.headers.get('Authorization')))).toEqual(new Set(['Bearer tok_1']));
  });
});
