/**
 * `npm run release:dry`: everything a release does short of versioning and publishing. Builds the
 * public packages, reports the pending changesets, packs each public workspace package into
 * .tmp/release/ and checks every tarball: the files its package.json points at are in it, nothing
 * that should stay in the repo is, and its internal dependencies name versions that will exist.
 * Exits non-zero, listing every problem, when a tarball is wrong.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RELEASE_DIR = path.join(REPO_ROOT, '.tmp', 'release');

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute path of the package folder. */
  dir: string;
}

/** What `npm pack --json` reports for one package. */
interface NpmPackReport {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the tarball. */
  tarball: string;
  packedSize: number;
  unpackedSize: number;
  fileCount: number;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
  /** The package.json as packed (what the registry would serve). */
  manifest: Manifest;
}

type Manifest = Record<string, unknown> & {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/** The workspace packages npm would publish (not `private`), in the root `workspaces` order. */
export async function publicPackages(root = REPO_ROOT): Promise<WorkspacePackage[]> {
  const rootManifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs: string[] = [];
  for (const pattern of rootManifest.workspaces) {
    // The repo's workspace globs are "folder/*" or a plain folder.
    if (pattern.endsWith('/*')) {
      const parent = path.join(root, pattern.slice(0, -2));
      const entries = await readdir(parent, { withFileTypes: true });
      dirs.push(...entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(parent, entry.name)).sort());
    } else {
      dirs.push(path.join(root, pattern));
    }
  }
  const packages: WorkspacePackage[] = [];
  for (const dir of dirs) {
    const manifest = await readManifest(path.join(dir, 'package.json'));
    if (manifest && manifest.private !== true) packages.push({ name: manifest.name, version: manifest.version, dir });
  }
  return packages;
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `turbo run build` for the public packages and what they depend on. */
export async function buildPublicPackages(packages: WorkspacePackage[]): Promise<void> {
  const filters = packages.map((pkg) => `--filter=${pkg.name}...`);
  await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', ...filters], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
}

export interface PendingRelease {
  name: string;
  type: 'major' | 'minor' | 'patch' | 'none';
  oldVersion: string;
  newVersion: string;
  /** Ids of the changesets that bump it. */
  changesets: string[];
}

/**
 * The bumps the pending changesets would make (`changeset status --output`). Pending changesets are
 * the normal state between releases, so they are reported, never an error; `warning` carries what
 * `changeset status` complained about (e.g. a changed package without a changeset), if anything.
 */
export async function pendingReleases(root = REPO_ROOT): Promise<{ releases: PendingRelease[]; warning?: string }> {
  const outputDir = path.join(root, '.tmp');
  await mkdir(outputDir, { recursive: true });
  // Per process: two dry runs (or a test and a dry run) must not read each other's status.
  const output = path.join(outputDir, `changeset-status-${process.pid}.json`);
  let warning: string | undefined;
  try {
    // --output takes a path relative to the working directory.
    await run('npx', ['changeset', 'status', `--output=${path.relative(root, output)}`], { cwd: root });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    warning = `${stdout}${stderr}`.trim() || String(error);
  }
  const status = await readStatus(output);
  await rm(output, { force: true });
  return { releases: status?.releases ?? [], ...(warning === undefined ? {} : { warning }) };
}

async function readStatus(file: string): Promise<{ releases: PendingRelease[] } | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { releases: PendingRelease[] };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `npm pack`s the packages into `outDir` (emptied first) and reads each tarball's package.json. */
export async function packPackages(packages: WorkspacePackage[], outDir = RELEASE_DIR): Promise<PackedPackage[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const workspaceArgs = packages.flatMap((pkg) => ['--workspace', pkg.name]);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', outDir, ...workspaceArgs], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const reports = JSON.parse(stdout) as NpmPackReport[];
  const packed: PackedPackage[] = [];
  for (const report of reports) {
    const tarball = path.join(outDir, report.filename);
    const { stdout: manifestText } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 16 * 1024 * 1024 });
    packed.push({
      name: report.name,
      version: report.version,
      tarball,
      packedSize: report.size,
      unpackedSize: report.unpackedSize,
      fileCount: report.entryCount,
      files: report.files.map((file) => file.path),
      manifest: JSON.parse(manifestText) as Manifest,
    });
  }
  return packed;
}

