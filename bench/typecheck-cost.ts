/**
 * Type-check cost of the examples: `tsc --extendedDiagnostics --listFiles -p examples/<name>/tsconfig.json
 * --noEmit`, one example at a time in a child process (plain node, no tsx). The diagnostics give the
 * counts (types, instantiations), the times and the memory; the file list shows where the workspace
 * packages were resolved from (their `src/` through the `@careloop/source` condition, or `dist/`).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface TypecheckSample {
  example: string;
  /** The tsconfig's `customConditions` (inherited from tsconfig.base.json). */
  conditions: readonly string[];
  files: number;
  /** Files per workspace package and the folder they came from, e.g. `{ 'mocks src': 158, 'core src': 15 }`. */
  workspaceFiles: Record<string, number>;
  linesOfTypeScript: number;
  types: number;
  instantiations: number;
  /** Seconds. */
  checkTime: number;
  totalTime: number;
  /** MiB, as tsc reports it (heap used at the end). */
  memory: number;
  /** Wall time of the tsc process, in seconds (startup and file reading included). */
  wallTime: number;
  errors: number;
}

export const TYPESCRIPT_VERSION = ts.version;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The examples, each a folder of examples/ with a tsconfig.json. */
export function exampleNames(): string[] {
  return readdirSync(new URL('../examples/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function conditionsOf(tsconfig: string): readonly string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return parsed?.options.customConditions ?? [];
}

function run(args: readonly string[]): Promise<{ stdout: string; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // tsc exits non-zero on type errors; its output still carries the diagnostics.
    execFile(process.execPath, [TSC, ...args], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ stdout, wallMs: performance.now() - started });
    });
  });
}

export async function measureTypecheck(example: string): Promise<TypecheckSample> {
  const tsconfig = `examples/${example}/tsconfig.json`;
  const { stdout, wallMs } = await run(['--extendedDiagnostics', '--listFiles', '--noEmit', '--pretty', 'false', '-p', tsconfig]);
  const stats = new Map<string, number>();
  const workspaceFiles: Record<string, number> = {};
  let errors = 0;
  for (const line of stdout.split('\n')) {
    const stat = /^([A-Za-z][A-Za-z ]*?):\s+([\d.]+)[Ks]?$/.exec(line.trim());
    if (stat?.[1] !== undefined && stat[2] !== undefined) stats.set(stat[1], Number(stat[2]));
    else if (/error TS\d+/.test(line)) errors++;
    else if (line.startsWith('/')) {
      const [top, name, folder] = relative(ROOT, line).split(sep);
      if (top === 'packages' && (folder === 'src' || folder === 'dist')) workspaceFiles[`${name} ${folder}`] = (workspaceFiles[`${name} ${folder}`] ?? 0) + 1;
    }
  }
  const stat = (name: string): number => stats.get(name) ?? Number.NaN;
  return {
    example,
    conditions: conditionsOf(`${ROOT}${tsconfig}`),
    files: stat('Files'),
    workspaceFiles,
    linesOfTypeScript: stat('Lines of TypeScript'),
    types: stat('Types'),
    instantiations: stat('Instantiations'),
    checkTime: stat('Check time'),
    totalTime: stat('Total time'),
    memory: stat('Memory used') / 1024,
    wallTime: wallMs / 1000,
    errors,
  };
}
