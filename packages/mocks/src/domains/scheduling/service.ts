/**
 * Scheduling operations: tenancy, the rules of rules.ts, and their effects (state, events,
 * timers). Every method is synchronous, so each check and the change it guards happen atomically.
 */
import type { Money } from '../../engine/money.js';
import type { Caller } from '../../engine/auth.js';
import type { EventFeed, EventType } from '../../engine/events.js';
import { Hook } from '../../engine/hook.js';
import type { IdFactory } from '../../engine/ids.js';
import { DomainError, invalidTransition, notFound, validationFailed, type FieldError } from '../../engine/problem.js';
import type { TimerQueue } from '../../engine/timers.js';
import type { DirectoryState } from '../directory/state.js';
import {
  HOLDS_A_QUEUE_NUMBER,
  TAKES_A_NUMBER,
  type AppointmentRecord,
  type AppointmentStatus,
  type CancellationReason,
  type Period,
  type RegistrationLevel,
  type ScheduleRecord,
  type SlotRecord,
} from './model.js';
import {
  CANCELLED_BY_SUSPENSION,
  assertBeforeRefundCutoff,
  assertNotInSession,
  assertNumberAvailable,
  assertReferralNumberAvailable,
  assertScheduleActive,
  assertTransition,
  lowestFreeQueueNumber,
  refundFen,
} from './rules.js';
import { sessionKey, type SchedulingStore } from './store.js';

export const HOLD_EXPIRY_TIMER = 'hold-expiry';

export interface CreateScheduleInput {
  departmentId: string;
  practitionerId: string;
  date: string;
  period: Period;
  registrationLevel: RegistrationLevel;
  fee: Money;
  hisScheduleRef?: string;
  slots: { startTime: string; endTime: string; capacity: number; releasedCount: number; referralQuota?: number }[];
}

export interface SlotQuery {
  organizationId?: string | undefined;
  departmentId?: string | undefined;
  practitionerId?: string | undefined;
  scheduleId?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  available?: boolean | undefined;
}

export interface ScheduleQuery {
  organizationId?: string | undefined;
  departmentId?: string | undefined;
  practitionerId?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  status?: string | undefined;
}

export interface AppointmentQuery {
  status?: string | undefined;
  scheduleId?: string | undefined;
  patientId?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
}

/** The smallest of the candidate id sets the filters select through indexes; undefined when no filter narrows. */
function mostSelective(candidates: (Iterable<string> & { size: number })[]): Iterable<string> | undefined {
  let best: (Iterable<string> & { size: number }) | undefined;
  for (const candidate of candidates) if (!best || candidate.size < best.size) best = candidate;
  return best;
}

/**
 * The ids of several disjoint index buckets (one per date: a slot or schedule has one date) as
 * one candidate, without copying them: its size is the sum of theirs.
 */
function concatenation(sets: ReadonlySet<string>[]): Iterable<string> & { size: number } {
  let size = 0;
  for (const set of sets) size += set.size;
  return {
    size,
    *[Symbol.iterator]() {
      for (const set of sets) yield* set;
    },
  };
}

export class SchedulingService {
  constructor(
    private readonly store: SchedulingStore,
    private readonly directory: DirectoryState,
    private readonly events: EventFeed,
    private readonly ids: IdFactory,
    private readonly timers: TimerQueue,
    /** Announced after every cancellation (the payments domain refunds a paid registration). */
    private readonly cancelled: Hook<[appointment: AppointmentRecord, atMs: number]> = new Hook(),
  ) {}

  // ── Tenancy: another tenant's resource is simply not there (404, never 403). ──

  /** Patients see every schedule (public availability); an organization only its own. */
  visibleSchedule(caller: Caller, id: string): ScheduleRecord {
    const schedule = this.store.schedules.get(id);
    if (!schedule || (caller.kind === 'organization' && schedule.organizationId !== caller.organizationId)) {
      throw notFound('schedule', id);
    }
    return schedule;
  }

  visibleSlot(caller: Caller, id: string): SlotRecord {
    const slot = this.store.slots.get(id);
    if (!slot || (caller.kind === 'organization' && this.store.scheduleOf(slot).organizationId !== caller.organizationId)) {
      throw notFound('slot', id);
    }
    return slot;
  }

