/**
 * Fuzz cases of one operation, derived from its spec entry alone: valid requests (biased toward
 * the documented examples and the seeded ids the spec mentions) and known-invalid requests, each
 * carrying what the platform must answer. Field mutations walk the body schema to any depth and
 * every query, path and header parameter; whole-request mutations break the JSON, the content
 * type, the presence of the body, or put hostile strings where ids go.
 */
import fc from 'fast-check';
import {
  exampleValuesFor,
  hostileRawSegments,
  hostileStrings,
  invalidValues,
  resolve,
  typesOf,
  unknownNames,
  validValue,
  type Carrier,
  type Schema,
} from './fuzz-arbitraries.js';
import { failurePointers, pointerOf } from './fuzz-oracle.js';
import type { Identity, RequestParts, SpecOperation, SpecParameter } from './spec.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the platform must answer, beyond what every answer must satisfy. */
export type Expectation =
  /** A valid request: any documented answer (2xx, or a refusal that changes nothing). */
  | { type: 'any' }
  /** A valid request whose media type is spelled differently (case, charset): never 415. */
  | { type: 'acceptable-media-type' }
  /** 400/422 problem+json whose `errors[]` names `pointer` (with `fieldCode` when given). */
  | { type: 'validation'; pointer: string; fieldCode?: string }
  /** 415 UNSUPPORTED_MEDIA_TYPE. */
  | { type: 'unsupported-media-type' }
  /** A hostile path id: 404, or 400 naming the parameter. Never 2xx. */
  | { type: 'refused-path-id'; pointer: string }
  /** A hostile id a body field refers to: refused with a 4xx. */
  | { type: 'refused-reference'; pointer: string }
  /** A hostile query filter: if the list answers, no item carries a different value of the field. */
  | { type: 'filter'; name: string; value: string };

export type CaseKind = 'valid' | 'invalid' | 'hostile';

export interface FuzzCase {
  kind: CaseKind;
  /** What was done, e.g. `body/slots/0/capacity above-maximum`, `malformed-json`. */
  label: string;
  /** Which working call (documented example + its caller) the case starts from. */
  call: number;
  parts: RequestParts;
  /** Path parameters put on the wire exactly as given (no percent-encoding). */
  rawPath?: Record<string, string>;
  /** Send an `Idempotency-Key` the runner makes fresh (valid cases only). */
  freshIdempotencyKey: boolean;
  expect: Expectation;
}

export interface BaseCall {
  identity: Identity | undefined;
  parts: RequestParts;
}

/** A place in the request a mutation can target. */
interface Site {
  location: 'body' | 'query' | 'path' | 'header';
  /** Segments below the location (body) or the parameter name. */
  segments: (string | number)[];
  pointer: string;
  schema: Schema;
  rawSchema: unknown;
  required: boolean;
  name: string;
}

const MAX_DEPTH = 6;

