import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackages, publicPackages, type PackedPackage } from '../scripts/release-dry.js';

// Proves the published packages work for every consumer: ESM and CJS, node10/node16/bundler
// resolution (attw), and package.json hygiene (publint). Runs on the built dist/ — `npm test`
// builds first. The tarballs are packed as the dry release packs them (scripts/release-dry.ts), in one npm call.
const PUBLIC_PACKAGES = await publicPackages();

let packDir: string;
let packed: PackedPackage[];
beforeAll(async () => {
  packDir = await mkdtemp(path.join(tmpdir(), 'careloop-pack-'));
  packed = await packPackages(PUBLIC_PACKAGES, packDir);
}, 120_000);
afterAll(async () => {
  await rm(packDir, { recursive: true, force: true });
});

it('covers the seven public packages', () => {
  expect(PUBLIC_PACKAGES.map((pkg) => pkg.name).sort()).toEqual(
    ['cli', 'core', 'hospital', 'insurer', 'mocks', 'patient', 'pharmacy'].map((name) => `@careloop/${name}`),
  );
});

describe.each(PUBLIC_PACKAGES.map((pkg) => [pkg.name, pkg.dir] as const))('%s', (name, pkgDir) => {
  it('is publint-clean (strict, suggestions included)', async () => {
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const { messages } = await publint({ pkgDir, strict: true, level: 'suggestion' });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it('has correct types for every resolution mode (arethetypeswrong)', async () => {
    const pack = packed.find((candidate) => candidate.name === name);
    if (!pack) throw new Error(`${name} was not packed`);
    const tarball = await readFile(pack.tarball);
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(tarball)));
    const problems = 'problems' in result ? result.problems : [];
    expect(problems.map((problem) => `${problem.kind}: ${JSON.stringify(problem)}`)).toEqual([]);
    expect(result.types).not.toBe(false);
  });
});
