import { createCareloopClient, type CareloopClient, type CareloopClientOptions } from '@careloop/core';
import { resourceTable, type PatientResources } from './generated/client.js';
import type { paths } from './generated/schema.js';

/** The patient SDK client: typed methods grouped by resource, plus raw `GET`/`POST` by path. */
export type PatientClient = CareloopClient<paths> & PatientResources;

/**
 * Creates a client for the patient audience of the Careloop platform.
 *
 * @example
 * ```ts
 * const careloop = createPatientClient({ baseUrl: 'http://localhost:4010', auth: { accessToken } });
 * ```
 */
export function createPatientClient(options: CareloopClientOptions): PatientClient {
  return createCareloopClient<paths, PatientResources>(options, resourceTable);
}

export type { PatientResources, OperationId } from './generated/client.js';
// One standalone function per operation, for apps that want only what they call in their bundle.
export * from './generated/operations.js';
export type * from './generated/models.js';
// The spec's problem types (with the typed error-code union) win over core's generic ones.
export type { Problem, FieldError } from './generated/models.js';
export type { paths, components, operations, webhooks } from './generated/schema.js';
export type { WebhookEvent, WebhookEventMap, WebhookEventOf, WebhookEventType } from './generated/webhooks.js';
export * from '@careloop/core';
