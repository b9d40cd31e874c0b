import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, extractSnippets, markdownFiles, type Snippet, type SnippetReport } from './snippets.js';

// Every ```ts block of the docs and READMEs compiles as its own ES module against the built
// packages, and every ```json block parses: the docs cannot drift from the SDKs unnoticed.
// One TypeScript program checks them all (plus the self-test's broken snippets, so the self-test
// proves the very run the real snippets go through). `npm test` builds first: types come from dist/.
const root = fileURLToPath(new URL('..', import.meta.url));
const snippetDir = path.join(root, '.tmp', 'snippets');
const files = markdownFiles(root);

// Not a file on disk: the self-test's Markdown, with a type error on its 5th line and broken JSON.
const SELF_TEST = 'tests/snippets-self-test.md';
const SELF_TEST_MARKDOWN = [
  '# A broken page',
  '',
  '```ts',
  "import { createPatientClient } from '@careloop/patient';",
  "createPatientClient({ baseUrl: 'http://localhost:4010' }).slots.nope();",
  '```',
  '',
  '```json',
  '{ "trailing": "comma", }',
  '```',
].join('\n');

let report: SnippetReport;
beforeAll(() => {
  const snippets: Snippet[] = [
    ...files.flatMap((file) => extractSnippets(file, readFileSync(path.join(root, file), 'utf8'))),
    ...extractSnippets(SELF_TEST, SELF_TEST_MARKDOWN),
  ];
  report = checkSnippets(snippetDir, snippets);
}, 180_000);

describe('the snippet checker', () => {
  it('reads README.md, docs/**/*.md (not docs/dist), and every package and example README', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/webhooks.md');
    expect(files).toContain('packages/core/README.md');
    expect(files.filter((file) => file.startsWith('examples/')).length).toBeGreaterThan(0);
    expect(files.filter((file) => file.includes('/dist/') || file.includes('node_modules'))).toEqual([]);
  });

  it('maps a type error of a broken snippet to its Markdown line and block (self-test)', () => {
    const problems = report.problems.get(SELF_TEST) ?? [];
    expect(problems.filter((problem) => problem.includes('TS'))).toEqual([
      expect.stringMatching(/^tests\/snippets-self-test\.md:5 \(block 1\): TS2339 Property 'nope' does not exist on type /),
    ]);
  });

  it('reports a ```json block that does not parse, with its line (self-test)', () => {
    const problems = report.problems.get(SELF_TEST) ?? [];
    expect(problems.filter((problem) => problem.includes('json block'))).toEqual([expect.stringMatching(/^tests\/snippets-self-test\.md:9 \(json block 1\): /)]);
  });

  it('resolves @careloop/* as an installed package would: the built dist/ declarations, never src/', () => {
    const fromPackages = report.programFiles.filter((file) => file.includes('/packages/'));
    expect(fromPackages.some((file) => file.endsWith('/packages/patient/dist/index.d.ts'))).toBe(true);
    expect(fromPackages.filter((file) => /\/packages\/[a-z-]+\/src\//.test(file))).toEqual([]);
  });

  it('leaves no diagnostic that belongs to no snippet (configuration, package declarations)', () => {
    expect(report.unmapped).toEqual([]);
  });
});

describe('extractSnippets', () => {
  it('takes ```ts, ```typescript (with an info string) and ```json blocks, numbered per language, with the line after the fence', () => {
    const markdown = ['Intro', '```ts', 'const a = 1;', '```', '```sh', 'npm start', '```', '```typescript title="b.ts"', 'const b = 2;', '```', '```json', '{}', '```'].join('\n');
    expect(extractSnippets('x.md', markdown)).toEqual([
      { source: 'x.md', line: 3, language: 'ts', ordinal: 1, code: 'const a = 1;\n' },
      { source: 'x.md', line: 9, language: 'ts', ordinal: 2, code: 'const b = 2;\n' },
      { source: 'x.md', line: 12, language: 'json', ordinal: 1, code: '{}\n' },
    ]);
  });

  it('un-indents a block nested in a list item and ignores fences shown inside a longer fence', () => {
    const markdown = ['1. Step', '   ```ts', '   const a = 1;', '   ```', '````md', '```ts', 'not a snippet', '```', '````'].join('\n');
    expect(extractSnippets('x.md', markdown)).toEqual([{ source: 'x.md', line: 3, language: 'ts', ordinal: 1, code: 'const a = 1;\n' }]);
  });
});

describe.each(files)('%s', (file) => {
  it('has only ```ts snippets that compile and ```json snippets that parse', () => {
    expect(report.problems.get(file) ?? []).toEqual([]);
  });
});