  /** A patient sees their own appointments; an organization those at its institution. */
  visibleAppointment(caller: Caller, id: string): AppointmentRecord {
    const appointment = this.store.appointments.get(id);
    // A hold still awaiting the HIS's lock is a reservation, not yet an appointment anyone sees.
    const visible =
      appointment &&
      appointment.awaitingHis !== 'lock' &&
      (caller.kind === 'patient' ? appointment.patientId === caller.patientId : appointment.organizationId === caller.organizationId);
    if (!appointment || !visible) throw notFound('appointment', id);
    return appointment;
  }

  // ── Patients: hold, waitlist, book, reschedule. ──

  holdSlot(patientId: string, slotId: string, nowMs: number): AppointmentRecord {
    return this.commitHold(this.reserveHold(patientId, slotId, nowMs), null, nowMs);
  }

  /**
   * The synchronous half of a hold (BR-SCH-1, -3, -4 checked and the number taken at once), so that
   * a hold that must wait for the HIS's lock cannot be oversold while it waits: the reservation
   * takes its number but is seen by nobody until `commitHold` (or is dropped by `dropReservation`).
   */
  reserveHold(patientId: string, slotId: string, nowMs: number): AppointmentRecord {
    const slot = this.store.slots.get(slotId);
    if (!slot) throw notFound('slot', slotId);
    const schedule = this.store.scheduleOf(slot);
    assertScheduleActive(schedule);
    assertNotInSession(this.store, patientId, schedule.id);
    assertNumberAvailable(this.store, slot, nowMs);
    const appointment = this.newAppointment(patientId, slot, schedule, 'pending', schedule.feeFen, nowMs);
    appointment.awaitingHis = 'lock';
    this.store.addAppointment(appointment);
    return appointment;
  }

  /** The hold takes effect: its lapse starts now, `appointment.held` is emitted. */
  commitHold(appointment: AppointmentRecord, hisRegistrationNumber: string | null, nowMs: number): AppointmentRecord {
    // BR-SCH-3: the session may have been suspended while the HIS was asked.
    assertScheduleActive(this.store.scheduleOf(this.store.slotOf(appointment)));
    appointment.awaitingHis = null;
    appointment.hisRegistrationNumber = hisRegistrationNumber;
    this.startHold(appointment, nowMs);
    this.emitAppointment('appointment.held', appointment, nowMs);
    return appointment;
  }

  /** Undoes a reservation the HIS refused or did not answer in time: its number is free again. */
  dropReservation(appointment: AppointmentRecord): void {
    this.store.removeAppointment(appointment);
  }

  joinWaitlist(patientId: string, slotId: string, nowMs: number): AppointmentRecord {
    const slot = this.store.slots.get(slotId);
    if (!slot) throw notFound('slot', slotId);
    const schedule = this.store.scheduleOf(slot);
    assertScheduleActive(schedule);
    assertNotInSession(this.store, patientId, schedule.id);
    if (this.store.remaining(slot) > 0) {
      throw new DomainError(409, 'SLOT_AVAILABLE', `Slot ${slot.id} still has numbers: hold one instead of joining the waitlist.`);
    }
    if (slot.startMs < nowMs) {
      throw new DomainError(409, 'SLOT_UNAVAILABLE', `Slot ${slot.id} has started; its waitlist is closed.`);
    }
    const appointment = this.newAppointment(patientId, slot, schedule, 'waitlist', schedule.feeFen, nowMs);
    this.store.addAppointment(appointment);
    slot.waitlist.push(appointment.id);
    this.emitAppointment('appointment.waitlisted', appointment, nowMs);
    return appointment;
  }

  book(caller: Caller, appointmentId: string, nowMs: number): AppointmentRecord {
    return this.finishBook(this.beginBook(caller, appointmentId), nowMs);
  }

  /**
   * The synchronous half of a booking: the transition is allowed and the queue number chosen (and
   * kept from other bookings while the HIS is asked to confirm it).
   */
  beginBook(caller: Caller, appointmentId: string, awaitingConfirm = false): AppointmentRecord {
    const appointment = this.visibleAppointment(caller, appointmentId);
    assertTransition(appointment, 'book');
    if (appointment.awaitingHis !== 'confirm') appointment.queueNumber = lowestFreeQueueNumber(this.store, this.store.slotOf(appointment));
    if (awaitingConfirm) appointment.awaitingHis = 'confirm';
    return appointment;
  }

