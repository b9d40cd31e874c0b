import { createCareloopClient, type CareloopClient, type CareloopClientOptions } from '@careloop/core';
import { resourceTable, type HospitalResources } from './generated/client.js';
import type { paths } from './generated/schema.js';

/** The hospital SDK client: typed methods grouped by resource, plus raw `GET`/`POST` by path. */
export type HospitalClient = CareloopClient<paths> & HospitalResources;

/**
 * Creates a client for the hospital audience of the Careloop platform.
 *
 * @example
 * ```ts
 * const careloop = createHospitalClient({ baseUrl: 'http://localhost:4010', auth: { accessToken } });
 * ```
 */
export function createHospitalClient(options: CareloopClientOptions): HospitalClient {
  return createCareloopClient<paths, HospitalResources>(options, resourceTable);
}

export type { HospitalResources, OperationId } from './generated/client.js';
// One standalone function per operation, for apps that want only what they call in their bundle.
export * from './generated/operations.js';
export type * from './generated/models.js';
// The spec's problem types (with the typed error-code union) win over core's generic ones.
export type { Problem, FieldError } from './generated/models.js';
export type { paths, components, operations, webhooks } from './generated/schema.js';
export type { WebhookEvent, WebhookEventMap, WebhookEventOf, WebhookEventType } from './generated/webhooks.js';
export * from '@careloop/core';
