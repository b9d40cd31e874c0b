import { createTokenSource, TOKEN_PATH, type AuthOptions, type TokenSource } from './auth.js';
import { AbortError, ApiError, CareloopError, ConnectionError, parseRetryAfter, TimeoutError } from './errors.js';
import type { CareloopLogger } from './log.js';
import { decideRetry, type AttemptOutcome, type RetryBackoff } from './retry.js';
import type { Fetch, RequestContext, RetryOptions } from './types.js';

/** A request before it is sent: rebuilt into a fresh Request for every attempt. Header names are lower case. */
export interface Draft {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
}

/**
 * The answer of the last attempt, its body read in full within the attempt's timeout: as text when
 * the answer is JSON or text (the cheapest read), as bytes otherwise (a PDF or an image).
 */
export interface Received {
  response: Response;
  body: string | ArrayBuffer;
}

/** Sends a draft with idempotency, retries, timeouts, auth and logging; throws a CareloopError only when no answer arrived. */
export type Send = (draft: Draft, context: RequestContext) => Promise<Received>;

/** What the pipeline needs from the client options. */
export interface PipelineOptions extends RetryOptions {
  logger?: CareloopLogger | undefined;
  baseUrl: string;
  fetch?: Fetch | undefined;
  auth?: AuthOptions | undefined;
  retryBackoff?: RetryBackoff | undefined;
}

/**
 * One call, inside the user middleware:
 *
 *   idempotency key   generated once per call (when the operation takes one), so every attempt sends the same key
 *   retry loop        sends again what `decideRetry` allows, waiting backoff or Retry-After
 *   attempt           a fresh Request, a timer for `timeout`, the caller's signal; the body is read inside it
 *   auth              bearer token; on a 401, a fresh token and the same attempt once more
 *   observer          redacted log lines and hooks, per Request sent
 *   fetch             the transport
 */
export function createPipeline(options: PipelineOptions): Send {
  const fetch: Fetch = (request, init) => (options.fetch ?? globalThis.fetch)(request, init);
  const tokenUrl = `${options.baseUrl}${TOKEN_PATH}`;
  const tokens =
    options.auth &&
    createTokenSource(
      options.auth,
      tokenUrl,
      async (request) => {
        try {
          return await fetch(request);
        } catch (cause) {
          throw new ConnectionError(cause);
        }
      },
      options.timeout ?? 30_000,
    );
  const observer = options.logger;

  return async (draft, context) => {
    const call = context.options;
    const maxRetries = call.maxRetries ?? options.maxRetries ?? 2;
    const timeout = call.timeout ?? options.timeout ?? 30_000;
    const totalTimeout = call.totalTimeout ?? options.totalTimeout;
    const deadline = totalTimeout === undefined ? Infinity : Date.now() + totalTimeout;
    const { headers } = draft;
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    else if (context.operation?.idempotencyKey && headers['idempotency-key'] === undefined) headers['idempotency-key'] = newIdempotencyKey();
    const authenticated = tokens !== undefined && context.operation?.authenticated !== false && draft.url.split('?')[0] !== tokenUrl;
    const attempt: Attempt = {
      draft,
      context,
      fetch,
      observer,
      tokens: authenticated ? tokens : undefined,
      limit: () => {
        const left = deadline - Date.now();
        return left < timeout
          ? { ms: Math.max(0, left), error: () => new TimeoutError(totalTimeout ?? 0, 'Call') }
          : { ms: timeout, error: () => new TimeoutError(timeout) };
      },
    };

    for (let number = 0; ; number++) {
      let outcome: Received | CareloopError;
      try {
        outcome = await sendAttempt(attempt, number);
      } catch (error) {
        outcome = error instanceof CareloopError ? error : new ConnectionError(error);
      }
      if (outcome instanceof AbortError) throw outcome;
      if (!(outcome instanceof CareloopError) && outcome.response.ok) return outcome;

      const decision = decideRetry(
        {
          method: draft.method,
          idempotencyKey: headers['idempotency-key'] !== undefined,
          attempt: number,
          maxRetries,
          outcome: outcomeOf(outcome),
          remainingMs: deadline - Date.now(),
        },
        options.retryBackoff,
      );
      if (!decision.retry) {
        if (outcome instanceof CareloopError) throw outcome;
        return outcome;
      }
      observer?.retry({
        operationId: context.operationId,
        method: draft.method,
        url: draft.url,
        attempt: number,
        maxRetries,
        delayMs: decision.delayMs,
        status: outcome instanceof CareloopError ? outcome.status : outcome.response.status,
        code: outcome instanceof CareloopError ? outcome.code : undefined,
      });
      await sleep(decision.delayMs, call.signal);
    }
  };
}

interface Attempt {
  draft: Draft;
  context: RequestContext;
  fetch: Fetch;
  observer: CareloopLogger | undefined;
  tokens: TokenSource | undefined;
  /** This attempt's time limit and the error it ends with: `timeout`, or less when the call's deadline is nearer. */
  limit: () => { ms: number; error: () => TimeoutError };
}

