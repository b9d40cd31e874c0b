import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFen, fenToYuan, formatFen, percentOfFen, yuanToFen } from '../src/money.js';

const safeFen = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const digits = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });

/** The reference: the decimal text's value in fen as a BigInt, from its digits alone. */
function referenceFen(sign: string, whole: string, fraction: string, rounding: 'exact' | 'half-up'): bigint | undefined {
  const scaled = BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
  const rest = fraction.slice(2);
  let magnitude = scaled;
  if (/[1-9]/.test(rest)) {
    if (rounding === 'exact') return undefined;
    if (Number(rest[0]) >= 5) magnitude += 1n;
  }
  return sign === '-' && magnitude !== 0n ? -magnitude : magnitude;
}

describe('yuanToFen / fenToYuan (exact decimal parsing, never floats)', () => {
  it('round-trips every safe fen amount', () => {
    fc.assert(
      fc.property(safeFen, (fen) => {
        const text = fenToYuan(fen);
        expect(text).toMatch(/^-?[0-9]+\.[0-9]{2}$/);
        expect(yuanToFen(text)).toBe(fen);
      }),
    );
  });

  it('parses any decimal text to the fen its digits say, refusing what is finer than a fen unless asked to round half-up', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '-'), digits(1, 14), digits(0, 6), fc.boolean(), (sign, whole, fraction, withPoint) => {
        const text = `${sign}${whole}${withPoint || fraction !== '' ? `.${fraction === '' ? '0' : fraction}` : ''}`;
        const frac = withPoint || fraction !== '' ? (fraction === '' ? '0' : fraction) : '';
        for (const rounding of ['exact', 'half-up'] as const) {
          const expected = referenceFen(sign, whole, frac, rounding);
          if (expected === undefined) expect(() => yuanToFen(text, { rounding })).toThrow(RangeError);
          else expect(BigInt(yuanToFen(text, { rounding }))).toBe(expected);
        }
      }),
    );
  });

  it('documents the rule on the cases integrators meet', () => {
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('12.500')).toBe(1250);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('-0.05')).toBe(-5);
    expect(yuanToFen('-0.00')).toBe(0);
    expect(Object.is(yuanToFen('-0.00'), -0)).toBe(false);
    expect(() => yuanToFen('12.505')).toThrow(/not a whole number of fen/);
    expect(yuanToFen('12.505', { rounding: 'half-up' })).toBe(1251);
    expect(yuanToFen('12.5049', { rounding: 'half-up' })).toBe(1250);
    expect(yuanToFen('-12.505', { rounding: 'half-up' })).toBe(-1251);
    expect(fenToYuan(1250)).toBe('12.50');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(fenToYuan(0)).toBe('0.00');
  });

  it.each(['', '1e3', ' 12', '12 ', '+12', '12.', '.5', '1,250.00', 'NaN', 'Infinity', '0x10', '١٢', '12.5.0'])('refuses %j', (text) => {
    expect(() => yuanToFen(text)).toThrow(RangeError);
  });

  it('refuses amounts beyond exact integers, and fen that are not safe integers', () => {
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => yuanToFen('90071992547409.92')).toThrow(/beyond the range/);
    expect(() => fenToYuan(12.5)).toThrow(RangeError);
    expect(() => fenToYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('allocateFen (shares that add up to the fen)', () => {
  const weights = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0));

  it('always sums to the total, each share within one fen of its exact proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), weights, (total, ws) => {
        const shares = allocateFen(total, ws);
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total);
        const weightSum = ws.reduce((sum, w) => sum + w, 0);
        shares.forEach((share, index) => {
          expect(Number.isSafeInteger(share)).toBe(true);
          // |share − total·w/W| < 1, checked in integers: |share·W − total·w| < W.
          const off = BigInt(share) * BigInt(weightSum) - BigInt(total) * BigInt(ws[index] ?? 0);
          expect(off < 0n ? -off : off).toBeLessThan(BigInt(weightSum));
          if (ws[index] === 0) expect(share).toBe(0);
        });
      }),
    );
  });

  it('splits a fund / personal-account / cash example the same way every time', () => {
    expect(allocateFen(10_001, [1, 1, 1])).toEqual([3334, 3334, 3333]);
    expect(allocateFen(-100, [1, 2])).toEqual([-33, -67]);
    expect(() => allocateFen(100, [0, 0])).toThrow(RangeError);
    expect(() => allocateFen(100, [1.5])).toThrow(RangeError);
  });
});

describe('percentOfFen (half away from zero, exact)', () => {
  it('equals the exact proportion rounded half up, for any amount and percent', () => {
    fc.assert(
      fc.property(safeFen, fc.integer({ min: 0, max: 100 }), (fen, percent) => {
        const exact = BigInt(Math.abs(fen)) * BigInt(percent);
        const expected = (exact / 100n) + (exact % 100n >= 50n ? 1n : 0n);
        expect(BigInt(Math.abs(percentOfFen(fen, percent)))).toBe(expected);
        expect(Math.sign(percentOfFen(fen, percent))).toBe(expected === 0n ? 0 : Math.sign(fen));
      }),
    );
  });

  it('rounds the half fen up and refuses a fractional percent', () => {
    expect(percentOfFen(1250, 10)).toBe(125);
    expect(percentOfFen(1255, 10)).toBe(126);
    expect(percentOfFen(-1255, 10)).toBe(-126);
    expect(() => percentOfFen(100, 12.5)).toThrow(RangeError);
  });
});

describe('formatFen (amounts for people, exact)', () => {
  it('round-trips every safe fen amount through yuanToFen once the symbol and grouping are stripped', () => {
    fc.assert(
      fc.property(safeFen, (fen) => {
        const text = formatFen(fen);
        expect(text).toMatch(/^-?¥[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2}$/);
        expect(yuanToFen(text.replace('¥', '').replaceAll(',', ''))).toBe(fen);
        expect(formatFen(fen, { currencyDisplay: 'code' })).toBe(text.replace('¥', 'CNY '));
        expect(formatFen(fen, { currencyDisplay: 'none', grouping: false })).toBe(fenToYuan(fen));
      }),
    );
  });

  it('formats the cases people read', () => {
    expect(formatFen(123_450)).toBe('¥1,234.50');
    expect(formatFen(-1)).toBe('-¥0.01');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-0)).toBe('¥0.00');
    expect(formatFen(99_999)).toBe('¥999.99');
    expect(formatFen(100_000)).toBe('¥1,000.00');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(formatFen(Number.MIN_SAFE_INTEGER)).toBe('-¥90,071,992,547,409.91');
    expect(formatFen(123_450, { currencyDisplay: 'code' })).toBe('CNY 1,234.50');
    expect(formatFen(-123_450, { currencyDisplay: 'code' })).toBe('-CNY 1,234.50');
    expect(formatFen(123_450, { symbol: 'RMB ' })).toBe('RMB 1,234.50');
    expect(formatFen(123_450, { symbol: '￥', currencyDisplay: 'code' })).toBe('CNY 1,234.50');
    expect(formatFen(123_450_000, { grouping: false })).toBe('¥1234500.00');
    expect(formatFen(123_450, { currencyDisplay: 'none' })).toBe('1,234.50');
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])('refuses %s fen with a RangeError', (fen) => {
    expect(() => formatFen(fen)).toThrow(/fen must be a safe integer/);
  });
});
