/** Records → the spec's Schedule, Slot and Appointment shapes, with keys in the spec's order. */
import { money } from '../../engine/money.js';
import { formatLocal } from '../../engine/clock.js';
import type { AppointmentRecord, ScheduleRecord, SlotRecord } from './model.js';
import { slotStatusOf, type SchedulingStore } from './store.js';


/** What a schedule's view adds up over its slots; `releasedCount` and `remaining` can change, `capacity` cannot. */
interface ScheduleTotals {
  capacity: number;
  releasedCount: number;
  remaining: number;
}

function scheduleTotals(store: SchedulingStore, schedule: ScheduleRecord): ScheduleTotals {
  let capacity = 0;
  let releasedCount = 0;
  let remaining = 0;
  for (const slotId of schedule.slotIds) {
    const slot = store.slots.get(slotId);
    if (!slot) continue;
    capacity += slot.capacity;
    releasedCount += slot.releasedCount;
    remaining += store.remaining(slot);
  }
  return { capacity, releasedCount, remaining };
}

function buildScheduleView(schedule: ScheduleRecord, { capacity, releasedCount, remaining }: ScheduleTotals) {
  return {
    id: schedule.id,
    organizationId: schedule.organizationId,
    departmentId: schedule.departmentId,
    practitionerId: schedule.practitionerId,
    date: schedule.date,
    period: schedule.period,
    registrationLevel: schedule.registrationLevel,
    fee: money(schedule.feeFen),
    status: schedule.status,
    suspendedReason: schedule.suspendedReason,
    capacity,
    releasedCount,
    remaining,
    hisScheduleRef: schedule.hisScheduleRef,
    createdAt: formatLocal(schedule.createdAtMs),
  };
}

export function scheduleView(store: SchedulingStore, schedule: ScheduleRecord) {
  return buildScheduleView(schedule, scheduleTotals(store, schedule));
}

function buildSlotView(slot: SlotRecord, schedule: ScheduleRecord, remaining: number, referralRemaining: number) {
  return {
    id: slot.id,
    scheduleId: slot.scheduleId,
    organizationId: schedule.organizationId,
    departmentId: schedule.departmentId,
    practitionerId: schedule.practitionerId,
    date: schedule.date,
    period: schedule.period,
    startTime: formatLocal(slot.startMs),
    endTime: formatLocal(slot.endMs),
    capacity: slot.capacity,
    releasedCount: slot.releasedCount,
    remaining,
    referralQuota: slot.referralQuota,
    referralRemaining,
    firstQueueNumber: slot.firstQueueNumber,
    fee: money(schedule.feeFen),
    status: slotStatusOf(schedule, remaining),
  };
}

export function slotView(store: SchedulingStore, slot: SlotRecord) {
  return buildSlotView(slot, store.scheduleOf(slot), store.remaining(slot), store.referralRemaining(slot));
}

interface CachedSlotView {
  releasedCount: number;
  remaining: number;
  referralRemaining: number;
  scheduleStatus: ScheduleRecord['status'];
  json: string;
}

interface CachedScheduleView {
  status: ScheduleRecord['status'];
  suspendedReason: string | null;
  releasedCount: number;
  remaining: number;
  json: string;
}

/**
 * The Slot and Schedule views as JSON text, kept per record and reused while every input that can
 * change since the record was created is unchanged. The key is taken from those inputs on each
 * call (not from a version some mutation might forget to bump):
 *
 * - a slot's view changes only with its `releasedCount`, its `remaining` and `referralRemaining`
 *   (its appointments' statuses) and its schedule's `status`;
 * - a schedule's view only with its `status` and `suspendedReason` and its slots' total
 *   `releasedCount` and `remaining`.
 *
 * Everything else in these views (ids, times, capacities, fee, date, period, level) is fixed when
 * the record is created. One cache per world, so `reset` drops it with the records.
 */
export class ViewCache {
  private readonly slots = new WeakMap<SlotRecord, CachedSlotView>();
  private readonly schedules = new WeakMap<ScheduleRecord, CachedScheduleView>();

  constructor(private readonly store: SchedulingStore) {}

  /** `JSON.stringify(slotView(store, slot))`. */
  slotJson(slot: SlotRecord): string {
    const schedule = this.store.scheduleOf(slot);
    const remaining = this.store.remaining(slot);
    const referralRemaining = this.store.referralRemaining(slot);
    const cached = this.slots.get(slot);
    if (
      cached &&
      cached.releasedCount === slot.releasedCount &&
      cached.remaining === remaining &&
      cached.referralRemaining === referralRemaining &&
      cached.scheduleStatus === schedule.status
    ) {
      return cached.json;
    }
    const json = JSON.stringify(buildSlotView(slot, schedule, remaining, referralRemaining));
    this.slots.set(slot, { releasedCount: slot.releasedCount, remaining, referralRemaining, scheduleStatus: schedule.status, json });
    return json;
  }

  /** `JSON.stringify(scheduleView(store, schedule))`. */
  scheduleJson(schedule: ScheduleRecord): string {
    const totals = scheduleTotals(this.store, schedule);
    const cached = this.schedules.get(schedule);
    if (
      cached &&
      cached.status === schedule.status &&
      cached.suspendedReason === schedule.suspendedReason &&
      cached.releasedCount === totals.releasedCount &&
      cached.remaining === totals.remaining
    ) {
      return cached.json;
    }
    const json = JSON.stringify(buildScheduleView(schedule, totals));
    this.schedules.set(schedule, {
      status: schedule.status,
      suspendedReason: schedule.suspendedReason,
      releasedCount: totals.releasedCount,
      remaining: totals.remaining,
      json,
    });
    return json;
  }
}

export function appointmentView(store: SchedulingStore, appointment: AppointmentRecord) {
  const slot = store.slotOf(appointment);
  const schedule = store.scheduleOf(slot);
  const position = appointment.status === 'waitlist' ? slot.waitlist.indexOf(appointment.id) + 1 : 0;
  const { cancellation } = appointment;
  return {
    id: appointment.id,
    status: appointment.status,
    patientId: appointment.patientId,
    slotId: appointment.slotId,
    scheduleId: appointment.scheduleId,
    organizationId: appointment.organizationId,
    departmentId: schedule.departmentId,
    practitionerId: schedule.practitionerId,
    date: schedule.date,
    period: schedule.period,
    startTime: formatLocal(slot.startMs),
    endTime: formatLocal(slot.endMs),
    fee: money(appointment.feeFen),
    queueNumber: appointment.queueNumber,
    holdExpiresAt: appointment.holdExpiresAtMs === null ? null : formatLocal(appointment.holdExpiresAtMs),
    waitlistPosition: position > 0 ? position : null,
    replaces: appointment.replaces,
    replacedBy: appointment.replacedBy,
    referralId: appointment.referralId,
    hisRegistrationNumber: appointment.hisRegistrationNumber,
    cancellation:
      cancellation === null
        ? null
        : {
            reason: cancellation.reason,
            note: cancellation.note,
            cancelledAt: formatLocal(cancellation.cancelledAtMs),
            refundAmount: money(cancellation.refundFen),
          },
    createdAt: formatLocal(appointment.createdAtMs),
    updatedAt: formatLocal(appointment.updatedAtMs),
  };
}
