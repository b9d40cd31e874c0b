/** Records → the spec's Schedule, Slot and Appointment shapes, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { AppointmentRecord, ScheduleRecord, SlotRecord } from './model.js';
import type { SchedulingStore } from './store.js';

export function money(amountFen: number): { amountFen: number; currency: 'CNY' } {
  return { amountFen, currency: 'CNY' };
}

export function scheduleView(store: SchedulingStore, schedule: ScheduleRecord) {
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
    createdAt: formatLocal(schedule.createdAtMs),
  };
}

export function slotView(store: SchedulingStore, slot: SlotRecord) {
  const schedule = store.scheduleOf(slot);
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
    remaining: store.remaining(slot),
    firstQueueNumber: slot.firstQueueNumber,
    fee: money(schedule.feeFen),
    status: store.slotStatus(slot),
  };
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
