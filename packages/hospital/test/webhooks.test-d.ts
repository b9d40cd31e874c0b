import { describe, expectTypeOf, it } from 'vitest';
import { verifyWebhook, type WebhookEvent, type WebhookEventMap, type WebhookEventType, type EventType } from '../src/index.js';

declare const rawBody: string;
declare const headers: Headers;

describe('typed webhook events', () => {
  it('narrows the verified event on `type`, and `data.object` with it', async () => {
    const event = await verifyWebhook<WebhookEvent>(rawBody, headers, 'whsec_c2VjcmV0');
    expectTypeOf(event.type).toEqualTypeOf<WebhookEventType>();
    switch (event.type) {
      case 'appointment.booked':
        expectTypeOf(event).toEqualTypeOf<WebhookEventMap['appointment.booked']>();
        expectTypeOf(event.data.object).toEqualTypeOf<'appointment'>();
        expectTypeOf(event.data.id).toEqualTypeOf<string>();
        expectTypeOf(event.data.status).toEqualTypeOf<string | undefined>();
        break;
      case 'encounter.message_created':
        expectTypeOf(event.data.object).toEqualTypeOf<'message'>();
        break;
      case 'schedule.suspended':
      case 'schedule.resumed':
        expectTypeOf(event.data.object).toEqualTypeOf<'schedule'>();
        // @ts-expect-error — a schedule event never carries a slot
        void (event.data.object === 'slot');
        break;
    }
    expectTypeOf(event.id).toEqualTypeOf<string>();
    expectTypeOf(event.createdAt).toEqualTypeOf<string>();
  });

  it('has one event per EventType, and no other', () => {
    expectTypeOf<WebhookEventType>().toEqualTypeOf<EventType>();
    // @ts-expect-error — not an event type
    expectTypeOf<WebhookEventMap['appointment.teleported']>();
  });

  it('returns unknown when no event type is given', async () => {
    expectTypeOf(await verifyWebhook(rawBody, headers, ['whsec_c2VjcmV0'])).toBeUnknown();
  });

  it("accepts Node's request headers and a Uint8Array body", () => {
    const nodeHeaders: { [name: string]: string | string[] | undefined; 'set-cookie'?: string[] } = {};
    expectTypeOf(verifyWebhook<WebhookEvent>(new Uint8Array(), nodeHeaders, 'whsec_c2VjcmV0')).resolves.toEqualTypeOf<WebhookEvent>();
  });
});
