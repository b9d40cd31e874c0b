import { GENERATED_HEADER, type Audience } from './layout.js';
import {
  isReference,
  operationsOf,
  resolve,
  type Document,
  type MediaType,
  type Parameter,
  type RequestBody,
  type Response,
} from './openapi.js';

type ParamsKind = 'query' | 'body' | 'form' | 'none';

/** What the generator needs to know about one operation. */
export interface OperationModel {
  operationId: string;
  method: string;
  path: string;
  resource: string;
  name: string;
  pathParams: { name: string; description: string }[];
  params: ParamsKind;
  paramsOptional: boolean;
  idempotencyKey: boolean;
  authenticated: boolean;
  scopes: string[];
  successStatus: string;
  responseSchema: string | undefined;
  page: { cursorParam: string; itemSchema: string | undefined } | undefined;
  summary: string;
  description: string;
}

const schemaName = (schema: unknown): string | undefined =>
  isReference(schema) && schema.$ref.startsWith('#/components/schemas/') ? schema.$ref.slice('#/components/schemas/'.length) : undefined;

export function describeOperations(doc: Document): OperationModel[] {
  const seen = new Map<string, string>();
  return operationsOf(doc).map(({ path, method, operation, pathItem }) => {
    const id = operation.operationId;
    const sdkMethod = operation['x-sdk-method'];
    if (!sdkMethod || !/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(sdkMethod)) {
      throw new Error(`${id}: x-sdk-method must be "resource.method", got ${String(sdkMethod)}`);
    }
    if (seen.has(sdkMethod)) throw new Error(`${id}: x-sdk-method ${sdkMethod} is also used by ${seen.get(sdkMethod)}`);
    seen.set(sdkMethod, id);
    const [resource, name] = sdkMethod.split('.') as [string, string];

    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve<Parameter>(doc, p));
    const pathParamNames = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    const pathParams = pathParamNames.map((paramName) => {
      const parameter = parameters.find((p) => p.in === 'path' && p.name === paramName);
      if (!parameter) throw new Error(`${id}: path parameter {${paramName}} is not declared`);
      return { name: paramName, description: (parameter as { description?: string }).description ?? '' };
    });
    const queryParams = parameters.filter((p) => p.in === 'query');

    const body = operation.requestBody ? resolve<RequestBody>(doc, operation.requestBody) : undefined;
    let params: ParamsKind = 'none';
    let paramsOptional = true;
    if (body) {
      if (queryParams.length > 0) throw new Error(`${id}: an operation takes either a body or query parameters, not both`);
      if (body.content['application/json']) params = 'body';
      else if (body.content['application/x-www-form-urlencoded']) params = 'form';
      else throw new Error(`${id}: unsupported request content ${Object.keys(body.content).join(', ')}`);
      paramsOptional = body.required !== true;
    } else if (queryParams.length > 0) {
      params = 'query';
      paramsOptional = !queryParams.some((p) => p.required);
    }

    const successStatus = Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
    if (!successStatus) throw new Error(`${id}: no 2xx response`);
    const success = resolve<Response>(doc, operation.responses[successStatus] as Response);
    const responseSchemaRef = (success.content?.['application/json'] as MediaType | undefined)?.schema;
    const responseSchema = schemaName(responseSchemaRef);

    let page: OperationModel['page'];
    const resolvedResponse = responseSchemaRef ? resolve<Record<string, unknown>>(doc, responseSchemaRef) : undefined;
    const properties = resolvedResponse?.['properties'] as Record<string, { items?: unknown }> | undefined;
    const cursorParam = queryParams.find((p) => p.name === 'cursor' || p.name === 'after')?.name;
    if (properties?.['data'] && properties['nextCursor'] && cursorParam) {
      page = { cursorParam, itemSchema: schemaName(properties['data'].items) };
    }

    const security = operation.security ?? [];
    return {
      operationId: id,
      method: method.toUpperCase(),
      path,
      resource,
      name,
      pathParams,
      params,
      paramsOptional,
      idempotencyKey: parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
      authenticated: security.length > 0,
      scopes: [...new Set(security.flatMap((requirement) => Object.values(requirement).flat()))],
      successStatus,
      responseSchema,
      page,
      summary: operation.summary ?? id,
      description: operation.description ?? '',
    };
  });
}

