import openapiFetch, { type Client } from 'openapi-fetch';
import type { ApiPromise } from './api-promise.js';
import { createAuthMiddleware, type AuthOptions } from './auth.js';
import { ConnectionError } from './errors.js';
import { composeMiddleware, type Middleware } from './middleware.js';
import { invoke, serializePath, type OperationRuntime, type UntypedRequest } from './operation.js';
import type { Fetch, OperationTable, ResourceTable } from './types.js';

// Our CJS build gets openapi-fetch's exports object here (Node's default-import interop), the ESM build the function.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as { default: typeof openapiFetch }).default;

/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.careloop.dev';

/** Options of every audience client (`createPatientClient(options)`, …). */
export interface CareloopClientOptions {
  /** Defaults to `https://api.careloop.dev`; point it at the mock platform when prototyping. */
  baseUrl?: string | undefined;
  /** Sends the requests. Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: Fetch | undefined;
  auth?: AuthOptions | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Runs outermost, around every request, in the order given. */
  middleware?: readonly Middleware[] | undefined;
}

/** The raw openapi-fetch client (`GET`, `POST`, … by path) every audience client includes. */
export interface CareloopClient<Paths extends {}> extends Client<Paths> {}

/** The tables in an audience package's `generated/client.ts`. */
export interface GeneratedClientTables {
  operations: OperationTable;
  resources: ResourceTable;
}

/**
 * Builds an audience client: the raw openapi-fetch methods typed by `Paths` plus the resource
 * groups described by the generated tables, all sent through one middleware chain.
 */
export function createCareloopClient<Paths extends {}, Resources extends object>(
  options: CareloopClientOptions,
  { operations, resources }: GeneratedClientTables,
): CareloopClient<Paths> & Resources {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const customFetch = options.fetch;
  const transport: Fetch = async (request) => {
    try {
      // Looked up per request, never captured or patched: fetch may be installed after the client is made.
      return await (customFetch ?? globalThis.fetch)(request);
    } catch (cause) {
      throw new ConnectionError(cause);
    }
  };
  // Order and the places reserved for built-ins are described at composeMiddleware.
  const chain: Middleware[] = [...(options.middleware ?? [])];
  if (options.auth) chain.push(createAuthMiddleware(options.auth, { baseUrl, transport, operations }));
  const handle = composeMiddleware(chain, transport);

  const raw = createClient<Paths>({
    baseUrl,
    headers: options.headers ?? {},
    pathSerializer: serializePath,
    fetch: (request) => handle(request, { options: {}, attempt: 0 }),
  });
  const runtime: OperationRuntime = { request: raw.request as unknown as UntypedRequest, handle };

  const groups: Record<string, Record<string, (...args: unknown[]) => ApiPromise<unknown>>> = {};
  for (const [group, methods] of Object.entries(resources)) {
    if (group in raw) throw new Error(`Resource group "${group}" would hide the raw client's ${group}()`);
    const bound: Record<string, (...args: unknown[]) => ApiPromise<unknown>> = {};
    for (const [method, operationId] of Object.entries(methods)) {
      const operation = operations[operationId];
      if (!operation) throw new Error(`${group}.${method} names the unknown operation "${operationId}"`);
      bound[method] = (...args) => invoke(runtime, operationId, operation, args);
    }
    groups[group] = bound;
  }
  return { ...raw, ...groups } as unknown as CareloopClient<Paths> & Resources;
}
