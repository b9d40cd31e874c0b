/**
 * Webhook endpoints (registration with a challenge, rotation, disable/enable) and the delivery
 * engine: every event the feed emits becomes one delivery per subscribed, enabled endpoint of an
 * organization that may see it; attempts run outside the emitting request and are retried on the
 * platform clock.
 */
import { signWebhook } from '@careloop/core';
import { formatLocal } from '../../engine/clock.js';
import type { FeedEvent } from '../../engine/events.js';
import { DomainError, invalidTransition, notFound, validationFailed } from '../../engine/problem.js';
import type { PlatformServices } from '../../services.js';
import {
  ATTEMPT_TIMER,
  DEFAULT_PREVIOUS_SECRET_VALID_SECONDS,
  DISABLE_AFTER_FAILING_MS,
  RETRY_DELAYS_MS,
  type DeliveryAttempt,
  type DeliveryRecord,
  type WebhookEndpointRecord,
} from './model.js';
import { callReceiver, receiverKind, type ReceiverAnswer } from './receiver.js';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description: string | null;
}

export class WebhookService {
  readonly endpoints = new Map<string, WebhookEndpointRecord>();
  readonly deliveries = new Map<string, DeliveryRecord>();
  private deliverySequence = 0;
  /** Attempts started and not yet recorded: `settled()` waits for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly services: PlatformServices) {
    services.events.onEmit((event, organizations) => this.enqueue(event, organizations));
  }

  // ── endpoints ─────────────────────────────────────────────────────────────────────────────

  list(organizationId: string): WebhookEndpointRecord[] {
    return [...this.endpoints.values()].filter((endpoint) => endpoint.organizationId === organizationId);
  }

  visible(organizationId: string, id: string): WebhookEndpointRecord {
    const endpoint = this.endpoints.get(id);
    if (!endpoint || endpoint.organizationId !== organizationId) throw notFound('webhook endpoint', id);
    return endpoint;
  }

  /** BR-WH-1: the URL must pass the challenge, signed with the new secret, before the endpoint exists. */
  async create(organizationId: string, input: EndpointInput, nowMs: number): Promise<WebhookEndpointRecord> {
    checkUrl(input.url);
    const id = this.services.ids.next('whe');
    const secret = this.newSecret();
    await this.challenge(input.url, secret, nowMs);
    const endpoint: WebhookEndpointRecord = {
      id,
      organizationId,
      ...input,
      status: 'enabled',
      disabledReason: null,
      secret,
      previousSecret: null,
      failingSinceMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.endpoints.set(id, endpoint);
    return endpoint;
  }

  /** A new URL is challenged (with the current secret) and saved only if it passes. */
  async update(organizationId: string, id: string, changes: Partial<EndpointInput>, nowMs: number): Promise<WebhookEndpointRecord> {
    const endpoint = this.visible(organizationId, id);
    if (changes.url !== undefined && changes.url !== endpoint.url) {
      checkUrl(changes.url);
      await this.challenge(changes.url, endpoint.secret, nowMs);
    }
    // The endpoint may have been deleted while the receiver answered.
    const current = this.visible(organizationId, id);
    if (changes.url !== undefined) current.url = changes.url;
    if (changes.eventTypes !== undefined) current.eventTypes = changes.eventTypes;
    if (changes.description !== undefined) current.description = changes.description;
    current.updatedAtMs = nowMs;
    return current;
  }

  delete(organizationId: string, id: string): void {
    const endpoint = this.visible(organizationId, id);
    this.endpoints.delete(endpoint.id);
    for (const delivery of this.deliveries.values()) if (delivery.endpointId === endpoint.id) this.deliveries.delete(delivery.id);
  }

  /** BR-WH-4: the old secret keeps signing for the overlap; a second rotation ends the older one at once. */
  rotateSecret(organizationId: string, id: string, previousSecretValidSeconds: number | undefined, nowMs: number): WebhookEndpointRecord {
    const endpoint = this.visible(organizationId, id);
    const seconds = previousSecretValidSeconds ?? DEFAULT_PREVIOUS_SECRET_VALID_SECONDS;
    endpoint.previousSecret = seconds > 0 ? { secret: endpoint.secret, expiresAtMs: nowMs + seconds * 1000 } : null;
    endpoint.secret = this.newSecret();
    endpoint.updatedAtMs = nowMs;
    return endpoint;
  }

  disable(organizationId: string, id: string, nowMs: number): WebhookEndpointRecord {
    const endpoint = this.visible(organizationId, id);
    if (endpoint.status !== 'enabled') throw invalidTransition('webhook endpoint', endpoint.status, 'enabled');
    this.stop(endpoint, 'manual', nowMs);
    return endpoint;
  }

  /** Delivers again from now on; what was missed is not replayed. */
  enable(organizationId: string, id: string, nowMs: number): WebhookEndpointRecord {
    const endpoint = this.visible(organizationId, id);
    if (endpoint.status !== 'disabled') throw invalidTransition('webhook endpoint', endpoint.status, 'disabled');
    endpoint.status = 'enabled';
    endpoint.disabledReason = null;
    endpoint.failingSinceMs = null;
    endpoint.updatedAtMs = nowMs;
    return endpoint;
  }

  deliveriesOf(endpoint: WebhookEndpointRecord): DeliveryRecord[] {
    return [...this.deliveries.values()].filter((delivery) => delivery.endpointId === endpoint.id);
  }

  /** The secrets that sign at `atMs`: the current one, and the previous one during its overlap. */
  signingSecrets(endpoint: WebhookEndpointRecord, atMs: number): string[] {
    const previous = endpoint.previousSecret;
    return previous && previous.expiresAtMs > atMs ? [endpoint.secret, previous.secret] : [endpoint.secret];
  }

  previousSecretExpiry(endpoint: WebhookEndpointRecord, nowMs: number): number | null {
    const previous = endpoint.previousSecret;
    return previous && previous.expiresAtMs > nowMs ? previous.expiresAtMs : null;
  }

  private newSecret(): string {
    // 44 base36 characters are valid base64 (33 bytes), and come from the seeded id factory.
    return this.services.ids.next('whsec', 44);
  }

  private async challenge(url: string, secret: string, nowMs: number): Promise<void> {
    const challenge = this.services.ids.next('chl', 24);
    const body = JSON.stringify({ type: 'webhook_endpoint.challenge', challenge });
    const headers = await signWebhook(body, secret, { id: `msg_${challenge}`, timestamp: Math.floor(nowMs / 1000) });
    const timeoutMs = this.services.runtime.webhooks.challengeTimeoutMs;
    const answer = await callReceiver(this.services.runtime, url, body, headers, timeoutMs);
    const problem = challengeProblem(answer, challenge, timeoutMs);
    if (problem !== undefined) {
      throw new DomainError(422, 'WEBHOOK_CHALLENGE_FAILED', `The endpoint did not pass the challenge: ${url} ${problem}.`, {
        errors: [{ pointer: '/body/url', code: 'challenge_failed', message: `${problem} (a 2xx JSON answer echoing \`challenge\` is required)` }],
      });
    }
  }

  // ── deliveries ────────────────────────────────────────────────────────────────────────────

  /** Resolves once no attempt is in flight (attempts already due but not started are not waited for). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Creates the deliveries of an event; attempt 1 starts after the emitting request's synchronous work. */
  private enqueue(event: FeedEvent, organizations: readonly string[]): void {
    const atMs = Date.parse(event.createdAt);
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.status !== 'enabled' || !organizations.includes(endpoint.organizationId)) continue;
      if (!endpoint.eventTypes.includes('*') && !endpoint.eventTypes.includes(event.type)) continue;
      this.deliverySequence += 1;
      const delivery: DeliveryRecord = {
        id: this.services.ids.next('whd'),
        sequence: this.deliverySequence,
        endpointId: endpoint.id,
        event,
        status: 'pending',
        attempts: [],
        nextAttemptAtMs: atMs,
        createdAtMs: atMs,
      };
      this.deliveries.set(delivery.id, delivery);
      this.track(Promise.resolve().then(() => this.attempt(delivery.id, atMs)));
    }
  }

  /** The retry timer: an attempt due at `atMs` (stale timers of finished or rescheduled deliveries do nothing). */
  fireAttempt(deliveryId: string, atMs: number): void {
    const delivery = this.deliveries.get(deliveryId);
    if (delivery?.status !== 'pending' || delivery.nextAttemptAtMs !== atMs) return;
    this.track(this.attempt(deliveryId, atMs));
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async attempt(deliveryId: string, atMs: number): Promise<void> {
    const delivery = this.deliveries.get(deliveryId);
    const endpoint = delivery ? this.endpoints.get(delivery.endpointId) : undefined;
    if (!delivery || !endpoint || endpoint.status !== 'enabled' || delivery.status !== 'pending') return;
    delivery.nextAttemptAtMs = null;
    // The sandbox's own receivers answer at once, before anything else can observe the delivery: deterministic.
    const kind = receiverKind(endpoint.url);
    if (kind === 'simulated') return this.record(delivery, atMs, { kind: 'answered', status: 200, text: '', latencyMs: 0 });
    if (kind === 'unreachable') return this.record(delivery, atMs, { kind: 'unreachable', message: 'connection refused (.invalid hosts never resolve)', latencyMs: 0 });
    // Exactly the feed event: ids and statuses only.
    const body = JSON.stringify(delivery.event);
    const headers = await signWebhook(body, this.signingSecrets(endpoint, atMs), { id: delivery.event.id, timestamp: Math.floor(atMs / 1000) });
    const answer = await callReceiver(this.services.runtime, endpoint.url, body, headers, this.services.runtime.webhooks.deliveryTimeoutMs);
    this.record(delivery, atMs, answer);
  }

  /** Commits an attempt's outcome synchronously: success, the next retry on the platform clock, or failure. */
  private record(delivery: DeliveryRecord, atMs: number, answer: ReceiverAnswer): void {
    if (!this.deliveries.has(delivery.id)) return; // deleted with its endpoint meanwhile
    const attempt: DeliveryAttempt = { atMs, httpStatus: null, latencyMs: answer.latencyMs, error: null };
    if (answer.kind === 'answered') {
      attempt.httpStatus = answer.status;
      if (answer.status < 200 || answer.status > 299) attempt.error = `answered HTTP ${answer.status}`;
    } else {
      attempt.error = answer.kind === 'timeout' ? `no answer within ${this.services.runtime.webhooks.deliveryTimeoutMs} ms` : answer.message;
    }
    delivery.attempts.push(attempt);
    const endpoint = this.endpoints.get(delivery.endpointId);
    if (attempt.error === null) {
      delivery.status = 'succeeded';
      if (endpoint) endpoint.failingSinceMs = null;
      return;
    }
    const delay = RETRY_DELAYS_MS[delivery.attempts.length - 1];
    if (delay === undefined || endpoint?.status !== 'enabled') {
      delivery.status = 'failed';
    } else {
      delivery.nextAttemptAtMs = atMs + delay;
      this.services.timers.schedule({ atMs: atMs + delay, kind: ATTEMPT_TIMER, target: delivery.id });
    }
    if (endpoint?.status === 'enabled') {
      endpoint.failingSinceMs ??= atMs;
      // BR-WH-3: failing for 5 days of platform time with no success in between disables the endpoint.
      if (atMs - endpoint.failingSinceMs >= DISABLE_AFTER_FAILING_MS) this.stop(endpoint, 'persistent-failure', atMs);
    }
  }

  /** Disables an endpoint: its pending deliveries end `failed`; a persistent failure is announced. */
  private stop(endpoint: WebhookEndpointRecord, reason: 'manual' | 'persistent-failure', atMs: number): void {
    endpoint.status = 'disabled';
    endpoint.disabledReason = reason;
    endpoint.updatedAtMs = atMs;
    for (const delivery of this.deliveriesOf(endpoint)) {
      if (delivery.status !== 'pending') continue;
      delivery.status = 'failed';
      delivery.nextAttemptAtMs = null;
    }
    if (reason === 'persistent-failure') {
      this.services.events.emit(
        'webhook_endpoint.disabled',
        { object: 'webhook_endpoint', id: endpoint.id, status: 'disabled', organizationId: endpoint.organizationId, reason },
        atMs,
      );
    }
  }
}

/** BR-WH-2: https only, except http for localhost and 127.0.0.1 (the sandbox). */
function checkUrl(url: string): void {
  const parsed = new URL(url);
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    throw validationFailed([{ pointer: '/body/url', code: 'scheme', message: 'must be https (http only for localhost and 127.0.0.1)' }]);
  }
}

/** What was wrong with a challenge answer, or undefined when it passed. */
function challengeProblem(answer: ReceiverAnswer, challenge: string, timeoutMs: number): string | undefined {
  if (answer.kind === 'timeout') return `did not answer within ${timeoutMs} ms`;
  if (answer.kind === 'unreachable') return `could not be reached (${answer.message})`;
  if (answer.status < 200 || answer.status > 299) return `answered HTTP ${answer.status}`;
  let echoed: unknown;
  try {
    echoed = (JSON.parse(answer.text) as { challenge?: unknown } | null)?.challenge;
  } catch {
    return 'answered with a body that is not JSON';
  }
  return echoed === challenge ? undefined : 'answered without echoing the challenge';
}

export function endpointTime(ms: number | null): string | null {
  return ms === null ? null : formatLocal(ms);
}
