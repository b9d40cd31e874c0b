/**
 * In-process MSW dispatch cost: `fetch(url)` intercepted by msw/node's `setupServer`, once with the
 * mock platform's single dispatching handler (the whole spec behind it) and once with a single
 * trivial `http.get` handler answering a body of the same byte length. Two requests: the slot search
 * (routing + auth + validation + domain work + serialisation) and the same URL without a token (a
 * 401 from the engine: routing and the auth check only, no domain work). The engine called
 * directly (`platform.fetch`, no MSW) is measured too, so MSW's own share can be read off.
 */
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_BASE_URL, createMockPlatform, type MockPlatform } from '@careloop/mocks';
import { createMockHandlers } from '@careloop/mocks/msw';
import { SEARCH_PATH } from './protocol.js';
import { summarize, type LatencySummary } from './stats.js';

export type MswVariant = 'msw-platform-search' | 'msw-trivial-search' | 'msw-platform-401' | 'msw-trivial-401' | 'engine-search' | 'engine-401';

export const MSW_VARIANTS: readonly MswVariant[] = [
  'msw-platform-search',
  'msw-trivial-search',
  'msw-platform-401',
  'msw-trivial-401',
  'engine-search',
  'engine-401',
];

export interface MswSample {
  variant: MswVariant;
  latency: LatencySummary;
  iterations: number;
  errors: number;
  firstError?: string;
}

export interface MswFixture {
  platform: MockPlatform;
  url: string;
  token: string;
  searchBody: string;
  unauthorizedBody: string;
}

/** A platform with one logged-in patient, and the exact bodies of its two measured answers. */
export async function mswFixture(): Promise<MswFixture> {
  const platform = createMockPlatform();
  const login = await platform.fetch('/v1/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=urn:careloop:grant-type:mobile-otp&mobile=13900000000&otp=123456',
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const url = `${DEFAULT_BASE_URL}${SEARCH_PATH}`;
  const search = await platform.fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const unauthorized = await platform.fetch(url);
  if (search.status !== 200 || unauthorized.status !== 401) throw new Error(`fixture: search ${search.status}, unauthenticated ${unauthorized.status}`);
  return { platform, url, token, searchBody: await search.text(), unauthorizedBody: await unauthorized.text() };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text);
}

async function timeCalls(
  call: () => Promise<Response>,
  expect: { status: number; bytes: number },
  warmup: number,
  iterations: number,
): Promise<{ latency: LatencySummary; errors: number; firstError?: string }> {
  let errors = 0;
  let firstError: string | undefined;
  const check = (status: number, bytes: number): void => {
    if (status === expect.status && bytes === expect.bytes) return;
    errors++;
    firstError ??= `answered ${status} with ${bytes} bytes, expected ${expect.status} with ${expect.bytes}`;
  };
  for (let i = 0; i < warmup; i++) {
    const response = await call();
    check(response.status, (await response.arrayBuffer()).byteLength);
  }
  const latencies = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await call();
    const bytes = (await response.arrayBuffer()).byteLength;
    latencies[i] = performance.now() - started;
    check(response.status, bytes);
  }
  return { latency: summarize(latencies), errors, ...(firstError === undefined ? {} : { firstError }) };
}

/** Measures one variant; an MSW server is listening only for the duration of the call. */
export async function measureMsw(fixture: MswFixture, variant: MswVariant, warmup: number, iterations: number): Promise<MswSample> {
  const { platform, url, token } = fixture;
  const authorized: RequestInit = { headers: { Authorization: `Bearer ${token}` } };
  const isSearch = variant.endsWith('-search');
  const expect = isSearch
    ? { status: 200, bytes: byteLength(fixture.searchBody) }
    : { status: 401, bytes: byteLength(fixture.unauthorizedBody) };

  if (variant.startsWith('engine-')) {
    const result = await timeCalls(() => platform.fetch(url, isSearch ? authorized : {}), expect, warmup, iterations);
    return { variant, iterations, ...result };
  }

  const searchJson = JSON.parse(fixture.searchBody) as JsonBodyType;
  const unauthorizedJson = JSON.parse(fixture.unauthorizedBody) as JsonBodyType;
  const handlers = variant.startsWith('msw-platform-')
    ? createMockHandlers(platform)
    : [
        isSearch
          ? http.get(`${DEFAULT_BASE_URL}/v1/slots`, () => HttpResponse.json(searchJson))
          : http.get(`${DEFAULT_BASE_URL}/v1/slots`, () =>
              HttpResponse.json(unauthorizedJson, { status: 401, headers: { 'Content-Type': 'application/problem+json' } }),
            ),
      ];
  const server = setupServer(...handlers);
  // Nothing may reach the network: an unhandled request is an error, not a bypass.
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const result = await timeCalls(() => fetch(url, isSearch ? authorized : {}), expect, warmup, iterations);
    return { variant, iterations, ...result };
  } finally {
    server.close();
  }
}
