/**
 * The breaking-change gate. `findBreakingChanges(released, current)` compares two bundled specs
 * (spec/released/openapi.json against the current spec) and lists what would break a client
 * written against the released one; `checkGate` passes only when a pending changeset declares
 * `major` for every package a breaking change affects. `npm run spec:breaking` runs both.
 *
 * Written here rather than taken from a library: the npm OpenAPI diff tools either stop at
 * OpenAPI 3.0 (no `type: [string, 'null']`) or report raw JSON-pointer diffs without knowing the
 * rules that make a change breaking on this platform (closed request objects, query parameters
 * the validator rejects when unknown, `x-audiences` and `x-sdk-method`). See docs/releasing.md.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import parseChangeset from '@changesets/parse';
import { AUDIENCES, bundleSpec, operationsOf, REPO_ROOT, type Document, type Operation, type PathItem } from '@careloop/codegen';
import { readReleasedSpec } from './spec-snapshot.js';

export type BreakingKind =
  | 'removed-operation'
  | 'removed-path'
  | 'renamed-sdk-method'
  | 'removed-success-status'
  | 'removed-parameter'
  | 'new-required-parameter'
  | 'removed-request-field'
  | 'new-required-request-field'
  | 'removed-response-field'
  | 'response-field-optional'
  | 'narrowed-enum'
  | 'changed-type'
  | 'new-required-scope';
/** Changes clients should know about that do not break them (docs: "switch exhaustive matches … new values"). */
export type WarningKind = 'response-enum-widened' | 'response-union-widened';

export interface SpecChange {
  kind: BreakingKind | WarningKind;
  severity: 'breaking' | 'warning';
  /** Every operation (or webhook) whose requests or responses reach the change, in document order. */
  operationIds: string[];
  /** JSON pointer (`#/…`) of the changed node: in the current spec, or in the released one when it was removed. */
  pointer: string;
  message: string;
  /** The audience SDKs whose operations reach the change. */
  audiences: string[];
}

export interface SpecComparison {
  breaking: SpecChange[];
  warnings: SpecChange[];
}

type Direction = 'request' | 'response';
interface Branch {
  label: string;
  node: unknown;
  /** The branch's pointer below the union schema's (`/oneOf/1`), empty when the schema is not a union. */
  below: string;
}
type Json = Record<string, unknown>;

const WARNING_KINDS: ReadonlySet<string> = new Set<WarningKind>(['response-enum-widened', 'response-union-widened']);

export function findBreakingChanges(released: Document, current: Document): SpecChange[] {
  return compareSpecs(released, current).breaking;
}

export function compareSpecs(released: Document, current: Document): SpecComparison {
  const comparison = new Comparison(released, current);
  comparison.run();
  const all = [...comparison.changes.values()];
  return { breaking: all.filter((change) => change.severity === 'breaking'), warnings: all.filter((change) => change.severity === 'warning') };
}

class Comparison {
  readonly changes = new Map<string, SpecChange>();
  /** Schema pairs being compared right now: a `$ref` cycle stops at the pair it started from. */
  private readonly active = new Set<string>();

  constructor(
    private readonly released: Document,
    private readonly current: Document,
  ) {}

