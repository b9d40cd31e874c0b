import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectMockPlatform, startMockServer } from '../src/adapters/http-server.js';

const clock = async (url: string) => ((await (await fetch(`${url}/_mock/clock`)).json()) as { now: string }).now;

describe('connectMockPlatform (one-command examples)', () => {
  it('uses a given URL as is, without probing or starting anything', async () => {
    const connection = await connectMockPlatform({ url: 'https://api.example.test/', probeUrl: 'http://127.0.0.1:9' });
    expect(connection).toMatchObject({ url: 'https://api.example.test', started: false });
    await connection.close();
  });

  it('uses a mock platform already running at the probe URL (its state is shared)', async () => {
    const running = await startMockServer({ port: 0 });
    try {
      const connection = await connectMockPlatform({ probeUrl: running.url, write: () => expect.fail('nothing should start') });
      expect(connection).toMatchObject({ url: running.url, started: false });
      await fetch(`${running.url}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":60}' });
      expect(await clock(connection.url)).toBe(await clock(running.url));
      await connection.close();
      expect(await clock(running.url)).toMatch(/^\d{4}-/); // closing a borrowed platform leaves it running
    } finally {
      await running.close();
    }
  });

  it('starts a platform for the run when nothing answers, or something that is not a mock platform', async () => {
    const other = createServer((_, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      for (const probeUrl of [otherUrl, 'http://127.0.0.1:9']) {
        const notices: string[] = [];
        const connection = await connectMockPlatform({ probeUrl, write: (text) => notices.push(text) });
        expect(connection.started).toBe(true);
        expect(connection.url).not.toBe(probeUrl);
        expect(notices.join('')).toContain(`No mock platform at ${probeUrl}; started one for this run at ${connection.url}`);
        expect(await clock(connection.url)).toMatch(/^\d{4}-/);
        await connection.close();
        await expect(fetch(`${connection.url}/_mock/clock`)).rejects.toThrow();
      }
    } finally {
      other.close();
    }
  });

  it('advanceClock moves the connected platform\'s clock, and throws when the platform refuses', async () => {
    const connection = await connectMockPlatform({ probeUrl: 'http://127.0.0.1:9', write: () => {} });
    try {
      const before = Date.parse(await clock(connection.url));
      await connection.advanceClock(600);
      expect(Date.parse(await clock(connection.url)) - before).toBe(600_000);
      await expect(connection.advanceClock(-1)).rejects.toThrow(/_mock\/clock\/advance answered 4\d\d/);
    } finally {
      await connection.close();
    }
  });
});
