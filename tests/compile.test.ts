import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// Small consumer projects (tests/compile/<mode>/) type-check against the *built* packages, the way
// users compile against them: Node ESM and CJS (node16), a bundler, and classic CommonJS (node10).
// Complements packaging.test.ts (attw reads the types; this uses them). `npm test` builds first.
const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

interface Mode {
  /** The fixture folder under tests/compile/. */
  name: string;
  /** The declaration files of that module format: `.d.ts` (import condition) or `.d.cts` (require condition, `types`). */
  declarations: '.d.ts' | '.d.cts';
  /** Entry declaration files the program must have loaded, as `<package folder>/dist/<name>` without the extension. */
  entries: string[];
}

const SDK_ENTRIES = ['core/dist/index', 'patient/dist/index', 'hospital/dist/index', 'hospital/dist/connector', 'pharmacy/dist/index', 'insurer/dist/index', 'mocks/dist/index'];
const MODES: Mode[] = [
  { name: 'esm-node16', declarations: '.d.ts', entries: [...SDK_ENTRIES, 'mocks/dist/msw-node', 'mocks/dist/http-server'] },
  { name: 'cjs-node16', declarations: '.d.cts', entries: [...SDK_ENTRIES, 'mocks/dist/http-server'] },
  { name: 'bundler', declarations: '.d.ts', entries: [...SDK_ENTRIES, 'mocks/dist/msw-browser', 'mocks/dist/http-server'] },
  { name: 'commonjs-node10', declarations: '.d.cts', entries: [...SDK_ENTRIES, 'mocks/dist/http-server'] },
];

interface Compilation {
  exitCode: number;
  /** Diagnostics and, with `--listFiles`, every file of the program (absolute, `/`-separated). */
  output: string;
  seconds: number;
}

function compile(project: string): Promise<Compilation> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, '-p', project, '--listFiles', '--pretty', 'false'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode, output: `${stdout}${stderr}`, seconds: (performance.now() - started) / 1000 });
      },
    );
  });
}

const posixRoot = root.split(path.sep).join('/');
const packagesDir = `${posixRoot}packages/`;

/** With `--listFiles`, tsc prints one absolute path a line; every other line belongs to a diagnostic. */
function readOutput(output: string): { programFiles: string[]; diagnostics: string[] } {
  const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
  return {
    programFiles: lines.filter((line) => path.isAbsolute(line)).map((line) => line.split(path.sep).join('/')),
    diagnostics: lines.filter((line) => !path.isAbsolute(line)),
  };
}

// All modes compile at once (each is a separate tsc process); every test awaits its own.
const compilations = new Map<string, Promise<Compilation>>();
beforeAll(() => {
  for (const mode of MODES) compilations.set(mode.name, compile(path.join('tests', 'compile', mode.name)));
});

describe.each(MODES)('a consumer project compiled with $name', ({ name, declarations, entries }) => {
  const project = path.join(root, 'tests', 'compile', name);

  it('is configured not to hide problems: strict, skipLibCheck off, no `@careloop/source` condition', () => {
    // skipLibCheck would skip our .d.ts files; the `@careloop/source` condition (or extending the
    // repo's base config, which sets it) would compile against src/ instead of dist/.
    const { config, error } = ts.readConfigFile(path.join(project, 'tsconfig.json'), ts.sys.readFile);
    expect(error).toBeUndefined();
    const options = (config as { compilerOptions: Record<string, unknown> }).compilerOptions;
    expect(options['skipLibCheck']).toBe(false);
    expect(options['strict']).toBe(true);
    expect(options).not.toHaveProperty('customConditions');
    expect(config).not.toHaveProperty('extends');
  });

  it(`type-checks against the built dist/*${declarations} only`, async () => {
    const { exitCode, output, seconds } = await (compilations.get(name) as Promise<Compilation>);
    const { programFiles, diagnostics } = readOutput(output);
    expect(diagnostics, `tsc -p tests/compile/${name} (run \`npm run build\` first: this compiles against dist/)`).toEqual([]);
    expect(exitCode).toBe(0);
    expect(programFiles).toContain(`${posixRoot}tests/compile/${name}/consumer.ts`);

    // Every file the program took from packages/ is a declaration file of dist/ in this mode's
    // format: none from src/ (the `@careloop/source` condition), none of the other format.
    const fromPackages = programFiles.filter((file) => file.startsWith(packagesDir)).map((file) => file.slice(packagesDir.length));
    const ofFormat = (file: string) => /^[a-z-]+\/dist\/[^/]+$/.test(file) && file.endsWith(declarations);
    expect(fromPackages.filter((file) => !ofFormat(file))).toEqual([]);
    for (const entry of entries) expect(fromPackages).toContain(`${entry}${declarations}`);
    console.info(`tests/compile/${name}: tsc ${seconds.toFixed(1)} s, ${fromPackages.length} declaration files from dist/`);
  }, 180_000);
});
