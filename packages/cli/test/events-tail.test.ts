import type { RunningMockServer } from '@careloop/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { background, careloop, mockServer, waitFor } from './helpers.js';

let platform: RunningMockServer;
beforeAll(async () => {
  platform = await mockServer();
});
afterAll(() => platform.close());

const LINE = /^(\S+)  (\S+)  (evt_\d{8})  (\S+) (\S+) (\S+)$/;

describe('careloop events tail', () => {
  it('prints one line per new event (time, type, id, object, status) until stopped', async () => {
    await careloop(['trigger', 'consent.granted', '--base-url', platform.url]); // before tail: not printed
    const tail = background(['events', 'tail', '--base-url', platform.url, '--interval', '20']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await careloop(['trigger', 'appointment.booked', '--base-url', platform.url]);
    await waitFor(() => tail.output.stdout.includes('appointment.booked'));
    const result = await tail.stop();
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => LINE.exec(line)?.[2])).toEqual(['schedule.published', 'appointment.held', 'appointment.booked']);
    expect(lines[2]).toMatch(/^2026-06-01T08:00:00\+08:00  appointment\.booked  evt_\d{8}  appointment apt_\w+ booked$/);
  });

  it('filters by --type and prints raw JSON with --json, from the start with --from-start', async () => {
    const tail = background(['events', 'tail', '--base-url', platform.url, '--type', 'appointment.booked', '--json', '--from-start', '--interval', '20']);
    await waitFor(() => tail.output.stdout.includes('\n'));
    const result = await tail.stop();
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; data: { object: string } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'appointment.booked', data: { object: 'appointment', status: 'booked' } });
  });

  it("reads one organization's feed with --client-id and --client-secret", async () => {
    const tail = background(['events', 'tail', '--base-url', platform.url, '--client-id', 'cli_jiuzhou', '--client-secret', 'sk_sandbox_jiuzhou', '--from-start', '--interval', '20']);
    await careloop(['trigger', 'inventory_item.updated', '--base-url', platform.url]);
    await waitFor(() => tail.output.stdout.includes('inventory_item.updated'));
    const result = await tail.stop();
    // Jiuzhou sees its own stock change, not the hospitals' appointments.
    expect(result.stdout.trim().split('\n').map((line) => LINE.exec(line)?.[2])).toEqual(['inventory_item.updated']);
  });

  it('answers bad credentials with the API error and exit code 1', async () => {
    const result = await careloop(['events', 'tail', '--base-url', platform.url, '--client-id', 'cli_jiuzhou', '--client-secret', 'wrong']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^careloop: .+/);
  });
});