  /** The HIS did not confirm: the appointment stays a hold and gives its queue number back. */
  abortBook(appointment: AppointmentRecord): void {
    appointment.awaitingHis = null;
    if (!HOLDS_A_QUEUE_NUMBER.has(appointment.status)) appointment.queueNumber = null;
  }

  finishBook(appointment: AppointmentRecord, nowMs: number): AppointmentRecord {
    // The hold may have lapsed (or been cancelled) while the HIS was asked.
    assertTransition(appointment, 'book');
    appointment.awaitingHis = null;
    appointment.status = 'booked';
    appointment.holdExpiresAtMs = null;
    appointment.updatedAtMs = nowMs;
    this.emitAppointment('appointment.booked', appointment, nowMs);
    return appointment;
  }

  cancel(caller: Caller, appointmentId: string, note: string | undefined, nowMs: number): AppointmentRecord {
    const appointment = this.visibleAppointment(caller, appointmentId);
    assertTransition(appointment, 'cancel');
    const slot = this.store.slotOf(appointment);
    if (caller.kind === 'patient') {
      assertBeforeRefundCutoff(appointment, slot, this.directory.bookingPolicy(appointment.organizationId), nowMs);
    }
    const freesANumber = TAKES_A_NUMBER.has(appointment.status);
    const reason = caller.kind === 'patient' ? 'patient-request' : 'hospital-request';
    this.cancelAppointment(appointment, reason, note ?? null, refundFen(appointment), nowMs);
    if (freesANumber) this.serveWaitlist(slot, nowMs);
    return appointment;
  }

  /** Atomic: every check passes before anything changes, so a refused reschedule changes nothing. */
  reschedule(caller: Caller, appointmentId: string, newSlotId: string, nowMs: number): AppointmentRecord {
    return this.commitReschedule(this.reserveReschedule(caller, appointmentId, newSlotId, nowMs), null, nowMs);
  }

  /**
   * The synchronous half of a reschedule: every check passes and the new number is reserved (seen by
   * nobody until `commitReschedule`), so that the HIS can be asked to lock it without overselling.
   */
  reserveReschedule(caller: Caller, appointmentId: string, newSlotId: string, nowMs: number): AppointmentRecord {
    const old = this.visibleAppointment(caller, appointmentId);
    const target = this.store.slots.get(newSlotId);
    if (!target) {
      throw validationFailed([{ pointer: '/body/slotId', code: 'not_found', message: `no slot ${newSlotId} exists` }]);
    }
    assertTransition(old, 'reschedule');
    const oldSlot = this.store.slotOf(old);
    assertBeforeRefundCutoff(old, oldSlot, this.directory.bookingPolicy(old.organizationId), nowMs);
    const targetSchedule = this.store.scheduleOf(target);
    assertScheduleActive(targetSchedule);
    assertNotInSession(this.store, old.patientId, targetSchedule.id, old.id);
    assertNumberAvailable(this.store, target, nowMs);

    // The fee already paid carries over to the new appointment; the old one refunds nothing.
    const replacement = this.newAppointment(old.patientId, target, targetSchedule, 'pending', old.feeFen, nowMs);
    replacement.replaces = old.id;
    replacement.awaitingHis = 'lock';
    this.store.addAppointment(replacement);
    return replacement;
  }

  /** The reschedule takes effect: the reserved number is booked, the old appointment cancelled. */
  commitReschedule(replacement: AppointmentRecord, hisRegistrationNumber: string | null, nowMs: number): AppointmentRecord {
    const old = this.store.appointments.get(replacement.replaces ?? '');
    if (!old) throw new Error(`Reschedule ${replacement.id} lost the appointment it replaces`);
    // The old appointment may have changed while the HIS was asked.
    assertTransition(old, 'reschedule');
    const target = this.store.slotOf(replacement);
    const oldSlot = this.store.slotOf(old);
    replacement.awaitingHis = null;
    replacement.hisRegistrationNumber = hisRegistrationNumber;
    replacement.status = 'booked';
    replacement.queueNumber = lowestFreeQueueNumber(this.store, target);
    replacement.updatedAtMs = nowMs;
    old.replacedBy = replacement.id;
    this.emitAppointment('appointment.booked', replacement, nowMs);
    this.cancelAppointment(old, 'rescheduled', null, 0, nowMs);
    this.serveWaitlist(oldSlot, nowMs);
    return replacement;
  }

