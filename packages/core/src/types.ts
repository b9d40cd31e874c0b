/** Sends one HTTP request; `init.signal` aborts it. `globalThis.fetch` fits, and so does any fake a test injects (the SDK also stops waiting on a fetch that ignores the signal). */
export type Fetch = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

/** Retry and timeout settings, for the whole client or for one call (a call's own settings win). */
export interface RetryOptions {
  /** How many times a failed attempt may be sent again (see `decideRetry` for which). Default 2. */
  maxRetries?: number | undefined;
  /** Milliseconds one attempt may take, token fetch and reading the body included. Default 30,000. */
  timeout?: number | undefined;
  /** Milliseconds the whole call may take, every attempt and wait included. Default: no limit beyond the attempts'. */
  totalTimeout?: number | undefined;
}

/** Per-call options, the last argument of every SDK method. */
export interface RequestOptions extends RetryOptions {
  /**
   * Sent as `Idempotency-Key` on operations that accept one. The SDK generates one (a UUID v4) for
   * each such call when you don't; pass your own, e.g. the HIS order number, to make a repeat of the
   * same business action across processes or restarts safe too.
   */
  idempotencyKey?: string | undefined;
  /** Cancels the call, retries and waits included; it then ends with an AbortError. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  headers?: Record<string, string> | undefined;
}

/** What a middleware knows about the call besides the Request itself. */
export interface RequestContext {
  /** The operation behind the call; absent for raw `client.GET(...)` calls. */
  readonly operationId?: string;
  /** How the generator describes that operation. */
  readonly operation?: OperationDefinition;
  /** The options the caller passed (empty for raw calls). */
  readonly options: RequestOptions;
  /** 0 for user middleware, which sees each call once; the SDK's own retries happen inside it. */
  readonly attempt: number;
}

/** How the generator describes one operation (one entry of `operations` in `generated/client.ts`). */
export interface OperationDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template, e.g. `/v1/slots/{slotId}/hold`. */
  readonly path: string;
  /** Names of the path parameters, in the order the SDK method takes them; by default the order of the path template. */
  readonly pathParams?: readonly string[];
  /** What the argument after the path parameters is: query, JSON body, form fields, or nothing. */
  readonly params: 'none' | 'query' | 'body' | 'form';
  /** Whether the operation accepts an `Idempotency-Key` header (then the SDK sends one on every call). Default false. */
  readonly idempotencyKey?: boolean;
  /** `false` when the spec says `security: []`: the client then sends no token. Default true. */
  readonly authenticated?: boolean;
  /** Present on cursor-paginated list operations. */
  readonly page?: { readonly cursorParam: string };
}

/** An OperationDefinition with its path parameters filled in, as {@link defineOperation} stores it. */
export interface ResolvedOperation extends OperationDefinition {
  readonly pathParams: readonly string[];
}
