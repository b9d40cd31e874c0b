import { GENERATED_HEADER } from './layout.js';
import { HTTP_METHODS, type Document } from './openapi.js';

/**
 * What a field marked `x-pii` holds, most sensitive first: a name marked with two categories in
 * different places is listed under the more sensitive one.
 */
export const PII_CATEGORIES = ['credential', 'resident-id', 'mobile', 'birth-date', 'name', 'address', 'contact', 'free-text'] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/** A schema property or a parameter anywhere in the spec, with its `x-pii` marker. */
export interface SpecField {
  /** Where it is: `DeliveryAddress.mobile`, `POST /v1/payment-notifications header Channel-Signature`. */
  location: string;
  /** The property or parameter name; header names in lower case, as `Headers` reports them. */
  name: string;
  kind: 'property' | 'parameter';
  /** The property's schema, or the parameter's (references unresolved). */
  schema: unknown;
  /** The documented example: the property's first `examples` entry (or `example`), the parameter's `example`. */
  example: unknown;
  /** The `x-pii` value as written, `undefined` when unmarked. */
  pii: unknown;
}

/** Keywords whose values are data, not schemas: nothing in them is a field. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum']);
const PARAMETER_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const isParameter = (node: Node): node is Node & { name: string; in: string } =>
  typeof node['name'] === 'string' && typeof node['in'] === 'string' && PARAMETER_LOCATIONS.has(node['in']) && ('schema' in node || 'content' in node);

/**
 * Every schema property and parameter of the document, in document order: component schemas,
 * parameters, request bodies, responses and headers, then paths and webhooks (inline schemas
 * included). `x-pii` anywhere else is an error, so a misplaced marker cannot go unnoticed.
 */
export function specFields(doc: Document): SpecField[] {
  const fields: SpecField[] = [];
  const visit = (node: unknown, location: string, property?: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, location);
      return;
    }
    if (!isNode(node)) return;
    if (property !== undefined) {
      const example = Array.isArray(node['examples']) ? (node['examples'] as unknown[])[0] : node['example'];
      fields.push({ location, name: property, kind: 'property', schema: node, example, pii: node['x-pii'] });
    } else if (isParameter(node)) {
      location = `${location} ${node.in} ${node.name}`;
      const name = node.in === 'header' ? node.name.toLowerCase() : node.name;
      fields.push({ location, name, kind: 'parameter', schema: node['schema'], example: node['example'], pii: node['x-pii'] });
    } else if ('x-pii' in node) {
      throw new Error(`${location}: x-pii belongs on a schema property or a parameter`);
    }
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === 'properties' && isNode(value)) {
        for (const [name, schema] of Object.entries(value)) visit(schema, `${location}.${name}`, name);
      } else if (key === 'responses' && isNode(value)) {
        for (const [status, response] of Object.entries(value)) visit(response, `${location} ${status}`);
      } else {
        visit(value, key === 'items' ? `${location}[]` : key === 'requestBody' ? `${location} body` : location);
      }
    }
  };
  const components = doc.components ?? {};
  for (const [name, schema] of Object.entries(components['schemas'] ?? {})) visit(schema, name);
  for (const section of ['parameters', 'requestBodies', 'responses', 'headers']) {
    for (const [name, value] of Object.entries(components[section] ?? {})) visit(value, `components.${section}.${name}`);
  }
  for (const [prefix, items] of [['', doc.paths], ['webhook ', doc.webhooks ?? {}]] as const) {
    for (const [path, item] of Object.entries(items)) {
      for (const [key, value] of Object.entries(item)) {
        visit(value, (HTTP_METHODS as readonly string[]).includes(key) ? `${prefix}${key.toUpperCase()} ${path}` : `${prefix}${path}`);
      }
    }
  }
  return fields;
}

export function isPiiCategory(value: unknown): value is PiiCategory {
  return (PII_CATEGORIES as readonly unknown[]).includes(value);
}

/** Each marked name with its most sensitive category, sorted by name. */
export function piiNames(doc: Document): Map<string, PiiCategory> {
  const categories = new Map<string, PiiCategory>();
  for (const field of specFields(doc)) {
    if (field.pii === undefined) continue;
    if (!isPiiCategory(field.pii)) {
      throw new Error(`${field.location}: x-pii must be one of ${PII_CATEGORIES.join(', ')}; got ${JSON.stringify(field.pii)}`);
    }
    const current = categories.get(field.name);
    if (current === undefined || PII_CATEGORIES.indexOf(field.pii) < PII_CATEGORIES.indexOf(current)) categories.set(field.name, field.pii);
  }
  return new Map([...categories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name));

/**
 * `packages/core/src/generated/pii.ts`: the names the SDK's log redaction hides. Names only, to
 * stay small in browser bundles.
 */
export function emitPii(doc: Document): string {
  const entries = [...piiNames(doc)].map(([name, category]) => `  ${key(name)}: ${quote(category)},`);
  return [
    GENERATED_HEADER,
    '/** What a field the spec marks `x-pii` holds, most sensitive first. */',
    `export type PiiCategory = ${PII_CATEGORIES.map(quote).join(' | ')};`,
    '',
    '/**',
    ' * Every property and parameter name the spec marks `x-pii`, with its category (header names in',
    ' * lower case). By name only: a name is listed when any field of that name is marked, so redacting',
    " * by it also hides unmarked namesakes (an organization's `name`); a name marked twice gets the",
    ' * more sensitive category.',
    ' */',
    'export const PII_FIELDS: Readonly<Record<string, PiiCategory>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
