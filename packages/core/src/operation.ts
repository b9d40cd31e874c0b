import { ApiPromise, type ApiResult } from './api-promise.js';
import { ApiError, CareloopError } from './errors.js';
import type { Handler } from './middleware.js';
import { PagePromise, type CursorPage } from './pagination.js';
import type { Fetch, OperationDefinition, RequestOptions } from './types.js';

/** openapi-fetch's `request()` seen without the path types, which a runtime table cannot provide. */
export type UntypedRequest = (
  method: string,
  path: string,
  init: {
    params: { path: Record<string, unknown>; query?: unknown };
    body?: unknown;
    bodySerializer?: (body: unknown) => string;
    headers: Record<string, string>;
    signal?: AbortSignal | undefined;
    fetch: Fetch;
  },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What `invoke` needs from the client: openapi-fetch to build and parse, the middleware chain to send. */
export interface OperationRuntime {
  request: UntypedRequest;
  handle: Handler;
}

/**
 * Runs one operation from the generated table. `args` are the SDK method's arguments: the path
 * parameters in `pathParams` order, then `params` (unless `params: 'none'`), then RequestOptions.
 */
export function invoke(
  runtime: OperationRuntime,
  operationId: string,
  operation: OperationDefinition,
  args: readonly unknown[],
): ApiPromise<unknown> {
  const pathCount = operation.pathParams.length;
  const params = operation.params === 'none' ? undefined : args[pathCount];
  const options = (args[operation.params === 'none' ? pathCount : pathCount + 1] ?? {}) as RequestOptions;
  const path = Object.fromEntries(operation.pathParams.map((name, index) => [name, args[index]]));

  const send = async (paramsToSend: unknown): Promise<ApiResult<unknown>> => {
    // Kept so that a failure after the response arrived (e.g. a body that is not JSON) still reports it.
    let response: Response | undefined;
    const fetch: Fetch = async (request) => {
      response = await runtime.handle(request, { operationId, options, attempt: 0 });
      return response;
    };
    try {
      const result = await runtime.request(operation.method, operation.path, {
        params: { path, query: operation.params === 'query' ? paramsToSend : undefined },
        ...bodyInit(operation, paramsToSend),
        headers: headersFor(operation, options),
        signal: options.signal,
        fetch,
      });
      response = result.response;
      if (response.ok) return { data: result.data, error: undefined, response, requestId: requestIdOf(response) };
      const error = ApiError.from(response, result.error);
      return { data: undefined, error, response, requestId: error.requestId };
    } catch (cause) {
      const error = cause instanceof CareloopError ? cause : new CareloopError(`Request failed: ${messageOf(cause)}`, { cause });
      return { data: undefined, error, response, requestId: response ? requestIdOf(response) : error.requestId };
    }
  };

  const cursorParam = operation.page?.cursorParam;
  if (cursorParam === undefined) return new ApiPromise(send(params));
  const query = typeof params === 'object' && params !== null ? params : {};
  // The generator marks `page` only on operations whose response is a CursorPage.
  const sendPage = send as (paramsToSend: unknown) => Promise<ApiResult<CursorPage<unknown>>>;
  return new PagePromise(sendPage(params), (cursor) => sendPage({ ...query, [cursorParam]: cursor }));
}

const PATH_PARAM = /\{([^{}]+)\}/g;

/**
 * Fills a path template, one encoded segment per parameter, so that an id containing `/` cannot
 * leave its segment. `.` and `..` are refused: URL parsers resolve them even when percent-encoded.
 */
export function serializePath(path: string, values: Record<string, unknown>): string {
  return path.replace(PATH_PARAM, (_match, name: string) => {
    const value = values[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new CareloopError(`Path parameter ${name} must be a string or number, got ${typeof value}`);
    }
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      throw new CareloopError(`Path parameter ${name} cannot be ${JSON.stringify(text)}`);
    }
    return encodeURIComponent(text);
  });
}

function bodyInit(operation: OperationDefinition, params: unknown): { body?: unknown; bodySerializer?: (body: unknown) => string } {
  if (params === undefined) return {};
  if (operation.params === 'body') return { body: params };
  if (operation.params === 'form') return { body: params, bodySerializer: toFormBody };
  return {};
}

function headersFor(operation: OperationDefinition, options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (operation.params === 'form') headers['Content-Type'] = 'application/x-www-form-urlencoded';
  if (operation.idempotencyKey && options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  return headers;
}

function toFormBody(fields: unknown): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields as object)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) form.append(name, String(item));
    }
  }
  return form.toString();
}

function requestIdOf(response: Response): string | undefined {
  return response.headers.get('X-Request-Id') ?? undefined;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
