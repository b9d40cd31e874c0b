import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { GENERATED_HEADER } from './layout.js';
import type { Document } from './openapi.js';

/** openapi-typescript's `paths`, `components`, `operations` and `webhooks` types for one audience. */
export async function emitSchema(doc: Document): Promise<string> {
  // openapi-typescript mutates nothing, but it walks lazily: hand it a private copy all the same.
  const ast = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, {
    alphabetize: false,
    excludeDeprecated: false,
    // A request property with a default is one the caller may leave out (`emergency`, `aiGenerated`):
    // it must stay optional in the request types, so defaults do not make properties required.
    defaultNonNullable: false,
  });
  return GENERATED_HEADER + astToString(ast);
}
