import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Extracts the code snippets of the repo's Markdown and type-checks them the way a user's project
// would compile them. Used by snippets.test.ts; kept apart so the self-test runs the same pipeline.

/** A fenced code block worth checking: TypeScript (type-checked) or JSON (parsed). */
export interface Snippet {
  /** The Markdown file, repo-relative with `/` separators (`docs/webhooks.md`). */
  source: string;
  /** 1-based line, in the Markdown file, of the block's first code line (the line after the fence). */
  line: number;
  language: 'ts' | 'json';
  /** 1-based position among the blocks of the same language in the same file. */
  ordinal: number;
  code: string;
}

const TS_TAGS = new Set(['ts', 'typescript']);
const JSON_TAGS = new Set(['json']);

/**
 * The ```ts / ```typescript and ```json blocks of one Markdown file (CommonMark fences: ``` or ~~~,
 * up to three spaces of indentation, closed by the same character at least as long). Fences inside
 * a longer fence (a ````md block showing Markdown) are content, not snippets.
 */
export function extractSnippets(source: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  const counts = { ts: 0, json: 0 };
  let open: { fence: string; indent: number; language: Snippet['language'] | undefined; start: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open) {
      const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(text);
      if (close && close[2]![0] === open.fence[0] && close[2]!.length >= open.fence.length) {
        if (open.language) {
          counts[open.language] += 1;
          snippets.push({ source, line: open.start, language: open.language, ordinal: counts[open.language], code: `${open.body.join('\n')}\n` });
        }
        open = undefined;
      } else {
        // Content lines lose the fence's own indentation (a block nested in a list item).
        open.body.push(text.replace(new RegExp(`^ {0,${open.indent}}`), ''));
      }
      return;
    }
    const start = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (!start) return;
    const tag = start[3]!.toLowerCase();
    const language = TS_TAGS.has(tag) ? 'ts' : JSON_TAGS.has(tag) ? 'json' : undefined;
    open = { fence: start[2]!, indent: start[1]!.length, language, start: index + 2, body: [] };
  });
  return snippets;
}

/**
 * The Markdown files whose snippets must compile: README.md, docs/**\/*.md (not docs/dist),
 * packages/*\/README.md and examples/*\/README.md. Repo-relative, sorted.
 */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(relative);
      } else if (entry.name.endsWith('.md')) files.push(relative);
    }
  };
  walk('docs');
  for (const parent of ['packages', 'examples']) {
    for (const entry of readdirSync(path.join(root, parent), { withFileTypes: true })) {
      if (entry.isDirectory() && readdirSync(path.join(root, parent, entry.name)).includes('README.md')) files.push(`${parent}/${entry.name}/README.md`);
    }
  }
  return files.sort();
}

/**
 * The compiler options of the snippet project: a user's Node ES module project with the strictest
 * flags the SDKs promise to support. NodeNext rather than Bundler because the snippets are mostly
 * Node programs (process.env, servers, MSW in Node) and NodeNext is the stricter reading of the
 * packages' `exports`; tests/compile.test.ts covers the bundler and CommonJS consumers. No
 * `customConditions`: `@careloop/*` resolve, through the workspace's node_modules links, to the
 * built dist/*.d.ts exactly as an installed package would (`npm test` builds first).
 */
export const SNIPPET_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  moduleDetection: 'force',
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  noEmit: true,
} as const;

/**
 * Writes each TypeScript snippet as its own ES module under `dir` (emptied first), with a
 * package.json (`type: module`) and a tsconfig.json so `npx tsc -p <dir>` reproduces the check by
 * hand. Returns the snippet of every written file, keyed by absolute path.
 */
export function writeSnippetProject(dir: string, snippets: Snippet[]): Map<string, Snippet> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  const files = new Map<string, Snippet>();
  for (const snippet of snippets.filter((candidate) => candidate.language === 'ts')) {
    // `docs/guides/hospital.md` block 2 → docs__guides__hospital.md.2.ts: flat, unique, readable.
    const file = path.join(dir, `${snippet.source.replaceAll('/', '__')}.${snippet.ordinal}.ts`);
    writeFileSync(file, snippet.code);
    files.set(path.resolve(file), snippet);
  }
  const config = { compilerOptions: SNIPPET_COMPILER_OPTIONS, files: [...files.keys()].map((file) => path.basename(file)) };
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  return files;
}

export interface SnippetReport {
  /** One line per problem, `docs/webhooks.md:42 (block 3): TS2339 Property 'x' does not exist…`, by Markdown file. */
  problems: Map<string, string[]>;
  /** Diagnostics that belong to no snippet (configuration, or a broken declaration file of a package). */
  unmapped: string[];
  /** Every file the TypeScript program loaded (absolute, `/`-separated). */
  programFiles: string[];
}

function addProblem(problems: Map<string, string[]>, source: string, problem: string): void {
  problems.set(source, [...(problems.get(source) ?? []), problem]);
}

/**
 * Type-checks every TypeScript snippet in one TypeScript program (one compiler run for the whole
 * repo) and parses every JSON snippet; maps each diagnostic back to its Markdown line.
 */
export function checkSnippets(dir: string, snippets: Snippet[]): SnippetReport {
  const files = writeSnippetProject(dir, snippets);
  const problems = new Map<string, string[]>();
  const unmapped: string[] = [];

  const configPath = path.join(dir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile) as { config: unknown };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, configPath);
  for (const diagnostic of parsed.errors) unmapped.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const snippet = diagnostic.file ? files.get(path.resolve(diagnostic.file.fileName)) : undefined;
    if (!diagnostic.file || !snippet) {
      unmapped.push(diagnostic.file ? `${diagnostic.file.fileName}: ${message}` : message);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    addProblem(problems, snippet.source, `${snippet.source}:${snippet.line + line} (block ${snippet.ordinal}): ${message}`);
  }

  for (const snippet of snippets.filter((candidate) => candidate.language === 'json')) {
    try {
      JSON.parse(snippet.code);
    } catch (error) {
      addProblem(problems, snippet.source, `${snippet.source}:${snippet.line} (json block ${snippet.ordinal}): ${(error as Error).message}`);
    }
  }
  return { problems, unmapped, programFiles: program.getSourceFiles().map((file) => file.fileName.split(path.sep).join('/')) };
}
