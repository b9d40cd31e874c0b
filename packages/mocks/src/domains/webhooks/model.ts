/** Webhook endpoints and their deliveries, as the platform keeps them. */
import type { FeedEvent } from '../../engine/events.js';

export type EndpointStatus = 'enabled' | 'disabled';
export type DisabledReason = 'manual' | 'persistent-failure';

export interface WebhookEndpointRecord {
  id: string;
  organizationId: string;
  url: string;
  /** Event types, or `['*']` for all. */
  eventTypes: string[];
  description: string | null;
  status: EndpointStatus;
  disabledReason: DisabledReason | null;
  secret: string;
  /** The secret before the last rotation, still signing until `expiresAtMs`. */
  previousSecret: { secret: string; expiresAtMs: number } | null;
  /** The first failed attempt since the last success (or since enabling); null while healthy. */
  failingSinceMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryAttempt {
  atMs: number;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
}

export interface DeliveryRecord {
  id: string;
  /** Orders deliveries (newest first in the log) without comparing ids. */
  sequence: number;
  endpointId: string;
  event: FeedEvent;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAtMs: number | null;
  createdAtMs: number;
}

/** Delays before attempts 2…8 (Standard Webhooks / Svix schedule), platform time. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;

/** BR-WH-3: an endpoint failing this long (platform time, no success in between) is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

export const DEFAULT_PREVIOUS_SECRET_VALID_SECONDS = 86_400;

export const ATTEMPT_TIMER = 'webhook-attempt';
