import { describe, expect, it } from 'vitest';
import { BASE_URL, deref, doc, exampleRequests, freshPlatform, identities, operations, permits, send, toRequest, type SpecOperation } from './spec.js';
import type { MockPlatform } from '@careloop/mocks';

// Events everywhere: every operation that changes state, called with its documented example,
// appends to the event feed at least one of the events its description names. The event types
// come from the spec's `webhooks` section; an operation that writes but names no event must be
// one of the few below, each with the reason it emits none.
const EMITS_NOTHING: Record<string, string> = {
  createToken: 'issues an access token; no resource changes',
  createEligibilityCheck: 'answers a question about a coverage; nothing changes',
  triageSymptoms: 'stateless advice from a rules table',
  acknowledgeConnectorCommand: "moves the relay's own command state; the effects of the result emit their own events (record_import.completed, appointment.held)",
  importHisRecords: 'only queues a record.fetch for the connector; its outcome emits record_import.completed or record_import.failed',
  createWebhookEndpoint: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
  updateWebhookEndpoint: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
  deleteWebhookEndpoint: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
  rotateWebhookEndpointSecret: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
  disableWebhookEndpoint: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
  enableWebhookEndpoint: "the organization's own delivery settings: announcing them through the deliveries they configure would be circular (the platform's own disable emits webhook_endpoint.disabled)",
};

const EVENT_TYPES = new Set(Object.keys((doc as { webhooks?: Record<string, unknown> }).webhooks ?? {}));

/** Event types the description names in backticks (`appointment.held`). */
function namedEvents(op: SpecOperation): string[] {
  const description = (deref<Record<string, unknown>>(doc.paths[op.path]?.[op.method.toLowerCase()])['description'] as string | undefined) ?? '';
  return [...description.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1] as string).filter((type) => EVENT_TYPES.has(type));
}

async function allEventTypes(platform: MockPlatform): Promise<string[]> {
  const types: string[] = [];
  let after = '';
  for (;;) {
    const page = (await (await platform.handle(new Request(`${BASE_URL}/_mock/events?limit=100${after ? `&after=${after}` : ''}`))).json()) as {
      data: { id: string; type: string }[];
      nextCursor: string | null;
    };
    types.push(...page.data.map((event) => event.type));
    if (page.data.length < 100 || page.nextCursor === null) return types;
    after = page.nextCursor;
  }
}

const writes = operations.filter((op) => op.method !== 'GET');

describe('events everywhere: every state change emits an event', () => {
  it('knows the webhooks catalogue and the writes', () => {
    expect(EVENT_TYPES.size).toBeGreaterThanOrEqual(100);
    expect(writes.length).toBeGreaterThanOrEqual(80);
    for (const operationId of Object.keys(EMITS_NOTHING)) expect(writes.map((op) => op.operationId)).toContain(operationId);
  });

  it.each(writes.filter((op) => !(op.operationId in EMITS_NOTHING)).map((op) => [op.operationId, op] as const))('%s', async (_, op) => {
    const named = namedEvents(op);
    expect(named, `${op.operationId} changes state but its description names no event type in backticks`).not.toEqual([]);
    const [parts] = exampleRequests(op);
    if (!parts) throw new Error(`${op.operationId} has no example request`);
    const candidates = op.security.length === 0 ? [undefined] : identities().filter((identity) => permits(op, identity));
    for (const identity of candidates) {
      const platform = freshPlatform();
      const bearer = identity ? await identity.login(platform) : undefined;
      const before = (await allEventTypes(platform)).length;
      const answer = await send(platform, toRequest(op, parts, bearer));
      if (answer.status !== op.successStatus) continue;
      await platform.webhooks.settled();
      const emitted = (await allEventTypes(platform)).slice(before);
      expect(emitted.length, `${op.operationId} succeeded and emitted nothing`).toBeGreaterThan(0);
      expect(emitted.some((type) => named.includes(type)), `${op.operationId} emitted ${emitted.join(', ')}; its description names ${named.join(', ')}`).toBe(true);
      return;
    }
    throw new Error(`no sandbox caller made the example of ${op.operationId} succeed`);
  });
});
