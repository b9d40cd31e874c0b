/**
 * Per-call overhead of the SDK, in this process, over a stubbed transport that answers every request
 * at once with the same 201 and JSON body (the spec's example answer of `holdSlot`). There is no
 * network and no server, so what is measured is each client's own work per call.
 *
 *   careloop-method    createPatientClient({ fetch: stub, auth, logger }) → client.slots.hold('slt_1'):
 *                      bearer token, retries (default 2; none happen), a UUID Idempotency-Key per call,
 *                      the per-attempt timeout, info logging to a sink that drops the lines
 *   careloop-function  holdSlot(createCareloop({ …the same options }), 'slt_1'): the tree-shakable form
 *   careloop-tsx       careloop-method, loaded from the TypeScript sources through tsx like the rest of
 *                      the bench (tsx keeps names, so every closure made per call also calls `__name`)
 *   openapi-fetch      createClient<paths>({ fetch: stub }).POST('/v1/slots/{slotId}/hold', …) with the
 *                      same Authorization header: the same request on the wire without our features
 *   axios-fetch        axios with its own `fetch` adapter over the same stubbed fetch (`env: { fetch }`):
 *                      instance.post(url, undefined, { headers: { Authorization } }), default JSON parsing.
 *                      The same transport as the other two: this is the goal's axios figure
 *   axios              an instance whose `adapter` answers from the stub, skipping axios's transport
 *                      layer altogether (shown for reference: the least axios can cost)
 *
 * The first two load the SDK as it ships: the sources bundled by esbuild the way tsup builds `dist/`
 * (ES2022, names not kept), into a temporary file. The stubs do equal work per call: the fetch-based
 * clients get a fresh `new Response(body, init)`, the axios adapter a fresh `{ data: body, status,
 * statusText, headers, config, request }` (axios has no Response object; that is its response).
 */
import axios, { type AxiosAdapter, type AxiosInstance } from 'axios';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from '@careloop/patient';

type PatientSdk = typeof import('@careloop/patient');

export type SdkVariant = 'careloop-method' | 'careloop-function' | 'careloop-tsx' | 'openapi-fetch' | 'axios-fetch' | 'axios';

export const SDK_VARIANTS: readonly SdkVariant[] = ['careloop-method', 'careloop-function', 'careloop-tsx', 'openapi-fetch', 'axios-fetch', 'axios'];

export interface SdkSample {
  variant: SdkVariant;
  calls: number;
  /** Timed calls per second, one after another. */
  rate: number;
  errors: number;
  firstError?: string;
}

export interface SdkFixture {
  calls: Record<SdkVariant, () => Promise<Answer>>;
  bodyBytes: number;
  /** Bytes of the esbuild bundle of `@careloop/patient` the built variants load (openapi-fetch included). */
  bundleBytes: number;
}

/** What a call resolved to, reduced to what the check needs. */
interface Answer {
  status: number | undefined;
  id: unknown;
}

const BASE_URL = 'https://api.careloop.dev';
const SLOT_ID = 'slt_1';
const TOKEN = 'tok';
const HOLD_URL = `${BASE_URL}/v1/slots/${SLOT_ID}/hold`;
const STATUS = 201;
const EXPECTED_ID = 'apt_9x2c4v';

/** The spec's example of a 201 from `POST /v1/slots/{slotId}/hold` (spec/paths/scheduling/slot-hold.yaml). */
const HOLD_BODY = JSON.stringify({
  id: EXPECTED_ID,
  status: 'pending',
  patientId: 'pat_wangfang',
  slotId: 'slt_zhangwei_0603am_1',
  scheduleId: 'sch_zhangwei_0603am',
  organizationId: 'org_qtph',
  departmentId: 'dep_qtph_endo',
  practitionerId: 'prc_zhangwei',
  date: '2026-06-03',
  period: 'am',
  startTime: '2026-06-03T08:00:00+08:00',
  endTime: '2026-06-03T09:00:00+08:00',
  fee: { amountFen: 5000, currency: 'CNY' },
  queueNumber: null,
  holdExpiresAt: '2026-06-01T08:10:00+08:00',
  waitlistPosition: null,
  replaces: null,
  replacedBy: null,
  referralId: null,
  cancellation: null,
  createdAt: '2026-06-01T08:00:00+08:00',
  updatedAt: '2026-06-01T08:00:00+08:00',
});
const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(HOLD_BODY)),
  'x-request-id': 'req_bench',
};

type StubFetch = (request: Request) => Promise<Response>;

const stubFetch: StubFetch = () => Promise.resolve(new Response(HOLD_BODY, { status: STATUS, statusText: 'Created', headers: RESPONSE_HEADERS }));

const stubAdapter: AxiosAdapter = (config) =>
  Promise.resolve({ data: HOLD_BODY, status: STATUS, statusText: 'Created', headers: { ...RESPONSE_HEADERS }, config, request: {} });

