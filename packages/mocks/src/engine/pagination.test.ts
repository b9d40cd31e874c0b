import { describe, expect, it } from 'vitest';
import { DomainError } from './problem.js';
import { decodeCursor, encodeCursor, paginate } from './pagination.js';

describe('cursor pagination', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ id: `x_${i}`, at: 7 - i }));

  it('walks every item once, in key order, and ends with a null cursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = paginate(items, { keyOf: (item) => [item.at, item.id], view: (item) => item.id, limit: 3, cursor });
      seen.push(...page.data);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['x_6', 'x_5', 'x_4', 'x_3', 'x_2', 'x_1', 'x_0']);
  });

  it('round-trips opaque cursors and rejects foreign ones at /query/cursor', () => {
    expect(decodeCursor(encodeCursor([5, 'slt_a']))).toEqual([5, 'slt_a']);
    try {
      decodeCursor('not-a-cursor');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).extra.errors).toEqual([{ pointer: '/query/cursor', code: 'malformed', message: expect.any(String) }]);
    }
  });
});
