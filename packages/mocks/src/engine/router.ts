/** Routes method + path to an operation, compiled once from the bundle's `paths`. */
import {
  HTTP_METHODS,
  bundle,
  escapePointer,
  resolveLocal,
  schemaType,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type SecurityRequirement,
} from './openapi.js';

export interface CompiledParameter {
  name: string;
  in: ParameterObject['in'];
  required: boolean;
  /** JSON Pointer of the parameter's schema inside the bundle. */
  schemaPointer: string;
  schema: ParameterObject['schema'];
}

export interface CompiledOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  /** JSON Pointer of the operation object inside the bundle. */
  pointer: string;
  operation: OperationObject;
  parameters: CompiledParameter[];
  security: SecurityRequirement[];
  requestBody: { required: boolean; mediaTypes: Map<string, string> } | undefined;
  /** Query parameter name → the JSON type its schema declares (for coercing query strings). */
  queryTypes: Map<string, string | undefined>;
  /** Declares the `Idempotency-Key` header, so the engine replays it. */
  idempotent: boolean;
}

interface RouteNode {
  literal: Map<string, RouteNode>;
  param: { name: string; node: RouteNode } | undefined;
  operations: Map<string, CompiledOperation>;
}

export type RouteMatch =
  | { kind: 'found'; operation: CompiledOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

function newNode(): RouteNode {
  return { literal: new Map(), param: undefined, operations: new Map() };
}

function compileOperation(doc: OpenApiDocument, path: string, method: string, operation: OperationObject): CompiledOperation {
  const pathPointer = `/paths/${escapePointer(path)}`;
  const pointer = `${pathPointer}/${method}`;
  const byKey = new Map<string, CompiledParameter>();
  const collect = (list: OperationObject['parameters'], base: string): void => {
    (list ?? []).forEach((raw, index) => {
      const { value, pointer: paramPointer } = resolveLocal<ParameterObject>(raw, `${base}/parameters/${index}`);
      byKey.set(`${value.in}:${value.name.toLowerCase()}`, {
        name: value.name,
        in: value.in,
        required: value.required === true,
        schemaPointer: `${paramPointer}/schema`,
        schema: value.schema,
      });
    });
  };
  collect(doc.paths[path]?.parameters, pathPointer);
  collect(operation.parameters, pointer);
  const parameters = [...byKey.values()];
  const queryTypes = new Map<string, string | undefined>();
  for (const param of parameters) {
    if (param.in === 'query' && !queryTypes.has(param.name)) queryTypes.set(param.name, schemaType(param.schema));
  }

  let requestBody: CompiledOperation['requestBody'];
  if (operation.requestBody) {
    const { value, pointer: bodyPointer } = resolveLocal<RequestBodyObject>(operation.requestBody, `${pointer}/requestBody`);
    const mediaTypes = new Map<string, string>();
    for (const mediaType of Object.keys(value.content)) {
      mediaTypes.set(mediaType.toLowerCase(), `${bodyPointer}/content/${escapePointer(mediaType)}/schema`);
    }
    requestBody = { required: value.required === true, mediaTypes };
  }

  return {
    operationId: operation.operationId,
    method: method.toUpperCase(),
    pathTemplate: path,
    pointer,
    operation,
    parameters,
    security: operation.security ?? doc.security ?? [],
    requestBody,
    queryTypes,
    idempotent: parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
  };
}

export class Router {
  private readonly root = newNode();
  readonly operations: CompiledOperation[] = [];

  constructor(doc: OpenApiDocument = bundle) {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const compiled = compileOperation(doc, path, method, operation);
        this.operations.push(compiled);
        this.insert(path, compiled);
      }
    }
  }

  private insert(path: string, operation: CompiledOperation): void {
    let node = this.root;
    for (const segment of path.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param?.[1]) {
        node.param ??= { name: param[1], node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) {
          next = newNode();
          node.literal.set(segment, next);
        }
        node = next;
      }
    }
    node.operations.set(operation.method, operation);
  }

  /** Literal segments win over parameters; cost is proportional to the path's length only. */
  match(method: string, pathname: string): RouteMatch {
    let node: RouteNode | undefined = this.root;
    const pathParams: Record<string, string> = {};
    for (const raw of pathname.split('/').slice(1)) {
      if (!node) break;
      const literal: RouteNode | undefined = node.literal.get(raw);
      if (literal) {
        node = literal;
      } else if (node.param && raw !== '') {
        pathParams[node.param.name] = safeDecode(raw);
        node = node.param.node;
      } else {
        node = undefined;
      }
    }
    if (!node || node.operations.size === 0) return { kind: 'not-found' };
    const operation = node.operations.get(method.toUpperCase());
    if (!operation) return { kind: 'method-not-allowed', allow: [...node.operations.keys()].sort() };
    return { kind: 'found', operation, pathParams };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
