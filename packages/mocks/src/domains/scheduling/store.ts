/**
 * The scheduling store: records plus the indexes its queries use. Schedule searches (and slot
 * searches, through the slots' schedules) start from the most selective index and filter the few
 * candidates; appointments are indexed by patient, organization, schedule and slot.
 */
import { MultiIndex } from '../../engine/multi-index.js';
import type { AppointmentRecord, ScheduleRecord, SlotRecord } from './model.js';
import { TAKES_A_NUMBER } from './model.js';

export class SchedulingStore {
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly slots = new Map<string, SlotRecord>();
  readonly appointments = new Map<string, AppointmentRecord>();

  readonly schedulesByOrganization = new MultiIndex();
  readonly schedulesByDepartment = new MultiIndex();
  readonly schedulesByPractitioner = new MultiIndex();
  readonly schedulesByDate = new MultiIndex();
  /** `practitionerId|date|period` → schedule id: one session per doctor and period. */
  readonly scheduleBySession = new Map<string, string>();

  readonly appointmentsByPatient = new MultiIndex();
  readonly appointmentsByOrganization = new MultiIndex();
  readonly appointmentsBySchedule = new MultiIndex();
  readonly appointmentsBySlot = new MultiIndex();

  /** Dates that have schedules, sorted, so a date range visits only dates that exist. */
  private readonly dates: string[] = [];

  addSchedule(schedule: ScheduleRecord, slots: SlotRecord[]): void {
    this.schedules.set(schedule.id, schedule);
    this.schedulesByOrganization.add(schedule.organizationId, schedule.id);
    this.schedulesByDepartment.add(schedule.departmentId, schedule.id);
    this.schedulesByPractitioner.add(schedule.practitionerId, schedule.id);
    this.schedulesByDate.add(schedule.date, schedule.id);
    this.scheduleBySession.set(sessionKey(schedule.practitionerId, schedule.date, schedule.period), schedule.id);
    this.addDate(schedule.date);
    // schedule.slotIds lists exactly these slots: slot searches go through it.
    for (const slot of slots) this.slots.set(slot.id, slot);
  }

  addAppointment(appointment: AppointmentRecord): void {
    this.appointments.set(appointment.id, appointment);
    this.appointmentsByPatient.add(appointment.patientId, appointment.id);
    this.appointmentsByOrganization.add(appointment.organizationId, appointment.id);
    this.appointmentsBySchedule.add(appointment.scheduleId, appointment.id);
    this.appointmentsBySlot.add(appointment.slotId, appointment.id);
  }

  /** Drops a reservation the HIS refused or never answered: as if it had never been made. */
  removeAppointment(appointment: AppointmentRecord): void {
    this.appointments.delete(appointment.id);
    this.appointmentsByPatient.delete(appointment.patientId, appointment.id);
    this.appointmentsByOrganization.delete(appointment.organizationId, appointment.id);
    this.appointmentsBySchedule.delete(appointment.scheduleId, appointment.id);
    this.appointmentsBySlot.delete(appointment.slotId, appointment.id);
  }

  private addDate(date: string): void {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.dates[mid] ?? '') < date) lo = mid + 1;
      else hi = mid;
    }
    if (this.dates[lo] !== date) this.dates.splice(lo, 0, date);
  }

  /** Known dates within [from, to] (either end open when undefined). */
  datesBetween(from: string | undefined, to: string | undefined): string[] {
    return this.dates.filter((date) => (from === undefined || date >= from) && (to === undefined || date <= to));
  }

  scheduleOf(slot: SlotRecord): ScheduleRecord {
    const schedule = this.schedules.get(slot.scheduleId);
    if (!schedule) throw new Error(`Slot ${slot.id} has no schedule`);
    return schedule;
  }

  slotOf(appointment: AppointmentRecord): SlotRecord {
    const slot = this.slots.get(appointment.slotId);
    if (!slot) throw new Error(`Appointment ${appointment.id} has no slot`);
    return slot;
  }

  appointmentsOfSlot(slotId: string): AppointmentRecord[] {
    return [...this.appointmentsBySlot.get(slotId)].flatMap((id) => this.appointments.get(id) ?? []);
  }

  /** Released numbers held or booked in the slot (referral numbers come from their own quota). */
  taken(slot: SlotRecord): number {
    return this.countTaking(slot, false);
  }

  remaining(slot: SlotRecord): number {
    return slot.releasedCount - this.taken(slot);
  }

  /** Numbers of the referral quota still free. */
  referralRemaining(slot: SlotRecord): number {
    return slot.referralQuota - this.countTaking(slot, true);
  }

  private countTaking(slot: SlotRecord, forReferrals: boolean): number {
    let count = 0;
    for (const id of this.appointmentsBySlot.get(slot.id)) {
      const appointment = this.appointments.get(id);
      if (appointment && TAKES_A_NUMBER.has(appointment.status) && (appointment.referralId !== null) === forReferrals) count++;
    }
    return count;
  }

  slotStatus(slot: SlotRecord): 'open' | 'full' | 'suspended' {
    const schedule = this.scheduleOf(slot);
    return slotStatusOf(schedule, schedule.status === 'suspended' ? 0 : this.remaining(slot));
  }
}

/** A slot's status from its schedule and its remaining numbers (when the caller already has them). */
export function slotStatusOf(schedule: ScheduleRecord, remaining: number): 'open' | 'full' | 'suspended' {
  if (schedule.status === 'suspended') return 'suspended';
  return remaining <= 0 ? 'full' : 'open';
}

export function sessionKey(practitionerId: string, date: string, period: string): string {
  return `${practitionerId}|${date}|${period}`;
}
