import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The READMEs are the first page a developer reads, on npm and in the repository: each public
// package's opens with what it is, how to install it, a quickstart short enough to read at a
// glance, and where the docs are; each example's says the one command that runs it.
// (snippets.test.ts proves their ```ts blocks compile.)
const root = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC_PACKAGES = ['core', 'patient', 'hospital', 'pharmacy', 'insurer', 'mocks', 'cli'];
const MAX_QUICKSTART_LINES = 10;

interface Fence {
  language: string;
  lines: string[];
}

/** The Markdown's sections by `## ` heading (the text before the first one under ''), with their fenced blocks. */
function sections(markdown: string): Map<string, { text: string; fences: Fence[] }> {
  const result = new Map<string, { text: string; fences: Fence[] }>();
  let heading = '';
  let fence: Fence | undefined;
  for (const line of markdown.split('\n')) {
    const section = result.get(heading) ?? { text: '', fences: [] };
    result.set(heading, section);
    if (fence) {
      if (/^```\s*$/.test(line)) fence = undefined;
      else fence.lines.push(line);
    } else if (line.startsWith('```')) {
      fence = { language: line.slice(3).trim().split(/\s/)[0] ?? '', lines: [] };
      section.fences.push(fence);
    } else if (line.startsWith('## ')) heading = line.slice(3).trim().toLowerCase();
    else section.text += `${line}\n`;
  }
  return result;
}

describe.each(PUBLIC_PACKAGES)('packages/%s/README.md', (name) => {
  const readme = readFileSync(path.join(root, 'packages', name, 'README.md'), 'utf8');
  const parts = sections(readme);

  it(`starts with the package name and one sentence saying what it is`, () => {
    const intro = (parts.get('')?.text ?? '').trim().split(/\n\s*\n/);
    expect(intro[0]).toBe(`# @careloop/${name}`);
    expect(intro[1], 'the first paragraph').toMatch(/^[A-Z`].{40,}[.)]$/s);
  });

  it(`says how to install it: npm install @careloop/${name}`, () => {
    const install = parts.get('install')?.fences.find((fence) => fence.language === 'sh');
    expect(install?.lines.join('\n')).toMatch(new RegExp(`npm install (--save-dev )?@careloop/${name}\\b`));
  });

  it(`has a quickstart of at most ${MAX_QUICKSTART_LINES} lines (${name === 'cli' ? 'sh' : 'ts'})`, () => {
    const [quickstart] = parts.get('quickstart')?.fences ?? [];
    expect(quickstart?.language).toBe(name === 'cli' ? 'sh' : 'ts');
    expect(quickstart?.lines.length).toBeGreaterThan(0);
    expect(quickstart?.lines.length).toBeLessThanOrEqual(MAX_QUICKSTART_LINES);
    if (name !== 'cli') expect(quickstart?.lines.join('\n')).toContain(`'@careloop/${name}'`);
  });

  it('links to the docs and says how to build them', () => {
    const docs = parts.get('docs')?.text ?? '';
    expect(docs).toMatch(/\]\(\.\.\/\.\.\/docs\/README\.md\)/);
    expect(docs).toContain('npm run docs');
  });

  it('ships the README in the package (package.json `files`)', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')) as { files?: string[] };
    expect(pkg.files).toContain('README.md');
  });
});

const examples = readdirSync(path.join(root, 'examples'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe.each(examples)('examples/%s', (name) => {
  const dir = path.join(root, 'examples', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> };

  it('has a README naming the command that runs it from the repository root, a script of its package.json', () => {
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const commands = [...sections(readme).values()].flatMap(({ fences }) => fences.filter((fence) => fence.language === 'sh').flatMap((fence) => fence.lines));
    // `npm start -w examples/x`, `npm run dev --workspace=examples/x` or by package name.
    const workspace = `(?:examples/${name}|${pkg.name.replace('/', '\\/')})`;
    const pattern = new RegExp(`^npm (?:start|run ([\\w:-]+)) (?:-w|--workspace)[ =]${workspace}(?:\\s|$)`);
    const runs = commands.map((line) => pattern.exec(line.trim())).filter((match) => match !== null);
    expect(runs.length, 'a ```sh block with `npm start -w examples/<name>` or `npm run <script> -w examples/<name>`').toBeGreaterThan(0);
    for (const run of runs) expect(Object.keys(pkg.scripts ?? {})).toContain(run[1] ?? 'start');
  });
});
