/** A typed view of the bundled spec (src/generated/openapi.json): only what the engine reads. */
import bundleJson from '../generated/openapi.json';

export interface ReferenceObject {
  $ref: string;
}

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  [keyword: string]: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description: string;
  content?: Record<string, MediaTypeObject>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  security?: SecurityRequirement[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject | ReferenceObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
}

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>> & {
  parameters?: (ParameterObject | ReferenceObject)[];
};

export interface OpenApiDocument {
  security?: SecurityRequirement[];
  paths: Record<string, PathItemObject>;
  components: Record<string, Record<string, unknown>>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const bundle = bundleJson as unknown as OpenApiDocument;

/** The id under which the bundle is registered with ajv; schema refs point into it. */
export const BUNDLE_ID = 'https://api.careloop.dev/openapi.json';

export function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && typeof (value as ReferenceObject).$ref === 'string';
}

/** Escapes one JSON Pointer token (RFC 6901). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows a local `#/...` reference to the object and its pointer. */
export function resolveLocal<T>(value: T | ReferenceObject, pointer: string): { value: T; pointer: string } {
  let current: unknown = value;
  let currentPointer = pointer;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20 || !current.$ref.startsWith('#/')) throw new Error(`Cannot resolve ${current.$ref}`);
    currentPointer = current.$ref.slice(1);
    current = lookup(currentPointer);
  }
  return { value: current as T, pointer: currentPointer };
}

function lookup(pointer: string): unknown {
  let node: unknown = bundle;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(token in node)) throw new Error(`No ${pointer} in the bundle`);
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The JSON type a (possibly referenced) schema declares, for coercing query strings. */
export function schemaType(schema: SchemaObject | undefined): string | undefined {
  if (!schema) return undefined;
  const resolved = resolveLocal<SchemaObject>(schema, '').value;
  const type = resolved.type;
  return Array.isArray(type) ? type.find((t) => t !== 'null') : type;
}
