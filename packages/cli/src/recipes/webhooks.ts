/**
 * Webhook recipes. `webhook_endpoint.disabled` needs an endpoint that keeps failing for 5 days of
 * platform time (BR-WH-3): a receiver on this machine answers the registration challenge, then
 * goes away, and the mock clock moves 5 days while deliveries to it fail.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecipeContext } from './context.js';
import { HOSPITAL, publishSession } from './scheduling.js';

const FIVE_DAYS_S = 5 * 24 * 60 * 60;

/** A receiver that echoes the challenge; closing it makes every later delivery fail (connection refused). */
async function challengeOnlyReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { challenge } = JSON.parse(body || '{}') as { challenge?: string };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function releaseNumbers(ctx: RecipeContext): Promise<void> {
  const session = await publishSession(ctx);
  await ctx.hospital(HOSPITAL).slots.release(session.slotIds[1], { releasedCount: 3 }).unwrap();
}

export const webhookRecipes = {
  'webhook_endpoint.disabled': async (ctx: RecipeContext) => {
    const hospital = ctx.hospital(HOSPITAL);
    const receiver = await challengeOnlyReceiver();
    const endpoint = await hospital.webhookEndpoints
      .create({ url: receiver.url, eventTypes: ['slot.released'], description: `careloop trigger ${ctx.unique()}` })
      .unwrap();
    await receiver.close();
    // The first failure starts the 5 days; a delivery failing after them disables the endpoint.
    await releaseNumbers(ctx);
    await ctx.advanceClock(FIVE_DAYS_S + 60);
    await releaseNumbers(ctx);
    for (let wait = 0; wait < 100; wait++) {
      if ((await hospital.webhookEndpoints.get(endpoint.id).unwrap()).status === 'disabled') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Webhook endpoint ${endpoint.id} was not disabled after 5 days of failing deliveries`);
  },
};
