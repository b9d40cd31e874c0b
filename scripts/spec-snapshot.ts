/**
 * `npm run spec:snapshot`: writes spec/released/openapi.json, the bundled spec as released, from
 * the current spec. `npm run release:version` runs it after `changeset version`, so the baseline
 * the breaking-change gate compares against (scripts/spec-breaking.ts) is always the last release.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSpec, REPO_ROOT, type Document } from '@careloop/codegen';

export const RELEASED_SPEC = path.join(REPO_ROOT, 'spec/released/openapi.json');

export async function readReleasedSpec(file: string = RELEASED_SPEC): Promise<Document> {
  return JSON.parse(await readFile(file, 'utf8')) as Document;
}

/** Bundles the current spec and writes it as the released baseline; returns the file written. */
export async function writeReleasedSpec(file: string = RELEASED_SPEC): Promise<string> {
  const bundled = await bundleSpec();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(bundled, null, 2)}\n`);
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = await writeReleasedSpec();
  console.log(`Wrote ${path.relative(REPO_ROOT, file)} (spec version ${String((await readReleasedSpec(file)).info['version'])}).`);
}
