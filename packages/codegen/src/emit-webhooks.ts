import { GENERATED_HEADER } from './layout.js';
import { resolve, type Document, type Reference, type RequestBody } from './openapi.js';

/** What the generator needs to know about one webhook. */
export interface WebhookModel {
  /** The event type, which is also the webhook's name in the spec. */
  type: string;
  operationId: string;
  /** The kind of object the event carries in `data.object` (the operation's `x-event-object`). */
  object: string;
  description: string;
}

interface Schema {
  enum?: string[];
  properties?: Record<string, Schema | Reference>;
}

const enumOf = (doc: Document, schema: Schema | Reference | undefined): string[] => (schema ? (resolve<Schema>(doc, schema).enum ?? []) : []);

/** Every webhook of the document, in document order, checked against its payload schema's enums. */
export function describeWebhooks(doc: Document): WebhookModel[] {
  return Object.entries(doc.webhooks ?? {}).map(([type, item]) => {
    const operation = item.post;
    if (!operation) throw new Error(`webhook ${type}: deliveries are POSTs, and this one declares none`);
    const id = operation.operationId;
    const body = operation.requestBody ? resolve<RequestBody>(doc, operation.requestBody) : undefined;
    const schema = body?.required ? body.content['application/json']?.schema : undefined;
    if (!schema) throw new Error(`${id}: a webhook needs a required application/json body`);
    const payload = resolve<Schema>(doc, schema);
    const types = enumOf(doc, payload.properties?.['type']);
    if (!types.includes(type)) throw new Error(`${id}: the payload's type enum does not list ${type}`);
    const data = payload.properties?.['data'];
    const objects = enumOf(doc, data ? resolve<Schema>(doc, data).properties?.['object'] : undefined);
    const object = operation['x-event-object'];
    if (!object || !objects.includes(object)) {
      throw new Error(`${id}: x-event-object must be one of the payload's data.object values (${objects.join(', ')}), got ${String(object)}`);
    }
    return { type, operationId: id, object, description: operation.description ?? '' };
  });
}

// The webhook's JSON body in openapi-typescript's `webhooks` type.
const PAYLOAD = "webhooks[Type]['post']['requestBody']['content']['application/json']";

const docComment = (text: string): string => `  /** ${text.replace(/\s+/g, ' ').trim().replace(/\*\//g, '*\\/')} */`;

/** `webhooks.ts`: the webhook payloads as a union discriminated by `type`, each with its `data.object` narrowed. */
export function emitWebhooks(doc: Document): string {
  const entries = describeWebhooks(doc).map(({ type, object, description }) => {
    const line = `  '${type}': WebhookEventOf<'${type}', '${object}'>;`;
    return description ? `${docComment(description)}\n${line}` : line;
  });
  return `${GENERATED_HEADER}import type { webhooks } from './schema.js';

/** One webhook's payload as the spec declares it, with \`type\` and \`data.object\` narrowed to literals so a union of them discriminates. */
export type WebhookEventOf<Type extends keyof webhooks, ObjectType extends ${PAYLOAD}['data']['object']> = Omit<${PAYLOAD}, 'type' | 'data'> & {
  type: Type;
  data: Omit<${PAYLOAD}['data'], 'object'> & { object: ObjectType };
};

/** Every webhook event by its type. */
export interface WebhookEventMap {
${entries.join('\n')}
}

/** The type of a webhook event, e.g. \`appointment.booked\`. */
export type WebhookEventType = keyof WebhookEventMap;

/**
 * A verified webhook delivery's body; narrow it on \`type\`.
 *
 * @example
 * \`\`\`ts
 * const event = await verifyWebhook<WebhookEvent>(rawBody, headers, secret);
 * if (event.type === 'appointment.booked') console.log(event.data.object, event.data.id); // 'appointment', 'apt_…'
 * \`\`\`
 */
export type WebhookEvent = WebhookEventMap[WebhookEventType];
`;
}
