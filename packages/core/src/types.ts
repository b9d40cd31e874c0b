/** Sends one HTTP request. `globalThis.fetch` fits, and so does any fake a test injects. */
export type Fetch = (request: Request) => Promise<Response>;

/** Per-call options, the last argument of every SDK method. */
export interface RequestOptions {
  /** Sent as `Idempotency-Key` on operations that accept one, so that a retry is safe. */
  idempotencyKey?: string | undefined;
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  headers?: Record<string, string> | undefined;
}

/** What a middleware knows about the call besides the Request itself. */
export interface RequestContext {
  /** The operation behind the call; absent for raw `client.GET(...)` calls. */
  readonly operationId?: string;
  /** The options the caller passed (empty for raw calls). */
  readonly options: RequestOptions;
  /** 0 for the first try; a retry middleware passes higher numbers to the middleware inside it. */
  readonly attempt: number;
}

/** How the generator describes one operation (one entry of `operations` in `generated/client.ts`). */
export interface OperationDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template, e.g. `/v1/slots/{slotId}/hold`. */
  readonly path: string;
  /** Names of the path parameters, in the order the SDK method takes them. */
  readonly pathParams: readonly string[];
  /** What the argument after the path parameters is: query, JSON body, form fields, or nothing. */
  readonly params: 'none' | 'query' | 'body' | 'form';
  /** Whether the operation accepts an `Idempotency-Key` header. */
  readonly idempotencyKey: boolean;
  /** `false` when the spec says `security: []`: the client then sends no token. */
  readonly authenticated?: boolean;
  /** Present on cursor-paginated list operations. */
  readonly page?: { readonly cursorParam: string };
}

/** All operations of one audience SDK, keyed by operationId. */
export type OperationTable = Readonly<Record<string, OperationDefinition>>;

/** Resource groups of one audience SDK: `{ slots: { list: 'listSlots' } }` gives `client.slots.list()`. */
export type ResourceTable = Readonly<Record<string, Readonly<Record<string, string>>>>;
