import type { RequestContext } from './types.js';

/**
 * Passes the request on to the rest of the chain. Only a middleware that runs the rest of the chain
 * again (a retry middleware) passes a context, to tell the inner middleware its `attempt` number.
 */
export type Next = (request: Request, context?: RequestContext) => Promise<Response>;

/**
 * Wraps every request: SDK methods and raw `client.GET(...)` calls alike. Call `next` to send
 * the request (possibly changed) and return its Response (possibly changed), or answer without calling it.
 */
export type Middleware = (request: Request, next: Next, context: RequestContext) => Promise<Response>;

/** Sends a request through the whole chain. */
export type Handler = (request: Request, context: RequestContext) => Promise<Response>;

/**
 * Chains user middleware outermost-first around the SDK's own pipeline (`inner`). User middleware sees
 * each call once, as the caller made it (no token, no idempotency key yet); inside it the pipeline
 * generates the Idempotency-Key, retries with backoff, times out each attempt, adds the bearer token
 * (refreshing it once after a 401) and logs, redacted, exactly what goes on the wire.
 */
export function composeMiddleware(middleware: readonly Middleware[], inner: Handler): Handler {
  const dispatch = (index: number, request: Request, context: RequestContext): Promise<Response> => {
    const current = middleware[index];
    if (current === undefined) return inner(request, context);
    return current(request, (next, nextContext = context) => dispatch(index + 1, next, nextContext), context);
  };
  return (request, context) => dispatch(0, request, context);
}
