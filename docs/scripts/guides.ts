/**
 * The guides: every Markdown page of docs/ (and the repository's READMEs) rendered to HTML with
 * one layout — a sidebar built from docs/README.md's links, the page, and a search box over an
 * index built here.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import MiniSearch from 'minisearch';
import { SEARCH_OPTIONS, type SearchDocument } from '../site/search-options.js';

/** A Markdown source and where it lands in the site (both POSIX paths, from the repo root and the site root). */
export interface Page {
  source: string;
  sitePath: string;
}

interface RenderedPage extends Page {
  title: string;
  body: string;
  search: SearchDocument;
}

interface NavSection {
  title: string;
  links: { title: string; sitePath: string }[];
}

/** The reference pages the other build steps write; the nav always offers them. */
export const REFERENCE_PAGES = [
  { title: 'API reference', sitePath: 'api/index.html' },
  { title: 'SDK reference', sitePath: 'reference/index.html' },
];

const SITE_NAME = 'Careloop docs';

const SKIPPED_DIRECTORIES = new Set(['dist', 'node_modules', 'scripts', 'site', '.turbo']);

function markdownUnder(repoRoot: string, directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(repoRoot, directory), { withFileTypes: true })) {
    const path = posix.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) found.push(...markdownUnder(repoRoot, path));
    } else if (entry.name.endsWith('.md')) {
      found.push(path);
    }
  }
  return found;
}

/** A README of a workspace folder (`packages/*`, `examples/*`), if it has one. */
function workspaceReadmes(repoRoot: string, parent: string): string[] {
  if (!existsSync(join(repoRoot, parent))) return [];
  return readdirSync(join(repoRoot, parent))
    .filter((name) => existsSync(join(repoRoot, parent, name, 'README.md')))
    .map((name) => `${parent}/${name}/README.md`);
}

/**
 * Every page of the site: docs/**\/*.md (docs/README.md is the home page; a README is its folder's
 * index), plus the root README (overview.html) and each package's and example's README
 * (packages/<name>.html, examples/<name>.html), which the guides link to.
 */
export function collectPages(repoRoot: string): Page[] {
  const pages: Page[] = markdownUnder(repoRoot, 'docs').map((source) => {
    const inSite = source.slice('docs/'.length).replace(/\.md$/, '');
    const sitePath = inSite === 'README' || inSite.endsWith('/README') ? `${inSite.slice(0, -'README'.length)}index.html` : `${inSite}.html`;
    return { source, sitePath };
  });
  if (existsSync(join(repoRoot, 'README.md'))) pages.push({ source: 'README.md', sitePath: 'overview.html' });
  for (const parent of ['packages', 'examples']) {
    for (const source of workspaceReadmes(repoRoot, parent)) pages.push({ source, sitePath: `${parent}/${source.split('/')[1]}.html` });
  }
  return pages.sort((a, b) => a.sitePath.localeCompare(b.sitePath));
}

