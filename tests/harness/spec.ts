/**
 * The proof harness's view of the spec: every operation of the bundled document, its callers,
 * its documented examples and errors — all derived from the spec, nothing listed per operation.
 */
import { readFileSync } from 'node:fs';
import { createMockPlatform, type MockPlatform } from '@careloop/mocks';

export const BASE_URL = 'https://api.careloop.dev';
const BUNDLE = new URL('../../packages/mocks/src/generated/openapi.json', import.meta.url);

type Json = Record<string, unknown>;
export const doc = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Json & { paths: Record<string, Record<string, Json>> };

/** Resolves local `#/...` references (repeatedly, until the value is not a reference). */
export function deref<T = Json>(value: unknown): T {
  let current = value;
  while (current && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
    const pointer = (current as { $ref: string }).$ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = pointer.reduce<unknown>((node, key) => (node as Json)[key], doc);
  }
  return current as T;
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
  example: unknown;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  audiences: string[];
  /** `[]` = public; otherwise any one requirement must be met. */
  security: Record<string, string[]>[];
  parameters: SpecParameter[];
  body: { required: boolean; mediaType: string; schema: Json; examples: unknown[] } | undefined;
  successStatus: number;
  /** Error statuses the operation documents, with the codes its examples name. */
  errors: Map<number, Set<string>>;
  idempotent: boolean;
  /**
   * `x-tenancy`: per caller kind, `own` (another tenant's resource answers 404), `any`, or
   * `consent` (another institution's resource answers 403 CONSENT_REQUIRED without the patient's consent).
   */
  tenancy: Partial<Record<'patient' | 'organization', 'own' | 'any' | 'consent'>>;
  /** The properties of the resource (a list's items) that name the parties who may see it, by caller kind. */
  tenantFields: Record<'patient' | 'organization', string[]>;
}

/**
 * The parties of a resource schema: properties marked `x-tenant: organization|patient`, or, when
 * none is marked, `organizationId` and `patientId`. A list's parties are those of its items.
 */
function tenantFieldsOf(schema: Json | undefined): Record<'patient' | 'organization', string[]> {
  let resource = schema ? deref<Json>(schema) : {};
  const properties = (resource['properties'] ?? {}) as Record<string, Json>;
  const data = properties['data'] ? deref<Json>(properties['data']) : undefined;
  if (data?.['type'] === 'array' && 'nextCursor' in properties) resource = deref<Json>(data['items']);
  const fields = { patient: [] as string[], organization: [] as string[] };
  for (const [name, property] of Object.entries((resource['properties'] ?? {}) as Record<string, Json>)) {
    const kind = (property['x-tenant'] ?? deref<Json>(property)['x-tenant']) as 'patient' | 'organization' | undefined;
    if (kind) fields[kind].push(name);
  }
  if (fields.organization.length === 0) fields.organization.push('organizationId');
  if (fields.patient.length === 0) fields.patient.push('patientId');
  return fields;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function examplesOf(media: Json): unknown[] {
  const examples = media['examples'] as Record<string, Json> | undefined;
  if (examples) return Object.values(examples).map((example) => deref<Json>(example)['value']);
  return media['example'] === undefined ? [] : [media['example']];
}

function successSchema(responses: Record<string, unknown>): Json | undefined {
  const status = Object.keys(responses).find((code) => /^2\d\d$/.test(code));
  const content = status ? (deref<Json>(responses[status])['content'] as Record<string, Json> | undefined) : undefined;
  return content?.['application/json']?.['schema'] as Json | undefined;
}

export const operations: SpecOperation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => {
    const op = item[method] as Json;
    const parameters = [...((item['parameters'] as unknown as unknown[] | undefined) ?? []), ...((op['parameters'] as unknown[]) ?? [])].map((p) => {
      const parameter = deref<Json>(p);
      return {
        name: parameter['name'] as string,
        in: parameter['in'] as SpecParameter['in'],
        required: parameter['required'] === true,
        schema: deref<Json>(parameter['schema']),
        example: parameter['example'],
      };
    });
    const requestBody = op['requestBody'] ? deref<Json>(op['requestBody']) : undefined;
    let body: SpecOperation['body'];
    if (requestBody) {
      const [mediaType, media] = Object.entries(requestBody['content'] as Record<string, Json>)[0] as [string, Json];
      body = { required: requestBody['required'] === true, mediaType, schema: media['schema'] as Json, examples: examplesOf(media) };
    }
    const responses = op['responses'] as Record<string, unknown>;
    const errors = new Map<number, Set<string>>();
    for (const [status, response] of Object.entries(responses)) {
      if (!/^[45]\d\d$/.test(status)) continue;
      const content = (deref<Json>(response)['content'] ?? {}) as Record<string, Json>;
      const codes = new Set(Object.values(content).flatMap((media) => examplesOf(media).map((v) => (v as { code: string }).code)));
      errors.set(Number(status), codes);
    }
    return {
      operationId: op['operationId'] as string,
      method: method.toUpperCase(),
      path,
      audiences: (op['x-audiences'] as string[]) ?? [],
      security: (op['security'] as Record<string, string[]>[]) ?? [],
      parameters,
      body,
      successStatus: Number(Object.keys(responses).find((status) => /^2\d\d$/.test(status))),
      errors,
      idempotent: parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
      tenancy: (op['x-tenancy'] as SpecOperation['tenancy'] | undefined) ?? {},
      tenantFields: tenantFieldsOf(successSchema(responses)),
    };
  }),
);

