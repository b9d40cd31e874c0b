import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RETENTION_MS, IdempotencyStore } from './idempotency.js';

describe('idempotency store', () => {
  const response = { status: 201, contentType: 'application/json', body: '{"id":"apt_1"}' };

  it('reports a key whose first request has not finished as in progress', () => {
    const store = new IdempotencyStore();
    expect(store.begin('pat_a', 'k', 'fp', 0)).toEqual({ kind: 'proceed' });
    expect(store.begin('pat_a', 'k', 'fp', 1)).toEqual({ kind: 'in-progress' });
    store.complete('pat_a', 'k', response);
    expect(store.begin('pat_a', 'k', 'fp', 2)).toEqual({ kind: 'replay', response });
    expect(store.begin('pat_a', 'k', 'other', 3)).toEqual({ kind: 'reused' });
  });

  it('forgets abandoned keys and keys older than the retention', () => {
    const store = new IdempotencyStore();
    store.begin('pat_a', 'k', 'fp', 0);
    store.abandon('pat_a', 'k');
    expect(store.begin('pat_a', 'k', 'fp', 1)).toEqual({ kind: 'proceed' });
    store.complete('pat_a', 'k', response);
    expect(store.begin('pat_a', 'k', 'fp', IDEMPOTENCY_RETENTION_MS)).toEqual({ kind: 'replay', response });
    expect(store.begin('pat_a', 'k', 'fp', IDEMPOTENCY_RETENTION_MS + 1)).toEqual({ kind: 'proceed' });
  });
});
