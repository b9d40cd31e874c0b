/**
 * The docs site as a reader meets it: `npm run docs` (turbo-cached) builds docs/dist, the mock
 * platform serves it at /docs/, and Chromium reads the guides, searches them, and opens the API
 * and SDK reference — on a closed network. Without Chromium only the link check runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../packages/mocks/src/adapters/http-server.js';
import { findChromium, launchChromium, NO_CHROMIUM_MESSAGE, requireChromiumInCi, screenshotPath } from './chromium.js';

requireChromiumInCi();
const chromiumPath = findChromium();
if (chromiumPath === undefined) console.warn(NO_CHROMIUM_MESSAGE);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const site = join(repoRoot, 'docs/dist');
const run = promisify(execFile);

interface BundledSpec {
  tags: { name: string }[];
  paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
}
const spec = JSON.parse(readFileSync(join(repoRoot, 'packages/mocks/src/generated/openapi.json'), 'utf8')) as BundledSpec;

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

/** The guide pages (not the API or SDK reference) and their visible text. */
function guidePages(): { path: string; text: string }[] {
  return filesUnder(site)
    .filter((file) => file.endsWith('.html') && !file.startsWith(join(site, 'api')) && !file.startsWith(join(site, 'reference')))
    .map((file) => {
      const article = /<article class="content">([\s\S]*)<\/article>/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
      return { path: relative(site, file).split('\\').join('/'), text: article.replace(/<[^>]+>/g, ' ') };
    });
}

