/**
 * Money in fen (分), never in floating point. The API carries integer fen (`amountFen`); decimal
 * yuan (元) appear only at the edges — national-insurance settlement files, HIS price lists — and
 * are converted here by exact decimal parsing of their text: `0.1 + 0.2` never happens.
 *
 * The conversion rule (docs/money.md):
 * - a yuan amount is text matching `-?[0-9]+(\.[0-9]+)?` — no exponent, spaces, grouping or `+`;
 * - `exact` (the default): at most two significant decimals; anything finer is refused, never
 *   silently rounded (`12.500` is 1250 fen, `12.505` is an error);
 * - `half-up`: rounds to the fen half away from zero (四舍五入), for computed amounts such as a
 *   unit price times a fraction;
 * - the result is a safe integer (|fen| ≤ 2^53 − 1), or the conversion fails.
 */

const YUAN = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** How `yuanToFen` treats digits finer than a fen: refuse them (`exact`) or round half away from zero (`half-up`). */
export type YuanRounding = 'exact' | 'half-up';

/** Converts decimal yuan text to integer fen by exact decimal parsing (see the rule above). */
export function yuanToFen(yuan: string, options: { rounding?: YuanRounding } = {}): number {
  const match = YUAN.exec(yuan);
  if (!match) throw new RangeError(`Not a decimal yuan amount: ${JSON.stringify(yuan)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const cents = fraction.slice(0, 2).padEnd(2, '0');
  const rest = fraction.slice(2);
  let fen = BigInt(whole) * 100n + BigInt(cents);
  if (/[1-9]/.test(rest)) {
    if ((options.rounding ?? 'exact') === 'exact') {
      throw new RangeError(`${yuan} yuan is not a whole number of fen; pass { rounding: 'half-up' } to round it`);
    }
    // Half away from zero: the magnitude rounds up when the first dropped digit is 5 or more.
    if (rest.charCodeAt(0) >= 53) fen += 1n;
  }
  if (sign === '-') fen = -fen;
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${yuan} yuan is beyond the range of exact fen amounts`);
  }
  // `-0` is not an amount: a negative zero comes out as 0.
  return Number(fen) + 0;
}

function assertFen(fen: number, name = 'fen'): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${name} must be a safe integer, got ${String(fen)}`);
}

/** Formats integer fen as decimal yuan text with two decimals: 1250 → `"12.50"`, -5 → `"-0.05"`. */
export function fenToYuan(fen: number): string {
  assertFen(fen);
  const magnitude = BigInt(Math.abs(fen));
  const whole = magnitude / 100n;
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${fen < 0 ? '-' : ''}${whole.toString()}.${cents}`;
}

/**
 * Splits `totalFen` in proportion to integer `weights` so that the shares add up to the total
 * exactly (the largest-remainder method; ties go to the earlier share). Each share is the exact
 * proportion rounded down or up, never further off. A negative total is split as its magnitude and
 * every share negated.
 */
export function allocateFen(totalFen: number, weights: readonly number[]): number[] {
  assertFen(totalFen, 'totalFen');
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights[${index}] must be a non-negative safe integer`);
  });
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) throw new RangeError('weights must not all be zero');
  const total = BigInt(Math.abs(totalFen));
  const shares = weights.map((weight) => (total * BigInt(weight)) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (total * BigInt(weight)) % weightSum }));
  let left = total - shares.reduce((sum, share) => sum + share, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map((share) => (totalFen < 0 ? -Number(share) : Number(share)) + 0);
}

/**
 * `percent` % of `amountFen`, rounded to the fen half away from zero, in exact integer arithmetic: a
 * co-pay, a fund's share, a discount. `percent` is an integer from 0 to 100.
 */
export function percentOfFen(amountFen: number, percent: number): number {
  assertFen(amountFen, 'amountFen');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError(`percent must be an integer from 0 to 100, got ${String(percent)}`);
  const scaled = BigInt(Math.abs(amountFen)) * BigInt(percent);
  const magnitude = (scaled + 50n) / 100n;
  return (amountFen < 0 ? -Number(magnitude) : Number(magnitude)) + 0;
}

/** Options of `formatFen`. */
export interface FormatFenOptions {
  /** `'symbol'` (the default) puts `symbol` before the amount, `'code'` puts `CNY `, `'none'` nothing. */
  currencyDisplay?: 'symbol' | 'code' | 'none';
  /** The symbol of `currencyDisplay: 'symbol'`; default `¥`. */
  symbol?: string;
  /** Whether the yuan are grouped by thousands with commas (`1,234.50`); default true. */
  grouping?: boolean;
}

/**
 * Formats integer fen as an amount for people, in exact integer arithmetic: 123450 → `¥1,234.50`,
 * −1 → `-¥0.01`, with `{ currencyDisplay: 'code' }` `CNY 1,234.50`. The sign comes first; there are
 * always two decimals. Throws a `RangeError` unless `fen` is a safe integer.
 */
export function formatFen(fen: number, options: FormatFenOptions = {}): string {
  const yuan = fenToYuan(fen);
  const negative = yuan.startsWith('-');
  const amount = negative ? yuan.slice(1) : yuan;
  const grouped = (options.grouping ?? true) ? amount.replace(/\B(?=(?:[0-9]{3})+\.)/g, ',') : amount;
  const display = options.currencyDisplay ?? 'symbol';
  const currency = display === 'code' ? 'CNY ' : display === 'none' ? '' : (options.symbol ?? '¥');
  return `${negative ? '-' : ''}${currency}${grouped}`;
}