  // ── Referrals: a number from the slot's referral quota, booked at once. ──

  /**
   * Books `patientId` a number of the receiving organization's slot from its referral quota
   * (the referrals domain calls this when the receiver accepts a referral). Another
   * organization's or an unknown slot is a bad `slotId`; BR-SCH-3 and BR-SCH-4 apply as to any
   * booking; an exhausted quota is SLOT_UNAVAILABLE.
   */
  reserveReferralNumber(organizationId: string, patientId: string, slotId: string, referralId: string, nowMs: number): AppointmentRecord {
    const slot = this.store.slots.get(slotId);
    const schedule = slot ? this.store.scheduleOf(slot) : undefined;
    if (!slot || !schedule || schedule.organizationId !== organizationId) {
      throw validationFailed([{ pointer: '/body/slotId', code: 'not_found', message: `no slot ${slotId} at this organization` }]);
    }
    assertScheduleActive(schedule);
    assertNotInSession(this.store, patientId, schedule.id);
    assertReferralNumberAvailable(this.store, slot, nowMs);
    const appointment = this.newAppointment(patientId, slot, schedule, 'booked', schedule.feeFen, nowMs);
    appointment.queueNumber = lowestFreeQueueNumber(this.store, slot);
    appointment.referralId = referralId;
    this.store.addAppointment(appointment);
    this.emitAppointment('appointment.booked', appointment, nowMs);
    return appointment;
  }

  // ── Hospitals: visit progress. ──

  checkIn(caller: Caller, appointmentId: string, nowMs: number): AppointmentRecord {
    return this.advance(caller, appointmentId, 'checkIn', 'checked-in', 'appointment.checked_in', nowMs);
  }

  fulfill(caller: Caller, appointmentId: string, nowMs: number): AppointmentRecord {
    return this.advance(caller, appointmentId, 'fulfill', 'fulfilled', 'appointment.fulfilled', nowMs);
  }

  noShow(caller: Caller, appointmentId: string, nowMs: number): AppointmentRecord {
    return this.advance(caller, appointmentId, 'noShow', 'noshow', 'appointment.no_show', nowMs);
  }

  private advance(
    caller: Caller,
    appointmentId: string,
    action: 'checkIn' | 'fulfill' | 'noShow',
    to: AppointmentStatus,
    event: EventType,
    nowMs: number,
  ): AppointmentRecord {
    const appointment = this.visibleAppointment(caller, appointmentId);
    assertTransition(appointment, action);
    appointment.status = to;
    appointment.updatedAtMs = nowMs;
    this.emitAppointment(event, appointment, nowMs);
    return appointment;
  }

  // ── Hospitals: schedules and quotas. ──

