/**
 * The whole platform behind one function: `handle(Request) → Response`. The pipeline: request
 * id → route → due timers → auth → request validation → idempotency → handler → problem+json for
 * errors → (in tests) response validation. Adapters only convert transports to and from this.
 *
 * Inside, the pipeline runs on plain values (`dispatch`: method, URL, a header lookup and a lazy
 * body in; status, headers and a string body out), so an adapter whose transport is not the
 * Fetch API (node:http) need not build a Request or read a Response stream back.
 */
import { authenticate } from './auth.js';
import { MockClock, formatLocal } from './clock.js';
import { EVENT_TYPES, eventSequence, type FeedEvent } from './events.js';
import { JsonText, type HandlerContext } from './context.js';
import { hashString, canonicalJson } from './hash.js';
import { IdempotencyStore, type StoredResponse } from './idempotency.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
import { DomainError, problemBody, validationFailed, type FieldError } from './problem.js';
import { Router, type CompiledOperation } from './router.js';
import { SpecValidator } from './validation.js';
import type { PlatformRuntime } from '../services.js';
import { createWorld, type World } from '../world.js';

export interface EngineOptions {
  seed: string;
  now: string;
  validateResponses: boolean;
  /** What the world needs from outside the engine: the network and real-time limits. */
  runtime: PlatformRuntime;
}

/** A request as `dispatch` sees it, whatever the transport. */
export interface DispatchRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** A request header by name (case-insensitive), or null when absent. */
  headers: (name: string) => string | null;
  /** The body as text, `''` when there is none. Called at most once, and only when the operation reads a body. */
  text: () => Promise<string>;
}

/** What `dispatch` answers; `handle` turns it into a Response. */
export interface DispatchResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

