/** Connector, command and record import records → the spec's shapes, keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { CommandRecord, ConnectorRecord, RecordImportRecord } from './model.js';
import type { ConnectorRelay } from './relay.js';

const time = (ms: number | null) => (ms === null ? null : formatLocal(ms));

export function connectorView(relay: ConnectorRelay, connector: ConnectorRecord, nowMs: number) {
  return {
    id: connector.id,
    organizationId: connector.organizationId,
    name: connector.name,
    status: relay.statusOf(connector, nowMs),
    version: connector.version,
    allowedOperations: connector.allowedOperations,
    lastSeenAt: time(connector.lastSeenAtMs),
    lastHeartbeatAt: time(connector.lastHeartbeatAtMs),
    hisReachable: connector.hisReachable,
    roundTripP50Ms: connector.roundTripP50Ms,
    roundTripP95Ms: connector.roundTripP95Ms,
    pendingCommands: relay.pendingCount(connector),
    createdAt: formatLocal(connector.createdAtMs),
    revokedAt: time(connector.revokedAtMs),
  };
}

export function commandView(command: CommandRecord) {
  return {
    id: command.id,
    type: command.type,
    naturalKey: command.naturalKey,
    attempt: command.attempt,
    status: command.status,
    createdAt: formatLocal(command.createdAtMs),
    payload: command.payload,
  };
}

export function acknowledgementView(command: CommandRecord) {
  return { id: command.id, type: command.type, status: command.status, naturalKey: command.naturalKey };
}

export function recordImportView(record: RecordImportRecord) {
  return {
    id: record.id,
    status: record.status,
    patientId: record.patientId,
    organizationId: record.organizationId,
    documentIds: record.documentIds,
    error: record.error,
    createdAt: formatLocal(record.createdAtMs),
    completedAt: time(record.completedAtMs),
  };
}
