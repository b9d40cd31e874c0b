import { isRetryableStatus } from './errors.js';

/** How long the SDK waits between attempts. Every field is in milliseconds. */
export interface RetryBackoff {
  /** The first retry waits up to this long (full jitter: a random time between 0 and the cap). Default 500. */
  initialDelayMs?: number | undefined;
  /** The cap doubles per retry up to this. Default 8,000. */
  maxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the error is returned at once. Default 60,000. */
  maxRetryAfterMs?: number | undefined;
}

/** What one attempt ended with, as far as the retry decision cares. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly code?: string | undefined; readonly retryAfterSeconds?: number | undefined }
  | { readonly kind: 'connection' | 'timeout' | 'abort' };

/** The facts the retry decision is taken on. */
export interface RetryInput {
  readonly method: string;
  /** Whether the request carries an `Idempotency-Key`. */
  readonly idempotencyKey: boolean;
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly maxRetries: number;
  readonly outcome: AttemptOutcome;
  /** Time left before the call's `totalTimeout`; Infinity without one. */
  readonly remainingMs: number;
}

/** Why a failed attempt is not sent again. */
export type NoRetryReason = 'not-retryable' | 'not-idempotent' | 'exhausted' | 'retry-after-too-long' | 'deadline';

/** Send again after `delayMs`, or stop. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: NoRetryReason };

const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

/**
 * The retry decision table. An attempt is sent again only when all hold:
 * 1. it failed in a way a retry can fix: no connection, a timeout, 408, 409 `IDEMPOTENCY_IN_PROGRESS`,
 *    429, 500, 502, 503 or 504 (a caller's abort and every other status are final);
 * 2. sending it twice cannot do anything twice: the method is idempotent, or the request carries an
 *    Idempotency-Key (then the platform answers a repeat with the first result);
 * 3. retries are left (`attempt < maxRetries`);
 * 4. the wait fits: `Retry-After` when the server sent one (refused beyond `maxRetryAfterMs`), else
 *    exponential backoff with full jitter; and it ends before the call's `totalTimeout`.
 */
export function decideRetry(input: RetryInput, backoff: RetryBackoff = {}, random: () => number = Math.random): RetryDecision {
  const { outcome } = input;
  const retryable =
    outcome.kind === 'connection' || outcome.kind === 'timeout' || (outcome.kind === 'response' && isRetryableStatus(outcome.status, outcome.code));
  if (!retryable) return { retry: false, reason: 'not-retryable' };
  if (!input.idempotencyKey && !IDEMPOTENT_METHODS.includes(input.method.toUpperCase())) return { retry: false, reason: 'not-idempotent' };
  if (input.attempt >= input.maxRetries) return { retry: false, reason: 'exhausted' };

  let delayMs: number;
  const retryAfter = outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) {
    delayMs = retryAfter * 1000;
    if (delayMs > (backoff.maxRetryAfterMs ?? 60_000)) return { retry: false, reason: 'retry-after-too-long' };
  } else {
    delayMs = backoffDelay(input.attempt, backoff, random);
  }
  if (delayMs >= input.remainingMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}

/** Full-jitter exponential backoff: a random time in [0, min(max, initial × 2^attempt)). */
export function backoffDelay(attempt: number, backoff: RetryBackoff = {}, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxDelayMs ?? 8_000, (backoff.initialDelayMs ?? 500) * 2 ** attempt);
  return Math.floor(random() * cap);
}
