import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Size budget: what a patient web app pays for the SDK. The example program is bundled for the
// browser, minified, from the packages' sources; the budget leaves ~20% headroom over today.
const BUDGET_GZIP_BYTES = 8_000;

describe('bundle size', () => {
  it(`examples/patient-booking bundled for the browser stays under ${BUDGET_GZIP_BYTES} bytes gzip`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../examples/patient-booking/src/booking.ts', import.meta.url))],
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
    const gzipped = gzipSync(code).byteLength;
    console.log(`examples/patient-booking: ${code.byteLength} bytes minified, ${gzipped} bytes gzip`);
    expect(code.byteLength).toBeGreaterThan(1_000); // the SDK really is in there
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
