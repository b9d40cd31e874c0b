import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { filterForAudience } from './audience.js';
import { bundleSpec } from './bundle.js';
import { emitClient, emitModels, emitOperations } from './emit-client.js';
import { emitPii } from './emit-pii.js';
import { emitSchema } from './emit-schema.js';
import { emitWebhooks } from './emit-webhooks.js';
import { AUDIENCES, REPO_ROOT } from './layout.js';

/** Every generated file, by path relative to the repository root, with its exact content. */
export async function generateAll(): Promise<Map<string, string>> {
  const bundled = await bundleSpec();
  const files = new Map<string, string>();
  files.set('packages/mocks/src/generated/openapi.json', `${JSON.stringify(bundled, null, 2)}\n`);
  files.set('packages/core/src/generated/pii.ts', emitPii(bundled));
  for (const audience of AUDIENCES) {
    const doc = filterForAudience(bundled, audience);
    const dir = `packages/${audience}/src/generated`;
    files.set(`${dir}/schema.ts`, await emitSchema(doc));
    files.set(`${dir}/models.ts`, emitModels(doc));
    files.set(`${dir}/client.ts`, emitClient(doc, audience));
    files.set(`${dir}/operations.ts`, emitOperations(doc, audience));
    files.set(`${dir}/webhooks.ts`, emitWebhooks(doc));
  }
  return files;
}

export async function writeAll(files: Map<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [file, content] of files) {
    const target = path.join(REPO_ROOT, file);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === content) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(file);
  }
  return written;
}

/** Generated files whose committed content differs from what the spec generates now. */
export async function staleFiles(files: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of files) {
    const current = await readFile(path.join(REPO_ROOT, file), 'utf8').catch(() => undefined);
    if (current !== content) stale.push(file);
  }
  return stale;
}
