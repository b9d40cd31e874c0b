/** Scheduling records as stored. Views (views.ts) turn them into the spec's shapes. */

export type Period = 'am' | 'pm' | 'evening';
export type RegistrationLevel = 'general' | 'specialist' | 'expert';
export type ScheduleStatus = 'active' | 'suspended';
export type AppointmentStatus = 'waitlist' | 'pending' | 'booked' | 'checked-in' | 'fulfilled' | 'cancelled' | 'noshow';
export type CancellationReason = 'patient-request' | 'hospital-request' | 'schedule-suspended' | 'hold-expired' | 'rescheduled';

export const PERIOD_ORDER: Record<Period, number> = { am: 0, pm: 1, evening: 2 };

export interface ScheduleRecord {
  id: string;
  organizationId: string;
  departmentId: string;
  practitionerId: string;
  date: string;
  period: Period;
  registrationLevel: RegistrationLevel;
  feeFen: number;
  status: ScheduleStatus;
  suspendedReason: string | null;
  /** The HIS's own id of the session, when the hospital published it from its HIS; null otherwise. */
  hisScheduleRef: string | null;
  createdAtMs: number;
  /** Band order. */
  slotIds: string[];
}

export interface SlotRecord {
  id: string;
  scheduleId: string;
  startMs: number;
  endMs: number;
  capacity: number;
  releasedCount: number;
  /** Numbers set aside for referrals inside an alliance, outside `releasedCount` (reserveReferralNumber). */
  referralQuota: number;
  firstQueueNumber: number;
  /** Waitlisted appointment ids, first in line first (候补). */
  waitlist: string[];
}

export interface CancellationRecord {
  reason: CancellationReason;
  note: string | null;
  cancelledAtMs: number;
  refundFen: number;
}

export interface AppointmentRecord {
  id: string;
  status: AppointmentStatus;
  patientId: string;
  slotId: string;
  scheduleId: string;
  organizationId: string;
  feeFen: number;
  queueNumber: number | null;
  holdExpiresAtMs: number | null;
  replaces: string | null;
  replacedBy: string | null;
  /** The referral this number was reserved for (from the slot's referral quota); null for ordinary bookings. */
  referralId: string | null;
  /** The HIS's registration number (挂号单号) when the hospital's connector locks numbers; null otherwise. */
  hisRegistrationNumber: string | null;
  /**
   * What the platform awaits from the HIS for this appointment: `lock` (a reserved hold, not yet
   * visible to anyone), `confirm` (a booking whose queue number is promised to the HIS); else null.
   */
  awaitingHis: 'lock' | 'confirm' | null;
  cancellation: CancellationRecord | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** Statuses that take one of the slot's released numbers: remaining = releasedCount − taken. */
export const TAKES_A_NUMBER: ReadonlySet<AppointmentStatus> = new Set(['pending', 'booked', 'checked-in', 'fulfilled', 'noshow']);

/** Statuses whose queue number is in use and may not be given to another booking. */
export const HOLDS_A_QUEUE_NUMBER: ReadonlySet<AppointmentStatus> = new Set(['booked', 'checked-in', 'fulfilled', 'noshow']);

/** Statuses that count as "already in this session" for BR-SCH-4. */
export const ACTIVE_IN_SESSION: ReadonlySet<AppointmentStatus> = new Set(['waitlist', 'pending', 'booked', 'checked-in']);
