/** Test helpers: plain Requests against a platform that validates every response against the spec. */
import type { Caller } from '../src/engine/auth.js';
import type { HandlerContext } from '../src/engine/context.js';
import { createMockPlatform, type CreateMockPlatformOptions, type MockPlatform } from '../src/index.js';
import type { PlatformServices } from '../src/services.js';
import { createServices } from '../src/world.js';

export const BASE = 'https://api.careloop.dev';

export function testPlatform(options: CreateMockPlatformOptions = {}): MockPlatform {
  return createMockPlatform({ validateResponses: true, ...options });
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding) when a string. */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  /** Parsed JSON; tests read whatever the response holds. */
  body: any;
  text: string;
  headers: Headers;
}

export function request(method: string, path: string, options: CallOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set('Authorization', `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set('Content-Type', options.contentType ?? 'application/json');
  return new Request(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

export async function call(platform: MockPlatform, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const response = await platform.handle(request(method, path, options));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, text, headers: response.headers };
}

export async function orgToken(platform: MockPlatform, short = 'qtph', scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: `cli_${short}`, client_secret: `sk_sandbox_${short}` });
  if (scope !== undefined) form.set('scope', scope);
  const result = await call(platform, 'POST', '/v1/oauth/token', { rawBody: form.toString(), contentType: 'application/x-www-form-urlencoded' });
  if (result.status !== 200) throw new Error(`token for ${short}: ${result.text}`);
  return result.body.access_token as string;
}

export async function patientLogin(platform: MockPlatform, mobile: string): Promise<{ token: string; patientId: string }> {
  const form = new URLSearchParams({ grant_type: 'urn:careloop:grant-type:mobile-otp', mobile, otp: '123456' });
  const result = await call(platform, 'POST', '/v1/oauth/token', { rawBody: form.toString(), contentType: 'application/x-www-form-urlencoded' });
  if (result.status !== 200) throw new Error(`login ${mobile}: ${result.text}`);
  return { token: result.body.access_token as string, patientId: result.body.patient_id as string };
}

export const MOBILE = { lina: '13800000001', wangfang: '13800000002', chenjian: '13800000003', zhaolei: '13800000004' } as const;

/** Every item of a paginated list, following nextCursor. */
export async function walk(platform: MockPlatform, path: string, token: string, limit = 100): Promise<{ id: string }[]> {
  const items: { id: string }[] = [];
  let cursor: string | null = null;
  const separator = path.includes('?') ? '&' : '?';
  do {
    const url: string = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call(platform, 'GET', url, { token });
    if (page.status !== 200) throw new Error(`${url}: ${page.text}`);
    items.push(...(page.body.data as { id: string }[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return items;
}

// ── Calling a domain directly, to look into the shared stores behind its operations ──

/** The seeded clock's "now". */
export const SEEDED_NOW = Date.parse('2026-06-01T08:00:00+08:00');

/** The platform's services on the seeded world, as world.ts builds them. */
export function seededServices(seed = 'careloop'): PlatformServices {
  return createServices(seed);
}

export function organizationCaller(organizationId: string): Caller {
  return { kind: 'organization', subject: `cli_${organizationId.replace(/^org_/, '')}`, organizationId, scopes: [] };
}

/** A handler context for a direct call (the request is taken as already validated). */
export function directContext(caller: Caller, path: Record<string, string>, body?: unknown, nowMs = SEEDED_NOW): HandlerContext {
  return { caller, path, query: {}, body, nowMs };
}