  run(): void {
    const currentById = new Map(operationsOf(this.current).map((entry) => [entry.operation.operationId, entry]));
    const currentByRoute = new Map(operationsOf(this.current).map((entry) => [route(entry.path, entry.method), entry]));
    for (const old of operationsOf(this.released)) {
      const oldPointer = `#/paths/${escape(old.path)}/${old.method}`;
      const id = old.operation.operationId;
      const audiences = old.operation['x-audiences'] ?? [];
      const found = new Set<string>();
      const byId = currentById.get(id);
      const now = byId ?? currentByRoute.get(route(old.path, old.method));
      if (!now) {
        found.add(this.record('removed-operation', oldPointer, `${id} (${old.method.toUpperCase()} ${old.path}) was removed`));
        this.attribute(found, id, audiences);
        continue;
      }
      const pointer = `#/paths/${escape(now.path)}/${now.method}`;
      if (!byId) {
        found.add(this.record('removed-operation', oldPointer, `${id} was renamed to ${now.operation.operationId} (its SDK function is renamed)`));
      } else if (route(now.path, now.method) !== route(old.path, old.method)) {
        found.add(this.record('removed-path', oldPointer, `${old.method.toUpperCase()} ${old.path} was removed: ${id} is now ${now.method.toUpperCase()} ${now.path}`));
      }
      const lost = audiences.filter((audience) => !(now.operation['x-audiences'] ?? []).includes(audience));
      if (lost.length > 0) {
        this.attribute([this.record('removed-operation', `${pointer}/x-audiences`, `${id} is no longer in the ${lost.join(', ')} SDK`)], id, lost);
      }
      const oldMethod = old.operation['x-sdk-method'];
      const newMethod = now.operation['x-sdk-method'];
      if (oldMethod !== undefined && oldMethod !== newMethod) {
        found.add(this.record('renamed-sdk-method', `${pointer}/x-sdk-method`, `${id}: SDK method ${oldMethod} is now ${newMethod ?? 'gone'}`));
      }
      this.operation(old.operation, old.pathItem, oldPointer, now.operation, now.pathItem, pointer, found);
      this.attribute(found, id, audiences);
    }
    // Webhooks: every audience SDK types them (codegen keeps them in each audience's spec), and
    // their payload travels to the client, so it is compared like a response.
    for (const [name, oldItem] of Object.entries(this.released.webhooks ?? {})) {
      const old = oldItem.post;
      if (!old) continue;
      const now = this.current.webhooks?.[name]?.post;
      const pointer = `#/webhooks/${escape(name)}/post`;
      const found = new Set<string>();
      if (!now) {
        found.add(this.record('removed-operation', pointer, `webhook ${name} (${old.operationId}) was removed`));
      } else {
        const oldBody = resolve(this.released, old.requestBody);
        const newBody = resolve(this.current, now.requestBody);
        this.content(oldBody?.['content'], newBody?.['content'], 'response', `${pointer}/requestBody`, found);
      }
      this.attribute(found, old.operationId, [...AUDIENCES]);
    }
  }

  private operation(old: Operation, oldItem: PathItem, oldPointer: string, now: Operation, nowItem: PathItem, pointer: string, found: Set<string>): void {
    // Parameters: a new required one breaks every existing call; a removed query parameter is
    // rejected by the platform's validator (unknown query parameters answer 400); headers are open.
    const oldParams = this.parameters(this.released, oldItem, old, oldPointer);
    const newParams = this.parameters(this.current, nowItem, now, pointer);
    for (const [key, was] of oldParams) {
      const is = newParams.get(key);
      if (!is) {
        if (was.param['in'] === 'query') found.add(this.record('removed-parameter', was.pointer, `query parameter ${String(was.param['name'])} was removed (the platform rejects unknown query parameters)`));
        continue;
      }
      if (is.param['required'] === true && was.param['required'] !== true) {
        found.add(this.record('new-required-parameter', is.pointer, `${String(is.param['in'])} parameter ${String(is.param['name'])} is now required`));
      }
      addAll(found, this.schema(was.param['schema'], is.param['schema'], 'request', `${is.pointer}/schema`));
    }
    for (const [key, is] of newParams) {
      if (!oldParams.has(key) && is.param['required'] === true) {
        found.add(this.record('new-required-parameter', is.pointer, `new required ${String(is.param['in'])} parameter ${String(is.param['name'])}`));
      }
    }

    const oldBody = resolve(this.released, old.requestBody);
    const newBody = resolve(this.current, now.requestBody);
    const bodyPointer = refOf(now.requestBody) ?? `${pointer}/requestBody`;
    if (newBody?.['required'] === true && oldBody?.['required'] !== true) {
      found.add(this.record('new-required-request-field', bodyPointer, `${now.operationId}: the request body is now required`));
    }
    if (oldBody && newBody) {
      for (const mediaType of Object.keys(asObject(oldBody['content']) ?? {})) {
        if (!(mediaType in (asObject(newBody['content']) ?? {}))) {
          found.add(this.record('changed-type', `${bodyPointer}/content`, `${now.operationId}: a ${mediaType} request body is no longer accepted`));
        }
      }
      this.content(oldBody['content'], newBody['content'], 'request', bodyPointer, found);
    }

    for (const [status, oldResponse] of Object.entries(old.responses)) {
      const newResponse = now.responses[status];
      if (!newResponse) {
        if (status.startsWith('2')) found.add(this.record('removed-success-status', `${oldPointer}/responses/${status}`, `${now.operationId} no longer answers ${status}`));
        continue;
      }
      const responsePointer = refOf(newResponse) ?? `${pointer}/responses/${status}`;
      this.content(resolve(this.released, oldResponse)?.['content'], resolve(this.current, newResponse)?.['content'], 'response', responsePointer, found);
    }

    // Security: a token that satisfied one of the released requirements must satisfy a current one.
    const oldSecurity = old.security ?? asArray(this.released['security']) as Record<string, string[]>[];
    const newSecurity = now.security ?? asArray(this.current['security']) as Record<string, string[]>[];
    for (const requirement of oldSecurity) {
      const still = newSecurity.length === 0 || newSecurity.some((candidate) =>
        Object.entries(candidate).every(([scheme, scopes]) => requirement[scheme] !== undefined && scopes.every((scope) => requirement[scheme]?.includes(scope))));
      if (!still) {
        const describe = (r: Record<string, string[]>) => Object.entries(r).map(([scheme, scopes]) => `${scheme}[${scopes.join(' ')}]`).join(' + ') || 'none';
        found.add(this.record('new-required-scope', `${pointer}/security`, `${now.operationId}: a caller with ${describe(requirement)} is no longer authorized (now ${newSecurity.map(describe).join(' or ')})`));
      }
    }
  }

