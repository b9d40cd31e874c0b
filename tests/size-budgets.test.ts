import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Size budgets: what a browser app pays for the SDK, runtime included. Each entry is bundled for
// the browser from the packages' sources, minified and gzipped (1 kB = 1,000 bytes, as size-limit counts).
const root = new URL('..', import.meta.url);

async function gzipSize(contents: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root.pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@careloop/source'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzip: gzipSync(code).byteLength };
}

const FULL_SDK_EXTRAS = [
  'createLogger',
  'verifyWebhook',
  'signWebhook',
  'formatFen',
  'yuanToFen',
  'fenToYuan',
  'allocateFen',
  'isValidResidentId',
  'parseResidentId',
  'maskResidentId',
  'isValidMobile',
  'normalizeMobile',
  'maskMobile',
];

const budgets: [name: string, limit: number, entry: string][] = [
  [
    'a browser app calling one patient operation (createCareloop + holdSlot)',
    6_000,
    `import { createCareloop, holdSlot } from '@careloop/patient';
     const careloop = createCareloop({ auth: { accessToken: 'tok' } });
     holdSlot(careloop, 'slt_1').then((r) => console.log(r.data));`,
  ],
  ...(['patient', 'hospital', 'pharmacy', 'insurer'] as const).map((audience): [string, number, string] => {
    const factory = `create${audience[0]?.toUpperCase()}${audience.slice(1)}Client`;
    // Everything a full integration uses: the client with every resource, the redacting logger,
    // the webhook signer and verifier, the helpers. Named imports, as an app writes them.
    const everything = [factory, ...FULL_SDK_EXTRAS];
    return [`the full @careloop/${audience} SDK (${everything.join(', ')})`, 15_000, `import { ${everything.join(', ')} } from '@careloop/${audience}'; console.log(${everything.join(', ')});`];
  }),
  [
    'a webhook receiver (verifyWebhook alone)',
    2_000,
    `import { verifyWebhook } from '@careloop/core/webhooks';
     export const handle = (body: string, headers: Headers) => verifyWebhook(body, headers, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
     console.log(handle);`,
  ],
  ['examples/patient-booking', 15_000, `import * as booking from './examples/patient-booking/src/booking.ts'; console.log(booking);`],
];

describe('size budgets (min+gzip)', () => {
  it.each(budgets)('%s ≤ %i B', async (name, limit, entry) => {
    const { minified, gzip } = await gzipSize(entry);
    console.log(`${name}: ${minified} B minified, ${gzip} B gzip (budget ${limit} B)`);
    expect(minified).toBeGreaterThan(1_000); // the SDK really is in there
    expect(gzip).toBeLessThanOrEqual(limit);
  });

  it('keeps a one-operation app free of openapi-fetch and of the logging code it does not use', async () => {
    const result = await build({
      stdin: { contents: budgets[0]?.[2] ?? '', resolveDir: root.pathname, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['@careloop/source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Files with code in the output: the metafile's inputs also list modules tree-shaken away.
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.entries(output?.inputs ?? {}).filter(([, use]) => use.bytesInOutput > 0).map(([file]) => file);
    expect(inputs.some((file) => file.includes('openapi-fetch'))).toBe(false);
    expect(inputs.some((file) => /core\/src\/(log|redact)\.ts$/.test(file))).toBe(false);
    expect(inputs.some((file) => file.endsWith('patient/src/generated/operations.ts'))).toBe(true);
  });

  it.each(['core', 'patient', 'hospital', 'pharmacy', 'insurer'])('@careloop/%s has no runtime dependency besides openapi-fetch (and core)', async (name) => {
    const pkg = JSON.parse(await readFile(new URL(`packages/${name}/package.json`, root), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    const runtime = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
    expect(runtime.filter((dep) => dep !== 'openapi-fetch' && dep !== '@careloop/core')).toEqual([]);
  });
});
