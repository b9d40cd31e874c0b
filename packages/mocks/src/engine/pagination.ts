/** Opaque cursor pagination: a cursor encodes the sort key of the last item of the previous page. */
import { DomainError, validationFailed } from './problem.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type SortKey = readonly (string | number)[];

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(key: SortKey): string {
  return toBase64Url(JSON.stringify(['c1', ...key]));
}

export function decodeCursor(cursor: string): SortKey {
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(cursor));
    if (
      Array.isArray(parsed) &&
      parsed[0] === 'c1' &&
      parsed.length > 1 &&
      parsed.slice(1).every((part) => typeof part === 'string' || typeof part === 'number')
    ) {
      return parsed.slice(1) as SortKey;
    }
  } catch {
    // fall through to the validation error
  }
  throw validationFailed([{ pointer: '/query/cursor', code: 'malformed', message: 'is not a cursor this list returned' }]);
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Sorts the matching items by `keyOf` (ascending; negate numbers or use `descending` for newest
 * first) and returns the page after `cursor`.
 */
export function paginate<T, V>(
  items: Iterable<T>,
  options: { keyOf: (item: T) => SortKey; view: (item: T) => V; limit: number | undefined; cursor: string | undefined },
): Page<V> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw new DomainError(500, 'INTERNAL_ERROR', 'limit escaped validation');
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const keyed = [...items].map((item) => ({ item, key: options.keyOf(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const start = after === undefined ? 0 : lowerBoundAfter(keyed, after);
  const slice = keyed.slice(start, start + limit);
  const last = slice[slice.length - 1];
  const hasMore = start + limit < keyed.length;
  return { data: slice.map(({ item }) => options.view(item)), nextCursor: hasMore && last ? encodeCursor(last.key) : null };
}

function lowerBoundAfter(sorted: { key: SortKey }[], after: SortKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const entry = sorted[mid];
    if (entry && compareKeys(entry.key, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
