/**
 * For the care-in-the-alliance tests: the platform's services built from the seed, as world.ts
 * builds them, so a test can call a domain directly and look into the shared stores (prescriptions,
 * records, audit).
 */
import type { Caller } from '../../engine/auth.js';
import type { HandlerContext } from '../../engine/context.js';
import type { PlatformServices } from '../../services.js';
import { createServices } from '../../world.js';

export const SEEDED_NOW = Date.parse('2026-06-01T08:00:00+08:00');

export function seededServices(seed = 'careloop'): PlatformServices {
  return createServices(seed);
}

export function organizationCaller(organizationId: string): Caller {
  return { kind: 'organization', subject: `cli_${organizationId.replace(/^org_/, '')}`, organizationId, scopes: [] };
}

/** A handler context for a direct call (the request is taken as already validated). */
export function directContext(caller: Caller, path: Record<string, string>, body?: unknown, nowMs = SEEDED_NOW): HandlerContext {
  return { caller, path, query: {}, body, nowMs };
}