/** `@careloop/patient` bundled from its sources as tsup builds it, loaded from a temporary file. */
async function loadBuiltSdk(): Promise<{ sdk: PatientSdk; bytes: number }> {
  const entry = fileURLToPath(new URL('../packages/patient/src/index.ts', import.meta.url));
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@careloop/source'],
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'careloop-bench-'));
  try {
    const file = join(dir, 'patient.mjs');
    writeFileSync(file, code);
    return { sdk: (await import(pathToFileURL(file).href)) as PatientSdk, bytes: Buffer.byteLength(code) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function careloopCalls(sdk: PatientSdk, fetch: StubFetch): { method: () => Promise<Answer>; fn: () => Promise<Answer> } {
  const options = () => ({
    baseUrl: BASE_URL,
    fetch,
    auth: { accessToken: TOKEN },
    logger: sdk.createLogger({ debug() {}, info() {}, warn() {}, error() {} }, { level: 'info' }),
  });
  const client = sdk.createPatientClient(options());
  const careloop = sdk.createCareloop(options());
  return {
    method: async () => {
      const { data, response } = await client.slots.hold(SLOT_ID);
      return { status: response?.status, id: data?.id };
    },
    fn: async () => {
      const { data, response } = await sdk.holdSlot(careloop, SLOT_ID);
      return { status: response?.status, id: data?.id };
    },
  };
}

function makeCalls(built: PatientSdk, source: PatientSdk, fetch: StubFetch, adapter: AxiosAdapter): Record<SdkVariant, () => Promise<Answer>> {
  const careloop = careloopCalls(built, fetch);
  const bare = createClient<paths>({ baseUrl: BASE_URL, fetch });
  const instance: AxiosInstance = axios.create({ adapter });
  // axios hands its fetch adapter's own Request to `env.fetch`.
  const overFetch: AxiosInstance = axios.create({ adapter: 'fetch', env: { fetch: (input) => fetch(input as Request) } });
  return {
    'careloop-method': careloop.method,
    'careloop-function': careloop.fn,
    'careloop-tsx': careloopCalls(source, fetch).method,
    'openapi-fetch': async () => {
      const { data, response } = await bare.POST('/v1/slots/{slotId}/hold', {
        params: { path: { slotId: SLOT_ID } },
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      return { status: response.status, id: data?.id };
    },
    'axios-fetch': async () => {
      const response = await overFetch.post<{ id: string }>(HOLD_URL, undefined, { headers: { Authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, id: response.data.id };
    },
    axios: async () => {
      const response = await instance.post<{ id: string }>(HOLD_URL, undefined, { headers: { Authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, id: response.data.id };
    },
  };
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Loads the clients, then sends one recorded call through each to show that they put the same request
 * on the wire (POST, same URL, same bearer token; a UUID Idempotency-Key from Careloop) and read the
 * same answer. Throws if not: the figures would compare different work.
 */
export async function sdkFixture(): Promise<SdkFixture> {
  const [{ sdk: built, bytes: bundleBytes }, source] = await Promise.all([loadBuiltSdk(), import('@careloop/patient')]);
  const sent: { method: string; url: string; headers: Record<string, string> }[] = [];
  const recordingFetch: StubFetch = (request) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    sent.push({ method: request.method, url: request.url, headers });
    return stubFetch(request);
  };
  const recordingAdapter: AxiosAdapter = (config) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers.toJSON())) headers[name.toLowerCase()] = String(value);
    sent.push({ method: (config.method ?? '').toUpperCase(), url: config.url ?? '', headers });
    return stubAdapter(config);
  };
  const recording = makeCalls(built, source, recordingFetch, recordingAdapter);
  for (const variant of SDK_VARIANTS) {
    sent.length = 0;
    const answer = await recording[variant]();
    const problems: string[] = [];
    const [request] = sent;
    if (sent.length !== 1 || request === undefined) problems.push(`${sent.length} requests sent`);
    else {
      if (request.method !== 'POST' || request.url !== HOLD_URL) problems.push(`sent ${request.method} ${request.url}`);
      if (request.headers['authorization'] !== `Bearer ${TOKEN}`) problems.push(`authorization ${request.headers['authorization']}`);
      const key = request.headers['idempotency-key'];
      if (variant.startsWith('careloop-') && !UUID_V4.test(key ?? '')) problems.push(`idempotency-key ${key}`);
    }
    if (answer.status !== STATUS || answer.id !== EXPECTED_ID) problems.push(`answered ${answer.status} with id ${String(answer.id)}`);
    if (problems.length > 0) throw new Error(`SDK fixture, ${variant}: ${problems.join('; ')}`);
  }
  return { calls: makeCalls(built, source, stubFetch, stubAdapter), bodyBytes: Buffer.byteLength(HOLD_BODY), bundleBytes };
}

/** Calls `count` times, each awaited before the next; every answer is checked. */
async function callRepeatedly(call: () => Promise<Answer>, count: number): Promise<{ errors: number; firstError?: string }> {
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < count; i++) {
    try {
      const { status, id } = await call();
      if (status === STATUS && id === EXPECTED_ID) continue;
      errors++;
      firstError ??= `answered ${status} with id ${String(id)}`;
    } catch (error) {
      errors++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { errors, ...(firstError === undefined ? {} : { firstError }) };
}

/** Untimed calls, so that every variant is compiled and settled before the first timed round. */
export async function warmUpSdk(fixture: SdkFixture, variant: SdkVariant, calls: number): Promise<void> {
  const { errors, firstError } = await callRepeatedly(fixture.calls[variant], calls);
  if (errors > 0) throw new Error(`SDK warm-up, ${variant}: ${errors} of ${calls} calls failed (${firstError ?? ''})`);
}

/** `calls` timed calls, one after another. */
export async function measureSdk(fixture: SdkFixture, variant: SdkVariant, calls: number): Promise<SdkSample> {
  const started = performance.now();
  const result = await callRepeatedly(fixture.calls[variant], calls);
  const rate = (calls * 1000) / (performance.now() - started);
  return { variant, calls, rate, ...result };
}
