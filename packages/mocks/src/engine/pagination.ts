/** Opaque cursor pagination: a cursor encodes the sort key of the last item of the previous page. */
import { JsonText } from './context.js';
import { DomainError, validationFailed } from './problem.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type SortKey = readonly (string | number)[];

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const utf8 = new TextEncoder();

/** Unpadded base64url of the UTF-8 bytes of `text` (what btoa + the URL-safe replacements give, in one pass). */
function toBase64Url(text: string): string {
  const bytes = utf8.encode(text);
  const length = bytes.length;
  let out = '';
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64URL.charAt(n >> 18) + BASE64URL.charAt((n >> 12) & 63) + BASE64URL.charAt((n >> 6) & 63) + BASE64URL.charAt(n & 63);
  }
  if (i < length) {
    const two = i + 1 < length;
    const n = ((bytes[i] ?? 0) << 16) | (two ? (bytes[i + 1] ?? 0) << 8 : 0);
    out += BASE64URL.charAt(n >> 18) + BASE64URL.charAt((n >> 12) & 63) + (two ? BASE64URL.charAt((n >> 6) & 63) : '');
  }
  return out;
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

interface PageOptions<T> {
  keyOf: (item: T) => SortKey;
  limit: number | undefined;
  cursor: string | undefined;
}

/** The items of the page after `cursor`, sorted by `keyOf`, and the cursor of the page after it. */
function selectPage<T>(items: Iterable<T>, options: PageOptions<T>): { items: T[]; nextCursor: string | null } {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw new DomainError(500, 'INTERNAL_ERROR', 'limit escaped validation');
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const keyed: { item: T; key: SortKey }[] = [];
  for (const item of items) keyed.push({ item, key: options.keyOf(item) });
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const start = after === undefined ? 0 : lowerBoundAfter(keyed, after);
  const slice = keyed.slice(start, start + limit);
  const last = slice[slice.length - 1];
  const hasMore = start + limit < keyed.length;
  return { items: slice.map(({ item }) => item), nextCursor: hasMore && last ? encodeCursor(last.key) : null };
}

/**
 * Sorts the matching items by `keyOf` (ascending; negate numbers or use `descending` for newest
 * first) and returns the page after `cursor`.
 */
export function paginate<T, V>(items: Iterable<T>, options: PageOptions<T> & { view: (item: T) => V }): Page<V> {
  const page = selectPage(items, options);
  return { data: page.items.map((item) => options.view(item)), nextCursor: page.nextCursor };
}

/**
 * `paginate` for views that are already JSON text: the same page, as the JSON text
 * `JSON.stringify` would give for it.
 */
export function paginateJson<T>(items: Iterable<T>, options: PageOptions<T> & { viewJson: (item: T) => string }): JsonText {
  const page = selectPage(items, options);
  const cursor = page.nextCursor === null ? 'null' : JSON.stringify(page.nextCursor);
  return new JsonText(`{"data":[${page.items.map((item) => options.viewJson(item)).join(',')}],"nextCursor":${cursor}}`);
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
