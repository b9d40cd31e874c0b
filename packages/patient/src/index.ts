import { createCareloopClient, type CareloopClient, type CareloopClientOptions } from '@careloop/core';
import { operationTable, resourceTable, type PatientResources } from './generated/client.js';
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
  return createCareloopClient<paths, PatientResources>(options, { operations: operationTable, resources: resourceTable });
}

export type { PatientResources } from './generated/client.js';
export type * from './generated/models.js';
// The spec's problem types (with the typed error-code union) win over core's generic ones.
export type { Problem, FieldError } from './generated/models.js';
export type { paths, components, operations, webhooks } from './generated/schema.js';
export type { WebhookEvent, WebhookEventMap, WebhookEventOf, WebhookEventType } from './generated/webhooks.js';
export * from '@careloop/core';
