import openapiFetch, { type Client } from 'openapi-fetch';
import type { ApiPromise } from './api-promise.js';
import type { AuthOptions } from './auth.js';
import type { CareloopLogger } from './log.js';
import { composeMiddleware, type Handler, type Middleware } from './middleware.js';
import { draftFromRequest, invoke, serializePath, type OperationRuntime } from './operation.js';
import { createPipeline } from './pipeline.js';
import type { RetryBackoff } from './retry.js';
import type { Fetch, OperationDefinition, RequestOptions, ResolvedOperation, RetryOptions } from './types.js';


/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.careloop.dev';

/** Options of every audience client (`createPatientClient(options)`, `createCareloop(options)`, …). */
export interface CareloopClientOptions extends RetryOptions {
  /** Defaults to `https://api.careloop.dev`; point it at the mock platform when prototyping. */
  baseUrl?: string | undefined;
  /** Sends the requests. Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: Fetch | undefined;
  auth?: AuthOptions | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Logs every attempt, redacted; make one with `createLogger(console, { level })`. Default: no logging. */
  logger?: CareloopLogger | undefined;
  /** Runs outermost, around every call, in the order given; the SDK's retries happen inside it. */
  middleware?: readonly Middleware[] | undefined;
  /** The waits between retries; the defaults are 0.5 s doubling to 8 s with full jitter, Retry-After up to 60 s. */
  retryBackoff?: RetryBackoff | undefined;
}

/** The key under which a client keeps its runtime; operation functions find it there. */
export const RUNTIME: unique symbol = Symbol.for('careloop.runtime') as never;

/**
 * The smallest client: configuration and the request pipeline, no methods. Pass it to operation
 * functions (`holdSlot(careloop, slotId)`), so that a bundler keeps only the operations an app calls.
 * Every full audience client is a CareloopBase too.
 */
export interface CareloopBase {
  /** @internal */
  readonly [RUNTIME]: OperationRuntime & { dispatch: Handler };
}

/** An operation as a standalone function of a client, made by {@link defineOperation}. */
export interface OperationFunction {
  // Each function's own signature is narrower; `never[]` accepts all of them here.
  (client: CareloopBase, ...args: never[]): ApiPromise<unknown>;
  readonly operationId: string;
  readonly definition: ResolvedOperation;
}

/**
 * Makes the standalone function of one operation. `Method` is the signature of the matching resource
 * method; the function takes a client before its arguments. Used by the generated `operations.ts`.
 */
export function defineOperation<Method extends (...args: never[]) => unknown = (options?: RequestOptions) => ApiPromise<unknown>>(
  operationId: string,
  definition: OperationDefinition,
): ((client: CareloopBase, ...args: Parameters<Method>) => ReturnType<Method>) & { readonly operationId: string; readonly definition: ResolvedOperation } {
  const resolved: ResolvedOperation = {
    ...definition,
    pathParams: definition.pathParams ?? Array.from(definition.path.matchAll(/\{([^{}]+)\}/g), (match) => match[1] ?? ''),
  };
  const call = (client: CareloopBase, ...args: unknown[]): ApiPromise<unknown> => invoke(client[RUNTIME], operationId, resolved, args);
  return Object.assign(call, { operationId, definition: resolved }) as never;
}

/** Creates the smallest client (see {@link CareloopBase}). */
export function createCareloop(options: CareloopClientOptions = {}): CareloopBase {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const send = createPipeline({ ...options, baseUrl });
  // Raw calls and user middleware hand the pipeline a Request; it answers a buffered Response.
  const inner: Handler = async (request, context) => {
    const options = context.options.signal ? context.options : { ...context.options, signal: request.signal };
    const { response, body } = await send(await draftFromRequest(request), { ...context, options });
    const nullBody = [101, 204, 205, 304].includes(response.status);
    return new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const handle = options.middleware?.length ? composeMiddleware(options.middleware, inner) : undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return { [RUNTIME]: { baseUrl, headers, send, handle, dispatch: handle ?? inner } };
}

/** The raw openapi-fetch client (`GET`, `POST`, … by path) every audience client includes. */
export interface CareloopClient<Paths extends {}> extends Client<Paths>, CareloopBase {}

/** Resource groups of an audience SDK: `{ slots: { hold: holdSlot } }` gives `client.slots.hold(slotId)`. */
export type ResourceTable = Readonly<Record<string, Readonly<Record<string, OperationFunction>>>>;

/**
 * Builds a full audience client: the raw openapi-fetch methods typed by `Paths` plus the resource
 * groups, all sent through one pipeline.
 */
export function createCareloopClient<Paths extends {}, Resources extends object>(
  options: CareloopClientOptions,
  resources: ResourceTable,
): CareloopClient<Paths> & Resources {
  const base = createCareloop(options);
  const runtime = base[RUNTIME];
  // Our CJS build gets openapi-fetch's exports object here (Node's default-import interop), the ESM build the function.
  // Looked up here rather than at module level so that apps using only operation functions bundle no openapi-fetch.
  const createClient: typeof openapiFetch =
    typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as { default: typeof openapiFetch }).default;
  const raw = createClient<Paths>({
    baseUrl: runtime.baseUrl,
    headers: options.headers ?? {},
    pathSerializer: serializePath,
    fetch: (request) => runtime.dispatch(request, { options: {}, attempt: 0 }),
  });
  const groups: Record<string, Record<string, (...args: never[]) => ApiPromise<unknown>>> = {};
  for (const [group, methods] of Object.entries(resources)) {
    if (group in raw) throw new Error(`Resource group "${group}" would hide the raw client's ${group}()`);
    const bound: Record<string, (...args: never[]) => ApiPromise<unknown>> = {};
    for (const [method, operation] of Object.entries(methods)) bound[method] = (...args) => operation(base, ...args);
    groups[group] = bound;
  }
  return { ...raw, ...groups, [RUNTIME]: runtime } as unknown as CareloopClient<Paths> & Resources;
}
