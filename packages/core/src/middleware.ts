import type { Fetch, RequestContext } from './types.js';

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
 * Chains middleware outermost-first around the transport. The client builds the chain in this order;
 * planned built-ins go into the marked places, so callers and generated code never change:
 *
 *   user middleware        sees each call once, as the caller made it
 *   (idempotency key)      adds a generated Idempotency-Key once, outside the retries, so every attempt sends the same key
 *   (retry with backoff)   runs everything inside again with context.attempt + 1
 *   (per-attempt timeout)  aborts one attempt, including any token fetch inside it
 *   auth                   bearer token; on a 401, refreshes the token and sends again once
 *   (logging, redacted)    closest to the wire, so it logs exactly what is sent, 401 re-sends included
 *   transport              `fetch`; a thrown error becomes a ConnectionError
 */
export function composeMiddleware(middleware: readonly Middleware[], transport: Fetch): Handler {
  const dispatch = (index: number, request: Request, context: RequestContext): Promise<Response> => {
    const current = middleware[index];
    if (current === undefined) return transport(request);
    return current(request, (next, nextContext = context) => dispatch(index + 1, next, nextContext), context);
  };
  return (request, context) => dispatch(0, request, context);
}
