import type { Audience } from './layout.js';
import { HTTP_METHODS, operationsOf, type Document, type PathItem } from './openapi.js';

/**
 * The audience's view of the spec: only the operations whose `x-audiences` names it, and only
 * the components those operations (and the event catalogue) reach. An audience SDK therefore
 * neither exposes nor types another audience's operations.
 */
export function filterForAudience(doc: Document, audience: Audience): Document {
  const paths: Record<string, PathItem> = {};
  for (const { path, method, operation, pathItem } of operationsOf(doc)) {
    if (!operation['x-audiences']?.includes(audience)) continue;
    const kept = (paths[path] ??= pathItem.parameters ? { parameters: pathItem.parameters } : {});
    kept[method] = operation;
  }
  const filtered: Document = { ...doc, paths };
  const usedTags = new Set(Object.values(paths).flatMap((item) => HTTP_METHODS.flatMap((m) => item[m]?.tags ?? [])));
  if (doc.tags) filtered.tags = doc.tags.filter((tag) => usedTags.has(tag.name));
  filtered.components = pruneComponents(doc, { paths, webhooks: doc.webhooks, security: doc['security'] });
  return filtered;
}

/** Keeps the components reachable from `roots` (following `$ref`s transitively) plus security schemes. */
function pruneComponents(doc: Document, roots: unknown): Record<string, Record<string, unknown>> {
  const components = doc.components ?? {};
  const reached = new Set<string>();
  const queue: unknown[] = [roots];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) {
      queue.push(...node);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/') && !reached.has(value)) {
          reached.add(value);
          const [, , section, name] = value.split('/');
          if (section && name) queue.push(components[section]?.[name]);
        } else {
          queue.push(value);
        }
      }
    }
  }
  const pruned: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of Object.entries(components)) {
    const keep = section === 'securitySchemes'
      ? entries
      : Object.fromEntries(Object.entries(entries).filter(([name]) => reached.has(`#/components/${section}/${name}`)));
    if (Object.keys(keep).length > 0) pruned[section] = keep;
  }
  return pruned;
}
