import type { CommandPatient, CreateDocumentRequest, CreateScheduleRequest, HisDocument, PushReportCommand } from '../generated/models.js';

/** What every HIS call receives: `signal` aborts when the call exceeds `hisTimeoutMs` or the connector stops waiting. */
export interface HisCallContext {
  readonly signal: AbortSignal;
  /** The platform command id, for the HIS's own logs (absent for pings). */
  readonly commandId?: string;
}

/** A registration (挂号) as the HIS keeps it. */
export interface HisRegistration {
  /** The platform appointment the registration belongs to: the natural key both sides share. */
  appointmentId: string;
  /** The HIS's own registration number, e.g. `GH20260603-0001`. */
  hisRegistrationNumber: string;
  status: 'locked' | 'confirmed';
}

/** The platform's request to lock one number (锁号) of a session for a patient's hold. */
export interface LockNumberRequest {
  appointmentId: string;
  scheduleId: string;
  /** The HIS's own id of the session, when the schedule came from the HIS. */
  hisScheduleRef: string | null;
  slotId: string;
  startTime: string;
  patient: CommandPatient;
}

/** The platform's request to confirm a locked registration once the patient booked. */
export interface ConfirmRegistrationRequest {
  appointmentId: string;
  hisRegistrationNumber: string;
  queueNumber: number;
}

/** The platform's request to cancel a registration. */
export interface CancelRegistrationRequest {
  appointmentId: string;
  /** Null when the platform never learnt it (a lock whose answer was lost): find it by `appointmentId`. */
  hisRegistrationNumber: string | null;
  reason: 'patient-request' | 'hold-expired' | 'lock-abandoned' | 'platform-rejected';
}

/** A report written on the platform, to file in the HIS. */
export type PushReportRequest = PushReportCommand['payload'];

/**
 * A refusal by the HIS that the platform should see with a code: throw it from an adapter method.
 * Use the platform's code when one fits (`SLOT_UNAVAILABLE` when the HIS has no number left), else
 * the HIS's own. Any other error thrown by an adapter is acknowledged as `HIS_ERROR`.
 */
export class HisError extends Error {
  override readonly name = 'HisError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A change made in the HIS that the connector pushes up to the platform. `changeId` is the HIS's id of the change. */
export type HisChange =
  | { kind: 'schedule.published'; changeId: string; schedule: CreateScheduleRequest & { hisScheduleRef: string } }
  | { kind: 'schedule.suspended'; changeId: string; hisScheduleRef: string; reason: string }
  | { kind: 'numbers.released'; changeId: string; hisScheduleRef: string; startTime: string; releasedCount: number }
  | { kind: 'document.added'; changeId: string; document: CreateDocumentRequest };

/**
 * What a hospital's HIS vendor implements so that the connector can relay the platform's commands.
 *
 * Duties:
 * - `lockNumber` is the only call that creates something. The connector always calls
 *   `findRegistration(appointmentId)` first and reuses what it finds, so `findRegistration` must see
 *   every registration `lockNumber` made (the appointment id is the natural key: store it).
 * - `confirmRegistration` and `cancelRegistration` must be idempotent: confirming a confirmed
 *   registration answers it again; cancelling a missing or cancelled one succeeds.
 * - `pushReport` and `fetchRecords` may be called again for the same document or patient after a
 *   lost answer: file a report once per `documentId`.
 * - Every call receives a signal that aborts after `hisTimeoutMs`; a call that ignores it is
 *   acknowledged as `UPSTREAM_TIMEOUT` anyway.
 * - Throw {@link HisError} for a refusal with a code.
 */
export interface HisAdapter {
  /** Locks one number and answers the new registration. */
  lockNumber(request: LockNumberRequest, context: HisCallContext): Promise<HisRegistration>;
  /** The active (locked or confirmed) registration of an appointment, or null. */
  findRegistration(appointmentId: string, context: HisCallContext): Promise<HisRegistration | null>;
  /** Confirms a locked registration; idempotent. */
  confirmRegistration(request: ConfirmRegistrationRequest, context: HisCallContext): Promise<HisRegistration>;
  /** Cancels a registration; a missing or already cancelled one is not an error. */
  cancelRegistration(request: CancelRegistrationRequest, context: HisCallContext): Promise<void>;
  /** The patient's clinical documents the HIS holds. */
  fetchRecords(patient: CommandPatient, context: HisCallContext): Promise<HisDocument[]>;
  /** Files a platform report in the HIS and answers the HIS's id of it. */
  pushReport(report: PushReportRequest, context: HisCallContext): Promise<{ hisReportId: string }>;
  /** Whether the HIS answers at all (reported as `hisReachable` in heartbeats). */
  ping(context: HisCallContext): Promise<boolean>;
  /** Optional: calls `listener` for each change made in the HIS; the connector pushes it up. Returns an unsubscribe function. */
  subscribe?(listener: (change: HisChange) => void): () => void;
}
