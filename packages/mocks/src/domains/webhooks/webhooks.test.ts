import { verifyWebhook } from '@careloop/core';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform } from '../../../test/helpers.js';

/** A scripted receiver: answers each POST with the next behaviour, then 200; records what it got. */
function receiver(script: ('500' | 'timeout' | 'refused')[] = [], challengeScript: ('500' | 'timeout' | 'refused' | 'wrong-echo')[] = []) {
  const received: { headers: Headers; body: string }[] = [];
  const outboundFetch = async (request: Request): Promise<Response> => {
    const body = await request.text();
    received.push({ headers: request.headers, body });
    const parsed = JSON.parse(body) as { type?: string; challenge?: string };
    if (parsed.type === 'webhook_endpoint.challenge') {
      const step = challengeScript.shift();
      if (step === '500') return new Response('no', { status: 500 });
      if (step === 'wrong-echo') return Response.json({ challenge: 'nope' });
      if (step === 'refused') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      if (step === 'timeout') return new Promise<Response>(() => undefined);
      return Response.json({ challenge: parsed.challenge });
    }
    const step = script.shift();
    if (step === '500') return new Response('down', { status: 500 });
    if (step === 'refused') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    if (step === 'timeout') return new Promise<Response>(() => undefined);
    return new Response(null, { status: 204 });
  };
  const deliveries = () => received.filter((r) => !r.body.includes('webhook_endpoint.challenge'));
  return { received, deliveries, outboundFetch };
}

async function setup(script: Parameters<typeof receiver>[0] = [], body: Record<string, unknown> = {}, challengeScript: Parameters<typeof receiver>[1] = []) {
  const rx = receiver(script, challengeScript);
  const platform = testPlatform({ outboundFetch: rx.outboundFetch, webhooks: { challengeTimeoutMs: 50, deliveryTimeoutMs: 50 } });
  const token = await orgToken(platform, 'qtph');
  const created = await call(platform, 'POST', '/v1/webhook-endpoints', {
    token,
    body: { url: 'https://receiver.qtph.cn/hooks', eventTypes: ['*'], ...body },
  });
  return { rx, platform, token, created };
}

/** Suspends, or resumes, the caller's first schedule: events visible to the hospital. */
const firstSchedule = new WeakMap<object, Map<string, string>>();
async function emitEvent(platform: ReturnType<typeof testPlatform>, token: string, org = 'qtph') {
  const known = firstSchedule.get(platform) ?? new Map<string, string>();
  firstSchedule.set(platform, known);
  const id = known.get(org) ?? ((await call(platform, 'GET', '/v1/schedules?limit=1', { token })).body.data[0].id as string);
  known.set(org, id);
  const { status } = (await call(platform, 'GET', `/v1/schedules/${id}`, { token })).body as { status: string };
  const action = status === 'active' ? 'suspend' : 'resume';
  const result = await call(platform, 'POST', `/v1/schedules/${id}/${action}`, { token, ...(action === 'suspend' ? { body: { reason: 'doctor ill' } } : {}) });
  expect(result.status).toBe(200);
}

describe('BR-WH-1 webhook endpoints: challenge', () => {
  it('creates an endpoint when the receiver echoes the signed challenge, and returns the secret once', async () => {
    const { rx, created, platform, token } = await setup();
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const challenge = rx.received[0];
    expect(challenge).toBeDefined();
    const payload = await verifyWebhook<{ challenge: string }>(challenge!.body, challenge!.headers, created.body.secret, { now: () => platform.clock.now().getTime() });
    expect(payload.challenge).toMatch(/^chl_/);
    const read = await call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}`, { token });
    expect(read.body.secret).toBeUndefined();
  });

  it.each([
    ['500', 'answered HTTP 500'],
    ['wrong-echo', 'without echoing'],
    ['refused', 'connection refused'],
    ['timeout', 'within 50 ms'],
  ] as const)('answers 422 WEBHOOK_CHALLENGE_FAILED at /body/url when the receiver fails (%s)', async (step, message) => {
    const { created, platform, token } = await setup([], {}, [step]);
    expect(created.status).toBe(422);
    expect(created.body.code).toBe('WEBHOOK_CHALLENGE_FAILED');
    expect(created.body.errors[0].pointer).toBe('/body/url');
    expect(created.body.errors[0].message).toContain(message);
    const list = await call(platform, 'GET', '/v1/webhook-endpoints', { token });
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual(['whe_qtph_his', 'whe_qtph_legacy']);
  });

  it('BR-WH-2 refuses http except for localhost, and BR-WH-1 challenges a changed URL again', async () => {
    const { created, platform, token, rx } = await setup();
    const plain = await call(platform, 'POST', '/v1/webhook-endpoints', { token, body: { url: 'http://receiver.qtph.cn/h', eventTypes: ['*'] } });
    expect(plain.status).toBe(400);
    expect(plain.body.errors[0].pointer).toBe('/body/url');
    const before = rx.received.length;
    const changed = await call(platform, 'PATCH', `/v1/webhook-endpoints/${created.body.id}`, { token, body: { url: 'https://other.qtph.cn/h' } });
    expect(changed.status).toBe(200);
    expect(rx.received.length).toBe(before + 1);
    const refused = await call(platform, 'PATCH', `/v1/webhook-endpoints/${created.body.id}`, { token, body: { url: 'https://x.invalid/h' } });
    expect(refused.status).toBe(422);
    expect((await call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}`, { token })).body.url).toBe('https://other.qtph.cn/h');
  });
});