  /** Query/header/cookie parameters by location and name; path parameters by position (their names are free). */
  private parameters(doc: Document, item: PathItem, operation: Operation, pointer: string): Map<string, { param: Json; pointer: string }> {
    const out = new Map<string, { param: Json; pointer: string }>();
    const itemPointer = pointer.slice(0, pointer.lastIndexOf('/'));
    const lists: [unknown[] | undefined, string][] = [[item.parameters, itemPointer], [operation.parameters, pointer]];
    let pathIndex = 0;
    for (const [list, base] of lists) {
      (list ?? []).forEach((node, index) => {
        const param = resolve(doc, node);
        if (!param) return;
        const location = String(param['in']);
        const name = location === 'header' ? String(param['name']).toLowerCase() : String(param['name']);
        const key = location === 'path' ? `path:${pathIndex++}` : `${location}:${name}`;
        out.set(key, { param, pointer: refOf(node) ?? `${base}/parameters/${index}` });
      });
    }
    return out;
  }

  private content(oldContent: unknown, newContent: unknown, direction: Direction, pointer: string, found: Set<string>): void {
    const olds = asObject(oldContent) ?? {};
    const news = asObject(newContent) ?? {};
    for (const [mediaType, oldMedia] of Object.entries(olds)) {
      const newMedia = asObject(news[mediaType]);
      if (!newMedia) continue;
      addAll(found, this.schema(asObject(oldMedia)?.['schema'], newMedia['schema'], direction, `${pointer}/content/${escape(mediaType)}/schema`));
    }
  }

  /** Compares two schema nodes (`$ref`s followed in their own document); returns the keys of the changes found. */
  private schema(oldNode: unknown, newNode: unknown, direction: Direction, pointer: string): Set<string> {
    const found = new Set<string>();
    if (oldNode === undefined || newNode === undefined) return found;
    const here = refOf(newNode) ?? pointer;
    const pair = `${direction}|${refOf(oldNode) ?? pointer}|${here}`;
    if (this.active.has(pair)) return found;
    this.active.add(pair);
    try {
      const oldBranches = this.branches(this.released, oldNode);
      const newBranches = this.branches(this.current, newNode);
      if (oldBranches.length > 1 || newBranches.length > 1) this.union(oldBranches, newBranches, direction, here, found);
      else this.resolved(flatten(this.released, oldNode, here), flatten(this.current, newNode, here), direction, here, found);
    } finally {
      this.active.delete(pair);
    }
    return found;
  }

