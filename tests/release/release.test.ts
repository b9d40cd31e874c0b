import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  packAndCheck,
  pendingReleases,
  publicPackages,
  REPO_ROOT,
  tarballProblems,
  type PackedPackage,
  type PendingRelease,
} from '../../scripts/release-dry.js';

// The release as a user meets it: the tarballs `npm run release:dry` packs (from the built dist/ —
// `npm test` builds first) are installed into a fresh project outside the workspace, where plain
// node runs the quickstart as ESM and as CJS and the repo's TypeScript checks it against the
// published types. Third-party dependencies come from the npm registry (or its cache).
const run = promisify(execFile);
const QUICKSTART_DIR = path.join(REPO_ROOT, 'tests', 'release', 'quickstart');
const PUBLIC = ['@careloop/cli', '@careloop/core', '@careloop/hospital', '@careloop/insurer', '@careloop/mocks', '@careloop/patient', '@careloop/pharmacy'];
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The environment without what `npm test` / vitest leak into children (npm_config_*, NODE_OPTIONS): the temp project must behave like a user's shell. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'NODE_PATH'));
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    console.log(`[release] ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

function packedFixture(overrides: Partial<PackedPackage> = {}): PackedPackage {
  return {
    name: '@careloop/patient',
    version: '1.2.0',
    tarball: '/tmp/careloop-patient-1.2.0.tgz',
    packedSize: 1,
    unpackedSize: 1,
    fileCount: 4,
    files: ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts'],
    manifest: {
      name: '@careloop/patient',
      version: '1.2.0',
      main: './dist/index.js',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      dependencies: { '@careloop/core': '1.2.0', 'openapi-fetch': '0.17.0' },
    },
    ...overrides,
  };
}

describe('tarball checks (each kind of wrong tarball is caught)', () => {
  const versions = new Map<string, string | undefined>([
    ['@careloop/core', '1.2.0'],
    ['@careloop/patient', '1.2.0'],
    ['@careloop/codegen', undefined],
  ]);

  it('passes a well-formed tarball', () => {
    expect(tarballProblems(packedFixture(), versions)).toEqual([]);
  });

  it('reports an entry point that is not in the tarball', () => {
    const packed = packedFixture({ files: ['package.json', 'README.md', 'dist/index.js'] });
    expect(tarballProblems(packed, versions)).toEqual([expect.stringContaining('points at dist/index.d.ts, which is not in the tarball')]);
  });

  it('reports a bin target that is not in the tarball', () => {
    const packed = packedFixture();
    packed.manifest['bin'] = { careloop: './dist/cli.js' };
    expect(tarballProblems(packed, versions)).toEqual([expect.stringContaining('points at dist/cli.js')]);
  });

  it.each([
    ['src/engine/engine.test.ts', 'a test file'],
    ['test/types.test-d.ts', 'a test file'],
    ['src/domains/connectors/agent.test-helpers.ts', 'a test helper'],
    ['tests/fixture.json', 'a test folder'],
    ['tsconfig.tsbuildinfo', 'a TypeScript incremental build cache'],
    ['dist/.turbo/turbo-build.log', 'a build or test cache'],
    ['tsup.config.ts', 'build configuration'],
    ['.npmrc', 'local configuration'],
  ])('reports %s as %s', (file, reason) => {
    const packed = packedFixture();
    packed.files.push(file);
    expect(tarballProblems(packed, versions)).toEqual([expect.stringContaining(`${file} is ${reason}`)]);
  });

  it.each([['*'], ['workspace:*'], ['workspace:^'], ['file:../core'], ['link:../core'], ['>=1']])('reports an internal dependency on "%s"', (range) => {
    const packed = packedFixture();
    packed.manifest.dependencies = { '@careloop/core': range };
    expect(tarballProblems(packed, versions)).toEqual([expect.stringContaining('must name a real version')]);
  });

  it('accepts ^ and ~ ranges of the version being released, and reports any other version', () => {
    const caret = packedFixture();
    caret.manifest.peerDependencies = { '@careloop/core': '^1.2.0' };
    expect(tarballProblems(caret, versions)).toEqual([]);
    const stale = packedFixture();
    stale.manifest.dependencies = { '@careloop/core': '1.1.0' };
    expect(tarballProblems(stale, versions)).toEqual([expect.stringContaining('but the workspace has 1.2.0')]);
  });

  it('reports a dependency on a private workspace package and a private manifest', () => {
    const packed = packedFixture();
    packed.manifest.private = true;
    packed.manifest.optionalDependencies = { '@careloop/codegen': '0.0.0' };
    expect(tarballProblems(packed, versions)).toEqual([
      expect.stringContaining('"private"'),
      expect.stringContaining('optionalDependencies.@careloop/codegen: a private workspace package is never published'),
    ]);
  });
});

describe('the packed public packages, installed outside the workspace', () => {
  let packDir: string;
  let project: string;
  let packed: PackedPackage[];
  let problems: Map<string, string[]>;

  beforeAll(async () => {
    packDir = await mkdtemp(path.join(tmpdir(), 'careloop-release-pack-'));
    // realpath: on some systems the temp folder is behind a symlink, and node reports real paths.
    project = await realpath(await mkdtemp(path.join(tmpdir(), 'careloop-release-project-')));
    ({ packed, problems } = await timed('pack and check 7 packages', () => packAndCheck(packDir)));

    await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'careloop-quickstart', private: true, type: 'module' }, null, 2)}\n`);
    await writeFile(
      path.join(project, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            lib: ['ES2022'],
            types: ['node'],
            // Check the published .d.ts files themselves, not only how the quickstart uses them.
            skipLibCheck: false,
            noEmit: true,
          },
          files: ['quickstart.ts'],
        },
        null,
        2,
      )}\n`,
    );
    for (const file of await readdir(QUICKSTART_DIR)) await cp(path.join(QUICKSTART_DIR, file), path.join(project, file));
    const tarballs = packed.map((pkg) => pkg.tarball);
    // @types/node: the quickstart is a node program, as a user's would be (the repo's pinned version).
    await timed('npm install the tarballs', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, '@types/node@20.19.43'], {
        cwd: project,
        env: userEnvironment(),
        maxBuffer: 16 * 1024 * 1024,
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all([packDir, project].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('packs every public package, and every tarball passes the checks', async () => {
    expect(packed.map((pkg) => pkg.name).sort()).toEqual(PUBLIC);
    expect((await publicPackages()).map((pkg) => pkg.name).sort()).toEqual(PUBLIC);
    expect(Object.fromEntries(problems)).toEqual({});
    for (const pkg of packed) {
      expect(pkg.files.some((file) => file.startsWith('dist/')), `${pkg.name} ships dist/`).toBe(true);
      expect(pkg.fileCount).toBe(pkg.files.length);
    }
  });

  it('is a project the repository cannot leak into', () => {
    expect(path.relative(REPO_ROOT, project).startsWith('..')).toBe(true);
    expect(path.relative(project, REPO_ROOT).startsWith('..')).toBe(true);
  });

  async function quickstart(file: string): Promise<Record<string, unknown> & { resolved: Record<string, string> }> {
    const { stdout } = await timed(`node ${file}`, () => run(process.execPath, [file], { cwd: project, env: userEnvironment() }));
    return JSON.parse(stdout) as Record<string, unknown> & { resolved: Record<string, string> };
  }

  function expectInstalledCopies(resolved: Record<string, string>, extension: string): void {
    for (const [name, file] of Object.entries(resolved)) {
      expect(file, name).toMatch(new RegExp(`\\${extension}$`));
      expect(file.startsWith(path.join(project, 'node_modules', '@careloop')), `${name} resolves to ${file}`).toBe(true);
      expect(file.startsWith(REPO_ROOT), `${name} resolves into the repository`).toBe(false);
    }
  }

  it('runs the ESM quickstart: a patient books a slot, the hospital sees it', { timeout: 60_000 }, async () => {
    const result = await quickstart('quickstart.mjs');
    expect(result).toMatchObject({
      module: 'esm',
      appointment: { id: expect.stringMatching(/^apt_/), status: 'booked', queueNumber: expect.any(Number) },
      seenByHospital: 'booked',
    });
    expect(result['slotsListed']).toBeGreaterThan(0);
    expect(Object.keys(result.resolved)).toHaveLength(4);
    expectInstalledCopies(result.resolved, '.js');
  });

  it('runs the CJS quickstart through require()', { timeout: 60_000 }, async () => {
    const result = await quickstart('quickstart.cjs');
    expect(result).toMatchObject({
      module: 'cjs',
      appointment: { id: expect.stringMatching(/^apt_/), status: 'booked', queueNumber: expect.any(Number) },
    });
    expect(Object.keys(result.resolved)).toHaveLength(3);
    expectInstalledCopies(result.resolved, '.cjs');
  });

  it('installs a working `careloop` bin', { timeout: 30_000 }, async () => {
    const { stdout } = await run(path.join(project, 'node_modules', '.bin', 'careloop'), ['--help'], { cwd: project, env: userEnvironment() });
    expect(stdout).toContain('Usage: careloop <command>');
  });

  it('type-checks the quickstart against the published types (NodeNext, strict, skipLibCheck off)', { timeout: 90_000 }, async () => {
    const outcome = await timed('tsc --noEmit', () =>
      run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, env: userEnvironment() }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      ),
    );
    expect(outcome).toBe('');
    // The types are real, not `any`: a misspelt field on the booked appointment is an error.
    const source = await readFile(path.join(project, 'quickstart.ts'), 'utf8');
    await writeFile(path.join(project, 'quickstart.ts'), source.replace('booked.status', 'booked.statuz'));
    const broken = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, env: userEnvironment() }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(broken).toContain("Property 'statuz' does not exist");
  });
});

describe('changesets', () => {
  let workspace: string;
  /** The repo's own pending releases, and those of the temporary copy with the rehearsal changeset. */
  let repoPending: PendingRelease[];
  let pending: PendingRelease[];
  const summaries = new Map<string, string>();

  beforeAll(async () => {
    ({ releases: repoPending } = await pendingReleases());
    // Only what `changeset version` reads: the manifests and .changeset/. The repo's node_modules is
    // linked in so the configured changelog generator resolves; the repository itself is untouched.
    workspace = await mkdtemp(path.join(tmpdir(), 'careloop-changesets-'));
    await cp(path.join(REPO_ROOT, 'package.json'), path.join(workspace, 'package.json'));
    await cp(path.join(REPO_ROOT, '.changeset'), path.join(workspace, '.changeset'), { recursive: true });
    const rootManifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const pattern of rootManifest.workspaces) {
      const parents = pattern.endsWith('/*') ? (await readdir(path.join(REPO_ROOT, pattern.slice(0, -2)))).map((name) => path.join(pattern.slice(0, -2), name)) : [pattern];
      for (const dir of parents) {
        const manifest = path.join(REPO_ROOT, dir, 'package.json');
        const exists = await readFile(manifest, 'utf8').then(
          () => true,
          () => false,
        );
        if (!exists) continue;
        await mkdir(path.join(workspace, dir), { recursive: true });
        await cp(manifest, path.join(workspace, dir, 'package.json'));
      }
    }
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    // A rehearsal changeset bumps every public package, so the proof holds right after a release
    // too, when the repo has no pending changesets.
    await writeFile(
      path.join(workspace, '.changeset', 'release-rehearsal.md'),
      `---\n${PUBLIC.map((name) => `"${name}": patch`).join('\n')}\n---\n\nRelease rehearsal: every public package.\n`,
    );
    // `changeset status` reads the git history of the base branch: the copy gets a one-commit `main`.
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=release-test', '-c', 'user.email=release-test@careloop.test', ...args], { cwd: workspace, env: userEnvironment() });
    await git('init', '-q', '-b', 'main');
    await writeFile(path.join(workspace, '.gitignore'), 'node_modules\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'copy');
    const status = await pendingReleases(workspace);
    expect(status.warning).toBeUndefined();
    pending = status.releases;
    for (const file of await readdir(path.join(workspace, '.changeset'))) {
      if (!file.endsWith('.md') || file === 'README.md') continue;
      const text = await readFile(path.join(workspace, '.changeset', file), 'utf8');
      summaries.set(file.slice(0, -3), text.split('---')[2]?.trim().split('\n')[0] ?? '');
    }
    await timed('changeset version (temporary copy)', () =>
      run(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], { cwd: workspace, env: userEnvironment() }),
    );
  }, 60_000);

  afterAll(async () => {
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it("the repo's pending changesets bump public packages only; the rehearsal releases every public package", () => {
    for (const release of repoPending.filter((candidate) => candidate.type !== 'none')) expect(PUBLIC, release.name).toContain(release.name);
    const bumped = pending.filter((release) => release.type !== 'none');
    expect(bumped.map((release) => release.name).sort()).toEqual(PUBLIC);
    for (const release of bumped) expect(release.changesets, release.name).toContain('release-rehearsal');
  });

  it('`changeset version` writes a CHANGELOG.md per public package with every changeset that bumps it', async () => {
    const packages = await publicPackages();
    for (const release of pending.filter((candidate) => candidate.type !== 'none')) {
      const pkg = packages.find((candidate) => candidate.name === release.name);
      if (!pkg) throw new Error(`${release.name} is not a public workspace package`);
      const dir = path.join(workspace, path.relative(REPO_ROOT, pkg.dir));
      const changelog = await readFile(path.join(dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog.startsWith(`# ${release.name}\n\n## ${release.newVersion}\n`), release.name).toBe(true);
      for (const id of release.changesets) {
        const firstLine = summaries.get(id) ?? '';
        expect(firstLine, `${id}.md has a summary`).not.toBe('');
        expect(changelog, `${release.name}'s changelog lists ${id}`).toContain(firstLine);
      }
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
      expect(manifest.version).toBe(release.newVersion);
      // Internal dependencies move with the release, so the next packed tarballs stay installable.
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        const bumped = pending.find((candidate) => candidate.name === dependency);
        if (bumped) expect(range, `${release.name} → ${dependency}`).toBe(bumped.newVersion);
      }
    }
  });

  it('consumes the changesets and leaves private packages alone', async () => {
    expect((await readdir(path.join(workspace, '.changeset'))).sort()).toEqual(['README.md', 'config.json']);
    const codegen = JSON.parse(await readFile(path.join(workspace, 'packages', 'codegen', 'package.json'), 'utf8')) as { version: string };
    expect(codegen.version).toBe('0.0.0');
    await expect(readFile(path.join(workspace, 'packages', 'codegen', 'CHANGELOG.md'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
