import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidMobile,
  isValidResidentId,
  maskMobile,
  maskResidentId,
  normalizeMobile,
  parseResidentId,
  residentIdCheckCharacter,
} from '../src/identifiers.js';

// The reference list, written out rather than shared with the implementation: GB/T 2260's
// provincial-level codes, and 83 (residence permits for Taiwan residents).
const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
];
const CHECK_ALPHABET = '0123456789X';
const DAY_MS = 24 * 60 * 60 * 1000;

// One fixed "now" for the whole file, so a run near midnight cannot disagree with itself.
const now = new Date();
const chinaToday = new Date(now.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
const daysSince1900 = (Date.parse(`${chinaToday}T00:00:00Z`) - Date.UTC(1900, 0, 1)) / DAY_MS;

const digitString = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** A resident ID built from its parts, with the check character computed by the standard's own arithmetic. */
const residentIds = fc
  .record({
    provinceCode: fc.constantFrom(...PROVINCES),
    rest: digitString(4),
    birthDate: fc.integer({ min: 0, max: daysSince1900 }).map((day) => new Date(Date.UTC(1900, 0, 1) + day * DAY_MS).toISOString().slice(0, 10)),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ provinceCode, rest, birthDate, sequence }) => {
    const first17 = `${provinceCode}${rest}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
    const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (2 ** (17 - i) % 11), 0);
    const id = first17 + CHECK_ALPHABET.charAt((12 - (sum % 11)) % 11);
    return { id, regionCode: `${provinceCode}${rest}`, provinceCode, birthDate, sex: sequence % 2 === 1 ? 'male' : 'female' };
  });

describe('resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('validates every well-formed number and parses it back to its parts', () => {
    fc.assert(
      fc.property(residentIds, ({ id, ...parts }) => {
        expect(isValidResidentId(id, { now })).toBe(true);
        expect(parseResidentId(id, { now })).toEqual(parts);
        expect(residentIdCheckCharacter(id.slice(0, 17))).toBe(id.charAt(17));
      }),
    );
  });

  it('catches every single-character substitution, at every position, to any other character', () => {
    fc.assert(
      fc.property(residentIds, ({ id }) => {
        for (let position = 0; position < 18; position++) {
          for (const replacement of [...CHECK_ALPHABET, 'x', ' ', 'a', '-']) {
            if (replacement === id.charAt(position)) continue;
            const changed = id.slice(0, position) + replacement + id.slice(position + 1);
            expect(isValidResidentId(changed, { now }), changed).toBe(false);
            // Not just some other rule: a changed digit of the body changes the check character,
            // and a changed check character is no longer the body's.
            if (/^\d{17}[\dX]$/.test(changed)) expect(residentIdCheckCharacter(changed.slice(0, 17))).not.toBe(changed.charAt(17));
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('detects every single-digit error by construction: no weight times a difference of 1-9 is 0 mod 11', () => {
    // A changed digit at position i moves the weighted sum by w_i·(b − a). 11 is prime, w_i = 2^(17−i)
    // mod 11 is never 0 and |b − a| is 1..9, so the sum mod 11 — and with it the check character,
    // eleven sums to eleven characters — always changes. Exhaustively, against the implementation:
    for (let position = 0; position < 17; position++) {
      const weight = 2 ** (17 - position) % 11;
      for (let difference = 1; difference <= 9; difference++) expect((weight * difference) % 11).not.toBe(0);
      const checks = new Set<string>();
      for (let digit = 0; digit <= 9; digit++) checks.add(residentIdCheckCharacter('0'.repeat(position) + String(digit) + '0'.repeat(16 - position)));
      expect(checks.size, `position ${position}`).toBe(10);
    }
  });

  it('masks every number to 18 characters that keep the first and last four and never show the birth date', () => {
    fc.assert(
      fc.property(residentIds, ({ id, birthDate }) => {
        const masked = maskResidentId(id);
        expect(masked).toHaveLength(18);
        expect(masked).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked).not.toContain(birthDate.replaceAll('-', ''));
        expect(masked).not.toContain(birthDate.slice(0, 4) + birthDate.slice(5, 7));
      }),
    );
  });

  it('knows the standard’s examples and the platform’s masking', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(parseResidentId('11010519491231002X')).toEqual({ regionCode: '110105', provinceCode: '11', birthDate: '1949-12-31', sex: 'female' });
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    // The standard's second example (PLATFORM.md lists it as valid): a birth in 1880.
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
    expect(isValidResidentId('440524188001010014')).toBe(true);
    expect(parseResidentId('440524188001010014')).toEqual({ regionCode: '440524', provinceCode: '44', birthDate: '1880-01-01', sex: 'male' });
    expect(isValidResidentId('340524198001010013')).toBe(false);
    expect(() => parseResidentId('340524198001010013')).toThrow(/check character/);
  });

  it.each([
    ['too short', '1101051949123100', /17 digits/],
    ['15-digit first-generation numbers', '110105491231002', /17 digits/],
    ['a lower-case x', '11010519491231002x', /17 digits/],
    ['spaces', '110105 19491231 002X', /17 digits/],
    ['an X inside the body', '1101051949123X002X', /17 digits/],
    ['province 00', withCheck('00010519491231002'), /province code/],
    ['province 91', withCheck('91010519491231002'), /province code/],
    ['29 February of a common year', withCheck('11010519000229002'), /calendar date/],
    ['month 13', withCheck('11010519491331002'), /calendar date/],
    ['day 00', withCheck('11010519491200002'), /calendar date/],
    ['a birth before 1800', withCheck('11010517991231002'), /before 1800/],
  ])('refuses %s', (_, id, reason) => {
    expect(isValidResidentId(id)).toBe(false);
    expect(() => parseResidentId(id)).toThrow(RangeError);
    expect(() => parseResidentId(id)).toThrow(reason);
  });

  it('takes digits 7-14 as a birth date exactly when they are a calendar date (checked against Date.UTC)', () => {
    const lastFullYear = Number(chinaToday.slice(0, 4)) - 1;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(1900, 1904, 2000, 2023, 2024), fc.integer({ min: 1900, max: lastFullYear })), (year) => {
        for (let month = 0; month <= 13; month++) {
          for (let day = 0; day <= 32; day++) {
            const date = new Date(Date.UTC(year, month - 1, day));
            const real = month >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
            const id = withCheck(`330102${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}001`);
            expect(isValidResidentId(id, { now }), id).toBe(real);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('accepts 29 February of a leap year, including 2000', () => {
    expect(parseResidentId(withCheck('11010520000229001')).birthDate).toBe('2000-02-29');
    expect(parseResidentId(withCheck('11010519040229001')).birthDate).toBe('1904-02-29');
    expect(isValidResidentId(withCheck('11010519000101001'))).toBe(true);
  });

  it('refuses a birth date after today in China Standard Time (UTC+8)', () => {
    const id = withCheck('11010520240315001');
    // 16:30 UTC on the 14th is already 00:30 on the 15th in Beijing; 15:59 UTC is still the 14th.
    expect(isValidResidentId(id, { now: new Date('2024-03-14T16:30:00Z') })).toBe(true);
    expect(isValidResidentId(id, { now: new Date('2024-03-14T15:59:59Z') })).toBe(false);
    expect(() => parseResidentId(id, { now: new Date('2024-03-14T15:59:59Z') })).toThrow(/in the future/);
    expect(() => isValidResidentId(id, { now: new Date(Number.NaN) })).toThrow(/options.now/);
  });

  it('never puts the number in an error message', () => {
    const mistyped = residentIds.map(({ id }) => `${id.slice(0, 17)}${id.charAt(17) === '0' ? '1' : '0'}`);
    const lookalikes = fc.string({ unit: fc.constantFrom(...'0123456789X'), minLength: 8, maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(mistyped, lookalikes), (id) => {
        fc.pre(!isValidResidentId(id, { now }));
        const error = captureError(() => parseResidentId(id, { now }));
        expect(error).toBeInstanceOf(RangeError);
        expect(error.message).not.toContain(id);
      }),
    );
  });

  it('masks only what has the shape of a number, and refuses a body that is not 17 digits', () => {
    expect(() => maskResidentId('110105194912310')).toThrow(RangeError);
    expect(() => maskResidentId('11010519491231002x')).toThrow(RangeError);
    expect(maskResidentId('110105194912310021')).toBe('1101**********0021'); // a wrong check character still masks
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('1101051949123100X')).toThrow(RangeError);
  });
});

const nationalMobiles = fc.tuple(fc.constantFrom(...'3456789'), digitString(9)).map(([second, rest]) => `1${second}${rest}`);
const separator = fc.constantFrom('', ' ', '-');
/** Any accepted spelling of a national number: country code or none, and separators between the groups. */
const spelledMobiles = fc
  .record({ mobile: nationalMobiles, prefix: fc.constantFrom('', '+86', '86', '0086'), afterPrefix: separator, first: separator, second: separator })
  .map(({ mobile, prefix, afterPrefix, first, second }) => ({
    mobile,
    spelled: `${prefix}${prefix === '' ? '' : afterPrefix}${mobile.slice(0, 3)}${first}${mobile.slice(3, 7)}${second}${mobile.slice(7)}`,
  }));

describe('mainland mobile numbers', () => {
  it('accepts every spelling with a country code and separators, and normalizes it to the same 11 digits', () => {
    fc.assert(
      fc.property(spelledMobiles, ({ mobile, spelled }) => {
        expect(isValidMobile(spelled)).toBe(true);
        expect(normalizeMobile(spelled)).toBe(mobile);
        expect(normalizeMobile(spelled)).toMatch(/^1[3-9]\d{9}$/);
      }),
    );
  });

  it('normalizes idempotently, and accepts exactly what it can normalize', () => {
    fc.assert(
      fc.property(fc.oneof(spelledMobiles.map(({ spelled }) => spelled), fc.string({ unit: fc.constantFrom(...'0123456789+- 86x') })), (value) => {
        if (!isValidMobile(value)) {
          expect(() => normalizeMobile(value)).toThrow(RangeError);
          return;
        }
        const normalized = normalizeMobile(value);
        expect(normalizeMobile(normalized)).toBe(normalized);
        expect(isValidMobile(normalized)).toBe(true);
      }),
    );
  });

  it('masks the middle four digits of every spelling, keeping the length of the national number', () => {
    fc.assert(
      fc.property(spelledMobiles, ({ mobile, spelled }) => {
        const masked = maskMobile(spelled);
        expect(masked).toHaveLength(11);
        expect(masked).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      }),
    );
  });

  it('knows the common cases', () => {
    expect(normalizeMobile('13800138000')).toBe('13800138000');
    expect(normalizeMobile('+86 138 0013 8000')).toBe('13800138000');
    expect(normalizeMobile('0086-138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskMobile('+86 138-0013-8000')).toBe('138****8000');
  });

  it.each([
    '', '12800138000', '1380013800', '138001380001', '10800138000', '+85213800138000', '+8613800138000 ', ' 13800138000',
    '(+86) 13800138000', '+86  13800138000', '138--0013-8000', '138.0013.8000', '+86+13800138000', '138 00138 000', '１３８００１３８０００',
  ])('refuses %j', (value) => {
    expect(isValidMobile(value)).toBe(false);
    expect(() => normalizeMobile(value)).toThrow(RangeError);
    expect(() => maskMobile(value)).toThrow(RangeError);
    if (value.length >= 4) expect(captureError(() => normalizeMobile(value)).message).not.toContain(value);
  });
});

function withCheck(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
