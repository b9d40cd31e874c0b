import { ApiPromise, type ApiResult } from './api-promise.js';
import { ApiError, CareloopError, parseJsonOrText } from './errors.js';
import type { Handler } from './middleware.js';
import { PagePromise, type CursorPage } from './pagination.js';
import type { Draft, Send } from './pipeline.js';
import type { RequestContext, RequestOptions, ResolvedOperation } from './types.js';

/** What `invoke` needs from a client: where to send, and how. */
export interface OperationRuntime {
  baseUrl: string;
  /** The client's `headers` option, names in lower case. */
  headers: Record<string, string>;
  /** The SDK pipeline (idempotency, retries, timeouts, auth, logging). */
  send: Send;
  /** The user middleware around the pipeline; absent when there is none, so no Request is built twice. */
  handle: Handler | undefined;
}

/**
 * Runs one operation. `args` are the SDK method's arguments: the path parameters in `pathParams`
 * order, then `params` (unless `params: 'none'`), then RequestOptions.
 */
export function invoke(
  runtime: OperationRuntime,
  operationId: string,
  operation: ResolvedOperation,
  args: readonly unknown[],
): ApiPromise<unknown> {
  const pathCount = operation.pathParams.length;
  const params = operation.params === 'none' ? undefined : args[pathCount];
  const options = (args[operation.params === 'none' ? pathCount : pathCount + 1] ?? {}) as RequestOptions;
  const context: RequestContext = { operationId, operation, options, attempt: 0 };

  const send = async (paramsToSend: unknown): Promise<ApiResult<unknown>> => {
    // Kept so that a failure after the response arrived (e.g. a body that is not JSON) still reports it.
    let response: Response | undefined;
    try {
      const draft = draftOf(runtime, operation, args, paramsToSend, options);
      let body: string | ArrayBuffer;
      if (runtime.handle) {
        response = await runtime.handle(requestOf(draft, options.signal), context);
        body = await response.text();
      } else {
        ({ response, body } = await runtime.send(draft, context));
      }
      const requestId = requestIdOf(response);
      const text = typeof body === 'string' ? body : decoder.decode(body);
      if (response.ok) {
        if (text === '') return { data: undefined, error: undefined, response, requestId };
        try {
          return { data: JSON.parse(text) as unknown, error: undefined, response, requestId };
        } catch (cause) {
          throw new CareloopError(`The ${response.status} response body is not JSON`, { cause, requestId, code: 'INVALID_RESPONSE' });
        }
      }
      const error = ApiError.from(response, parseJsonOrText(text));
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

function draftOf(runtime: OperationRuntime, operation: ResolvedOperation, args: readonly unknown[], params: unknown, options: RequestOptions): Draft {
  const values: Record<string, unknown> = {};
  operation.pathParams.forEach((name, index) => (values[name] = args[index]));
  let url = runtime.baseUrl + serializePath(operation.path, values);
  const headers: Record<string, string> = { accept: 'application/json', ...runtime.headers };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (params !== undefined && params !== null) {
    if (operation.params === 'query') url += queryOf(params);
    else if (operation.params === 'body') {
      body = JSON.stringify(params);
      headers['content-type'] = 'application/json';
    } else if (operation.params === 'form') {
      body = queryOf(params).slice(1);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
  }
  return { method: operation.method, url, headers, body };
}

/** `?a=1&b=x&b=y`: arrays repeat the name (OpenAPI form style, exploded), undefined and null are left out. */
function queryOf(fields: unknown): string {
  let out = '';
  for (const [name, value] of Object.entries(fields as object)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) out += `${out ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
  }
  return out;
}

/** Builds the Request that user middleware sees: the call as the caller made it. */
function requestOf(draft: Draft, signal: AbortSignal | undefined): Request {
  return new Request(draft.url, { method: draft.method, headers: draft.headers, body: draft.body ?? null, signal: signal ?? null });
}

/** Reads a Request (from user middleware or a raw `client.GET`) back into a draft for the pipeline. */
export async function draftFromRequest(request: Request): Promise<Draft> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return { method: request.method, url: request.url, headers, body };
}

const PATH_PARAM = /\{([^{}]+)\}/g;
const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * Fills a path template, one encoded segment per parameter, so that an id containing `/` cannot
 * leave its segment. `.` and `..` are refused: URL parsers resolve them even when percent-encoded.
 */
export function serializePath(path: string, values: Record<string, unknown>): string {
  return path.replace(PATH_PARAM, (_match, name: string) => {
    const value = values[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new CareloopError(`Path parameter ${name} must be a string or number, got ${typeof value}`, { code: 'INVALID_ARGUMENT' });
    }
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      throw new CareloopError(`Path parameter ${name} cannot be ${JSON.stringify(text)}`, { code: 'INVALID_ARGUMENT' });
    }
    return encodeURIComponent(text);
  });
}

function requestIdOf(response: Response): string | undefined {
  return response.headers.get('X-Request-Id') ?? undefined;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