describe('webhook delivery', () => {
  it('signs deliveries so @careloop/core and the standardwebhooks library verify them; the body is the feed event', async () => {
    const { rx, created, platform, token } = await setup();
    await emitEvent(platform, token);
    await platform.webhooks.settled();
    const [delivery] = rx.deliveries();
    expect(delivery).toBeDefined();
    const now = () => platform.clock.now().getTime();
    const event = await verifyWebhook<{ id: string; type: string; data: Record<string, unknown> }>(delivery!.body, delivery!.headers, created.body.secret, { now });
    expect(delivery!.headers.get('webhook-id')).toBe(event.id);
    const feed = await call(platform, 'GET', '/v1/events', { token });
    expect(feed.body.data.map((e: unknown) => JSON.stringify(e))).toContain(delivery!.body);
    const wh = new Webhook(created.body.secret);
    const realNow = Date.now;
    Date.now = now; // the library checks the timestamp against the wall clock; the platform signs on the mock clock
    try {
      expect(wh.verify(delivery!.body, Object.fromEntries(delivery!.headers))).toEqual(event);
    } finally {
      Date.now = realNow;
    }
    for (const key of Object.keys(event.data)) expect(['object', 'id', 'status', 'organizationId', 'patientId', 'reason']).toContain(key);
  });

  it('retries on the mock clock after 500s, a timeout and a refused connection; the receiver sees each event id once it recovers', async () => {
    const { rx, created, platform, token } = await setup(['500', 'timeout', 'refused'], { eventTypes: ['schedule.suspended'] });
    await emitEvent(platform, token);
    await platform.webhooks.settled();
    const log = () => call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}/deliveries`, { token });
    expect((await log()).body.data[0].status).toBe('pending');
    for (const ms of [5_000, 5 * 60_000, 30 * 60_000]) {
      platform.clock.advance(ms);
      await platform.webhooks.settled();
    }
    const [entry] = (await log()).body.data;
    expect(entry.status).toBe('succeeded');
    expect(entry.attempts.map((a: { httpStatus: number | null }) => a.httpStatus)).toEqual([500, null, null, 204]);
    expect(entry.attempts[1].error).toContain('no answer');
    expect(entry.attempts[2].error).toBe('connection refused');
    const ids = rx.deliveries().map((d) => d.headers.get('webhook-id'));
    expect(ids).toEqual([entry.eventId, entry.eventId, entry.eventId, entry.eventId]);
    const deduplicated = new Set(rx.deliveries().filter((_, i) => i === 3).map((d) => d.headers.get('webhook-id')));
    expect([...deduplicated]).toEqual([entry.eventId]);
  });

  it('BR-WH-4 signs with both secrets during a rotation overlap, then with the new one only', async () => {
    const { rx, created, platform, token } = await setup();
    const rotated = await call(platform, 'POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { token, body: { previousSecretValidSeconds: 3600 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await emitEvent(platform, token);
    await platform.webhooks.settled();
    const now = () => platform.clock.now().getTime();
    const first = rx.deliveries()[0]!;
    await expect(verifyWebhook(first.body, first.headers, created.body.secret, { now })).resolves.toBeDefined();
    await expect(verifyWebhook(first.body, first.headers, rotated.body.secret, { now })).resolves.toBeDefined();
    platform.clock.advance(3_600_000);
    await emitEvent(platform, token);
    await platform.webhooks.settled();
    const second = rx.deliveries().at(-1)!;
    await expect(verifyWebhook(second.body, second.headers, rotated.body.secret, { now })).resolves.toBeDefined();
    await expect(verifyWebhook(second.body, second.headers, created.body.secret, { now })).rejects.toThrow(/signature/i);
  });

  it('BR-WH-3 disables an endpoint failing for 5 days of platform time and announces webhook_endpoint.disabled', async () => {
    const { created, platform } = await setup(Array<'500'>(200).fill('500'));
    let token = '';
    for (let day = 0; day < 6; day++) {
      token = await orgToken(platform, 'qtph');
      await emitEvent(platform, token);
      for (let step = 0; step < 30; step++) {
        platform.clock.advance(3_600_000);
        await platform.webhooks.settled();
      }
    }
    token = await orgToken(platform, 'qtph');
    const endpoint = await call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}`, { token });
    expect(endpoint.body.status).toBe('disabled');
    expect(endpoint.body.disabledReason).toBe('persistent-failure');
    const feed = await call(platform, 'GET', '/v1/events?type=webhook_endpoint.disabled', { token });
    expect(feed.body.data[0].data).toMatchObject({ object: 'webhook_endpoint', id: created.body.id, status: 'disabled' });
    const failed = await call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}/deliveries?status=pending`, { token });
    expect(failed.body.data).toEqual([]);
  });

  it('delivers only subscribed types, never another organization’s events, and hides endpoints across tenants', async () => {
    const { rx, created, platform, token } = await setup([], { eventTypes: ['appointment.booked'] });
    await emitEvent(platform, token);
    await platform.webhooks.settled();
    expect(rx.deliveries()).toEqual([]);
    const other = await orgToken(platform, 'linan');
    expect((await call(platform, 'GET', `/v1/webhook-endpoints/${created.body.id}`, { token: other })).status).toBe(404);
    expect((await call(platform, 'GET', '/v1/webhook-endpoints/whe_qtph_his/deliveries', { token: other })).status).toBe(404);
    const before = (await call(platform, 'GET', '/v1/webhook-endpoints/whe_qtph_his/deliveries?limit=100', { token })).body.data.length;
    expect(before).toBeGreaterThan(0);
    await emitEvent(platform, other, 'linan');
    await platform.webhooks.settled();
    const after = await call(platform, 'GET', '/v1/webhook-endpoints/whe_qtph_his/deliveries?limit=100', { token });
    expect(after.body.data.length).toBe(before);
  });
});