  createSchedule(organizationId: string, input: CreateScheduleInput, nowMs: number): ScheduleRecord {
    const errors: FieldError[] = [];
    const department = this.directory.departments.get(input.departmentId);
    if (!department || department.organizationId !== organizationId) {
      errors.push({ pointer: '/body/departmentId', code: 'not_found', message: `no department ${input.departmentId} at this organization` });
    }
    const practitioner = this.directory.practitioners.get(input.practitionerId);
    if (!practitioner || practitioner.organizationId !== organizationId) {
      errors.push({ pointer: '/body/practitionerId', code: 'not_found', message: `no practitioner ${input.practitionerId} at this organization` });
    }
    input.slots.forEach((slot, index) => {
      if (!(Date.parse(slot.endTime) > Date.parse(slot.startTime))) {
        errors.push({ pointer: `/body/slots/${index}/endTime`, code: 'exclusiveMinimum', message: 'must be after startTime' });
      }
      const referralQuota = slot.referralQuota ?? 0;
      if (slot.releasedCount + referralQuota > slot.capacity) {
        const limit = referralQuota === 0 ? `capacity (${slot.capacity})` : `capacity minus the referral quota (${slot.capacity - referralQuota})`;
        errors.push({ pointer: `/body/slots/${index}/releasedCount`, code: 'maximum', message: `must be <= ${limit}` });
      }
    });
    if (errors.length > 0) throw validationFailed(errors);
    if (this.store.scheduleBySession.has(sessionKey(input.practitionerId, input.date, input.period))) {
      throw new DomainError(409, 'SCHEDULE_CONFLICT', `${input.practitionerId} already has a schedule on ${input.date} ${input.period}.`);
    }

    const id = this.ids.next('sch');
    const slotPrefix = id.replace(/^sch_/, 'slt_');
    let firstQueueNumber = 1;
    const slots: SlotRecord[] = input.slots.map((band, index) => {
      const slot: SlotRecord = {
        id: `${slotPrefix}_${index + 1}`,
        scheduleId: id,
        startMs: Date.parse(band.startTime),
        endMs: Date.parse(band.endTime),
        capacity: band.capacity,
        releasedCount: band.releasedCount,
        referralQuota: band.referralQuota ?? 0,
        firstQueueNumber,
        waitlist: [],
      };
      firstQueueNumber += band.capacity;
      return slot;
    });
    const schedule: ScheduleRecord = {
      id,
      organizationId,
      departmentId: input.departmentId,
      practitionerId: input.practitionerId,
      date: input.date,
      period: input.period,
      registrationLevel: input.registrationLevel,
      feeFen: input.fee.amountFen,
      status: 'active',
      suspendedReason: null,
      hisScheduleRef: input.hisScheduleRef ?? null,
      createdAtMs: nowMs,
      slotIds: slots.map((slot) => slot.id),
    };
    this.store.addSchedule(schedule, slots);
    this.emitSchedule('schedule.published', schedule, nowMs);
    return schedule;
  }

  /** BR-SCH-3: suspending (停诊) cancels the session's waitlisted, held and booked appointments, refunding booked fees. */
  suspend(caller: Caller, scheduleId: string, reason: string, nowMs: number): ScheduleRecord {
    const schedule = this.visibleSchedule(caller, scheduleId);
    if (schedule.status !== 'active') throw invalidTransition('schedule', schedule.status, 'active');
    schedule.status = 'suspended';
    schedule.suspendedReason = reason;
    // Each patient's appointment.cancelled comes first; schedule.suspended closes the change.
    for (const id of this.store.appointmentsBySchedule.get(schedule.id)) {
      const appointment = this.store.appointments.get(id);
      if (appointment && appointment.awaitingHis !== 'lock' && CANCELLED_BY_SUSPENSION.has(appointment.status)) {
        this.cancelAppointment(appointment, 'schedule-suspended', null, refundFen(appointment), nowMs);
      }
    }
    this.emitSchedule('schedule.suspended', schedule, nowMs);
    return schedule;
  }

  resume(caller: Caller, scheduleId: string, nowMs: number): ScheduleRecord {
    const schedule = this.visibleSchedule(caller, scheduleId);
    if (schedule.status !== 'suspended') throw invalidTransition('schedule', schedule.status, 'suspended');
    schedule.status = 'active';
    schedule.suspendedReason = null;
    this.emitSchedule('schedule.resumed', schedule, nowMs);
    return schedule;
  }

  release(caller: Caller, slotId: string, releasedCount: number, nowMs: number): SlotRecord {
    const slot = this.visibleSlot(caller, slotId);
    // The referral quota is set aside outside the released numbers.
    const releasable = slot.capacity - slot.referralQuota;
    if (releasedCount > releasable) {
      const limit = slot.referralQuota === 0 ? `capacity (${slot.capacity})` : `capacity minus the referral quota (${releasable})`;
      throw validationFailed([{ pointer: '/body/releasedCount', code: 'maximum', message: `must be <= ${limit}` }]);
    }
    const schedule = this.store.scheduleOf(slot);
    assertScheduleActive(schedule);
    const taken = this.store.taken(slot);
    if (releasedCount < taken) {
      throw new DomainError(
        409,
        'RELEASE_BELOW_TAKEN',
        `${taken} numbers are already held or booked; releasedCount must be at least ${taken}.`,
      );
    }
    slot.releasedCount = releasedCount;
    this.events.emit(
      'slot.released',
      { object: 'slot', id: slot.id, status: this.store.slotStatus(slot), organizationId: schedule.organizationId },
      nowMs,
    );
    this.serveWaitlist(slot, nowMs);
    return slot;
  }