const pascal = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);
const comment = (lines: string[], indent: string): string => {
  const body = lines.flatMap((line) => line.split('\n')).map((line) => `${indent} *${line ? ` ${line.replace(/\*\//g, '*\\/')}` : ''}`);
  return [`${indent}/**`, ...body, `${indent} */`].join('\n');
};

function paramsType(op: OperationModel): string {
  const base = `operations['${op.operationId}']`;
  switch (op.params) {
    case 'query':
      return `NonNullable<${base}['parameters']['query']>`;
    case 'body':
      return `NonNullable<${base}['requestBody']>['content']['application/json']`;
    case 'form':
      return `NonNullable<${base}['requestBody']>['content']['application/x-www-form-urlencoded']`;
    case 'none':
      return 'never';
  }
}

function resultType(op: OperationModel): string {
  const data = op.responseSchema ?? `operations['${op.operationId}']['responses'][${op.successStatus}]['content']['application/json']`;
  if (!op.page) return `ApiPromise<${data}>`;
  const item = op.page.itemSchema ?? `${data}['data'][number]`;
  return `PagePromise<${item}, ${data}>`;
}

/** `client.ts`: the operation table, the resource table and the typed resource interface. */
export function emitClient(doc: Document, audience: Audience): string {
  const ops = describeOperations(doc);
  const interfaceName = `${pascal(audience)}Resources`;
  const models = [...new Set(ops.flatMap((op) => [op.responseSchema, op.page?.itemSchema]).filter((name): name is string => !!name))].sort();

  const resources = new Map<string, OperationModel[]>();
  for (const op of ops) resources.set(op.resource, [...(resources.get(op.resource) ?? []), op]);

  const resourceTable = [...resources].map(
    ([resource, list]) => `  ${resource}: { ${list.map((op) => `${op.name}: ${op.operationId}`).join(', ')} },`,
  );

  const members = [...resources].map(([resource, list]) => {
    const methods = list.map((op) => {
      const args = op.pathParams.map((p) => `${p.name}: string`);
      if (op.params !== 'none') args.push(`params${op.paramsOptional ? '?' : ''}: ${paramsType(op)}`);
      args.push('options?: RequestOptions');
      const doc = [
        op.summary,
        '',
        op.description,
        '',
        `\`${op.method} ${op.path}\`${op.scopes.length ? ` · scopes: ${op.scopes.map((s) => `\`${s}\``).join(', ')}` : ' · no authentication'}${op.idempotencyKey ? ' · idempotent with an Idempotency-Key' : ''}`,
        ...op.pathParams.map((p) => `@param ${p.name} - ${p.description}`),
        ...(op.params !== 'none' ? [`@param params - ${op.params === 'query' ? 'Query parameters.' : 'The request body.'}`] : []),
        '@param options - Per-request options (idempotency key, abort signal, headers).',
      ];
      return `${comment(doc, '    ')}\n    ${op.name}(${args.join(', ')}): ${resultType(op)};`;
    });
    return `  ${resource}: {\n${methods.join('\n')}\n  };`;
  });

  return `${GENERATED_HEADER}import type { ApiPromise, PagePromise, RequestOptions, ResourceTable } from '@careloop/core';
import { ${ops.map((op) => op.operationId).join(', ')} } from './operations.js';
import type { operations } from './schema.js';
${models.length ? `import type { ${models.join(', ')} } from './models.js';\n` : ''}
/** The operation function behind each resource method. */
export const resourceTable = {
${resourceTable.join('\n')}
} as const satisfies ResourceTable;

/** The ${audience} SDK's operations, grouped by resource. */
export interface ${interfaceName} {
${members.join('\n')}
}

/** Every operationId in the ${audience} SDK. */
export type OperationId = ${ops.map((op) => `'${op.operationId}'`).join(' | ')};
`;
}

/**
 * `operations.ts`: one standalone, tree-shakable function per operation, taking a client first:
 * `holdSlot(careloop, slotId)`. A bundler keeps only the ones an app imports.
 */
export function emitOperations(doc: Document, audience: Audience): string {
  const ops = describeOperations(doc);
  const interfaceName = `${pascal(audience)}Resources`;
  const functions = ops.map((op) => {
    // Defaults are left out (path parameters in template order, no idempotency key, authenticated):
    // this file is most of what a full SDK weighs in a browser bundle.
    const fields = [`method: '${op.method}'`, `path: '${op.path}'`, `params: '${op.params}'`];
    if (op.idempotencyKey) fields.push('idempotencyKey: true');
    if (!op.authenticated) fields.push('authenticated: false');
    if (op.page) fields.push(`page: { cursorParam: '${op.page.cursorParam}' }`);
    const doc = [op.summary, '', `\`${op.method} ${op.path}\` — the same call as \`client.${op.resource}.${op.name}(…)\`.`];
    return `${comment(doc, '')}
export const ${op.operationId} = /* @__PURE__ */ defineOperation<${interfaceName}['${op.resource}']['${op.name}']>('${op.operationId}', { ${fields.join(', ')} });`;
  });
  return `${GENERATED_HEADER}import { defineOperation } from '@careloop/core';
import type { ${interfaceName} } from './client.js';

${functions.join('\n\n')}
`;
}

/** `models.ts`: a named alias for every schema the audience's operations use. */
export function emitModels(doc: Document): string {
  const names = Object.keys(doc.components?.['schemas'] ?? {});
  const schemas = doc.components?.['schemas'] as Record<string, { description?: string }> | undefined;
  const lines = names.map((name) => {
    const description = schemas?.[name]?.description;
    const alias = `export type ${name} = components['schemas']['${name}'];`;
    return description ? `${comment([description.trim()], '')}\n${alias}` : alias;
  });
  return `${GENERATED_HEADER}import type { components } from './schema.js';\n\n${lines.join('\n')}\n`;
}

