/**
 * Serves a built docs site (`npm run docs` → docs/dist) under /docs/ next to the API, so that
 * `npm start` shows the guides and the reference of the platform it runs. Read-only static files:
 * GET and HEAD, a directory answers with its index.html, and nothing outside the directory is
 * ever read (`..`, encoded or not, and symbolic links leading out are refused).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const DOCS_PREFIX = '/docs';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Whether a request path is the docs' (`/docs`, `/docs/…`), not the API's. */
export function isDocsPath(pathname: string): boolean {
  return pathname === DOCS_PREFIX || pathname.startsWith(`${DOCS_PREFIX}/`);
}

function answer(outgoing: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  outgoing.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  outgoing.end(text);
}

/** The file under `root` a request path names, or null when it names nothing inside it. */
async function fileFor(root: string, pathname: string): Promise<{ file: string; isDirectory: boolean } | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(DOCS_PREFIX.length));
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const candidate = resolve(root, `.${relative.startsWith('/') ? '' : '/'}${relative}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  const real = await within(root, candidate);
  return real === null ? null : { file: real, isDirectory: (await stat(real)).isDirectory() };
}

/** Where `path` really leads (a symbolic link may point anywhere), if that exists inside `root`. */
async function within(root: string, path: string): Promise<string | null> {
  const real = await realpath(path).catch(() => null);
  return real !== null && (real === root || real.startsWith(root + sep)) ? real : null;
}

/** The docs directory's real path (relative paths are from the working directory); throws when it does not exist. */
export async function docsRoot(docsDir: string): Promise<string> {
  const root = await realpath(resolve(docsDir)).catch(() => null);
  if (root === null || !(await stat(root)).isDirectory()) throw new Error(`No docs directory at ${resolve(docsDir)} (build it with npm run docs).`);
  return root;
}

/** Answers a /docs request from `root` (a `docsRoot` result). */
export async function serveDocs(root: string, incoming: IncomingMessage, outgoing: ServerResponse, pathname: string, search: string): Promise<void> {
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
    answer(outgoing, 405, 'The docs are read-only: GET or HEAD.', { Allow: 'GET, HEAD' });
    return;
  }
  const found = await fileFor(root, pathname);
  if (found === null) {
    answer(outgoing, 404, `Not found: ${pathname}`);
    return;
  }
  if (found.isDirectory && !pathname.endsWith('/')) {
    // Relative links in an index.html resolve against its directory, so /docs becomes /docs/.
    answer(outgoing, 301, 'Moved', { Location: `${pathname}/${search}` });
    return;
  }
  const file = found.isDirectory ? await within(root, join(found.file, 'index.html')) : found.file;
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) {
    answer(outgoing, 404, `Not found: ${pathname}`);
    return;
  }
  outgoing.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  if (incoming.method === 'HEAD') {
    outgoing.end();
    return;
  }
  const stream = createReadStream(file);
  stream.once('error', () => outgoing.destroy());
  stream.pipe(outgoing);
}