  // ── BR-SCH-2: numbers come back (lapsed holds, cancellations) and go to the waitlist first. ──

  /** Timer callback: a hold that was not booked in time lapses at `atMs`. */
  expireHold(appointmentId: string, atMs: number): void {
    const appointment = this.store.appointments.get(appointmentId);
    if (!appointment || appointment.status !== 'pending' || appointment.holdExpiresAtMs !== atMs) return;
    this.cancelAppointment(appointment, 'hold-expired', null, 0, atMs);
    this.serveWaitlist(this.store.slotOf(appointment), atMs);
  }

  /** BR-SCH-2: each free number goes to the first waitlisted appointment, which becomes a fresh hold. */
  private serveWaitlist(slot: SlotRecord, atMs: number): void {
    if (this.store.scheduleOf(slot).status !== 'active' || slot.startMs < atMs) return;
    while (slot.waitlist.length > 0 && this.store.remaining(slot) > 0) {
      const next = this.store.appointments.get(slot.waitlist.shift() ?? '');
      if (!next || next.status !== 'waitlist') continue;
      next.status = 'pending';
      this.startHold(next, atMs);
      this.emitAppointment('appointment.held', next, atMs);
    }
  }

  private startHold(appointment: AppointmentRecord, atMs: number): void {
    const expiresAtMs = atMs + this.directory.bookingPolicy(appointment.organizationId).holdMinutes * 60_000;
    appointment.holdExpiresAtMs = expiresAtMs;
    appointment.updatedAtMs = atMs;
    this.timers.schedule({ atMs: expiresAtMs, kind: HOLD_EXPIRY_TIMER, target: appointment.id });
  }

  private cancelAppointment(appointment: AppointmentRecord, reason: CancellationReason, note: string | null, refund: number, atMs: number): void {
    if (appointment.status === 'waitlist') {
      const slot = this.store.slotOf(appointment);
      slot.waitlist = slot.waitlist.filter((id) => id !== appointment.id);
    }
    appointment.status = 'cancelled';
    appointment.holdExpiresAtMs = null;
    appointment.cancellation = { reason, note, cancelledAtMs: atMs, refundFen: refund };
    appointment.updatedAtMs = atMs;
    this.emitAppointment('appointment.cancelled', appointment, atMs, reason);
    this.cancelled.emit(appointment, atMs);
  }

