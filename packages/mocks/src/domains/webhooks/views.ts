/** Webhook endpoints and deliveries as the API shows them. */
import { formatLocal } from '../../engine/clock.js';
import type { DeliveryRecord, WebhookEndpointRecord } from './model.js';

export function endpointView(endpoint: WebhookEndpointRecord, previousSecretExpiresAtMs: number | null) {
  return {
    id: endpoint.id,
    organizationId: endpoint.organizationId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    status: endpoint.status,
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: previousSecretExpiresAtMs === null ? null : formatLocal(previousSecretExpiresAtMs),
    createdAt: formatLocal(endpoint.createdAtMs),
    updatedAt: formatLocal(endpoint.updatedAtMs),
  };
}

export function deliveryView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    status: delivery.status,
    attempts: delivery.attempts.map((attempt) => ({
      at: formatLocal(attempt.atMs),
      httpStatus: attempt.httpStatus,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
    })),
    nextAttemptAt: delivery.nextAttemptAtMs === null ? null : formatLocal(delivery.nextAttemptAtMs),
    createdAt: formatLocal(delivery.createdAtMs),
  };
}