beforeAll(async () => {
  // Cached by turbo when nothing the site is built from changed (a fresh clone builds it: minutes).
  await run('npx', ['turbo', 'run', 'docs', '--filter=@careloop/docs', '--output-logs=errors-only'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
}, 900_000);

describe('the built docs site', () => {
  it('has the home page, the guides, the API reference and the SDK reference', () => {
    for (const file of ['index.html', 'api/index.html', 'reference/index.html', 'assets/search.js', 'assets/search-index.js', 'assets/style.css']) {
      expect(existsSync(join(site, file)), file).toBe(true);
    }
    expect(guidePages().length).toBeGreaterThan(5);
  });

  it('has an SDK reference page for every public package (typedoc fails the build on any warning: treatWarningsAsErrors)', () => {
    for (const pkg of ['core', 'patient', 'hospital', 'pharmacy', 'insurer', 'mocks', 'cli']) {
      const reference = join(site, 'reference');
      expect(existsSync(join(reference, `_careloop_${pkg}.html`)) || existsSync(join(reference, 'modules', `_careloop_${pkg}.html`)), pkg).toBe(true);
    }
  });

  it('every internal link and asset of every page resolves to a built file', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of filesUnder(site).filter((name) => name.endsWith('.html'))) {
      // Script bodies (Redoc's bundle) hold strings that only look like attributes.
      const html = readFileSync(file, 'utf8').replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
      for (const [, target] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        if (target === undefined || target === '' || target.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
        const path = decodeURIComponent(target.replace(/[?#].*$/, '').replace(/&amp;/g, '&'));
        const resolved = resolve(dirname(file), path);
        const exists = existsSync(resolved) && (statSync(resolved).isFile() || existsSync(join(resolved, 'index.html')));
        checked += 1;
        if (!exists || !resolved.startsWith(site)) broken.push(`${relative(site, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("every #anchor a guide links to is a heading id of its target guide page", () => {
    const isGuide = (file: string) => !file.startsWith(join(site, 'api')) && !file.startsWith(join(site, 'reference'));
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      if (!ids.has(file)) ids.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? '')));
      return ids.get(file) ?? new Set<string>();
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of filesUnder(site).filter((name) => name.endsWith('.html') && isGuide(name))) {
      const html = readFileSync(file, 'utf8').replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
      for (const [, target] of html.matchAll(/\shref="([^"]*#[^"]+)"/g)) {
        if (target === undefined || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
        const [path = '', fragment = ''] = target.replace(/&amp;/g, '&').split('#');
        const page = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        if (!isGuide(page) || !page.endsWith('.html') || !existsSync(page)) continue;
        checked += 1;
        if (!idsOf(page).has(decodeURIComponent(fragment))) broken.push(`${relative(site, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

describe.skipIf(chromiumPath === undefined)('the docs site in Chromium, served by the mock platform at /docs/', () => {
  let server: RunningMockServer;
  let browser: Browser;
  /** Requests for scripts, styles or fonts that left the mock server: the site must work offline. */
  const offsite: string[] = [];

  beforeAll(async () => {
    server = await startMockServer({ port: 0, docsDir: site });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('request', (request) => {
      if (!/^(blob|data):/.test(request.url()) && !request.url().startsWith(server.url) && ['script', 'stylesheet', 'font'].includes(request.resourceType())) offsite.push(request.url());
    });
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBe(200);
    return page;
  }

  it('renders the home page with its navigation', async () => {
    const page = await open('/docs');
    expect(page.url()).toBe(`${server.url}/docs/`);
    await expect(page.locator('main h1').first().isVisible()).resolves.toBe(true);
    const nav = page.locator('nav[aria-label="Documentation"] a');
    expect(await nav.count()).toBeGreaterThan(5);
    expect(await page.locator('nav[aria-label="Documentation"]').innerText()).toContain('API reference');
    await page.screenshot({ path: screenshotPath('docs-home'), fullPage: true });
    // A nav link leads to its page.
    const first = nav.first();
    const title = await first.innerText();
    await first.click();
    await page.waitForLoadState();
    expect(await page.locator('nav a[aria-current="page"]').innerText()).toBe(title);
    expect(offsite).toEqual([]);
  });

  it('renders a guide with its headings, a code block and a table', async () => {
    const guide = guidePages().find((candidate) => /<h2 /.test(readFileSync(join(site, candidate.path), 'utf8')) && readFileSync(join(site, candidate.path), 'utf8').includes('<pre><code'));
    expect(guide, 'a guide with a section and a code block').toBeDefined();
    const page = await open(`/docs/${guide?.path ?? ''}`);
    await expect(page.locator('main h1').isVisible()).resolves.toBe(true);
    await expect(page.locator('main h2').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('main pre code').first().isVisible()).resolves.toBe(true);
    // Headings carry GitHub's anchors, so links to #sections work.
    expect(await page.locator('main h2').first().getAttribute('id')).toMatch(/^[\p{L}\p{N}_-]+$/u);
    await page.screenshot({ path: screenshotPath('docs-guide'), fullPage: false });

    const connector = await open('/docs/connector.html');
    await expect(connector.locator('main table').first().isVisible()).resolves.toBe(true);
  });

  it('finds a page by a word only it contains, and the result opens it', async () => {
    const pages = guidePages();
    // The first long word (sorted) that exactly one page contains, and no other page even as part of a word.
    const counts = new Map<string, Set<string>>();
    for (const { path, text } of pages) {
      for (const word of text.toLowerCase().match(/\b[a-z]{9,}\b/g) ?? []) counts.set(word, (counts.get(word) ?? new Set()).add(path));
    }
    const lowered = pages.map((page) => ({ path: page.path, text: page.text.toLowerCase() }));
    const [word, owners] = [...counts.entries()]
      .filter(([candidate, where]) => where.size === 1 && lowered.filter((page) => page.text.includes(candidate)).length === 1)
      .sort(([a], [b]) => a.localeCompare(b))[0] ?? ['', new Set<string>()];
    const owner = [...owners][0] ?? '';
    expect(word).not.toBe('');

    const page = await open('/docs/');
    await page.fill('#search', word);
    const results = page.locator('#search-results a');
    await results.first().waitFor();
    expect(await results.count()).toBeGreaterThan(0);
    expect(await results.first().getAttribute('href')).toBe(owner);
    await page.screenshot({ path: screenshotPath('docs-search') });
    await results.first().click();
    await page.waitForURL(`${server.url}/docs/${owner}`);
    expect((await page.locator('main').innerText()).toLowerCase()).toContain(word);

    // Chinese has no spaces: 前置机 is found inside longer runs too, from a page one level down.
    const nested = pages.find((candidate) => candidate.path.includes('/'));
    const deep = await open(`/docs/${nested?.path ?? 'index.html'}`);
    await deep.fill('#search', '前置机');
    await deep.locator('#search-results a').first().waitFor();
    const hrefs = await deep.locator('#search-results a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs).toContain(`${server.url}/docs/connector.html`);
    await deep.fill('#search', 'zzqxjv');
    await expect(deep.locator('#search-results').innerText()).resolves.toContain('No page mentions');
  });

  it('shows every tag of the spec in the API reference, and its search finds an operation', async () => {
    const page = await open('/docs/api/');
    await page.locator('text=Careloop Connector Platform API').first().waitFor();
    const text = await page.locator('body').innerText();
    const missing = spec.tags.map((tag) => tag.name).filter((name) => !text.includes(name));
    expect(missing).toEqual([]);
    expect(spec.tags.length).toBeGreaterThan(10);
    await page.screenshot({ path: screenshotPath('docs-api-reference') });
    // The menu routes inside the page.
    await page.locator('a[data-discover]', { hasText: 'Slots' }).first().click();
    await page.waitForURL(`${server.url}/docs/api/#/slots`);

    const hold = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.operationId === 'holdSlot')
        .map(([, operation]) => ({ path, summary: operation.summary ?? '' })),
    )[0];
    expect(hold?.summary).toBeTruthy();
    // The search box opens from the button that holds the search icon, once its index has loaded ("Loading..." until then).
    const searchButton = page.locator('[data-component-name="icons/SearchIcon/SearchIcon"]').first().locator('xpath=..');
    await expect.poll(() => searchButton.innerText(), { timeout: 60_000 }).toContain('Search');
    await searchButton.click();
    const input = page.getByPlaceholder('Search docs...');
    await input.fill('hold');
    const dialog = page.getByTestId('search-dialog');
    // A result names the operation: its method, path and summary.
    await expect.poll(() => dialog.innerText(), { timeout: 20_000 }).toContain(`POST\n${hold?.path ?? ''}\n${hold?.summary ?? ''}`);
    await page.screenshot({ path: screenshotPath('docs-api-search') });
    expect(offsite).toEqual([]);
  }, 120_000);

  it('serves the SDK reference at /docs/reference/', async () => {
    const page = await open('/docs/reference/');
    expect(await page.title()).toContain('Careloop SDK reference');
    const text = await page.locator('body').innerText();
    for (const pkg of ['@careloop/core', '@careloop/patient', '@careloop/hospital', '@careloop/pharmacy', '@careloop/insurer', '@careloop/mocks', '@careloop/cli']) expect(text).toContain(pkg);
    await page.screenshot({ path: screenshotPath('docs-sdk-reference') });
  });
});
