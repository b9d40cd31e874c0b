import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRetry, type AttemptOutcome, type RetryInput } from '../src/index.js';

// The retry decision table (method × status × key × attempt), checked as properties over every
// combination fast-check can think of, with the jitter's random number drawn too.
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];
const METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST', 'PATCH'];
const SAFE_TO_REPEAT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const outcome: fc.Arbitrary<AttemptOutcome> = fc.oneof(
  fc.constantFrom<AttemptOutcome>({ kind: 'connection' }, { kind: 'timeout' }, { kind: 'abort' }),
  fc.record({
    kind: fc.constant('response' as const),
    status: fc.oneof(fc.constantFrom(...RETRYABLE_STATUSES, 409, 400, 401, 403, 404, 415, 422, 501), fc.integer({ min: 400, max: 599 })),
    code: fc.constantFrom(undefined, 'IDEMPOTENCY_IN_PROGRESS', 'SLOT_UNAVAILABLE', 'RATE_LIMITED'),
    retryAfterSeconds: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  }),
);

const input: fc.Arbitrary<RetryInput> = fc.record({
  method: fc.constantFrom(...METHODS),
  idempotencyKey: fc.boolean(),
  attempt: fc.integer({ min: 0, max: 10 }),
  maxRetries: fc.integer({ min: 0, max: 10 }),
  outcome,
  remainingMs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 200_000 })),
});
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const retryableOutcome = (o: AttemptOutcome): boolean =>
  o.kind === 'connection' ||
  o.kind === 'timeout' ||
  (o.kind === 'response' && (RETRYABLE_STATUSES.includes(o.status) || (o.status === 409 && o.code === 'IDEMPOTENCY_IN_PROGRESS')));

describe('decideRetry (the retry decision table)', () => {
  it('retries exactly when the failure is retryable, the request is safe to repeat, retries remain and the wait fits', () => {
    fc.assert(
      fc.property(input, random, (facts, r) => {
        const decision = decideRetry(facts, {}, () => r);
        const retryAfter = facts.outcome.kind === 'response' ? facts.outcome.retryAfterSeconds : undefined;
        const wait = retryAfter !== undefined ? retryAfter * 1000 : Math.floor(r * Math.min(8_000, 500 * 2 ** facts.attempt));
        const expected =
          retryableOutcome(facts.outcome) &&
          (SAFE_TO_REPEAT.has(facts.method) || facts.idempotencyKey) &&
          facts.attempt < facts.maxRetries &&
          (retryAfter === undefined || retryAfter <= 60) &&
          wait < facts.remainingMs;
        expect(decision.retry).toBe(expected);
        if (decision.retry) expect(decision.delayMs).toBe(wait);
      }),
      { numRuns: 5_000 },
    );
  });

  it('never repeats a POST or PATCH without an Idempotency-Key, whatever went wrong', () => {
    fc.assert(
      fc.property(input, (facts) => {
        const decision = decideRetry({ ...facts, method: facts.attempt % 2 ? 'POST' : 'PATCH', idempotencyKey: false });
        expect(decision.retry).toBe(false);
      }),
    );
  });

  it('never retries a caller abort or a business-rule status', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(400, 401, 403, 404, 415, 422, 501), (facts, status) => {
        expect(decideRetry({ ...facts, outcome: { kind: 'abort' } }).retry).toBe(false);
        expect(decideRetry({ ...facts, outcome: { kind: 'response', status, code: 'SLOT_UNAVAILABLE' } }).retry).toBe(false);
        expect(decideRetry({ ...facts, outcome: { kind: 'response', status: 409, code: 'SLOT_UNAVAILABLE' } }).retry).toBe(false);
      }),
    );
  });

  it('waits with full jitter below min(8 s, 0.5 s × 2^attempt), and honours Retry-After up to 60 s exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), random, fc.integer({ min: 0, max: 60 }), (attempt, r, seconds) => {
        const base = { method: 'GET', idempotencyKey: false, attempt, maxRetries: 31, remainingMs: Infinity };
        const jittered = decideRetry({ ...base, outcome: { kind: 'connection' } }, {}, () => r);
        expect(jittered.retry && jittered.delayMs).toBeGreaterThanOrEqual(0);
        expect(jittered.retry && jittered.delayMs).toBeLessThan(Math.min(8_000, 500 * 2 ** attempt));
        const told = decideRetry({ ...base, outcome: { kind: 'response', status: 429, retryAfterSeconds: seconds } }, {}, () => r);
        expect(told).toEqual({ retry: true, delayMs: seconds * 1000 });
        expect(decideRetry({ ...base, outcome: { kind: 'response', status: 429, retryAfterSeconds: 61 } })).toEqual({
          retry: false,
          reason: 'retry-after-too-long',
        });
      }),
    );
  });

  it('names why it stops', () => {
    const base = { method: 'POST', idempotencyKey: true, attempt: 0, maxRetries: 2, remainingMs: Infinity } as const;
    expect(decideRetry({ ...base, outcome: { kind: 'response', status: 400 } })).toEqual({ retry: false, reason: 'not-retryable' });
    expect(decideRetry({ ...base, idempotencyKey: false, outcome: { kind: 'timeout' } })).toEqual({ retry: false, reason: 'not-idempotent' });
    expect(decideRetry({ ...base, attempt: 2, outcome: { kind: 'timeout' } })).toEqual({ retry: false, reason: 'exhausted' });
    expect(decideRetry({ ...base, remainingMs: 10, outcome: { kind: 'response', status: 503, retryAfterSeconds: 1 } })).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });
});
