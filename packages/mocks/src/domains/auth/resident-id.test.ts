import { describe, expect, it } from 'vitest';
import { isValidResidentId, makeResidentId, maskResidentId } from './resident-id.js';

describe('resident ID (GB 11643)', () => {
  it('accepts the documented valid numbers and rejects the invalid one', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('440524188001010014')).toBe(true);
    expect(isValidResidentId('340524198001010013')).toBe(false);
    expect(isValidResidentId('1101051949123100')).toBe(false);
  });

  it('masks all but the first and last four characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });

  it('builds numbers that validate', () => {
    expect(makeResidentId('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });
});
