import { ApiError, CareloopError, parseJsonOrText, TimeoutError } from './errors.js';
import type { Fetch } from './types.js';

/** OAuth2 client credentials, for organizations. The SDK fetches, caches and refreshes the token. */
export interface ClientCredentialsAuth {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; the platform defaults to every scope the client may have. */
  scope?: string | undefined;
}

/** A fixed access token (e.g. a patient token). It is never refreshed. */
export interface AccessTokenAuth {
  accessToken: string;
}

/** Your own token source. It is called before every request, and once more after a 401. */
export interface TokenProviderAuth {
  getToken: () => string | Promise<string>;
}

/** How the client authenticates its requests. */
export type AuthOptions = ClientCredentialsAuth | AccessTokenAuth | TokenProviderAuth;

/** Where the pipeline gets bearer tokens. */
export interface TokenSource {
  token(): Promise<string>;
  /** The token at once when no request is needed for it (a fixed token, or a cached one still fresh). */
  peek?: () => string | undefined;
  /** Replaces a token the API rejected; absent when the token cannot change. */
  refresh?: (rejected: string) => Promise<string>;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
}

/** The OAuth2 token endpoint, relative to the base URL. It takes no token itself. */
export const TOKEN_PATH = '/v1/oauth/token';
// Refresh a little early so that a token does not expire while a request is on its way.
const REFRESH_MARGIN_MS = 60_000;

/**
 * Builds the token source for the client's auth option; `transport` sends the token requests, each
 * bounded by `timeoutMs` (the client's per-attempt timeout) so that a stalled one is dropped and the
 * next call asks again instead of waiting on it.
 */
export function createTokenSource(auth: AuthOptions, tokenUrl: string, transport: Fetch, timeoutMs: number): TokenSource {
  if ('accessToken' in auth) return { token: () => Promise.resolve(auth.accessToken), peek: () => auth.accessToken };
  if ('getToken' in auth) {
    const token = async (): Promise<string> => auth.getToken();
    return { token, refresh: token };
  }
  return clientCredentialsSource(auth, tokenUrl, transport, timeoutMs);
}

function clientCredentialsSource(credentials: ClientCredentialsAuth, tokenUrl: string, transport: Fetch, timeoutMs: number): TokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  // Concurrent requests share one token request instead of each starting their own.
  let pending: Promise<string> | undefined;

  const token = (): Promise<string> => {
    if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
    pending ??= requestToken(credentials, tokenUrl, transport, timeoutMs).then(
      ({ access_token, expires_in }) => {
        cached = { token: access_token, refreshAt: Date.now() + expires_in * 1000 - REFRESH_MARGIN_MS };
        pending = undefined;
        return access_token;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };

  const peek = (): string | undefined => (cached && Date.now() < cached.refreshAt ? cached.token : undefined);

  const refresh = (rejected: string): Promise<string> => {
    // Another request may already have replaced the rejected token; keep the newer one.
    if (cached?.token === rejected) cached = undefined;
    return token();
  };

  return { token, peek, refresh };
}

async function requestToken(credentials: ClientCredentialsAuth, tokenUrl: string, transport: Fetch, timeoutMs: number): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  });
  if (credentials.scope !== undefined) form.set('scope', credentials.scope);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs, 'Token request')), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await transport(
      new Request(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: controller.signal,
      }),
    );
    text = await response.text();
  } catch (error) {
    throw controller.signal.aborted ? (controller.signal.reason as TimeoutError) : error;
  } finally {
    clearTimeout(timer);
  }
  const body = parseJsonOrText(text);
  if (!response.ok) throw ApiError.from(response, body);
  if (!isTokenResponse(body)) {
    throw new CareloopError('The token endpoint answered without an access_token and expires_in', {
      requestId: response.headers.get('X-Request-Id') ?? undefined,
    });
  }
  return body;
}

function isTokenResponse(body: unknown): body is TokenResponse {
  if (typeof body !== 'object' || body === null) return false;
  const { access_token, expires_in } = body as Partial<Record<keyof TokenResponse, unknown>>;
  return typeof access_token === 'string' && typeof expires_in === 'number';
}