/** The href from one site page to another site path. */
function relativeHref(fromSitePath: string, toSitePath: string): string {
  const relative = posix.relative(posix.dirname(fromSitePath), toSitePath);
  return relative === '' ? posix.basename(toSitePath) : relative;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function slugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

function plainText(inline: Token): string {
  return (inline.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('');
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface LinkTargets {
  /** Repo path of a Markdown page → its site path. */
  pages: Map<string, string>;
  /** Whether a site path is a file the build wrote (the API and SDK reference). */
  builtFile(sitePath: string): boolean;
}

/**
 * Where a link in `source` points in the site, or the repository path it names when that is not
 * part of the site (then it is shown as text: a link into the repo would be a 404 here).
 */
export function resolveLink(source: string, href: string, targets: LinkTargets): { sitePath: string; hash: string } | { repoPath: string } | null {
  if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return null;
  const hashAt = href.indexOf('#');
  const path = decodeURI(hashAt === -1 ? href : href.slice(0, hashAt));
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  const repoPath = posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(source), path)).replace(/\/$/, '');
  for (const candidate of [repoPath, `${repoPath}/README.md`]) {
    const sitePath = targets.pages.get(candidate);
    if (sitePath !== undefined) return { sitePath, hash };
  }
  // docs/dist/… and docs/api/… both name the built site's files.
  const inSite = repoPath.startsWith('docs/dist/') ? repoPath.slice('docs/dist/'.length) : repoPath.startsWith('docs/') ? repoPath.slice('docs/'.length) : undefined;
  if (inSite !== undefined) {
    for (const candidate of [inSite, `${inSite}/index.html`]) {
      if (targets.builtFile(candidate)) return { sitePath: candidate, hash };
    }
  }
  return { repoPath };
}

function createRenderer(page: Page, targets: LinkTargets): MarkdownIt {
  const markdown = new MarkdownIt({ html: false, linkify: true });
  markdown.core.ruler.push('careloop_site', (state) => {
    const slug = slugger();
    state.tokens.forEach((token, at) => {
      const inline = state.tokens[at + 1];
      if (token.type === 'heading_open' && inline !== undefined) token.attrSet('id', slug(plainText(inline)));
      if (token.type !== 'inline') return;
      const children = token.children ?? [];
      children.forEach((child, childAt) => {
        if (child.type !== 'link_open') return;
        const target = resolveLink(page.source, child.attrGet('href') ?? '', targets);
        if (target === null) return;
        if ('sitePath' in target) {
          child.attrSet('href', relativeHref(page.sitePath, target.sitePath) + target.hash);
          return;
        }
        // Not part of the site: keep the words, say where the file is.
        const close = children.slice(childAt).find((candidate) => candidate.type === 'link_close' && candidate.level === child.level);
        child.tag = 'span';
        child.attrs = [
          ['class', 'repo-link'],
          ['data-repo-path', target.repoPath],
        ];
        if (close !== undefined) close.tag = 'span';
      });
    });
  });
  return markdown;
}

function searchDocument(sitePath: string, title: string, tokens: Token[]): SearchDocument {
  const headings: string[] = [];
  const text: string[] = [];
  tokens.forEach((token, at) => {
    if (token.type === 'inline') {
      const words = plainText(token);
      if (tokens[at - 1]?.type === 'heading_open') headings.push(words);
      else text.push(words);
    } else if (token.type === 'fence' || token.type === 'code_block') {
      text.push(token.content);
    }
  });
  return { id: sitePath, title, headings: headings.join('\n'), text: text.join('\n') };
}

async function renderPage(repoRoot: string, page: Page, targets: LinkTargets): Promise<RenderedPage> {
  const markdown = createRenderer(page, targets);
  const source = await readFile(join(repoRoot, page.source), 'utf8');
  const tokens = markdown.parse(source, {});
  const h1 = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1');
  const titleToken = h1 === -1 ? undefined : tokens[h1 + 1];
  const title = titleToken === undefined ? posix.basename(page.source, '.md') : plainText(titleToken);
  return { ...page, title, body: markdown.renderer.render(tokens, markdown.options, {}), search: searchDocument(page.sitePath, title, tokens) };
}

/** The sidebar: docs/README.md's links grouped under its headings, then the reference. */
function buildNav(home: RenderedPage | undefined, homeSource: string, targets: LinkTargets): NavSection[] {
  const sections: NavSection[] = [];
  if (home !== undefined) {
    const markdown = new MarkdownIt({ html: false });
    const tokens = markdown.parse(homeSource, {});
    let current: NavSection = { title: 'Contents', links: [] };
    sections.push(current);
    tokens.forEach((token, at) => {
      if (token.type === 'heading_open' && token.tag !== 'h1') {
        current = { title: plainText(tokens[at + 1] as Token), links: [] };
        sections.push(current);
      }
      if (token.type !== 'inline' || tokens[at - 1]?.type !== 'paragraph_open' || tokens[at - 2]?.type !== 'list_item_open') return;
      // A list item names its page with its first link.
      const children = token.children ?? [];
      const open = children.findIndex((child) => child.type === 'link_open');
      if (open === -1) return;
      const target = resolveLink(home.source, children[open]?.attrGet('href') ?? '', targets);
      if (target === null || !('sitePath' in target)) return;
      const close = children.findIndex((child, childAt) => childAt > open && child.type === 'link_close');
      const title = children
        .slice(open + 1, close)
        .filter((child) => child.type === 'text' || child.type === 'code_inline')
        .map((child) => child.content)
        .join('');
      if (!current.links.some((link) => link.sitePath === target.sitePath)) current.links.push({ title, sitePath: target.sitePath });
    });
  }
  const linked = new Set(sections.flatMap((section) => section.links.map((link) => link.sitePath)));
  const reference = REFERENCE_PAGES.filter((page) => !linked.has(page.sitePath));
  if (reference.length > 0) sections.push({ title: 'Reference', links: reference });
  return sections.filter((section) => section.links.length > 0);
}

function layout(page: RenderedPage, nav: NavSection[], others: RenderedPage[]): string {
  const root = relativeHref(page.sitePath, 'index.html').replace(/index\.html$/, '');
  const link = (title: string, sitePath: string): string =>
    `<li><a href="${escapeHtml(relativeHref(page.sitePath, sitePath))}"${sitePath === page.sitePath ? ' aria-current="page"' : ''}>${escapeHtml(title)}</a></li>`;
  const sections = nav.map((section) => `<h2>${escapeHtml(section.title)}</h2>\n<ul>${section.links.map((item) => link(item.title, item.sitePath)).join('')}</ul>`);
  const more =
    others.length === 0
      ? ''
      : `<details${others.some((other) => other.sitePath === page.sitePath) ? ' open' : ''}><summary>More pages</summary><ul>${others.map((other) => link(other.title, other.sitePath)).join('')}</ul></details>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title === SITE_NAME ? SITE_NAME : `${escapeHtml(page.title)} — ${SITE_NAME}`}</title>
<link rel="stylesheet" href="${root}assets/style.css">
<script defer src="${root}assets/search-index.js"></script>
<script defer src="${root}assets/search.js"></script>
</head>
<body data-root="${root}">
<aside class="sidebar">
<a class="brand" href="${root}index.html">${SITE_NAME}</a>
<div class="search" role="search"><input id="search" type="search" placeholder="Search the guides" aria-label="Search the guides" autocomplete="off"><ol id="search-results" aria-live="polite"></ol></div>
<nav aria-label="Documentation">
${sections.join('\n')}
${more}
</nav>
</aside>
<main><article class="content">
${page.body}</article></main>
</body>
</html>
`;
}

/** Renders every page into `outDir`, with the search index; returns the site paths written. */
export async function buildGuides(repoRoot: string, outDir: string): Promise<string[]> {
  const pages = collectPages(repoRoot);
  const targets: LinkTargets = {
    pages: new Map(pages.map((page) => [page.source, page.sitePath])),
    builtFile: (sitePath) => existsSync(join(outDir, sitePath)) && statSync(join(outDir, sitePath)).isFile(),
  };
  const rendered = await Promise.all(pages.map((page) => renderPage(repoRoot, page, targets)));
  const home = rendered.find((page) => page.sitePath === 'index.html');
  const nav = buildNav(home, home === undefined ? '' : await readFile(join(repoRoot, home.source), 'utf8'), targets);
  const inNav = new Set(['index.html', ...nav.flatMap((section) => section.links.map((link) => link.sitePath))]);
  const others = rendered.filter((page) => !inNav.has(page.sitePath)).sort((a, b) => a.title.localeCompare(b.title));

  await Promise.all(
    rendered.map(async (page) => {
      const file = join(outDir, page.sitePath);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, layout(page, nav, others));
    }),
  );
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(rendered.map((page) => page.search));
  await mkdir(join(outDir, 'assets'), { recursive: true });
  // A script rather than JSON to fetch: the site then also works opened from disk (file://).
  await writeFile(join(outDir, 'assets/search-index.js'), `window.CARELOOP_SEARCH_INDEX = ${JSON.stringify(JSON.stringify(index))};\n`);
  return rendered.map((page) => page.sitePath);
}