interface Outgoing {
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

/** Compiled once per process: the router and the validators depend only on the bundled spec. */
let shared: { router: Router; validator: SpecValidator } | undefined;

function compiledSpec(): { router: Router; validator: SpecValidator } {
  shared ??= { router: new Router(), validator: new SpecValidator() };
  return shared;
}

function json(status: number, body: unknown): Outgoing {
  return { status, contentType: 'application/json', body: body instanceof JsonText ? body.text : JSON.stringify(body), headers: {} };
}

function coerceQueryValue(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

export class Engine {
  readonly clock: MockClock;
  private world: World;
  private idempotency = new IdempotencyStore();
  private readonly router: Router;
  private readonly validator: SpecValidator;

  constructor(private readonly options: EngineOptions) {
    ({ router: this.router, validator: this.validator } = compiledSpec());
    this.world = createWorld(options.seed, options.runtime);
    this.clock = new MockClock(options.now, () => this.world.runDueTimers(this.clock.nowMs()));
    const missing = this.router.operations.filter((op) => !this.world.routes[op.operationId]).map((op) => op.operationId);
    if (missing.length > 0) throw new Error(`No handler for operations: ${missing.join(', ')}`);
    this.world.runDueTimers(this.clock.nowMs());
  }

  get sandbox(): Pick<World, 'clients' | 'patients'> {
    return { clients: this.world.clients, patients: this.world.patients };
  }

  /** Back to the seeded world at the configured start time. */
  reset(): void {
    this.world = createWorld(this.options.seed, this.options.runtime);
    this.idempotency = new IdempotencyStore();
    this.clock.resetTo(this.options.now);
    this.world.runDueTimers(this.clock.nowMs());
  }

  /**
   * Resolves when no webhook attempt is in flight. A failed attempt's retry that is already due on
   * the mock clock (the clock moved while the receiver answered) is started and waited for too.
   */
  async webhooksSettled(): Promise<void> {
    for (;;) {
      await this.world.webhooksSettled();
      this.world.runDueTimers(this.clock.nowMs());
      if (!this.world.webhooksInFlight()) return;
    }
  }

  /** A stable hash of the domain state and the clock (not of tokens or idempotency records). */
  digest(): string {
    return hashString(canonicalJson({ now: this.clock.nowMs(), world: this.world.snapshot() }));
  }

  async handle(request: Request): Promise<Response> {
    const { status, headers, body } = await this.dispatch({
      method: request.method,
      url: request.url,
      headers: (name) => request.headers.get(name),
      text: () => request.text(),
    });
    return new Response(body, { status, headers });
  }

  /** The transport-neutral pipeline behind `handle`. */
  async dispatch(request: DispatchRequest): Promise<DispatchResponse> {
    const requestId = this.world.ids.nextRequestId();
    const url = new URL(request.url);
    let operation: CompiledOperation | undefined;
    let outgoing: Outgoing;
    let replayed = false;
    try {
      if (url.pathname === '/_mock' || url.pathname.startsWith('/_mock/')) {
        outgoing = await this.admin(request, url);
      } else {
        const match = this.router.match(request.method, url.pathname);
        if (match.kind === 'not-found') throw new DomainError(404, 'NOT_FOUND', `No operation at ${url.pathname}.`);
        if (match.kind === 'method-not-allowed') {
          throw new DomainError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url.pathname}; use ${match.allow.join(', ')}.`, {
            headers: { Allow: match.allow.join(', ') },
          });
        }
        operation = match.operation;
        ({ outgoing, replayed } = await this.run(operation, match.pathParams, request, url, requestId));
      }
    } catch (error) {
      outgoing = this.fromError(error, requestId, url.pathname, operation);
    }
    if (this.options.validateResponses) this.checkResponse(operation, outgoing);
    const headers: Record<string, string> = { 'content-type': outgoing.contentType, 'x-request-id': requestId };
    if (replayed) headers['idempotent-replayed'] = 'true';
    for (const name of Object.keys(outgoing.headers)) headers[name.toLowerCase()] = outgoing.headers[name] as string;
    return { status: outgoing.status, headers, body: outgoing.body };
  }

  private async run(
    operation: CompiledOperation,
    pathParams: Record<string, string>,
    request: DispatchRequest,
    url: URL,
    requestId: string,
  ): Promise<{ outgoing: Outgoing; replayed: boolean }> {
    this.world.runDueTimers(this.clock.nowMs());
    const caller = authenticate(operation.security, request.headers('authorization'), this.world.tokens, this.clock.nowMs());
    const { context, bodyText } = await this.readRequest(operation, pathParams, request, url);
    // Reading the body awaited: take the time (and fire timers) again for the synchronous part.
    this.world.runDueTimers(this.clock.nowMs());
    context.caller = caller;
    context.nowMs = this.clock.nowMs();
    context.bodyText = bodyText;
    context.header = (name) => request.headers(name);

    const key = operation.idempotent && caller ? request.headers('idempotency-key') : null;
    if (key !== null && caller) {
      const fingerprint = hashString(`${request.method} ${url.pathname}${url.search}\n${bodyText}`);
      const outcome = this.idempotency.begin(caller.subject, key, fingerprint, context.nowMs);
      if (outcome.kind === 'replay') return { outgoing: { ...outcome.response, headers: {} }, replayed: true };
      if (outcome.kind === 'reused') {
        throw new DomainError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.');
      }
      if (outcome.kind === 'in-progress') {
        throw new DomainError(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly.');
      }
    }

    let outgoing: Outgoing;
    try {
      const handler = this.world.routes[operation.operationId];
      if (!handler) throw new Error(`No handler for ${operation.operationId}`);
      const pending = handler(context);
      const result = pending instanceof Promise ? await pending : pending;
      outgoing = json(result.status, result.body);
    } catch (error) {
      if (!(error instanceof DomainError) && key !== null && caller) this.idempotency.abandon(caller.subject, key);
      if (!(error instanceof DomainError)) throw error;
      outgoing = this.problem(error, requestId, url.pathname);
    }
    if (key !== null && caller) {
      if (outgoing.status >= 500 || [401, 403, 429].includes(outgoing.status)) {
        this.idempotency.abandon(caller.subject, key);
      } else {
        const stored: StoredResponse = { status: outgoing.status, contentType: outgoing.contentType, body: outgoing.body };
        this.idempotency.complete(caller.subject, key, stored);
      }
    }
    return { outgoing, replayed: false };
  }

  /** Parses and validates path, query, headers and body; every bad field is reported at once. */
  private async readRequest(
    operation: CompiledOperation,
    path: Record<string, string>,
    request: DispatchRequest,
    url: URL,
  ): Promise<{ context: HandlerContext; bodyText: string }> {
    // No prototype: a query parameter named `__proto__` must land in the object (and fail validation as unknown).
    const query: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const name of new Set(url.searchParams.keys())) {
      const type = operation.queryTypes.get(name);
      const values = url.searchParams.getAll(name).map((raw) => coerceQueryValue(raw, type));
      query[name] = values.length === 1 ? values[0] : values;
    }
    const headers: Record<string, string> = {};
    for (const param of operation.parameters) {
      if (param.in !== 'header') continue;
      const value = request.headers(param.name);
      if (value !== null) headers[param.name.toLowerCase()] = value;
    }

    const errors: FieldError[] = [];
    let bodyText = '';
    let body: unknown;
    let mediaType: string | undefined;
    if (operation.requestBody) {
      bodyText = await request.text();
      if (bodyText.length > 0) {
        const contentType = (request.headers('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!operation.requestBody.mediaTypes.has(contentType)) {
          throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${[...operation.requestBody.mediaTypes.keys()].join(' or ')}.`);
        }
        if (contentType === 'application/x-www-form-urlencoded') {
          body = Object.fromEntries(new URLSearchParams(bodyText));
          mediaType = contentType;
        } else {
          try {
            body = JSON.parse(bodyText);
            mediaType = contentType;
          } catch {
            errors.push({ pointer: '/body', code: 'malformed', message: 'is not valid JSON' });
          }
        }
      } else if (operation.requestBody.required) {
        errors.push({ pointer: '/body', code: 'required', message: 'a request body is required' });
      }
    }
    if (mediaType !== undefined) this.world.preValidation[operation.operationId]?.(body);
    errors.push(
      ...this.validator.validateRequest(operation, mediaType, { path, query, headers, ...(mediaType === undefined ? {} : { body }) }),
    );
    if (errors.length > 0) throw validationFailed(errors);
    return { context: { caller: null, path, query, body, nowMs: this.clock.nowMs() }, bodyText };
  }