// ── Callers ──────────────────────────────────────────────────────────────────────────────────

export interface Identity {
  label: string;
  kind: 'patient' | 'organization';
  audience: string;
  /** The tenant: an organization id or a patient id. */
  tenant: string;
  scopes: string[];
  login: (platform: MockPlatform, scope?: string) => Promise<string>;
}

const SCHEME_OF_KIND = { organization: 'organizationOAuth', patient: 'patientToken' } as const;
/** A patient token's scopes, as the spec's `patientToken` scheme lists them. */
const PATIENT_SCOPES: string[] = (() => {
  const schemes = (doc['components'] as { securitySchemes: Record<string, { description?: string }> }).securitySchemes;
  const listed = /`([^`]+)`\.$/.exec(schemes['patientToken']?.description ?? '')?.[1];
  if (!listed) throw new Error('The spec lists no patient scopes in the patientToken description');
  return listed.split(/\s+/);
})();

async function token(platform: MockPlatform, form: Record<string, string>): Promise<string> {
  const response = await platform.handle(
    new Request(`${BASE_URL}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    }),
  );
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Every sandbox identity of the seeded world: each organization client and each named patient. */
export function identities(platform: MockPlatform = createMockPlatform()): Identity[] {
  const { clients, patients } = platform.sandbox;
  return [
    ...patients.map<Identity>((p) => ({
      label: `patient ${p.patientId}`,
      kind: 'patient',
      audience: 'patient',
      tenant: p.patientId,
      scopes: PATIENT_SCOPES,
      login: (pf, scope) =>
        token(pf, { grant_type: 'urn:careloop:grant-type:mobile-otp', mobile: p.mobile, otp: p.otp, ...(scope ? { scope } : {}) }),
    })),
    ...clients.map<Identity>((c) => ({
      label: `${c.audience} ${c.organizationId}`,
      kind: 'organization',
      audience: c.audience,
      tenant: c.organizationId,
      scopes: c.scopes,
      login: (pf, scope) =>
        token(pf, { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, ...(scope ? { scope } : {}) }),
    })),
  ];
}

/** Whether the spec's security lets this identity call the operation. */
export function permits(op: SpecOperation, identity: Identity): boolean {
  if (op.security.length === 0) return true;
  const scheme = SCHEME_OF_KIND[identity.kind];
  return op.security.some((requirement) => scheme in requirement && (requirement[scheme] ?? []).every((s) => identity.scopes.includes(s)));
}

/** The scopes an operation needs from this kind of caller (first matching requirement). */
export function requiredScopes(op: SpecOperation, identity: Identity): string[] {
  return op.security.find((requirement) => SCHEME_OF_KIND[identity.kind] in requirement)?.[SCHEME_OF_KIND[identity.kind]] ?? [];
}

