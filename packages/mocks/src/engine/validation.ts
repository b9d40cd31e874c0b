/**
 * Request and response validation against the bundled spec. The bundle is registered once with
 * ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses); each operation's validators are compiled lazily,
 * once, by reference into the bundle, so `$ref`s inside it resolve as written.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { BUNDLE_ID, bundle, escapePointer, resolveLocal, type ResponseObject } from './openapi.js';
import type { FieldError } from './problem.js';
import type { CompiledOperation } from './router.js';

/** The parts of a request, already parsed, as the composite request schema sees them. */
export interface RequestParts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

function ref(pointer: string): { $ref: string } {
  return { $ref: `${BUNDLE_ID}#${pointer}` };
}

export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly requestValidators = new Map<string, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(bundle as object, BUNDLE_ID);
  }

  /** Validates path, query, headers and (when given) body; returns every bad field. */
  validateRequest(operation: CompiledOperation, mediaType: string | undefined, parts: RequestParts): FieldError[] {
    const key = `${operation.operationId}|${mediaType ?? ''}`;
    let validate = this.requestValidators.get(key);
    if (!validate) {
      validate = this.ajv.compile(requestSchema(operation, mediaType));
      this.requestValidators.set(key, validate);
    }
    return validate(parts) ? [] : toFieldErrors(validate.errors ?? []);
  }

  /**
   * Checks a response against the documented response for its status; returns a description of
   * what is wrong, or undefined when it conforms.
   */
  checkResponse(operation: CompiledOperation | undefined, status: number, contentType: string, body: unknown): string | undefined {
    let schemaPointer: string;
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (operation) {
      const documented = operation.operation.responses[String(status)] ?? operation.operation.responses['default'];
      if (!documented) return `status ${status} is not documented`;
      const statusKey = operation.operation.responses[String(status)] ? String(status) : 'default';
      const { value, pointer } = resolveLocal<ResponseObject>(documented, `${operation.pointer}/responses/${statusKey}`);
      const content = value.content ?? {};
      const documentedType = Object.keys(content).find((type) => type.toLowerCase() === mediaType);
      if (!documentedType) return `content type ${mediaType || '(none)'} is not documented for status ${status}`;
      schemaPointer = `${pointer}/content/${escapePointer(documentedType)}/schema`;
    } else {
      if (mediaType !== 'application/problem+json') return undefined;
      schemaPointer = '/components/schemas/Problem';
    }
    let validate = this.responseValidators.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.compile(ref(schemaPointer));
      this.responseValidators.set(schemaPointer, validate);
    }
    if (validate(body)) return undefined;
    return this.ajv.errorsText(validate.errors, { dataVar: 'body' });
  }
}

function requestSchema(operation: CompiledOperation, mediaType: string | undefined): object {
  const group = (location: 'path' | 'query' | 'header', closed: boolean): object => {
    const properties: Record<string, object> = {};
    const required: string[] = [];
    for (const param of operation.parameters) {
      if (param.in !== location) continue;
      const name = location === 'header' ? param.name.toLowerCase() : param.name;
      properties[name] = ref(param.schemaPointer);
      if (param.required) required.push(name);
    }
    return { type: 'object', properties, required, ...(closed ? { additionalProperties: false } : {}) };
  };
  const properties: Record<string, object> = {
    path: group('path', true),
    query: group('query', true),
    headers: group('header', false),
  };
  const bodyPointer = mediaType === undefined ? undefined : operation.requestBody?.mediaTypes.get(mediaType);
  if (bodyPointer) properties['body'] = ref(bodyPointer);
  return { type: 'object', properties };
}

function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let pointer = error.instancePath;
    let code = error.keyword;
    let message = error.message ?? 'is invalid';
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      pointer += `/${escapePointer(params['missingProperty'])}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer += `/${escapePointer(params['additionalProperty'])}`;
      code = 'unknown';
      message = pointer.startsWith('/query/') ? 'is not a known query parameter' : 'is not a known property';
    }
    const key = `${pointer} ${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, code, message });
  }
  return out;
}
