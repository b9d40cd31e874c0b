/** The small slice of the OpenAPI 3.1 object model the generator reads. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

export interface Reference {
  $ref: string;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  /** Personal data or a credential: its category (read by emit-pii.ts). */
  'x-pii'?: string;
}
export interface MediaType {
  schema?: Reference | Record<string, unknown>;
}
export interface RequestBody {
  required?: boolean;
  content: Record<string, MediaType>;
}
export interface Response {
  description: string;
  content?: Record<string, MediaType>;
}
export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | Reference)[];
  requestBody?: RequestBody | Reference;
  responses: Record<string, Response | Reference>;
  security?: Record<string, string[]>[];
  'x-audiences'?: string[];
  'x-sdk-method'?: string;
  'x-event-object'?: string;
}
export type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: (Parameter | Reference)[] };
export interface Document {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, PathItem>;
  webhooks?: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

export function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && typeof (value as Reference).$ref === 'string';
}

/** Resolves a local `#/components/...` reference inside the bundled document. */
export function resolve<T>(doc: Document, value: T | Reference): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20) throw new Error(`Reference cycle at ${current.$ref}`);
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`Only local references are expected after bundling: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    if (current === undefined) throw new Error(`Unresolvable reference ${ref}`);
  }
  return current as T;
}

/** Every operation of the document's paths, in document order. */
export function operationsOf(doc: Document): { path: string; method: HttpMethod; operation: Operation; pathItem: PathItem }[] {
  const out: { path: string; method: HttpMethod; operation: Operation; pathItem: PathItem }[] = [];
  for (const [path, pathItem] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation) out.push({ path, method, operation, pathItem });
    }
  }
  return out;
}
