import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Proves the published packages work for every consumer: ESM and CJS, node10/node16/bundler
// resolution (attw), and package.json hygiene (publint). Runs on the built dist/ — `npm test`
// builds first.
const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const PUBLIC_PACKAGES = ['core', 'patient', 'hospital', 'pharmacy', 'insurer', 'mocks', 'cli'];

let packDir: string;
beforeAll(async () => {
  packDir = await mkdtemp(path.join(tmpdir(), 'careloop-pack-'));
});
afterAll(async () => {
  await rm(packDir, { recursive: true, force: true });
});

describe.each(PUBLIC_PACKAGES)('@careloop/%s', (name) => {
  const pkgDir = path.join(root, 'packages', name);

  it('is publint-clean (strict, suggestions included)', async () => {
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const { messages } = await publint({ pkgDir, strict: true, level: 'suggestion' });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it('has correct types for every resolution mode (arethetypeswrong)', async () => {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: pkgDir });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const tarball = await readFile(path.join(packDir, filename));
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(tarball)));
    const problems = 'problems' in result ? result.problems : [];
    expect(problems.map((problem) => `${problem.kind}: ${JSON.stringify(problem)}`)).toEqual([]);
    expect(result.types).not.toBe(false);
  });
});
