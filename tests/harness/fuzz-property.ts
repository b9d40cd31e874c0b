/**
 * The fuzz property: one case in, one request sent, every rule the spec's conventions promise
 * checked — no 5xx, the answer is documented and validates, refusals are problem+json with a
 * documented code and change nothing, and a known-invalid request is refused naming its field.
 * A failure throws with a ready-to-replay reproduction (request and response).
 */
import type { MockPlatform } from '@careloop/mocks';
import type { FuzzCase, OperationModel, CaseKind } from './fuzz-cases.js';
import { confirmBodyMutation } from './fuzz-cases.js';
import { responseProblem } from './fuzz-oracle.js';
import { urlOf, type SpecOperation } from './spec.js';

/** What the property runs against: a platform (state, logins) and the `handle` under test. */
export interface FuzzTarget {
  platform: MockPlatform;
  handle(request: Request): Promise<Response>;
}

export class FuzzStats {
  cases = 0;
  readonly byKind: Record<CaseKind, number> = { valid: 0, invalid: 0, hostile: 0 };
  readonly statuses = new Map<number, number>();
  readonly labels = new Map<string, number>();
  readonly perOperation = new Map<string, number>();
  resets = 0;

  record(op: SpecOperation, c: FuzzCase, status: number): void {
    this.cases += 1;
    this.byKind[c.kind] += 1;
    bump(this.statuses, status);
    bump(this.labels, `${op.operationId} ${c.label}`);
    bump(this.perOperation, op.operationId);
  }

