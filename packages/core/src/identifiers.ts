/**
 * The personal identifiers the API carries: the resident identity card number (居民身份证号,
 * GB 11643-1999) and the mainland mobile number (手机号). Both are personal information under PIPL:
 * validate them at the edge, send them as the API expects, show them masked (docs/identifiers.md).
 *
 * On invalid input the `isValid…` functions answer `false`; `parseResidentId`, `maskResidentId`,
 * `normalizeMobile` and `maskMobile` throw a `RangeError` saying what is wrong. The message never
 * contains the value, so it is safe to log.
 */

// ISO 7064 MOD 11-2: digit i (from the left) weighs 2^(17 − i) mod 11; the sum mod 11 indexes the check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;
// The provincial-level codes of GB/T 2260 (the 34 provinces, autonomous regions, municipalities and
// SARs), and 83, which residence permits for Taiwan residents carry in the same number format.
const PROVINCE_CODE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])$/;
const EARLIEST_BIRTH_DATE = '18000101';
// China Standard Time has no daylight saving: a birth date is "today or earlier" at UTC+8.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The parts a resident identity card number encodes. */
export interface ResidentIdParts {
  /** The six-digit administrative division code (GB/T 2260) of the place of first registration, e.g. `110105`. */
  regionCode: string;
  /** Its first two digits: the province, autonomous region, municipality or SAR, e.g. `11` (Beijing). */
  provinceCode: string;
  /** The birth date, `YYYY-MM-DD`. */
  birthDate: string;
  /** From the 17th digit, the last of the sequence number: odd is `male`, even `female`. */
  sex: 'male' | 'female';
}

/** Options of `isValidResidentId` and `parseResidentId`. */
export interface ResidentIdOptions {
  /** The moment a birth date must not be after, as a date in China Standard Time (UTC+8); default the current time. */
  now?: Date;
}

/**
 * The ISO 7064 MOD 11-2 check character (`0`–`9` or `X`) of the first 17 digits of a resident
 * identity card number — to build a number, or to tell a mistyped one from a wrong one.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('The body of a resident ID number is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

function chinaDate(now: Date): string {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError('options.now is not a valid date');
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** What is wrong with a resident ID number, or `undefined` when nothing is. */
function residentIdProblem(value: unknown, options: ResidentIdOptions): string | undefined {
  if (typeof value !== 'string' || !RESIDENT_ID_SHAPE.test(value)) return 'it is not 17 digits and a check character (0-9 or X)';
  if (residentIdCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) return 'its check character does not match (a mistyped digit?)';
  if (!PROVINCE_CODE.test(value.slice(0, 2))) return 'its first two digits are not a province code';
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth)) return 'its digits 7-14 are not a calendar date';
  if (birth < EARLIEST_BIRTH_DATE) return 'its birth date is before 1800';
  if (birth > chinaDate(options.now ?? new Date())) return 'its birth date is in the future';
  return undefined;
}

/**
 * Whether `value` is a resident identity card number: 17 digits and the right check character
 * (upper-case `X`, no spaces), a province code, and a calendar birth date from 1800 to today.
 */
export function isValidResidentId(value: string, options: ResidentIdOptions = {}): boolean {
  return residentIdProblem(value, options) === undefined;
}

/**
 * The region, birth date and sex a resident identity card number encodes. Throws a `RangeError`
 * naming the problem (never the number) when `isValidResidentId` would answer false.
 */
export function parseResidentId(value: string, options: ResidentIdOptions = {}): ResidentIdParts {
  const problem = residentIdProblem(value, options);
  if (problem !== undefined) throw new RangeError(`Not a valid resident ID number: ${problem}`);
  return {
    regionCode: value.slice(0, 6),
    provinceCode: value.slice(0, 2),
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: (value.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * The form in which a resident identity card number is shown: the first four and last four
 * characters, the ten between — the birth date among them — as `*` (`1101**********002X`).
 * Takes anything of the number's shape (17 digits and `0`–`9` or `X`) without checking it further,
 * so that a stored number always has a mask; throws a `RangeError` for anything else.
 */
export function maskResidentId(value: string): string {
  if (typeof value !== 'string' || !RESIDENT_ID_SHAPE.test(value)) {
    throw new RangeError('Not a resident ID number: it is not 17 digits and a check character (0-9 or X)');
  }
  return `${value.slice(0, 4)}**********${value.slice(14)}`;
}

// An optional country code (+86, 0086 or 86), then the 3-4-4 groups of the national number; one
// space or hyphen may follow the country code and separate the groups.
const MOBILE = /^(?:(?:\+|00)?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})$/;
const MOBILE_RULE = 'expected 11 digits 1[3-9]XXXXXXXXX, optionally after +86, 0086 or 86, grouped 3-4-4 by spaces or hyphens';

/**
 * Whether `value` is a mainland mobile number: 11 digits matching `1[3-9]\d{9}`, optionally after
 * `+86`, `0086` or `86`, with one optional space or hyphen after the country code and between the
 * 3-4-4 groups (`+86 138-0013-8000`). Nothing else: no brackets, dots or surrounding whitespace.
 */
export function isValidMobile(value: string): boolean {
  return typeof value === 'string' && MOBILE.test(value);
}

/**
 * The 11-digit national form the API expects (`^1[3-9]\d{9}$`) of any form `isValidMobile`
 * accepts: `+86 138-0013-8000` → `13800138000`. Throws a `RangeError` (without the value) for
 * anything else. For E.164, prefix `+86`.
 */
export function normalizeMobile(value: string): string {
  const match = typeof value === 'string' ? MOBILE.exec(value) : null;
  if (!match) throw new RangeError(`Not a mainland mobile number: ${MOBILE_RULE}`);
  return `${match[1] ?? ''}${match[2] ?? ''}${match[3] ?? ''}`;
}

/** The form in which a mobile number is shown: normalized, its middle four digits as `*` (`138****8000`). */
export function maskMobile(value: string): string {
  const mobile = normalizeMobile(value);
  return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
}
