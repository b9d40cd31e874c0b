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
});
