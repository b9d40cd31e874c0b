/** Bearer tokens, the caller they stand for, and the `security` check of each operation. */
import { DomainError } from './problem.js';
import type { SecurityRequirement } from './openapi.js';

export type Caller =
  | { kind: 'organization'; subject: string; organizationId: string; scopes: readonly string[] }
  | { kind: 'patient'; subject: string; patientId: string; scopes: readonly string[] };

export interface TokenRecord {
  token: string;
  caller: Caller;
  expiresAtMs: number;
}

/** Which kind of token each security scheme of the spec accepts. */
const SCHEME_KIND: Record<string, Caller['kind']> = {
  organizationOAuth: 'organization',
  patientToken: 'patient',
};

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  add(record: TokenRecord): void {
    this.tokens.set(record.token, record);
  }

  get(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }
}

/**
 * Applies an operation's `security`: `[]` is public (returns null); otherwise the bearer token
 * must be known, unexpired, of a kind one requirement accepts, and hold that requirement's scopes.
 */
export function authenticate(
  security: SecurityRequirement[],
  authorization: string | null,
  tokens: TokenStore,
  nowMs: number,
): Caller | null {
  if (security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0)) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const record = match?.[1] ? tokens.get(match[1]) : undefined;
  if (!record) {
    throw new DomainError(401, 'UNAUTHENTICATED', 'Send a bearer access token from POST /v1/oauth/token.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="careloop"' },
    });
  }
  if (nowMs >= record.expiresAtMs) {
    throw new DomainError(401, 'TOKEN_EXPIRED', 'The access token expired; request a new one.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="careloop", error="invalid_token"' },
    });
  }
  const { caller } = record;
  const acceptable = security.filter((requirement) =>
    Object.keys(requirement).every((scheme) => SCHEME_KIND[scheme] === caller.kind),
  );
  if (acceptable.some((requirement) => Object.values(requirement).every((scopes) => scopes.every((s) => caller.scopes.includes(s))))) {
    return caller;
  }
  const needed = acceptable[0] ? Object.values(acceptable[0]).flat() : undefined;
  const detail = needed
    ? `This operation needs the scope ${needed.join(' ')}.`
    : `This operation is not available to ${caller.kind === 'patient' ? 'patient' : 'organization'} tokens.`;
  throw new DomainError(403, 'INSUFFICIENT_SCOPE', detail);
}
