/** Connector records as stored (PLATFORM.md §3). Views (views.ts) turn them into the spec's shapes. */

export type ConnectorStatus = 'provisioning' | 'online' | 'degraded' | 'offline' | 'revoked';
export type ConnectorOperation = 'registration.lock' | 'registration.confirm' | 'registration.cancel' | 'record.fetch' | 'report.push';
export type CommandStatus = 'pending' | 'succeeded' | 'failed' | 'withdrawn';

export interface ConnectorRecord {
  id: string;
  organizationId: string;
  name: string;
  /** The status last announced (`connector.status_changed`); rules.ts judges the current one. */
  status: ConnectorStatus;
  version: string | null;
  allowedOperations: ConnectorOperation[];
  /** Mock-clock ms of the last poll, heartbeat or acknowledgement. */
  lastSeenAtMs: number | null;
  lastHeartbeatAtMs: number | null;
  hisReachable: boolean | null;
  roundTripP50Ms: number | null;
  roundTripP95Ms: number | null;
  createdAtMs: number;
  revokedAtMs: number | null;
  /** Mock-clock ms of the one status check queued on the timer queue, or null. */
  statusCheckAtMs: number | null;
}

export interface CommandError {
  code: string;
  message: string;
}

export interface HisDocument {
  hisDocumentId: string;
  type: string;
  title: string;
  effectiveDate: string;
}

export interface CommandResult {
  hisRegistrationNumber?: string;
  documents?: HisDocument[];
  hisReportId?: string;
}

export interface CommandRecord {
  id: string;
  connectorId: string;
  type: ConnectorOperation;
  naturalKey: string;
  payload: Record<string, unknown>;
  status: CommandStatus;
  /** Deliveries so far (0: never delivered). */
  attempt: number;
  /** The agent session the command is leased to, and until when (real ms: runtime.realNow()). */
  leasedTo: string | null;
  leasedUntil: number;
  result: CommandResult | null;
  error: CommandError | null;
  createdAtMs: number;
  /** The caller waiting for it gave up (504): a late success must be undone in the HIS. */
  abandoned: boolean;
}

export type RecordImportStatus = 'pending' | 'completed' | 'failed';

export interface RecordImportRecord {
  id: string;
  status: RecordImportStatus;
  patientId: string;
  organizationId: string;
  documentIds: string[];
  error: CommandError | null;
  createdAtMs: number;
  completedAtMs: number | null;
}
