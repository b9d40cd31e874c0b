import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const docsDir = fileURLToPath(new URL('../docs', import.meta.url));
// Its own directory: the docs site test serves docs/dist at the same time.
const outDir = fileURLToPath(new URL('../.tmp/typedoc-check', import.meta.url));

describe('SDK reference (typedoc)', () => {
  it('builds over every public package with no warnings (warnings are errors in docs/typedoc.json)', async () => {
    const result = await run('npx', ['typedoc', '--options', 'typedoc.json', '--out', outDir], { cwd: docsDir, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout: string; stderr: string; code: number }) => error,
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).not.toMatch(/\[warning\]|\[error\]/);
    for (const pkg of ['core', 'patient', 'hospital', 'pharmacy', 'insurer', 'mocks', 'cli']) {
      expect(existsSync(`${outDir}/_careloop_${pkg}.html`) || existsSync(`${outDir}/modules/_careloop_${pkg}.html`), pkg).toBe(true);
    }
  }, 300_000);
});
