import { TimeoutError } from '@careloop/core';
import { createHospitalClient } from '@careloop/hospital';
import { startMockServer, type RunningMockServer } from '@careloop/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosProxy, type ChaosProxy } from './chaos-proxy.js';

// Regression test for a bug the fault-injection proof found: the OAuth token request used to be sent
// without any timeout while concurrent calls share its pending promise, so one stalled token request
// wedged the client (every later call awaited it and timed out, never asking again). Now each token
// request is bounded by the client's per-attempt `timeout` and a timed-out one is dropped.
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
  it('recovers on the next call with a fresh token request', async () => {
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
