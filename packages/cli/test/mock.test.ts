import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { background, waitFor } from './helpers.js';

describe('careloop mock', () => {
  it('starts the mock platform as npm start does (banner with sandbox credentials) and stops on the signal', async () => {
    const mock = background(['mock', '--port', '0', '--now', '2026-07-01T09:00:00+08:00', '--seed', 'cli-test']);
    await waitFor(() => mock.output.stdout.includes('Patients ('));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.output.stdout)?.[1];
    expect(url).toBeDefined();
    expect(mock.output.stdout).toContain('client_id=cli_qtph');
    expect(mock.output.stdout).toContain(`Events of every tenant: GET ${url}/_mock/events`);
    expect(await (await fetch(`${url}/_mock/clock`)).json()).toEqual({ now: '2026-07-01T09:00:00+08:00' });
    const result = await mock.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopping the mock platform');
    await expect(fetch(`${url}/_mock/clock`)).rejects.toThrow();
  });

  it('--docs <dir> also serves a built docs site at /docs/', async () => {
    const docs = await mkdtemp(join(tmpdir(), 'careloop-cli-docs-'));
    await writeFile(join(docs, 'index.html'), '<h1>Careloop docs</h1>');
    const mock = background(['mock', '--port', '0', '--docs', docs]);
    try {
      await waitFor(() => mock.output.stdout.includes('Patients ('));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.output.stdout)?.[1];
      expect(mock.output.stdout).toContain(`Docs: ${url}/docs/`);
      const page = await fetch(`${url}/docs/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toBe('<h1>Careloop docs</h1>');
    } finally {
      await mock.stop();
      await rm(docs, { recursive: true, force: true });
    }
  });
});
