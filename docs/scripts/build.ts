/**
 * `npm run docs`: the whole docs site into docs/dist (or `--out <dir>`):
 *   api/index.html   the API reference, Redoc over the spec, scripts inlined (no CDN at view time)
 *   reference/       the SDK reference (typedoc over every public package)
 *   *.html           the guides (./guides.ts), with their search index; assets/ has the CSS and search script
 * The mock platform serves the result at /docs (`npm start`).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { buildGuides } from './guides.js';

const run = promisify(execFile);
const docsDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(docsDir, '..');
const bin = (name: string): string => join(repoRoot, 'node_modules/.bin', name);

async function step(name: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  process.stdout.write(`docs: ${name} (${Math.round(performance.now() - started)} ms)\n`);
}

async function apiReference(outDir: string): Promise<void> {
  const page = join(outDir, 'api/index.html');
  await mkdir(join(outDir, 'api'), { recursive: true });
  // --inlineBundle embeds Redoc's script: the page must work on a closed network.
  await run(bin('redocly'), ['build-docs', join(repoRoot, 'spec/openapi.yaml'), '--inlineBundle', '--title', 'Careloop API reference', '--output', page], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  // Redoc routes in the page's hash (#/slots) once its script runs, but prerenders its menu links
  // from the server's root (/slots): give them the hash form, so they never leave /docs/api/.
  const html = await readFile(page, 'utf8');
  await writeFile(page, html.replace(/ href="\/([^"]*)" data-discover="true"/g, ' href="#/$1" data-discover="true"'));
}

async function sdkReference(outDir: string): Promise<void> {
  await run(bin('typedoc'), ['--options', 'typedoc.json', '--out', join(outDir, 'reference')], { cwd: docsDir, maxBuffer: 16 * 1024 * 1024 });
}

async function assets(outDir: string): Promise<void> {
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await copyFile(join(docsDir, 'site/style.css'), join(outDir, 'assets/style.css'));
  const bundle = await build({
    entryPoints: [join(docsDir, 'site/search.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  await writeFile(join(outDir, 'assets/search.js'), bundle.outputFiles[0]?.contents ?? '');
}

export async function buildSite(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // The guides link to the references, so those are written first.
  await Promise.all([step('API reference → api/', () => apiReference(outDir)), step('SDK reference → reference/', () => sdkReference(outDir)), step('assets', () => assets(outDir))]);
  await step('guides', () => buildGuides(repoRoot, outDir));
}

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? join(docsDir, 'dist'));
buildSite(outDir).then(
  () => process.stdout.write(`docs: built ${outDir}\n`),
  (error: unknown) => {
    const failure = error as { message?: string; stdout?: string; stderr?: string };
    process.stderr.write(`docs: ${failure.message ?? String(error)}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    process.exit(1);
  },
);
