/**
 * The fuzz suite's own reading of the spec's schemas: an ajv (JSON Schema 2020-12 + formats)
 * instance over the bundle, independent of the one inside the mock platform. It decides whether a
 * generated value is valid (hints, generator self-checks), which pointers a known-invalid value
 * must be reported at, and whether a response body matches its documented schema — so the suite's
 * verdicts never depend on the platform checking itself.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { doc, type SpecOperation } from './spec.js';

type Json = Record<string, unknown>;

const BUNDLE_ID = 'https://fuzz.careloop.test/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(doc as object, BUNDLE_ID);

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema taken from the bundle (its local `#/...` references still point into it). */
function validatorOf(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema ?? {});
  let validate = compiled.get(text);
  if (!validate) {
    validate = ajv.compile(JSON.parse(text.replaceAll('"$ref":"#/', `"$ref":"${BUNDLE_ID}#/`)) as object);
    compiled.set(text, validate);
  }
  return validate;
}

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(prefix: string, segments: readonly (string | number)[]): string {
  return prefix + segments.map((s) => `/${escapePointer(s)}`).join('');
}

/** Whether the value satisfies the schema. */
export function conforms(schema: unknown, value: unknown): boolean {
  return validatorOf(schema)(value) === true;
}

/**
 * The pointers at which a value fails its schema, rooted at `prefix`, the way the platform's
 * conventions name fields: a missing property at its own pointer, an unknown one at its own.
 */
export function failurePointers(schema: unknown, value: unknown, prefix: string): string[] {
  const validate = validatorOf(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const params = error.params as Record<string, unknown>;
    let pointer = prefix + error.instancePath;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') pointer += `/${escapePointer(params['missingProperty'])}`;
    if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer += `/${escapePointer(params['additionalProperty'])}`;
    }
    return pointer;
  });
}

/**
 * Checks a response against what the operation documents for its status: the status is
 * documented, the content type is documented for it, and the body validates. Returns what is
 * wrong, or undefined.
 */
export function responseProblem(op: SpecOperation, status: number, contentType: string | null, body: unknown, text: string): string | undefined {
  const operation = (doc.paths[op.path] as Record<string, Json>)[op.method.toLowerCase()] as Json;
  const responses = operation['responses'] as Record<string, unknown>;
  const documented = responses[String(status)] ?? responses['default'];
  if (documented === undefined) return `status ${status} is not documented`;
  let response = documented as Json;
  while (typeof response['$ref'] === 'string') {
    const path = (response['$ref']).slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    response = path.reduce<unknown>((node, key) => (node as Json)[key], doc) as Json;
  }
  const content = (response['content'] ?? {}) as Record<string, Json>;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const key = Object.keys(content).find((type) => type.toLowerCase() === mediaType);
  if (key === undefined) {
    if (Object.keys(content).length === 0 && text === '') return undefined;
    return `content type ${mediaType || '(none)'} is not documented for status ${status}`;
  }
  if (body === undefined) return `the body is not JSON: ${text.slice(0, 200)}`;
  const validate = validatorOf((content[key] as Json)['schema']);
  if (validate(body)) return undefined;
  return `the body does not match the documented schema: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
}