  /** A `oneOf`/`anyOf` schema's branches (with their pointer below it), or the schema itself as the only branch. */
  private branches(doc: Document, node: unknown): Branch[] {
    const schema = resolve(doc, node) ?? {};
    const keyword = schema['oneOf'] === undefined ? 'anyOf' : 'oneOf';
    const list = asArray(schema[keyword]);
    if (list.length === 0) return [{ label: label(doc, node), node, below: '' }];
    return list.map((branch, index) => ({ label: label(doc, branch), node: branch, below: `/${keyword}/${index}` }));
  }

  /**
   * Branches match by label (the `$ref`'s name, else the type); one unmatched branch on each side
   * is taken as the same branch changed. A branch lost breaks senders; a branch gained reaches
   * readers: `null` is a type change, anything else a warning like a new enum value.
   */
  private union(olds: Branch[], news: Branch[], direction: Direction, pointer: string, found: Set<string>): void {
    const unmatchedOld = olds.filter((old) => !news.some((now) => now.label === old.label));
    const unmatchedNew = news.filter((now) => !olds.some((old) => old.label === now.label));
    const paired = unmatchedOld.length === 1 && unmatchedNew.length === 1;
    for (const old of olds) {
      const now = news.find((candidate) => candidate.label === old.label) ?? (paired && unmatchedOld[0] === old ? unmatchedNew[0] : undefined);
      if (now) addAll(found, this.schema(old.node, now.node, direction, pointer + now.below));
      else if (direction === 'request') found.add(this.record('changed-type', pointer, `no longer accepts ${old.label}`));
    }
    if (direction !== 'response' || paired) return;
    for (const now of unmatchedNew) {
      found.add(now.label === 'null'
        ? this.record('changed-type', pointer, 'may now be null')
        : this.record('response-union-widened', pointer, `may now be ${now.label}`));
    }
  }

  private resolved(oldFlat: Flat, nowFlat: Flat, direction: Direction, pointer: string, found: Set<string>): void {
    const old = oldFlat.schema;
    const now = nowFlat.schema;
    const oldTypes = typesOf(old);
    const newTypes = typesOf(now);
    if (oldTypes && newTypes) {
      const lost = oldTypes.filter((type) => !accepts(newTypes, type));
      const gained = newTypes.filter((type) => !accepts(oldTypes, type));
      const change = `type ${oldTypes.join('|')} is now ${newTypes.join('|')}`;
      if (direction === 'request' && lost.length > 0) found.add(this.record('changed-type', pointer, `${change}: ${lost.join(', ')} no longer accepted`));
      if (direction === 'response' && gained.length > 0) found.add(this.record('changed-type', pointer, `${change}: may now be ${gained.join(', ')}`));
    }

    const oldEnum = enumOf(old);
    const newEnum = enumOf(now);
    if (newEnum && (oldEnum || direction === 'request')) {
      const removed = oldEnum ? oldEnum.filter((value) => !newEnum.includes(value)) : ['any value outside it'];
      if (removed.length > 0) found.add(this.record('narrowed-enum', pointer, `enum lost ${removed.join(', ')} (now ${newEnum.join(', ')})`));
    }
    if (direction === 'response' && oldEnum) {
      const added = newEnum ? newEnum.filter((value) => !oldEnum.includes(value)) : ['any value'];
      if (added.length > 0) found.add(this.record('response-enum-widened', pointer, `may now be ${added.join(', ')}: switch exhaustive matches to cover it`));
    }

    const oldProps = asObject(old['properties']) ?? {};
    const newProps = asObject(now['properties']) ?? {};
    const oldRequired = asArray(old['required']).map(String);
    const newRequired = asArray(now['required']).map(String);
    for (const [name, oldProp] of Object.entries(oldProps)) {
      const propPointer = `${nowFlat.origin[name] ?? oldFlat.origin[name] ?? pointer}/properties/${escape(name)}`;
      if (!(name in newProps)) {
        if (direction === 'response') found.add(this.record('removed-response-field', propPointer, `response property ${name} was removed`));
        else if (now['additionalProperties'] === false || now['unevaluatedProperties'] === false) {
          found.add(this.record('removed-request-field', propPointer, `request property ${name} was removed (the platform rejects unknown properties)`));
        }
        continue;
      }
      addAll(found, this.schema(oldProp, newProps[name], direction, propPointer));
      if (direction === 'response' && oldRequired.includes(name) && !newRequired.includes(name)) {
        found.add(this.record('response-field-optional', propPointer, `response property ${name} is no longer always present`));
      }
    }
    if (direction === 'request') {
      for (const name of newRequired) {
        if (oldRequired.includes(name)) continue;
        const why = name in oldProps ? 'is now required' : 'is a new required property';
        found.add(this.record('new-required-request-field', `${nowFlat.origin[name] ?? pointer}/properties/${escape(name)}`, `request property ${name} ${why}`));
      }
    }

    for (const keyword of ['items', 'additionalProperties'] as const) {
      if (asObject(old[keyword]) && asObject(now[keyword])) addAll(found, this.schema(old[keyword], now[keyword], direction, `${pointer}/${keyword}`));
    }
  }

