/**
 * What a route handler gets and returns. A rule's check and its effect never straddle an `await`:
 * handlers are synchronous, except those that must wait for a party outside the platform (a
 * hospital's HIS through its connector, a webhook receiver's challenge). Those check and reserve
 * synchronously, await, then check again and commit synchronously.
 */
import type { Caller } from './auth.js';

export interface HandlerContext {
  /** null only for public operations (`security: []`). */
  caller: Caller | null;
  path: Record<string, string>;
  /** Validated query values, coerced to their schema types. */
  query: Record<string, unknown>;
  /** The validated body, or undefined when the operation has none or it was omitted. */
  body: unknown;
  nowMs: number;
  /** The request body exactly as sent, for signatures over the raw bytes (payment channel notifications). */
  bodyText?: string;
  /** A request header by name (case-insensitive), for operations authenticated by a header of their own. */
  header?: (name: string) => string | null;
}

export interface HandlerResult {
  status: number;
  /** Serialised with JSON.stringify, unless it is already JSON text. */
  body: unknown;
}

/** A body that is already JSON (e.g. a page of cached views): the engine sends its text as is. */
export class JsonText {
  constructor(readonly text: string) {}
}

export type RouteHandler = (context: HandlerContext) => HandlerResult;

/** A handler that waits for a party outside the platform (see above). */
export type AsyncRouteHandler = (context: HandlerContext) => Promise<HandlerResult>;

/** Route handlers of a domain, keyed by operationId. */
export type RouteTable = Record<string, RouteHandler>;

/** Handlers of a domain that wait for a party outside the platform, keyed by operationId. */
export type AsyncRouteTable = Record<string, AsyncRouteHandler>;

/** Reads an optional string query value (already validated). */
export function queryString(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

export function queryNumber(query: Record<string, unknown>, name: string): number | undefined {
  const value = query[name];
  return typeof value === 'number' ? value : undefined;
}

export function queryBoolean(query: Record<string, unknown>, name: string): boolean | undefined {
  const value = query[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function pathParam(context: HandlerContext, name: string): string {
  const value = context.path[name];
  if (value === undefined) throw new Error(`Route is missing path parameter ${name}`);
  return value;
}

/** The caller of an operation whose security the engine already checked. */
export function requireCaller(context: HandlerContext): Caller {
  if (!context.caller) throw new Error('Handler of a secured operation ran without a caller');
  return context.caller;
}

/** The patient calling an operation whose security admits only patient tokens. */
export function patientOnly(context: HandlerContext): string {
  const caller = requireCaller(context);
  if (caller.kind !== 'patient') throw new Error('patient operation reached by an organization token');
  return caller.patientId;
}

/** The organization calling an operation whose security admits only organization tokens. */
export function organizationOnly(context: HandlerContext): string {
  const caller = requireCaller(context);
  if (caller.kind !== 'organization') throw new Error('organization operation reached by a patient token');
  return caller.organizationId;
}

/** The validated `limit` and `cursor` of a list operation. */
export function page(context: HandlerContext): { limit: number | undefined; cursor: string | undefined } {
  return { limit: queryNumber(context.query, 'limit'), cursor: queryString(context.query, 'cursor') };
}
