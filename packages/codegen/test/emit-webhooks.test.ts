import { describe, expect, it } from 'vitest';
import { bundleSpec, describeWebhooks, emitWebhooks, filterForAudience, type Document } from '../src/index.js';

const bundled = await bundleSpec();
const schemaEnum = (name: string) => (bundled.components?.['schemas']?.[name] as { enum: string[] }).enum;

function withWebhook(change: (post: NonNullable<NonNullable<Document['webhooks']>[string]['post']>) => void): Document {
  const doc = structuredClone(bundled);
  const post = doc.webhooks?.['appointment.booked']?.post;
  if (!post) throw new Error('spec changed: appointment.booked webhook missing');
  change(post);
  return doc;
}

describe('webhook model', () => {
  it('has one webhook per event type, each carrying an object kind of the EventObjectType enum', () => {
    const webhooks = describeWebhooks(bundled);
    expect(webhooks.map((webhook) => webhook.type).sort()).toEqual([...schemaEnum('EventType')].sort());
    for (const { object } of webhooks) expect(schemaEnum('EventObjectType')).toContain(object);
  });

  it('names the object after the event type (messages excepted: they belong to encounters)', () => {
    for (const { type, object } of describeWebhooks(bundled)) {
      expect(object).toBe(type === 'encounter.message_created' ? 'message' : type.split('.')[0]);
    }
  });

  it('refuses a webhook without x-event-object, or with an unknown one', () => {
    expect(() => describeWebhooks(withWebhook((post) => delete post['x-event-object']))).toThrow(/onAppointmentBooked: x-event-object must be one of/);
    expect(() => describeWebhooks(withWebhook((post) => (post['x-event-object'] = 'appointments')))).toThrow(/got appointments/);
  });

  it('refuses a webhook without a required JSON body', () => {
    expect(() => describeWebhooks(withWebhook((post) => delete post.requestBody))).toThrow(/onAppointmentBooked: a webhook needs a required/);
  });
});

describe('emitted webhook types', () => {
  it('map every webhook of the audience to its narrowed payload', () => {
    const source = emitWebhooks(filterForAudience(bundled, 'pharmacy'));
    expect(source).toContain("  'prescription.routed': WebhookEventOf<'prescription.routed', 'prescription'>;");
    expect(source).toContain('export type WebhookEvent = WebhookEventMap[WebhookEventType];');
    expect(source.match(/: WebhookEventOf</g)).toHaveLength(schemaEnum('EventType').length);
  });
});