  private record(kind: BreakingKind | WarningKind, pointer: string, message: string): string {
    const key = `${kind} ${pointer} ${message}`;
    if (!this.changes.has(key)) {
      this.changes.set(key, { kind, severity: WARNING_KINDS.has(kind) ? 'warning' : 'breaking', operationIds: [], pointer, message, audiences: [] });
    }
    return key;
  }

  private attribute(keys: Iterable<string>, operationId: string, audiences: readonly string[]): void {
    for (const key of keys) {
      const change = this.changes.get(key);
      if (!change) continue;
      if (!change.operationIds.includes(operationId)) change.operationIds.push(operationId);
      for (const audience of audiences) if (!change.audiences.includes(audience)) change.audiences.push(audience);
      change.audiences.sort((a, b) => AUDIENCES.indexOf(a as never) - AUDIENCES.indexOf(b as never));
    }
  }
}

/** An object schema with its `allOf` parts merged, and where (pointer) each property is declared. */
interface Flat {
  schema: Json;
  origin: Record<string, string>;
}

/** The schema with its `$ref` followed and its `allOf` parts merged into one object schema. */
function flatten(doc: Document, node: unknown, pointer: string, seen: Set<unknown> = new Set()): Flat {
  const schema = resolve(doc, node) ?? {};
  const here = refOf(node) ?? pointer;
  const origin = Object.fromEntries(Object.keys(asObject(schema['properties']) ?? {}).map((name) => [name, here]));
  if (seen.has(schema)) return { schema: {}, origin: {} };
  seen.add(schema);
  const parts = asArray(schema['allOf']).map((part, index) => flatten(doc, part, `${here}/allOf/${index}`, seen));
  if (parts.length === 0) return { schema, origin };
  const merged: Json = { ...schema };
  delete merged['allOf'];
  const properties: Json = {};
  const required = new Set<unknown>(asArray(schema['required']));
  for (const part of [...parts, { schema, origin }]) {
    Object.assign(properties, asObject(part.schema['properties']));
    Object.assign(origin, part.origin);
    for (const name of asArray(part.schema['required'])) required.add(name);
    for (const keyword of ['type', 'enum', 'const', 'items']) if (merged[keyword] === undefined && part.schema[keyword] !== undefined) merged[keyword] = part.schema[keyword];
    if (part.schema['additionalProperties'] === false || part.schema['unevaluatedProperties'] === false) merged['additionalProperties'] = false;
  }
  merged['properties'] = properties;
  merged['required'] = [...required];
  return { schema: merged, origin };
}

function label(doc: Document, node: unknown): string {
  const ref = refOf(node);
  if (ref) return ref.slice(ref.lastIndexOf('/') + 1);
  const schema = resolve(doc, node) ?? {};
  if (schema['const'] !== undefined) return `const ${JSON.stringify(schema['const'])}`;
  return typesOf(schema)?.join('|') ?? 'schema';
}

function typesOf(schema: Json): string[] | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.map(String) : undefined;
}

