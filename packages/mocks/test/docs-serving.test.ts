import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/adapters/http-server.js';
import { serveMockPlatform } from '../src/serve.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the target sent byte for byte (fetch and URL would resolve `..` before sending). */
function raw(server: RunningMockServer, method: string, target: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: hostname, port, method, path: target }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.once('error', reject);
    });
    outgoing.once('error', reject);
    outgoing.end();
  });
}

describe('the mock HTTP server serves a docs directory at /docs/', () => {
  const base = mkdtempSync(join(tmpdir(), 'careloop-docs-serving-'));
  const site = join(base, 'site');
  let server: RunningMockServer;

  beforeAll(async () => {
    mkdirSync(join(site, 'api'), { recursive: true });
    mkdirSync(join(site, 'assets'), { recursive: true });
    mkdirSync(join(site, 'empty'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>Home</h1>');
    writeFileSync(join(site, 'api/index.html'), '<h1>API</h1>');
    writeFileSync(join(site, 'guide page.html'), '<h1>Spaced</h1>');
    writeFileSync(join(site, 'assets/style.css'), 'body{}');
    writeFileSync(join(site, 'assets/search.js'), 'void 0;');
    writeFileSync(join(site, 'assets/index.json'), '{}');
    writeFileSync(join(site, 'assets/logo.svg'), '<svg/>');
    writeFileSync(join(site, 'assets/data.bin'), 'x');
    writeFileSync(join(base, 'secret.txt'), 'outside the site');
    symlinkSync(join(base, 'secret.txt'), join(site, 'leak.txt'));
    symlinkSync(base, join(site, 'escape'));
    server = await startMockServer({ port: 0, docsDir: site });
  });

  afterAll(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('redirects /docs to /docs/ (keeping the query) and answers a directory with its index.html', async () => {
    const bare = await raw(server, 'GET', '/docs?q=hold');
    expect(bare.status).toBe(301);
    expect(bare.headers['location']).toBe('/docs/?q=hold');
    const home = await raw(server, 'GET', '/docs/');
    expect(home.status).toBe(200);
    expect(home.body).toBe('<h1>Home</h1>');
    expect((await raw(server, 'GET', '/docs/api')).headers['location']).toBe('/docs/api/');
    expect((await raw(server, 'GET', '/docs/api/')).body).toBe('<h1>API</h1>');
    expect((await raw(server, 'GET', '/docs/empty/')).status).toBe(404);
  });

  it('sends each file with its content type and length; HEAD sends no body; percent-encoded names are decoded', async () => {
    const expected: Record<string, string> = {
      '/docs/index.html': 'text/html; charset=utf-8',
      '/docs/assets/style.css': 'text/css; charset=utf-8',
      '/docs/assets/search.js': 'text/javascript; charset=utf-8',
      '/docs/assets/index.json': 'application/json; charset=utf-8',
      '/docs/assets/logo.svg': 'image/svg+xml',
      '/docs/assets/data.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(expected)) {
      const answer = await raw(server, 'GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toBe(type);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
    const head = await raw(server, 'HEAD', '/docs/assets/style.css');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('6');
    expect(head.body).toBe('');
    expect((await raw(server, 'GET', '/docs/guide%20page.html')).body).toBe('<h1>Spaced</h1>');
  });

  it('never reads outside the directory: .., encoded .., NUL, and symbolic links leading out answer 404', async () => {
    for (const target of [
      '/docs/../secret.txt',
      '/docs/%2e%2e/secret.txt',
      '/docs/..%2fsecret.txt',
      '/docs/assets/..%2f..%2fsecret.txt',
      '/docs/%2e%2e%5csecret.txt',
      '/docs/secret.txt%00.html',
      '/docs/leak.txt',
      '/docs/escape/secret.txt',
      '/docs/%E0%A4%A',
      '/docs/missing.html',
    ]) {
      const answer = await raw(server, 'GET', target);
      expect(answer.status, target).toBe(404);
      expect(answer.body, target).not.toContain('outside the site');
    }
  });

  it('is read-only, and the API keeps answering beside it', async () => {
    const post = await raw(server, 'POST', '/docs/index.html');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    const api = await raw(server, 'GET', '/v1/organizations');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toContain('application/problem+json');
    // /docsx is not the docs: the API answers it.
    expect((await raw(server, 'GET', '/docsx')).headers['content-type']).toContain('application/problem+json');
  });
});

describe('docs are opt-in', () => {
  it('without docsDir /docs is the API’s (a problem), and a missing directory fails at start', async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const answer = await raw(server, 'GET', '/docs/');
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    } finally {
      await server.close();
    }
    await expect(startMockServer({ port: 0, docsDir: join(tmpdir(), 'careloop-no-such-docs') })).rejects.toThrow(/No docs directory at .*careloop-no-such-docs \(build it with npm run docs\)/);
  });

  it('serveMockPlatform prints the docs URL in its banner when given a docs directory', async () => {
    const site = mkdtempSync(join(tmpdir(), 'careloop-docs-banner-'));
    let banner = '';
    const server = await serveMockPlatform({ port: 0, docsDir: site, write: (text) => (banner += text) });
    try {
      expect(banner).toContain(`Docs: ${server.url}/docs/`);
    } finally {
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