  private newAppointment(
    patientId: string,
    slot: SlotRecord,
    schedule: ScheduleRecord,
    status: AppointmentStatus,
    feeFen: number,
    nowMs: number,
  ): AppointmentRecord {
    return {
      id: this.ids.next('apt'),
      status,
      patientId,
      slotId: slot.id,
      scheduleId: schedule.id,
      organizationId: schedule.organizationId,
      feeFen,
      queueNumber: null,
      holdExpiresAtMs: null,
      replaces: null,
      replacedBy: null,
      referralId: null,
      hisRegistrationNumber: null,
      awaitingHis: null,
      cancellation: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
  }

  private emitAppointment(type: EventType, appointment: AppointmentRecord, atMs: number, reason?: string): void {
    this.events.emit(
      type,
      {
        object: 'appointment',
        id: appointment.id,
        status: appointment.status,
        organizationId: appointment.organizationId,
        patientId: appointment.patientId,
        ...(reason === undefined ? {} : { reason }),
      },
      atMs,
    );
  }

  private emitSchedule(type: EventType, schedule: ScheduleRecord, atMs: number): void {
    this.events.emit(type, { object: 'schedule', id: schedule.id, status: schedule.status, organizationId: schedule.organizationId }, atMs);
  }

  // ── Searches: start from the most selective index, then filter. ──

  /**
   * Every filter of a slot search but availability is a property of the slot's schedule, so the
   * search finds the schedules through their indexes (a schedule has two or three slots, so there
   * are fewer candidates to look at) and takes their slots.
   */
  searchSlots(caller: Caller, query: SlotQuery): SlotRecord[] {
    const scope = caller.kind === 'organization' ? caller.organizationId : undefined;
    if (scope !== undefined && query.organizationId !== undefined && query.organizationId !== scope) return [];
    const { store } = this;
    const { available } = query;
    const out: SlotRecord[] = [];
    const filter = {
      scheduleId: query.scheduleId,
      practitionerId: query.practitionerId,
      departmentId: query.departmentId,
      organizationId: scope ?? query.organizationId,
      dateFrom: query.dateFrom,
      dateTo: query.dateTo,
    };
    for (const schedule of this.matchingSchedules(filter)) {
      const active = schedule.status === 'active';
      for (const slotId of schedule.slotIds) {
        const slot = store.slots.get(slotId);
        if (slot && (available === undefined || available === (active && store.remaining(slot) > 0))) out.push(slot);
      }
    }
    return out;
  }

  searchSchedules(caller: Caller, query: ScheduleQuery): ScheduleRecord[] {
    const scope = caller.kind === 'organization' ? caller.organizationId : undefined;
    if (scope !== undefined && query.organizationId !== undefined && query.organizationId !== scope) return [];
    return this.matchingSchedules({ ...query, organizationId: scope ?? query.organizationId });
  }

  /** The schedules that pass every given filter, starting from the most selective index. */
  private matchingSchedules(filter: ScheduleQuery & { scheduleId?: string | undefined }): ScheduleRecord[] {
    const { store } = this;
    const { scheduleId, practitionerId, departmentId, organizationId, dateFrom, dateTo, status } = filter;
    const candidates: (Iterable<string> & { size: number })[] = [];
    if (scheduleId !== undefined) candidates.push(new Set([scheduleId]));
    if (practitionerId !== undefined) candidates.push(store.schedulesByPractitioner.get(practitionerId));
    if (departmentId !== undefined) candidates.push(store.schedulesByDepartment.get(departmentId));
    if (organizationId !== undefined) candidates.push(store.schedulesByOrganization.get(organizationId));
    if (dateFrom !== undefined || dateTo !== undefined) {
      candidates.push(concatenation(store.datesBetween(dateFrom, dateTo).map((date) => store.schedulesByDate.get(date))));
    }
    const ids = mostSelective(candidates) ?? store.schedules.keys();
    const out: ScheduleRecord[] = [];
    for (const id of ids) {
      const schedule = store.schedules.get(id);
      if (
        schedule &&
        (scheduleId === undefined || schedule.id === scheduleId) &&
        (practitionerId === undefined || schedule.practitionerId === practitionerId) &&
        (departmentId === undefined || schedule.departmentId === departmentId) &&
        (organizationId === undefined || schedule.organizationId === organizationId) &&
        (dateFrom === undefined || schedule.date >= dateFrom) &&
        (dateTo === undefined || schedule.date <= dateTo) &&
        (status === undefined || schedule.status === status)
      ) {
        out.push(schedule);
      }
    }
    return out;
  }

  searchAppointments(caller: Caller, query: AppointmentQuery): AppointmentRecord[] {
    let patientId = query.patientId;
    let organizationId: string | undefined;
    if (caller.kind === 'patient') {
      if (patientId !== undefined && patientId !== caller.patientId) return [];
      patientId = caller.patientId;
    } else {
      organizationId = caller.organizationId;
    }
    const { store } = this;
    const candidates: (Iterable<string> & { size: number })[] = [];
    if (patientId !== undefined) candidates.push(store.appointmentsByPatient.get(patientId));
    if (organizationId !== undefined) candidates.push(store.appointmentsByOrganization.get(organizationId));
    if (query.scheduleId !== undefined) candidates.push(store.appointmentsBySchedule.get(query.scheduleId));
    const ids = mostSelective(candidates) ?? store.appointments.keys();
    const out: AppointmentRecord[] = [];
    for (const id of ids) {
      const appointment = store.appointments.get(id);
      if (!appointment || appointment.awaitingHis === 'lock') continue;
      const date = store.scheduleOf(store.slotOf(appointment)).date;
      if (
        (patientId === undefined || appointment.patientId === patientId) &&
        (organizationId === undefined || appointment.organizationId === organizationId) &&
        (query.scheduleId === undefined || appointment.scheduleId === query.scheduleId) &&
        (query.status === undefined || appointment.status === query.status) &&
        (query.dateFrom === undefined || date >= query.dateFrom) &&
        (query.dateTo === undefined || date <= query.dateTo)
      ) {
        out.push(appointment);
      }
    }
    return out;
  }
}
