/**
 * The scheduling rules (PLATFORM.md §2). Each rule is decided here and only here; the service
 * applies the effects. Comments and test names carry the rule ids.
 */
import { formatLocal } from '../../engine/clock.js';
import { DomainError, invalidTransition } from '../../engine/problem.js';
import type { BookingPolicy } from '../directory/model.js';
import {
  ACTIVE_IN_SESSION,
  HOLDS_A_QUEUE_NUMBER,
  type AppointmentRecord,
  type AppointmentStatus,
  type ScheduleRecord,
  type SlotRecord,
} from './model.js';
import type { SchedulingStore } from './store.js';

/**
 * BR-SCH-1: a slot's quota is never oversold. A number can be taken only while one of the
 * released numbers is free and the slot has not started. Callers check and take in the same
 * synchronous step, so no concurrent request can slip in between.
 */
export function assertNumberAvailable(store: SchedulingStore, slot: SlotRecord, nowMs: number): void {
  if (slot.startMs < nowMs) {
    throw new DomainError(409, 'SLOT_UNAVAILABLE', `Slot ${slot.id} started at ${formatLocal(slot.startMs)}; its numbers can no longer be held (BR-SCH-1).`);
  }
  if (store.remaining(slot) <= 0) {
    throw new DomainError(
      409,
      'SLOT_UNAVAILABLE',
      `No released number is left in slot ${slot.id} (BR-SCH-1). Join the waitlist or pick another slot.`,
    );
  }
}

/**
 * BR-SCH-1 for referral numbers: a referral takes a number only from the slot's referral quota
 * (set aside outside the released numbers), while one is free and the slot has not started.
 */
export function assertReferralNumberAvailable(store: SchedulingStore, slot: SlotRecord, nowMs: number): void {
  if (slot.startMs < nowMs) {
    throw new DomainError(409, 'SLOT_UNAVAILABLE', `Slot ${slot.id} started at ${formatLocal(slot.startMs)}; its numbers can no longer be reserved.`);
  }
  if (store.referralRemaining(slot) <= 0) {
    throw new DomainError(409, 'SLOT_UNAVAILABLE', `No referral number is left in slot ${slot.id}: its referral quota is used up.`);
  }
}

/** BR-SCH-3: a suspended schedule (停诊) takes no holds, waitlist entries, reschedules or releases. */
export function assertScheduleActive(schedule: ScheduleRecord): void {
  if (schedule.status === 'suspended') {
    throw new DomainError(409, 'SCHEDULE_SUSPENDED', `Schedule ${schedule.id} is suspended (停诊) and takes no holds (BR-SCH-3).`);
  }
}

/** BR-SCH-3: suspending cancels every waitlisted, held and booked appointment of the session. */
export const CANCELLED_BY_SUSPENSION: ReadonlySet<AppointmentStatus> = new Set(['waitlist', 'pending', 'booked']);

/**
 * BR-SCH-4: one patient cannot have two numbers (or a number and a waitlist entry) in one session.
 * `leaving` is the appointment a reschedule gives up: moving to another band of the same session is
 * allowed.
 */
export function assertNotInSession(store: SchedulingStore, patientId: string, scheduleId: string, leaving?: string): void {
  for (const id of store.appointmentsByPatient.get(patientId)) {
    if (id === leaving) continue;
    const appointment = store.appointments.get(id);
    if (appointment?.scheduleId === scheduleId && ACTIVE_IN_SESSION.has(appointment.status)) {
      throw new DomainError(409, 'DUPLICATE_BOOKING', `This patient already holds a number in schedule ${scheduleId} (BR-SCH-4).`);
    }
  }
}

/**
 * BR-SCH-5: a patient may leave a booked appointment (cancel or reschedule away) only until the
 * hospital's cut-off before the slot starts.
 */
export function assertBeforeRefundCutoff(appointment: AppointmentRecord, slot: SlotRecord, policy: BookingPolicy, nowMs: number): void {
  if (appointment.status !== 'booked') return;
  const cutoffMs = slot.startMs - policy.cancellationCutoffMinutes * 60_000;
  if (nowMs > cutoffMs) {
    throw new DomainError(
      409,
      'REFUND_CUTOFF_PASSED',
      `Cancellation closed ${policy.cancellationCutoffMinutes} minutes before the slot start (BR-SCH-5).`,
    );
  }
}

/** What is refunded: the whole fee of a booked appointment (before the cut-off, by the hospital, by a suspension); nothing for a hold or waitlist entry. */
export function refundFen(appointment: AppointmentRecord): number {
  return appointment.status === 'booked' ? appointment.feeFen : 0;
}

/**
 * The HIS refused to lock or confirm a number through the hospital's connector: the caller gets
 * 409 SLOT_UNAVAILABLE with the HIS's own code and message (whatever the HIS's reason, the number
 * cannot be had now); the reservation is rolled back by the caller of this.
 */
export function hisRefused(organizationId: string, error: { code: string; message: string }): DomainError {
  return new DomainError(409, 'SLOT_UNAVAILABLE', `The HIS of ${organizationId} refused the number (${error.code}: ${error.message}).`);
}

/** The appointment state machine: which states each action starts from. */
const ALLOWED_FROM = {
  book: ['pending'],
  checkIn: ['booked'],
  fulfill: ['checked-in'],
  noShow: ['booked'],
  cancel: ['waitlist', 'pending', 'booked'],
  reschedule: ['booked'],
} as const satisfies Record<string, readonly AppointmentStatus[]>;

export type AppointmentAction = keyof typeof ALLOWED_FROM;

export function assertTransition(appointment: AppointmentRecord, action: AppointmentAction): void {
  const allowed: readonly AppointmentStatus[] = ALLOWED_FROM[action];
  if (!allowed.includes(appointment.status)) {
    const needed = allowed.length === 1 ? (allowed[0] ?? '') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1] ?? ''}`;
    throw invalidTransition('appointment', appointment.status, needed);
  }
}

/**
 * The queue number a booking gets: the lowest of the band's numbers
 * ([firstQueueNumber, firstQueueNumber + capacity)) that no other booking of the slot uses, nor a
 * booking whose confirmation (with that number) the HIS is being asked for.
 */
export function lowestFreeQueueNumber(store: SchedulingStore, slot: SlotRecord): number {
  const used = new Set<number>();
  for (const appointment of store.appointmentsOfSlot(slot.id)) {
    const inUse = HOLDS_A_QUEUE_NUMBER.has(appointment.status) || appointment.awaitingHis === 'confirm';
    if (inUse && appointment.queueNumber !== null) used.add(appointment.queueNumber);
  }
  for (let number = slot.firstQueueNumber; number < slot.firstQueueNumber + slot.capacity; number++) {
    if (!used.has(number)) return number;
  }
  // Unreachable while BR-SCH-1 holds: bookings never exceed releasedCount ≤ capacity.
  throw new Error(`Slot ${slot.id} has no free queue number`);
}