/** Files that belong in the repo, never in a published package, and why. */
const FORBIDDEN_FILES: { pattern: RegExp; reason: string }[] = [
  { pattern: /(^|\/)[^/]+\.test(-d)?\.[cm]?[jt]sx?$/, reason: 'a test file' },
  { pattern: /(^|\/)[^/]+\.test-helpers?\.[cm]?[jt]sx?$/, reason: 'a test helper' },
  { pattern: /^(test|tests|__tests__|fixtures)\//, reason: 'a test folder' },
  { pattern: /\.tsbuildinfo$/, reason: 'a TypeScript incremental build cache' },
  { pattern: /(^|\/)(\.turbo|node_modules|coverage|\.tmp)\//, reason: 'a build or test cache' },
  { pattern: /^(tsconfig(\.[\w-]+)?\.json|tsup\.config\.ts|typedoc\.json|vitest\.config\.ts)$/, reason: 'build configuration' },
  { pattern: /(^|\/)\.(env|npmrc)/, reason: 'local configuration (may hold secrets)' },
];

/** Every file path package.json points at: exports (all conditions), main, module, types, typesVersions, bin. */
export function entryPoints(manifest: Manifest): string[] {
  const targets = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest['exports']);
  collect(manifest['main']);
  collect(manifest['module']);
  collect(manifest['types']);
  collect(manifest['typings']);
  collect(manifest['typesVersions']);
  collect(manifest['bin']);
  return [...targets].map((target) => path.posix.normalize(target)).filter((target) => !target.includes('*'));
}

/**
 * What is wrong with a tarball, one sentence per problem (empty: publishable). `workspaceVersions`
 * maps each workspace package's name to its version, to check internal dependencies against.
 */
export function tarballProblems(packed: PackedPackage, workspaceVersions: ReadonlyMap<string, string | undefined>): string[] {
  const problems: string[] = [];
  const files = new Set(packed.files);
  const { manifest } = packed;
  if (manifest.private === true) problems.push('package.json is "private": npm would refuse to publish it');
  for (const target of entryPoints(manifest)) {
    if (!files.has(target)) problems.push(`package.json points at ${target}, which is not in the tarball (not built, or left out by "files")`);
  }
  for (const file of packed.files) {
    const forbidden = FORBIDDEN_FILES.find(({ pattern }) => pattern.test(file));
    if (forbidden) problems.push(`${file} is ${forbidden.reason}: exclude it in package.json "files"`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (!workspaceVersions.has(dependency)) continue;
      const workspaceVersion = workspaceVersions.get(dependency);
      if (workspaceVersion === undefined) {
        problems.push(`${field}.${dependency}: a private workspace package is never published, so the tarball could not be installed`);
        continue;
      }
      const match = /^[\^~]?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(range);
      if (!match) {
        problems.push(`${field}.${dependency} is "${range}": an internal dependency must name a real version (no *, workspace:, file: or link:)`);
      } else if (match[1] !== workspaceVersion) {
        problems.push(`${field}.${dependency} is "${range}" but the workspace has ${workspaceVersion}: the tarball would depend on a version that is not being released`);
      }
    }
  }
  return problems;
}

/** Every workspace package's version by name; a private one maps to `undefined` (it is never published). */
export async function workspaceVersions(root = REPO_ROOT): Promise<Map<string, string | undefined>> {
  const { stdout } = await run('npm', ['query', '.workspace', '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const workspaces = JSON.parse(stdout) as { name: string; version: string; private?: boolean }[];
  return new Map(workspaces.map((pkg) => [pkg.name, pkg.private === true ? undefined : pkg.version]));
}

export interface DryRelease {
  packed: PackedPackage[];
  pending: PendingRelease[];
  /** Problems by package name; only packages with problems appear. */
  problems: Map<string, string[]>;
}

/** Packs and checks every public package (the build is left to the caller). */
export async function packAndCheck(outDir = RELEASE_DIR): Promise<Omit<DryRelease, 'pending'>> {
  const [packages, versions] = await Promise.all([publicPackages(), workspaceVersions()]);
  const packed = await packPackages(packages, outDir);
  const problems = new Map<string, string[]>();
  for (const pkg of packed) {
    const found = tarballProblems(pkg, versions);
    if (found.length > 0) problems.set(pkg.name, found);
  }
  return { packed, problems };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** Left-aligned text columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const packages = await publicPackages();
  console.log(`Building ${packages.length} public packages…`);
  await buildPublicPackages(packages);

  const { releases, warning } = await pendingReleases();
  const bumps = releases.filter((release) => release.type !== 'none');
  console.log('\nPending changesets (`changeset version` would apply these):');
  console.log(
    bumps.length === 0
      ? '  none: nothing to version'
      : table([
          ['package', 'bump', 'version', 'changesets'],
          ...bumps.map((release) => [release.name, release.type, `${release.oldVersion} → ${release.newVersion}`, String(release.changesets.length)]),
        ]).replace(/^/gm, '  '),
  );
  if (warning) console.warn(`\nchangeset status reported:\n${warning.replace(/^/gm, '  ')}`);

  const { packed, problems } = await packAndCheck();
  console.log(`\nPacked into ${path.relative(REPO_ROOT, RELEASE_DIR)}/:`);
  console.log(
    table([
      ['package', 'version', 'tarball', 'packed', 'unpacked', 'files'],
      ...packed.map((pkg) => [pkg.name, pkg.version, path.basename(pkg.tarball), kilobytes(pkg.packedSize), kilobytes(pkg.unpackedSize), String(pkg.fileCount)]),
    ]).replace(/^/gm, '  '),
  );

  if (problems.size > 0) {
    console.error('\nThe dry release FAILED: these tarballs must not be published.');
    for (const [name, found] of problems) console.error(`\n${name}:\n${found.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`\nDry release OK: ${packed.length} tarballs checked in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
