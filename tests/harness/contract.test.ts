import { describe, expect, it } from 'vitest';
import { operations, workingCalls } from './spec.js';

// Contract: every operation, called with its documented example request(s) against the seeded
// world, answers its documented success status with a body that validates against the spec
// (the platform runs with validateResponses, which throws on any mismatch). An operation without
// a working example fails here.
describe('contract: every operation works with its documented examples', () => {
  it('covers every operation of the spec', () => {
    console.log(`contract: ${operations.length} operations`);
    expect(operations.length).toBeGreaterThanOrEqual(28);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (_, op) => {
    const results = await workingCalls(op);
    expect(results.length).toBeGreaterThan(0);
    for (const { call, tried } of results) {
      expect(call, `no sandbox caller made the example succeed:\n${tried.join('\n')}`).toBeDefined();
      expect(call?.answer.status).toBe(op.successStatus);
      expect(call?.answer.headers.get('x-request-id')).toMatch(/^req_/);
    }
  });
});
