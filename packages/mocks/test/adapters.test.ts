import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../src/adapters/http-server.js';
import { setupMockServer } from '../src/adapters/msw-node.js';
import { createMockFetch } from '../src/index.js';

async function hospitalToken(fetchImpl: typeof fetch, base: string): Promise<string> {
  const response = await fetchImpl(`${base}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=cli_qtph&client_secret=sk_sandbox_qtph',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('MSW node adapter', () => {
  const server = setupMockServer({ validateResponses: true });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.platform.reset());
  afterAll(() => server.close());

  it('answers a plain fetch to https://api.careloop.dev/v1/organizations', async () => {
    const token = await hospitalToken(fetch, 'https://api.careloop.dev');
    const response = await fetch('https://api.careloop.dev/v1/organizations?limit=2', { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await response.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(body.data.map((o) => o.id)).toEqual(['org_anxin', 'org_gongshu']);
    expect(body.nextCursor).not.toBeNull();
  });

  it('passes request bodies through and shares the platform', async () => {
    const token = await hospitalToken(fetch, 'https://api.careloop.dev');
    const response = await fetch('https://api.careloop.dev/v1/slots/slt_zhangwei_0603am_1/release', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ releasedCount: 8 }),
    });
    expect(((await response.json()) as { remaining: number }).remaining).toBe(7);
    server.platform.clock.advance(1000);
    const clock = await fetch('https://api.careloop.dev/_mock/clock');
    expect(await clock.json()).toEqual({ now: '2026-06-01T08:00:01+08:00' });
  });
});

describe('MSW node adapter with a base path', () => {
  const server = setupMockServer({ baseUrl: 'https://gateway.example.test/careloop' });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('strips the base path before dispatch', async () => {
    const response = await fetch('https://gateway.example.test/careloop/_mock/clock');
    expect(await response.json()).toEqual({ now: '2026-06-01T08:00:00+08:00' });
  });
});

describe('HTTP server adapter', () => {
  it('serves GET and POST over a real socket, and stops on close', async () => {
    const running = await startMockServer({ port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await hospitalToken(fetch, running.url);
      const response = await fetch(`${running.url}/v1/organizations/org_qtph`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('date')).toBeNull();
      expect(((await response.json()) as { name: string }).name).toBe("Qiantang Provincial People's Hospital");
      const preflight = await fetch(`${running.url}/v1/organizations`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await running.close();
    }
    await expect(fetch(`${running.url}/_mock/clock`)).rejects.toThrow();
  });

  it('answers byte for byte what platform.fetch answers, for chunked, BOM-prefixed, empty and unread bodies', async () => {
    // Two platforms with the same seed and clock: one behind the server, one called directly.
    const served = await startMockServer({ port: 0 });
    const direct = createMockFetch();
    const send = (method: string, path: string, headers: Record<string, string>, chunks: string[]) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        const url = new URL(served.url);
        const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk); // no Content-Length: sent chunked
        req.end();
      });
    try {
      const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const login = 'grant_type=client_credentials&client_id=cli_qtph&client_secret=sk_sandbox_qtph';
      const viaServer = await send('POST', '/v1/oauth/token', form, [login.slice(0, 20), login.slice(20)]);
      const viaFetch = await direct('/v1/oauth/token', { method: 'POST', headers: form, body: login });
      expect(viaServer.body).toBe(await viaFetch.text());
      const token = (JSON.parse(viaServer.body) as { access_token: string }).access_token;

      const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' };
      const cases: [string, string, Record<string, string>, string[]][] = [
        ['POST', '/v1/slots/slt_zhangwei_0603am_1/release', json, ['\uFEFF{"released', 'Count": 8}']],
        ['POST', '/v1/slots/slt_zhangwei_0603am_2/release', { ...json, 'Content-Length': '0' }, []],
        ['POST', '/v1/slots/slt_zhangwei_0603am_2/release', json, ['{not json']],
        ['POST', '/v1/schedules/sch_zhangwei_0604am/resume', json, ['{"ignored": true}']],
        ['GET', '/v1/slots/slt_zhangwei_0603am_1', { Authorization: `Bearer ${token}` }, []],
      ];
      for (const [method, path, headers, chunks] of cases) {
        const answer = await send(method, path, headers, chunks);
        const expected = await direct(path, { method, headers, ...(method === 'GET' ? {} : { body: chunks.join('') }) });
        expect(answer.status, `${method} ${path}`).toBe(expected.status);
        expect(answer.body, `${method} ${path}`).toBe(await expected.text());
        expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
        expect(answer.headers['x-request-id']).toBe(expected.headers.get('x-request-id'));
        expect(answer.headers['access-control-allow-origin']).toBe('*');
      }
      expect(served.platform.digest()).toBe(direct.platform.digest());
    } finally {
      await served.close();
    }
  });
});

describe('fetch adapter', () => {
  it('creates its own platform, or wraps a given one', async () => {
    const mockFetch = createMockFetch({ validateResponses: true });
    const token = await hospitalToken(mockFetch, '');
    const response = await mockFetch('/v1/alliances/all_qiantang', { headers: { Authorization: `Bearer ${token}` } });
    expect(((await response.json()) as { name: string }).name).toBe('Qiantang Medical Alliance');
    expect(createMockFetch(mockFetch.platform).platform).toBe(mockFetch.platform);
  });
});
