import { TimeoutError } from '@careloop/core';
import { createHospitalClient } from '@careloop/hospital';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosProxy, type ChaosProxy } from './chaos-proxy.js';

// KNOWN BUG in @careloop/core (auth.ts, pipeline.ts), found by the fault-injection proof: the OAuth
// token request is sent without the attempt's AbortSignal or any timeout, and concurrent calls share
// its pending promise. When one token request stalls (a gateway that never answers), the attempt's
// timer rejects the attempt but the token request stays pending, so every later call of that client
// awaits the same stalled promise and times out too, without ever sending a new token request. The
// client is wedged until the transport gives up on its own (undici: 300 s headers timeout).
//
// `it.fails` keeps the suite green while the bug is there; once the token request is bounded by the
// attempt (or gets its own timeout) and a timed-out pending token is dropped, this test starts to
// fail: turn it into a plain `it`.
let server: RunningMockServer;
let proxy: ChaosProxy;
let tokenRequests = 0;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  // Only the first token request is stalled, for longer than the test runs; everything else passes.
  proxy = await startChaosProxy({
    target: server.url,
    seed: 'token-stall',
    weights: { stall: 1 },
    stallMs: 60_000,
    faultable: (method, path) => method === 'POST' && path === '/v1/oauth/token' && tokenRequests++ === 0,
  });
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

describe('a client whose token request stalled once', () => {
  it.fails('recovers on the next call with a fresh token request', async () => {
    const hospital = createHospitalClient({
      baseUrl: proxy.url,
      auth: { clientId: 'cli_qtih', clientSecret: 'sk_sandbox_qtih' },
      timeout: 200,
      maxRetries: 1,
      retryBackoff: { initialDelayMs: 5, maxDelayMs: 10 },
    });
    // One attempt only, so that it meets the stalled token request however the SDK bounds it.
    const first = await hospital.organizations.list({ limit: 1 }, { maxRetries: 0 });
    expect(first.error).toBeInstanceOf(TimeoutError);

    // The gateway answers token requests again; the next call should get a token and succeed.
    const second = await hospital.organizations.list({ limit: 1 });
    expect(tokenRequests).toBeGreaterThanOrEqual(2); // today: still 1, the client never asks again
    expect(second.error).toBeUndefined(); // today: TimeoutError, awaiting the first, stalled token request
  });
});