async function sendAttempt(attempt: Attempt, number: number): Promise<Received> {
  const { signal } = attempt.context.options;
  if (signal?.aborted) throw new AbortError(signal.reason);
  const controller = new AbortController();
  const limit = attempt.limit();
  const timer = setTimeout(() => controller.abort(limit.error()), limit.ms);
  const onAbort = (): void => controller.abort(new AbortError(signal?.reason));
  signal?.addEventListener('abort', onAbort, { once: true });
  // One promise per attempt that rejects when it is aborted: what the token wait and the body read race.
  let aborted: Promise<never> | undefined;
  const race = <T>(promise: Promise<T>): Promise<T> => {
    aborted ??= new Promise<never>((_resolve, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason as Error);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    aborted.catch(() => undefined);
    return Promise.race([promise, aborted]);
  };
  try {
    const { tokens } = attempt;
    let token = tokens && (tokens.peek?.() ?? (await race(tokens.token())));
    let sent = await sendOnce(attempt, number, token, controller.signal, race);
    if (sent.response.status === 401 && token !== undefined && tokens?.refresh) {
      const fresh = await race(tokens.refresh(token));
      if (fresh !== token) {
        sent.finish(undefined);
        void sent.response.body?.cancel().catch(() => undefined);
        token = fresh;
        sent = await sendOnce(attempt, number, token, controller.signal, race);
      }
    }
    let body: string | ArrayBuffer;
    try {
      // Raced with the signal too: a custom fetch may hand back a body that the signal does not stop.
      body = await race<string | ArrayBuffer>(isText(sent.response.headers.get('content-type')) ? sent.response.text() : sent.response.arrayBuffer());
    } catch (cause) {
      void sent.response.body?.cancel().catch(() => undefined);
      const error = abortReason(controller.signal) ?? new ConnectionError(cause);
      sent.finish(undefined, error);
      throw error;
    }
    sent.finish(body);
    return { response: sent.response, body };
  } catch (error) {
    throw abortReason(controller.signal) ?? error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

interface Sent {
  response: Response;
  /** Reports the end of this Request to the observer. */
  finish(body: string | ArrayBuffer | undefined, error?: CareloopError): void;
}

async function sendOnce(
  attempt: Attempt,
  number: number,
  token: string | undefined,
  signal: AbortSignal,
  race: <T>(promise: Promise<T>) => Promise<T>,
): Promise<Sent> {
  const { draft, context, observer } = attempt;
  // The draft belongs to this call: set the token in place rather than copying the headers per attempt.
  if (token !== undefined) draft.headers['authorization'] = `Bearer ${token}`;
  // The attempt's signal goes to fetch, not into the Request: fetch copies its input into a Request
  // of its own, and a Request that follows a signal costs about 10 µs more to build (Node 20), twice.
  const request = new Request(draft.url, { method: draft.method, headers: draft.headers, body: draft.body ?? null });
  const started = observer ? Date.now() : 0;
  observer?.request({ operationId: context.operationId, method: draft.method, url: draft.url, attempt: number }, request, draft.body);
  const ended = (response: Response | undefined, body: string | ArrayBuffer | undefined, error: CareloopError | undefined): void =>
    observer?.response(
      {
        operationId: context.operationId,
        method: draft.method,
        url: draft.url,
        attempt: number,
        status: error ? undefined : response?.status,
        requestId: response?.headers.get('x-request-id') ?? undefined,
        durationMs: Date.now() - started,
        errorCode: error?.code,
      },
      request,
      response,
      body,
    );
  let response: Response;
  try {
    // Raced as well, for a custom fetch that ignores the signal.
    response = await race(attempt.fetch(request, { signal }));
  } catch (cause) {
    const error = abortReason(signal) ?? new ConnectionError(cause);
    ended(undefined, undefined, error);
    throw error;
  }
  return { response, finish: (body, error) => ended(response, body, error) };
}

function outcomeOf(outcome: Received | CareloopError): AttemptOutcome {
  if (outcome instanceof TimeoutError) return { kind: 'timeout' };
  if (outcome instanceof ConnectionError) return { kind: 'connection' };
  if (outcome instanceof CareloopError) {
    // An error from the token endpoint: decided like the answer it was.
    if (outcome.status === undefined) return { kind: 'connection' };
    const retryAfter = outcome instanceof ApiError ? parseRetryAfter(outcome.headers.get('retry-after')) : undefined;
    return { kind: 'response', status: outcome.status, code: outcome.code, retryAfterSeconds: retryAfter };
  }
  const { response, body } = outcome;
  // Only a 409's code decides (the IDEMPOTENCY_IN_PROGRESS lock); other statuses need no body.
  const code = response.status === 409 ? codeOf(body) : undefined;
  return { kind: 'response', status: response.status, code, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
}

/** JSON, problem+json, text, or no content type at all: read as text. */
function isText(contentType: string | null): boolean {
  return contentType === null || /json|^text\//i.test(contentType);
}

function codeOf(body: string | ArrayBuffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    const code = typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function abortReason(signal: AbortSignal): CareloopError | undefined {
  return signal.aborted && signal.reason instanceof CareloopError ? signal.reason : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A UUID v4 from WebCrypto (`randomUUID` where the context allows it, else `getRandomValues`). */
export function newIdempotencyKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