// ── Requests ─────────────────────────────────────────────────────────────────────────────────

export interface RequestParts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A value to encode in the operation's media type, or `{ raw, contentType }` to send as is. */
  body?: unknown;
  raw?: { text: string; contentType: string };
}

/** The operation's documented example requests (one per body example; path and query from parameter examples). */
export function exampleRequests(op: SpecOperation): RequestParts[] {
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') {
      if (p.example === undefined) throw new Error(`${op.operationId}: path parameter ${p.name} has no example`);
      path[p.name] = String(p.example);
    } else if (p.in === 'query' && p.example !== undefined) {
      query[p.name] = p.example;
    }
  }
  if (!op.body) return [{ path, query }];
  if (op.body.examples.length === 0) {
    if (op.body.required) throw new Error(`${op.operationId}: the request body has no example`);
    return [{ path, query }];
  }
  return op.body.examples.map((body) => ({ path, query, body }));
}

export function urlOf(op: SpecOperation, parts: RequestParts): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(parts.path[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const qs = search.toString();
  return `${BASE_URL}${path}${qs ? `?${qs}` : ''}`;
}

export function toRequest(op: SpecOperation, parts: RequestParts, bearer?: string): Request {
  const headers = new Headers(parts.headers);
  // Documented header examples (a channel notification's signature) go along unless the case sets the header.
  for (const p of op.parameters) if (p.in === 'header' && p.example !== undefined && !headers.has(p.name)) headers.set(p.name, String(p.example));
  if (bearer !== undefined) headers.set('authorization', `Bearer ${bearer}`);
  let body: string | undefined;
  if (parts.raw) {
    body = parts.raw.text;
    headers.set('content-type', parts.raw.contentType);
  } else if (parts.body !== undefined && op.body) {
    body =
      op.body.mediaType === 'application/x-www-form-urlencoded'
        ? new URLSearchParams(parts.body as Record<string, string>).toString()
        : JSON.stringify(parts.body);
    headers.set('content-type', op.body.mediaType);
  }
  return new Request(urlOf(op, parts), { method: op.method, headers, ...(body === undefined ? {} : { body }) });
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Json | undefined;
}

export async function send(platform: MockPlatform, request: Request): Promise<Answer> {
  const response = await platform.handle(request);
  const text = await response.text();
  let body: Json | undefined;
  try {
    body = text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function freshPlatform(): MockPlatform {
  // Real-time waits of the connector relay (a long poll's `wait`, a caller awaiting the HIS) kept short.
  return createMockPlatform({ validateResponses: true, connector: { maxPollWaitMs: 20, commandTimeoutMs: 50 } });
}

export interface WorkingCall {
  identity: Identity | undefined;
  parts: RequestParts;
  answer: Answer;
}

/**
 * Finds who can make the documented example succeed in the seeded world: the first permitted
 * sandbox identity (patients first, then organizations in seed order) whose call returns the
 * documented success status on a fresh platform. Examples name seeded resources, so exactly the
 * owner of those resources succeeds; the search is how the harness learns it from the spec alone.
 */
export async function workingCalls(op: SpecOperation): Promise<{ parts: RequestParts; call: WorkingCall | undefined; tried: string[] }[]> {
  const out: { parts: RequestParts; call: WorkingCall | undefined; tried: string[] }[] = [];
  for (const parts of exampleRequests(op)) {
    const tried: string[] = [];
    let call: WorkingCall | undefined;
    const candidates = op.security.length === 0 ? [undefined] : identities().filter((identity) => permits(op, identity));
    for (const identity of candidates) {
      const platform = freshPlatform();
      const bearer = identity ? await identity.login(platform) : undefined;
      const answer = await send(platform, toRequest(op, parts, bearer));
      tried.push(`${identity?.label ?? 'anonymous'} → ${answer.status} ${(answer.body?.['code'] as string | undefined) ?? ''}`);
      if (answer.status === op.successStatus) {
        call = { identity, parts, answer };
        break;
      }
    }
    out.push({ parts, call, tried });
  }
  return out;
}