/** Every field of a body schema, to any depth (array items as index 0), with its pointer. */
function bodySites(schemaIn: unknown, segments: (string | number)[], required: boolean, depth: number, out: Site[]): Site[] {
  const schema = resolve(schemaIn);
  const name = String(segments[segments.length - 1] ?? 'body');
  out.push({ location: 'body', segments, pointer: pointerOf('/body', segments), schema, rawSchema: schemaIn, required, name });
  if (depth >= MAX_DEPTH || Array.isArray(schema['oneOf'])) return out;
  const types = typesOf(schema) ?? [];
  if (types.includes('object') && isObject(schema['properties'])) {
    const requiredNames = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
    for (const [property, sub] of Object.entries(schema['properties'])) {
      bodySites(sub, [...segments, property], requiredNames.includes(property), depth + 1, out);
    }
  }
  // An array item is never "missing" (removing it would break the array's bounds instead).
  if (types.includes('array') && schema['items'] !== undefined) bodySites(schema['items'], [...segments, 0], false, depth + 1, out);
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Sets (or, with `remove`, deletes) the value at `segments` inside a full body. */
function setIn(body: unknown, segments: readonly (string | number)[], value: unknown, remove = false): unknown {
  if (segments.length === 0) return value;
  const root = clone(body);
  let node: unknown = root;
  for (const segment of segments.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
  const last = segments[segments.length - 1] as string | number;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, unknown>)[String(last)];
  } else if (Array.isArray(node)) {
    node[Number(last)] = value;
  } else {
    // defineProperty, so a key like `__proto__` becomes an own property and is serialised.
    Object.defineProperty(node, String(last), { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const headerSafe = (value: unknown): boolean => typeof value === 'string' && /^[\x20-\x7e]*$/.test(value) && value.trim() === value;

export interface OperationModel {
  op: SpecOperation;
  calls: BaseCall[];
  arbitrary: fc.Arbitrary<FuzzCase>;
  /** Every mutation label the model can produce (for coverage reports). */
  labels: string[];
}

/** All the fuzz cases of one operation. `calls` are its working examples with their callers. */
export function operationModel(op: SpecOperation, calls: BaseCall[]): OperationModel {
  if (calls.length === 0) throw new Error(`${op.operationId}: no working call to start from`);
  const json = op.body?.mediaType === 'application/json';
  const bodyCarrier: Carrier = json ? 'json' : 'text';
  const callIndex = fc.integer({ min: 0, max: calls.length - 1 });
  const byLocation = (location: SpecParameter['in']) => op.parameters.filter((p) => p.in === location);
  const queryParams = byLocation('query');
  const pathParams = byLocation('path');
  const headerParams = byLocation('header');

  // ── Valid requests ──
  const pathArb = (full: boolean) =>
    fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          full
            ? fc.constant(String(p.example))
            : validValue(p.schema, { hints: [p.example, ...exampleValuesFor(p.name)] }).map(String).filter((v) => v !== '.' && v !== '..'),
        ]),
      ) as Record<string, fc.Arbitrary<string>>,
      { noNullPrototype: true },
    );
  const queryArb = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, validValue(p.schema, { hints: [p.example, ...exampleValuesFor(p.name)] })])),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name), noNullPrototype: true },
  );
  const bodyExamples = calls.flatMap((call) => (call.parts.body === undefined ? [] : [call.parts.body]));
  const bodyArb = (full: boolean): fc.Arbitrary<unknown> => {
    if (!op.body) return fc.constant(undefined);
    const generated = validValue(op.body.schema, { hints: bodyExamples, full });
    if (full) return generated;
    const documented = bodyExamples.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...bodyExamples) }] : [];
    const absent = op.body.required ? [] : [{ weight: 1, arbitrary: fc.constant(undefined) }];
    return fc.oneof(...documented, { weight: 3, arbitrary: generated }, ...absent);
  };
  /** The example's own path ids and body, or generated ones. */
  const partsArb = (full: boolean): fc.Arbitrary<{ call: number; parts: RequestParts }> =>
    fc.tuple(callIndex, fc.boolean(), pathArb(full), queryArb, bodyArb(full), fc.boolean()).map(([call, useExample, path, query, body, exampleBody]) => {
      const base = (calls[call] as BaseCall).parts;
      const chosenBody = full ? body : exampleBody && base.body !== undefined ? base.body : body;
      // A full base (for mutations) is the documented request with every body field present.
      const parts: RequestParts = { path: useExample || full ? { ...base.path } : path, query: useExample || full ? { ...base.query } : query };
      if (chosenBody !== undefined) parts.body = chosenBody;
      return { call, parts };
    });

  // Equivalent spellings of the operation's media type (case-insensitive, with a charset).
  const mediaType = op.body?.mediaType ?? '';
  const spellings = [`${mediaType}; charset=utf-8`, mediaType.toUpperCase(), `${mediaType};charset=UTF-8`];
  const valid: fc.Arbitrary<FuzzCase> = fc
    .tuple(partsArb(false), fc.boolean(), fc.option(fc.constantFrom(...spellings), { freq: 6 }))
    .map(([{ call, parts }, key, spelling]): FuzzCase => {
      const common = { kind: 'valid' as const, call, freshIdempotencyKey: op.idempotent && key };
      if (spelling === null || parts.body === undefined || !op.body) return { ...common, label: 'valid', parts, expect: { type: 'any' } };
      const text = json ? JSON.stringify(parts.body) : new URLSearchParams(parts.body as Record<string, string>).toString();
      return { ...common, label: 'valid media-type-spelling', parts: { path: parts.path, query: parts.query, raw: { text, contentType: spelling } }, expect: { type: 'acceptable-media-type' } };
    });

  // ── Field mutations: a full valid request with one field broken ──
  const invalid: { label: string; arb: fc.Arbitrary<FuzzCase> }[] = [];
  const mutate = (label: string, mutation: fc.Arbitrary<(parts: RequestParts) => RequestParts>, expect: (parts: RequestParts) => Expectation, kind: CaseKind = 'invalid', raw?: (parts: RequestParts) => Record<string, string>) => {
    invalid.push({
      label,
      arb: fc.tuple(partsArb(true), mutation).map(([{ call, parts }, apply]) => {
        const mutated = apply(parts);
        const out: FuzzCase = { kind, label, call, parts: mutated, freshIdempotencyKey: op.idempotent, expect: expect(mutated) };
        if (raw) out.rawPath = raw(mutated);
        return out;
      }),
    });
  };

  if (op.body) {
    const sites = bodySites(op.body.schema, [], op.body.required, 0, []);
    for (const site of json ? sites : sites.filter((s) => s.segments.length <= 1)) {
      const at = site.segments.join('/') || '(root)';
      const expectAt = (fieldCode?: string) => (): Expectation => ({ type: 'validation', pointer: site.pointer, ...(fieldCode ? { fieldCode } : {}) });
      // Missing: a required property (or a required body) absent.
      if (site.required) {
        if (site.segments.length === 0) {
          mutate('body missing', fc.constant((parts) => ({ path: parts.path, query: parts.query })), expectAt());
        } else {
          mutate(`body/${at} missing`, fc.constant((parts) => ({ ...parts, body: setIn(parts.body, site.segments, undefined, true) })), expectAt());
        }
      }
      if (site.segments.length > 0 || json) {
        for (const { kind, arb } of invalidValues(site.rawSchema, bodyCarrier)) {
          mutate(`body/${at} ${kind}`, arb.map((value) => (parts: RequestParts) => ({ ...parts, body: setIn(parts.body, site.segments, value) })), expectAt());
        }
      }
      // Unknown property of a closed object.
      const properties = isObject(site.schema['properties']) ? Object.keys(site.schema['properties']) : [];
      if (site.schema['additionalProperties'] === false) {
        mutate(
          `body/${at} unknown-property`,
          fc.tuple(unknownNames(properties), json ? fc.constantFrom<unknown>('x', 1, null, {}) : fc.constant('x')).map(
            ([name, value]) => (parts: RequestParts) => ({ ...parts, body: setIn(parts.body, [...site.segments, name], value) }),
          ),
          (parts) => {
            const body = parts.body as Record<string, unknown>;
            const container = site.segments.reduce<unknown>((node, s) => (node as Record<string | number, unknown>)[s], body) as Record<string, unknown>;
            const name = Object.keys(container).find((k) => !properties.includes(k)) ?? '';
            return { type: 'validation', pointer: pointerOf(site.pointer, [name]), fieldCode: 'unknown' };
          },
        );
      }
    }
    // Whole body: malformed JSON, wrong content type.
    if (json) {
      const malformed = fc
        .oneof(
          fc.constantFrom('{', '{"a":}', '[1,]', "{'a':1}", 'NaN', '{"a":1}}', '\u0000', 'undefined', '   ', '{"a":1,}', '"unterminated', 'tru', '{"a":01}'),
          fc.tuple(validValue(op.body.schema), fc.nat()).map(([value, cut]) => {
            const text = JSON.stringify(value);
            return text.slice(0, cut % Math.max(text.length, 1));
          }),
        )
        .filter((text) => {
          if (text.length === 0) return false;
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        });
      mutate(
        'malformed-json',
        malformed.map((text) => (parts: RequestParts) => ({ path: parts.path, query: parts.query, raw: { text, contentType: op.body?.mediaType ?? '' } })),
        () => ({ type: 'validation', pointer: '/body', fieldCode: 'malformed' }),
      );
    }
    const otherTypes = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/json', 'application/x-www-form-urlencoded', 'application/json', 'application/octet-stream'].filter(
      (type) => type !== op.body?.mediaType,
    );
    mutate(
      'wrong-content-type',
      fc.constantFrom(...otherTypes).map((contentType) => (parts: RequestParts) => {
        const value = parts.body ?? {};
        const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
        const text = op.body?.mediaType === 'application/x-www-form-urlencoded' ? JSON.stringify(value) : new URLSearchParams(fields).toString() || 'a=b';
        return { path: parts.path, query: parts.query, raw: { text, contentType } };
      }),
      () => ({ type: 'unsupported-media-type' }),
    );
    // Hostile strings in id fields of the body (a field named …Id refers to a resource; `his…Id`
    // fields carry the hospital HIS's own identifiers, which the platform stores, not resolves).
    for (const site of sites) {
      if (!/Id$/.test(site.name) || /^his[A-Z]/.test(site.name) || !(typesOf(site.schema) ?? []).includes('string')) continue;
      const example = exampleValuesFor(site.name).find((v): v is string => typeof v === 'string');
      mutate(
        `body/${site.segments.join('/')} hostile-id`,
        fc.constantFrom(...hostileStrings(example)).map((value) => (parts: RequestParts) => ({ ...parts, body: setIn(parts.body, site.segments, value) })),
        () => ({ type: 'refused-reference', pointer: site.pointer }),
        'hostile',
      );
    }
  }

  for (const p of queryParams) {
    const pointer = pointerOf('/query', [p.name]);
    for (const { kind, arb } of invalidValues(p.schema, 'query')) {
      const label = kind === 'above-maximum' && /limit/i.test(p.name) ? `query/${p.name} huge-page-size` : `query/${p.name} ${kind}`;
      mutate(label, arb.map((value) => (parts: RequestParts) => ({ ...parts, query: { ...parts.query, [p.name]: value } })), () => ({ type: 'validation', pointer }));
    }
    if (p.required) {
      mutate(`query/${p.name} missing`, fc.constant((parts: RequestParts) => ({ ...parts, query: Object.fromEntries(Object.entries(parts.query).filter(([k]) => k !== p.name)) })), () => ({ type: 'validation', pointer }));
    }
    if (/Id$/.test(p.name) && (typesOf(p.schema) ?? []).includes('string')) {
      mutate(
        `query/${p.name} hostile-id`,
        fc.constantFrom(...hostileStrings(typeof p.example === 'string' ? p.example : undefined)).map((value) => (parts: RequestParts) => ({ ...parts, query: { ...parts.query, [p.name]: value } })),
        (parts) => ({ type: 'filter', name: p.name, value: String(parts.query[p.name]) }),
        'hostile',
      );
    }
  }
  mutate(
    'query unknown-parameter',
    fc.tuple(unknownNames(queryParams.map((p) => p.name)), fc.constantFrom('1', 'x', '')).map(([name, value]) => (parts: RequestParts) => ({ ...parts, query: { ...parts.query, [name]: value } })),
    (parts) => ({ type: 'validation', pointer: pointerOf('/query', [Object.keys(parts.query).find((k) => !queryParams.some((p) => p.name === k)) ?? '']), fieldCode: 'unknown' }),
  );

  for (const p of pathParams) {
    const pointer = pointerOf('/path', [p.name]);
    // An empty segment never reaches the operation (the router answers 404), so it is hostile, not a field error.
    for (const { kind, arb } of invalidValues(p.schema, 'text').filter((m) => m.kind !== 'too-short')) {
      mutate(`path/${p.name} ${kind}`, arb.map((value) => (parts: RequestParts) => ({ ...parts, path: { ...parts.path, [p.name]: String(value) } })), () => ({ type: 'validation', pointer }));
    }
    const example = typeof p.example === 'string' ? p.example : undefined;
    mutate(
      `path/${p.name} hostile-id`,
      fc.constantFrom(...hostileStrings(example), '').map((value) => (parts: RequestParts) => ({ ...parts, path: { ...parts.path, [p.name]: value } })),
      () => ({ type: 'refused-path-id', pointer }),
      'hostile',
    );
    mutate(
      `path/${p.name} hostile-raw-segment`,
      fc.constantFrom(...hostileRawSegments(example)).map((value) => (parts: RequestParts) => ({ ...parts, path: { ...parts.path, [p.name]: value } })),
      () => ({ type: 'refused-path-id', pointer }),
      'hostile',
      (parts) => ({ [p.name]: parts.path[p.name] ?? '' }),
    );
  }

  for (const p of headerParams) {
    const pointer = pointerOf('/headers', [p.name.toLowerCase()]);
    for (const { kind, arb } of invalidValues(p.schema, 'text')) {
      mutate(
        `header/${p.name} ${kind}`,
        arb.filter(headerSafe).map((value) => (parts: RequestParts) => ({ ...parts, headers: { ...parts.headers, [p.name]: String(value) } })),
        () => ({ type: 'validation', pointer }),
      );
    }
    if (p.required) {
      mutate(`header/${p.name} missing`, fc.constant((parts: RequestParts) => parts), () => ({ type: 'validation', pointer }));
    }
  }

  const labels = [...(op.body ? ['valid media-type-spelling'] : []), ...invalid.map((m) => m.label)];
  const fieldMutations = invalid.filter((m) => !/hostile|malformed|content-type|body missing|unknown-parameter/.test(m.label));
  const wholeRequest = invalid.filter((m) => /malformed|content-type|body missing|unknown-parameter/.test(m.label));
  const hostile = invalid.filter((m) => /hostile/.test(m.label));
  const groups: fc.WeightedArbitrary<FuzzCase>[] = [{ weight: 30, arbitrary: valid }];
  if (fieldMutations.length > 0) groups.push({ weight: 40, arbitrary: fc.oneof(...fieldMutations.map((m) => m.arb)) });
  if (wholeRequest.length > 0) groups.push({ weight: 15, arbitrary: fc.oneof(...wholeRequest.map((m) => m.arb)) });
  if (hostile.length > 0) groups.push({ weight: 15, arbitrary: fc.oneof(...hostile.map((m) => m.arb)) });
  return { op, calls, arbitrary: fc.oneof(...groups), labels };
}

/**
 * Confirms, with the suite's own schema oracle, that a body mutation really breaks the body at
 * the pointer the case expects — a generator bug must never pass for a platform defect.
 */
export function confirmBodyMutation(op: SpecOperation, c: FuzzCase): string | undefined {
  if (c.kind !== 'invalid' || c.expect.type !== 'validation' || !c.expect.pointer.startsWith('/body/') || !op.body || c.parts.raw) return undefined;
  const pointers = failurePointers(op.body.schema, c.parts.body, '/body');
  return pointers.includes(c.expect.pointer) ? undefined : `generator bug: ${c.label} did not break ${c.expect.pointer} (oracle: ${pointers.join(', ') || 'valid'})`;
}