  /**
   * `GET /_mock/clock`, `POST /_mock/clock/advance {"seconds": n}`, `POST /_mock/reset`,
   * `GET /_mock/events?after=&type=&limit=` (every tenant's events, for `careloop listen`): sandbox
   * controls outside the public API.
   */
  private async admin(request: DispatchRequest, url: URL): Promise<Outgoing> {
    const routes: Record<string, string> = { '/_mock/clock': 'GET', '/_mock/clock/advance': 'POST', '/_mock/reset': 'POST', '/_mock/events': 'GET' };
    const method = routes[url.pathname];
    if (!method) throw new DomainError(404, 'NOT_FOUND', `No operation at ${url.pathname}.`);
    if (request.method.toUpperCase() !== method) {
      throw new DomainError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url.pathname}; use ${method}.`, {
        headers: { Allow: method },
      });
    }
    if (url.pathname === '/_mock/clock/advance') {
      const text = await request.text();
      let seconds: unknown;
      try {
        seconds = (JSON.parse(text) as { seconds?: unknown } | null)?.seconds;
      } catch {
        throw validationFailed([{ pointer: '/body', code: 'malformed', message: 'is not valid JSON' }]);
      }
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw validationFailed([{ pointer: '/body/seconds', code: 'type', message: 'must be a non-negative number of seconds' }]);
      }
      this.clock.advance(seconds * 1000);
    } else if (url.pathname === '/_mock/reset') {
      this.reset();
    } else if (url.pathname === '/_mock/events') {
      return json(200, this.allEvents(url.searchParams));
    }
    return json(200, { now: formatLocal(this.clock.nowMs()) });
  }

  /** Every tenant's events after `after` (an event id), optionally of one `type`, oldest first, `limit` (1–100, default 20) at most. */
  private allEvents(query: URLSearchParams): { data: readonly FeedEvent[]; nextCursor: string | null } {
    const errors: FieldError[] = [];
    const afterId = query.get('after');
    const after = afterId === null || afterId === '' ? 0 : eventSequence(afterId);
    if (after === undefined) errors.push({ pointer: '/query/after', code: 'pattern', message: 'must be an event id (evt_ and 8 digits)' });
    const type = query.get('type');
    if (type !== null && !(EVENT_TYPES as readonly string[]).includes(type)) errors.push({ pointer: '/query/type', code: 'enum', message: 'must be an event type' });
    const limitText = query.get('limit');
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!/^\d+$/.test(limitText ?? '1') || limit < 1 || limit > MAX_LIMIT) {
      errors.push({ pointer: '/query/limit', code: 'range', message: `must be an integer from 1 to ${MAX_LIMIT}` });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const data: FeedEvent[] = [];
    const all = this.world.events.all();
    // events[i] has sequence i + 1, so the events after sequence n start at index n.
    for (let index = after ?? 0; index < all.length && data.length < limit; index++) {
      const event = all[index] as FeedEvent;
      if (type === null || event.type === type) data.push(event);
    }
    const last = data[data.length - 1];
    return { data, nextCursor: last ? last.id : null };
  }

  private problem(error: DomainError, requestId: string, instance: string): Outgoing {
    return {
      status: error.status,
      contentType: 'application/problem+json',
      body: JSON.stringify(problemBody(error, requestId, instance)),
      headers: error.extra.headers ?? {},
    };
  }

  private fromError(error: unknown, requestId: string, instance: string, operation: CompiledOperation | undefined): Outgoing {
    if (error instanceof DomainError) return this.problem(error, requestId, instance);
    if (this.options.validateResponses) {
      throw new Error(`${operation?.operationId ?? instance} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    return this.problem(new DomainError(500, 'INTERNAL_ERROR', 'The mock platform failed unexpectedly.'), requestId, instance);
  }

  private checkResponse(operation: CompiledOperation | undefined, outgoing: Outgoing): void {
    const problem = this.validator.checkResponse(operation, outgoing.status, outgoing.contentType, JSON.parse(outgoing.body) as unknown);
    if (problem !== undefined) {
      throw new Error(`Invalid response of ${operation?.operationId ?? 'the engine'} (${outgoing.status}): ${problem}\n${outgoing.body}`);
    }
  }
}
