import { bundle, loadConfig } from '@redocly/openapi-core';
import { SPEC_CONFIG, SPEC_ROOT } from './layout.js';
import type { Document } from './openapi.js';

/**
 * Bundles spec/openapi.yaml and its split files into one document with local `#/components`
 * references only. Component names come from the root document's `components` section, so they
 * are stable across edits of the split files.
 */
export async function bundleSpec(): Promise<Document> {
  const config = await loadConfig({ configPath: SPEC_CONFIG });
  const result = await bundle({ ref: SPEC_ROOT, config, dereference: false, removeUnusedComponents: false });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`The spec does not bundle:\n${errors.map((problem) => `- ${problem.message}`).join('\n')}`);
  }
  return result.bundle.parsed as Document;
}