/** `integer` values are `number`s: a number field that was integer still accepts them. */
function accepts(types: readonly string[], type: string): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function enumOf(schema: Json): string[] | undefined {
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => JSON.stringify(value));
  return schema['const'] === undefined ? undefined : [JSON.stringify(schema['const'])];
}

/** Follows local `$ref`s (bundled specs have no others) with a hop limit against reference loops. */
function resolve(doc: Document, node: unknown): Json | undefined {
  let current = node;
  for (let hops = 0; refOf(current) !== undefined; hops++) {
    const ref = refOf(current) as string;
    if (hops > 20 || !ref.startsWith('#/')) throw new Error(`Cannot resolve ${ref}`);
    current = ref.slice(2).split('/').map(unescape).reduce<unknown>((at, key) => asObject(at)?.[key], doc);
  }
  return asObject(current);
}

function refOf(node: unknown): string | undefined {
  const ref = asObject(node)?.['$ref'];
  return typeof ref === 'string' ? ref : undefined;
}

function asObject(node: unknown): Json | undefined {
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Json) : undefined;
}

function asArray(node: unknown): unknown[] {
  return Array.isArray(node) ? node : [];
}

function addAll(into: Set<string>, from: Iterable<string>): void {
  for (const key of from) into.add(key);
}

/** A route as clients call it: path parameter names do not matter. */
function route(routePath: string, method: string): string {
  return `${method} ${routePath.replace(/\{[^}]*\}/g, '{}')}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

// ---------------------------------------------------------------------------------------------
// The gate

export interface GateResult {
  ok: boolean;
  /** Packages that need a major release for these changes. */
  affected: string[];
  /** Affected packages without a pending `major` changeset. */
  missing: string[];
  message: string;
}

/**
 * Each change's audiences name their SDK packages (`@careloop/<audience>`). `@careloop/mocks`
 * is affected by every breaking change: it serves every operation from the spec, so an app pinned
 * to the old SDK would break against the new mock platform.
 */
export function affectedPackages(changes: readonly SpecChange[]): string[] {
  if (changes.length === 0) return [];
  const audiences = new Set(changes.flatMap((change) => change.audiences));
  return [...AUDIENCES.filter((audience) => audiences.has(audience)).map((audience) => `@careloop/${audience}`), '@careloop/mocks'];
}

/** Packages a pending changeset in `directory` (a `.changeset` folder) releases as `major`. */
export async function majorReleases(directory: string): Promise<Set<string>> {
  const majors = new Set<string>();
  const files = (await readdir(directory)).filter((file) => file.endsWith('.md') && file !== 'README.md').sort();
  for (const file of files) {
    for (const release of parseChangeset(await readFile(path.join(directory, file), 'utf8')).releases) {
      if (release.type === 'major') majors.add(release.name);
    }
  }
  return majors;
}

export async function checkGate(changes: readonly SpecChange[], changesetDirectory: string): Promise<GateResult> {
  const affected = affectedPackages(changes);
  if (affected.length === 0) return { ok: true, affected, missing: [], message: 'No breaking change against the released spec.' };
  const majors = await majorReleases(changesetDirectory);
  const missing = affected.filter((name) => !majors.has(name));
  const list = changes.map((change) => `- ${change.kind} ${change.pointer}: ${change.message} [${change.audiences.join(', ') || 'no audience'}]`).join('\n');
  if (missing.length === 0) {
    return { ok: true, affected, missing, message: `${changes.length} breaking change(s), covered by major changesets for ${affected.join(', ')}:\n${list}` };
  }
  return {
    ok: false,
    affected,
    missing,
    message:
      `${changes.length} breaking change(s) against spec/released/openapi.json need a major changeset for ${missing.join(', ')} ` +
      '(run `npx changeset`, choose major for them and say how users update), or revert them:\n' + list,
  };
}

async function main(): Promise<void> {
  const { breaking, warnings } = compareSpecs(await readReleasedSpec(), await bundleSpec());
  for (const warning of warnings) console.log(`warning ${warning.kind} ${warning.pointer}: ${warning.message}`);
  const gate = await checkGate(breaking, path.join(REPO_ROOT, '.changeset'));
  console.log(gate.message);
  process.exitCode = gate.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
