/**
 * The connector rules (PLATFORM.md §3), decided here only: a connector's status, whether a command
 * may be delivered to a poll, which connector a hospital relays an operation through, and when the
 * HIS cannot be asked.
 */
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { ConnectorTimings } from '../../services.js';
import type { CommandRecord, ConnectorOperation, ConnectorRecord, ConnectorStatus } from './model.js';

/**
 * A connector's status on the mock clock: `provisioning` until its first contact (poll, heartbeat
 * or acknowledgement), `offline` after `offlineAfterMs` without contact, `degraded` after
 * `degradedAfterMs` without contact or while its last heartbeat said the HIS is unreachable,
 * `online` otherwise; `revoked` is final.
 */
export function judgeStatus(connector: ConnectorRecord, nowMs: number, timings: ConnectorTimings): ConnectorStatus {
  if (connector.revokedAtMs !== null) return 'revoked';
  if (connector.lastSeenAtMs === null) return 'provisioning';
  const silentMs = nowMs - connector.lastSeenAtMs;
  if (silentMs >= timings.offlineAfterMs) return 'offline';
  if (silentMs >= timings.degradedAfterMs || connector.hisReachable === false) return 'degraded';
  return 'online';
}

/** The next mock-clock time at which a silent connector's status changes by itself, or null. */
export function nextStatusChangeAt(connector: ConnectorRecord, nowMs: number, timings: ConnectorTimings): number | null {
  if (connector.revokedAtMs !== null || connector.lastSeenAtMs === null) return null;
  for (const threshold of [timings.degradedAfterMs, timings.offlineAfterMs]) {
    if (nowMs < connector.lastSeenAtMs + threshold) return connector.lastSeenAtMs + threshold;
  }
  return null;
}

/**
 * A command goes to a poll when it is pending and not leased, its lease expired (real time), or it
 * is leased to another session: a new session is the agent restarted, and it takes over every
 * unacknowledged command at once.
 */
export function deliverable(command: CommandRecord, session: string, realNowMs: number): boolean {
  if (command.status !== 'pending') return false;
  return command.leasedTo === null || realNowMs > command.leasedUntil || command.leasedTo !== session;
}

/** One non-revoked connector per hospital: registering another answers 409 naming the current one's status. */
export function assertNoActiveConnector(organizationId: string, existing: ConnectorRecord | undefined, status: ConnectorStatus | undefined): void {
  if (existing && status) {
    throw new DomainError(
      409,
      'INVALID_STATE_TRANSITION',
      `Organization ${organizationId} already runs connector ${existing.id} (${status}); revoke it first.`,
      { currentState: status },
    );
  }
}

/** Polls, heartbeats, acknowledgements and revocation need a connector that is not revoked. */
export function assertNotRevoked(connector: ConnectorRecord): void {
  if (connector.revokedAtMs !== null) {
    throw new DomainError(409, 'INVALID_STATE_TRANSITION', `Connector ${connector.id} is revoked.`, { currentState: 'revoked' });
  }
}

export function assertRevocable(connector: ConnectorRecord): void {
  if (connector.revokedAtMs !== null) throw invalidTransition('connector', 'revoked', 'not revoked');
}

/** Whether the connector lets the platform relay this operation to the HIS. */
export function allows(connector: ConnectorRecord | undefined, operation: ConnectorOperation): connector is ConnectorRecord {
  return connector !== undefined && connector.revokedAtMs === null && connector.allowedOperations.includes(operation);
}

/** CONNECTOR_OPERATION_NOT_ALLOWED: the hospital has no connector that allows the operation. */
export function assertAllows(organizationId: string, connector: ConnectorRecord | undefined, operation: ConnectorOperation): asserts connector is ConnectorRecord {
  if (!allows(connector, operation)) {
    throw new DomainError(409, 'CONNECTOR_OPERATION_NOT_ALLOWED', `${organizationId} has no connector that allows ${operation}.`);
  }
}

/**
 * A caller waits for the HIS only through a connector that has been seen and is not offline:
 * otherwise 503 CONNECTOR_OFFLINE, retryable after 5 s, before anything is reserved.
 */
export function assertReachable(connector: ConnectorRecord, status: ConnectorStatus): void {
  if (status === 'provisioning' || status === 'offline' || status === 'revoked') {
    throw new DomainError(
      503,
      'CONNECTOR_OFFLINE',
      `The connector of ${connector.organizationId} is ${status}; the HIS cannot be reached. Retry shortly.`,
      { headers: { 'Retry-After': '5' } },
    );
  }
}

/** 504 UPSTREAM_TIMEOUT: the HIS did not answer within the caller's wait. */
export function upstreamTimeout(organizationId: string, timeoutMs: number): DomainError {
  return new DomainError(504, 'UPSTREAM_TIMEOUT', `The HIS of ${organizationId} did not answer within ${timeoutMs / 1000} seconds.`);
}