  histogram(): string {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const PLACEHOLDER = 'FUZZRAWSEGMENT';

function clip(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

export interface BuiltRequest {
  request: Request;
  repro: string;
}

/** The wire request of a case, and its printable form. */
export function buildRequest(op: SpecOperation, c: FuzzCase, bearer: { token: string; label: string } | undefined, idempotencyKey: string | undefined): BuiltRequest {
  const headers = new Headers(c.parts.headers);
  if (idempotencyKey !== undefined && !headers.has('idempotency-key')) headers.set('Idempotency-Key', idempotencyKey);
  if (bearer) headers.set('authorization', `Bearer ${bearer.token}`);
  let text: string | undefined;
  if (c.parts.raw) {
    text = c.parts.raw.text;
    headers.set('content-type', c.parts.raw.contentType);
  } else if (c.parts.body !== undefined && op.body) {
    text =
      op.body.mediaType === 'application/x-www-form-urlencoded'
        ? new URLSearchParams(c.parts.body as Record<string, string>).toString()
        : JSON.stringify(c.parts.body);
    headers.set('content-type', op.body.mediaType);
  }
  let url: string;
  if (c.rawPath) {
    const names = Object.keys(c.rawPath);
    url = urlOf(op, { ...c.parts, path: { ...c.parts.path, ...Object.fromEntries(names.map((name, i) => [name, `${PLACEHOLDER}${i}`])) } });
    names.forEach((name, i) => (url = url.replace(`${PLACEHOLDER}${i}`, c.rawPath?.[name] ?? '')));
  } else {
    url = urlOf(op, c.parts);
  }
  const request = new Request(url, { method: op.method, headers, ...(text === undefined ? {} : { body: text }) });
  const shown = [...headers.entries()].map(([name, value]) => (name === 'authorization' && bearer ? `${name}: Bearer <token of ${bearer.label}>` : `${name}: ${clip(value, 120)}`));
  const repro = [`${op.method} ${clip(request.url, 400)}`, ...shown, '', text === undefined ? '(no body)' : clip(JSON.stringify(text).slice(1, -1))].join('\n');
  return { request, repro };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs the cases of one operation against one target, keeping each case independent of the others. */
export class OperationFuzzer {
  private seeded = '';
  private last: string | undefined;
  private readonly tokens = new Map<string, string>();
  private keys = 0;

  constructor(
    readonly model: OperationModel,
    readonly target: FuzzTarget,
    readonly stats: FuzzStats,
  ) {}

  /** Back to the seeded world, with fresh tokens for the operation's callers. */
  async start(): Promise<void> {
    this.target.platform.reset();
    this.seeded = this.target.platform.digest();
    await this.login();
    this.last = this.seeded;
  }

  private async login(): Promise<void> {
    for (const call of this.model.calls) {
      if (call.identity) this.tokens.set(call.identity.label, await call.identity.login(this.target.platform));
    }
  }

  /**
   * Every case starts from the seeded world (reset only when the previous case changed state), so a
   * counterexample replays and shrinks deterministically.
   */
  private async ensureSeeded(): Promise<void> {
    if (this.last === this.seeded) return;
    this.target.platform.reset();
    this.stats.resets += 1;
    await this.login();
    this.last = this.seeded;
  }

  async check(c: FuzzCase): Promise<void> {
    const { op } = this.model;
    const generatorBug = confirmBodyMutation(op, c);
    if (generatorBug) throw new Error(generatorBug);
    await this.ensureSeeded();
    const call = this.model.calls[c.call];
    const identity = call?.identity;
    const bearer = identity ? { token: this.tokens.get(identity.label) ?? '', label: identity.label } : undefined;
    this.keys += 1;
    const { request, repro } = buildRequest(op, c, bearer, c.freshIdempotencyKey ? `fuzz-${op.operationId}-${this.keys}` : undefined);
    const before = this.last;
    const fail = (problems: string[], answer?: string): Error =>
      new Error(`${op.operationId} — ${c.kind} case "${c.label}": ${problems.join('; ')}\n--- request ---\n${repro}\n--- response ---\n${answer ?? '(none)'}`);

    let response: Response;
    try {
      response = await this.target.handle(request);
    } catch (error) {
      this.last = undefined;
      throw fail([`the platform threw instead of answering: ${error instanceof Error ? error.message : String(error)}`]);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      body = undefined;
    }
    const after = this.target.platform.digest();
    this.last = after;
    const status = response.status;
    const contentType = response.headers.get('content-type');
    this.stats.record(op, c, status);
    const answer = `${status} ${contentType ?? ''}\n${clip(text, 1500)}`;
    const problems: string[] = [];

    // Every answer.
    if (status >= 500) problems.push(`answered ${status}`);
    const invalidResponse = responseProblem(op, status, contentType, body, text);
    if (invalidResponse) problems.push(`the response does not conform to the spec: ${invalidResponse}`);
    const problem = isObject(body) ? body : {};
    const code = typeof problem['code'] === 'string' ? problem['code'] : undefined;
    const fieldErrors = Array.isArray(problem['errors']) ? (problem['errors'] as unknown[]).filter(isObject) : undefined;
    if (status >= 400) {
      if (!(contentType ?? '').toLowerCase().startsWith('application/problem+json')) problems.push(`a refusal in ${contentType ?? '(no content type)'}, not application/problem+json`);
      if (problem['status'] !== status) problems.push(`problem.status ${String(problem['status'])} differs from the HTTP status ${status}`);
      const documented = op.errors.get(status);
      if (code === undefined) problems.push('the problem has no code');
      else if (documented && documented.size > 0 && !documented.has(code)) problems.push(`code ${code} is not documented for ${status} (documented: ${[...documented].join(', ')})`);
      if (after !== before) problems.push('a refused request changed the state (digest differs)');
    }

    // What this case promises.
    const names = (pointer: string, fieldCode?: string): boolean =>
      (fieldErrors ?? []).some((e) => e['pointer'] === pointer && (fieldCode === undefined || e['code'] === fieldCode));
    const expect = c.expect;
    switch (expect.type) {
      case 'any':
        break;
      case 'acceptable-media-type':
        if (status === 415) problems.push('a valid body whose media type differs only in case or charset was refused as unsupported');
        break;
      case 'validation': {
        if (status !== 400 && status !== 422) {
          problems.push(`an invalid request (${expect.pointer}) answered ${status}, not 400/422`);
          break;
        }
        if (code === 'VALIDATION_FAILED' || fieldErrors !== undefined) {
          if (!names(expect.pointer, expect.fieldCode)) {
            const got = (fieldErrors ?? []).map((e) => `${String(e['pointer'])} ${String(e['code'])}`).join(', ') || 'none';
            problems.push(`errors[] does not name ${expect.pointer}${expect.fieldCode ? ` (${expect.fieldCode})` : ''}; got: ${got}`);
          }
        } else {
          problems.push(`an invalid request (${expect.pointer}) was refused with ${code ?? 'no code'} and no errors[] naming the field`);
        }
        break;
      }
      case 'unsupported-media-type':
        if (status !== 415 || code !== 'UNSUPPORTED_MEDIA_TYPE') problems.push(`a body in the wrong media type answered ${status} ${code ?? ''}, not 415 UNSUPPORTED_MEDIA_TYPE`);
        break;
      case 'refused-path-id':
        if (status === 400) {
          if (!names(expect.pointer)) problems.push(`a hostile path id answered 400 without naming ${expect.pointer}`);
        } else if (status !== 404) {
          problems.push(`a hostile path id answered ${status}, not 404 (or 400 naming ${expect.pointer})`);
        }
        break;
      case 'refused-reference':
        if (status < 400 || status >= 500) problems.push(`a hostile id in ${expect.pointer} answered ${status}, not a 4xx refusal`);
        break;
      case 'filter':
        if (status < 300 && isObject(body) && Array.isArray(body['data'])) {
          const foreign = body['data'].filter((item) => isObject(item) && expect.name in item && item[expect.name] !== expect.value);
          if (foreign.length > 0) problems.push(`filtering by ${expect.name}=${clip(JSON.stringify(expect.value), 80)} returned ${foreign.length} item(s) of another ${expect.name}`);
        }
        break;
    }
    if (problems.length > 0) throw fail(problems, answer);
  }
}
