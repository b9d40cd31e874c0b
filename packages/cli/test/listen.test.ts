import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookVerificationError } from '@careloop/core';
import type { RunningMockServer } from '@careloop/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { background, careloop, mockServer, waitFor } from './helpers.js';

interface Delivery {
  id: string;
  type: string;
  data: { organizationId?: string };
}

// A webhook endpoint as a user writes one: it verifies every delivery with verifyWebhook and
// answers 400 to anything not signed with its secret.
let platform: RunningMockServer;
let receiver: Server;
let endpoint: string;
let secret = '';
const received: Delivery[] = [];
const refused: string[] = [];
beforeAll(async () => {
  platform = await mockServer();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      verifyWebhook<Delivery>(body, request.headers, secret).then(
        (event) => {
          expect(request.headers['webhook-id']).toBe(event.id);
          received.push(event);
          response.writeHead(event.type === 'appointment.cancelled' ? 500 : 200).end();
        },
        (error: unknown) => {
          refused.push(error instanceof WebhookVerificationError ? error.code : String(error));
          response.writeHead(400).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await platform.close();
});

describe('careloop listen', () => {
  it('forwards new events of every tenant as signed webhooks and prints the status of each, until stopped', async () => {
    received.length = 0;
    await careloop(['trigger', 'appointment.held', '--base-url', platform.url]); // before listen: not forwarded
    const listening = background(['listen', '--forward-to', endpoint, '--base-url', platform.url, '--interval', '20']);
    await waitFor(() => listening.output.stdout.includes('Ready!'));
    secret = /Your webhook signing secret is (whsec_\S+) \(\^C to quit\)/.exec(listening.output.stdout)?.[1] ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    await careloop(['trigger', 'appointment.cancelled', '--base-url', platform.url]);
    await careloop(['trigger', 'consent.granted', '--base-url', platform.url]);
    await waitFor(() => received.some((event) => event.type === 'consent.granted'));
    const result = await listening.stop();

    expect(result.code).toBe(0);
    expect(refused).toEqual([]);
    // schedule, hold, booking and cancellation (hospital and patient events), then the consent: in feed order.
    const types = received.map((event) => event.type);
    expect(types).toEqual(['schedule.published', 'appointment.held', 'appointment.booked', 'appointment.cancelled', 'consent.granted']);
    const ids = received.map((event) => Number(event.id.slice(4)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const lines = result.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^\\S+   --> appointment\\.held \\[${received[1]?.id}\\]  <-- \\[200\\] POST ${endpoint}$`));
    expect(lines[3]).toContain(`--> appointment.cancelled [${received[3]?.id}]  <-- [500]`);
  });

  it('signs with --secret, filters with --events, starts from the first event with --from-start', async () => {
    received.length = 0;
    secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const listening = background(['listen', '--forward-to', endpoint, '--base-url', platform.url, '--secret', secret, '--events', 'consent.granted,appointment.held', '--from-start', '--interval', '20']);
    await waitFor(() => received.filter((event) => event.type === 'consent.granted').length === 1);
    await careloop(['trigger', 'consent.granted', '--base-url', platform.url]);
    await waitFor(() => received.filter((event) => event.type === 'consent.granted').length === 2);
    const result = await listening.stop();
    expect(result.stdout).toContain(`Ready! Your webhook signing secret is ${secret} (^C to quit)`);
    // From the start: the hold made before the first test's listen and the one of its cancellation recipe.
    expect(received.map((event) => event.type)).toEqual(['appointment.held', 'appointment.held', 'consent.granted', 'consent.granted']);
    expect(refused).toEqual([]);
  });

  it("with --client-id and --client-secret, forwards that organization's feed only (GET /v1/events through the SDK)", async () => {
    received.length = 0;
    const listening = background([
      'listen',
      '--forward-to',
      endpoint,
      '--base-url',
      platform.url,
      '--client-id',
      'cli_linan',
      '--client-secret',
      'sk_sandbox_linan',
      '--secret',
      secret,
      '--interval',
      '20',
    ]);
    await waitFor(() => listening.output.stdout.includes('Ready!'));
    await careloop(['trigger', 'inventory_item.updated', '--base-url', platform.url]); // Jiuzhou's: not Lin'an's
    await careloop(['trigger', 'appointment.held', '--base-url', platform.url]);
    await waitFor(() => received.some((event) => event.type === 'appointment.held'));
    await listening.stop();
    expect(received.map((event) => event.type)).toEqual(['schedule.published', 'appointment.held']);
    expect(received.every((event) => event.data.organizationId === 'org_linan')).toBe(true);
  });

  it('reports a receiver it cannot reach and carries on', async () => {
    const listening = background(['listen', '--forward-to', 'http://127.0.0.1:9/webhooks', '--base-url', platform.url, '--interval', '20']);
    await waitFor(() => listening.output.stdout.includes('Ready!'));
    await careloop(['trigger', 'consent.granted', '--base-url', platform.url]);
    await waitFor(() => listening.output.stdout.includes('--> consent.granted'));
    const result = await listening.stop();
    expect(result.stdout).toMatch(/--> consent\.granted \[evt_\d{8}\]  <-- \[failed: .+\] POST http:\/\/127\.0\.0\.1:9\/webhooks/);
  });

  it('fails with exit code 1 when the base URL is not a mock platform', async () => {
    const result = await careloop(['listen', '--forward-to', endpoint, '--base-url', `${platform.url}/nothing`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GET /_mock/events answered 404');
  });
});
