/** Scheduling operations, keyed by operationId: read the request, call the service, shape the answer. */
import { pathParam, queryBoolean, queryNumber, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import { PERIOD_ORDER } from './model.js';
import type { CreateScheduleInput, SchedulingService } from './service.js';
import type { SchedulingStore } from './store.js';
import { appointmentView, scheduleView, slotView } from './views.js';

function patientOnly(context: HandlerContext): string {
  const caller = requireCaller(context);
  // The spec's security lets only patient tokens reach these operations.
  if (caller.kind !== 'patient') throw new Error('patient operation reached by an organization token');
  return caller.patientId;
}

function organizationOnly(context: HandlerContext): string {
  const caller = requireCaller(context);
  if (caller.kind !== 'organization') throw new Error('organization operation reached by a patient token');
  return caller.organizationId;
}

function page(context: HandlerContext) {
  return { limit: queryNumber(context.query, 'limit'), cursor: queryString(context.query, 'cursor') };
}

export function schedulingRoutes(store: SchedulingStore, service: SchedulingService): RouteTable {
  const schedule = (record: Parameters<typeof scheduleView>[1]) => scheduleView(store, record);
  const slot = (record: Parameters<typeof slotView>[1]) => slotView(store, record);
  const appointment = (record: Parameters<typeof appointmentView>[1]) => appointmentView(store, record);

  return {
    listSchedules(context) {
      const { query } = context;
      const records = service.searchSchedules(requireCaller(context), {
        organizationId: queryString(query, 'organizationId'),
        departmentId: queryString(query, 'departmentId'),
        practitionerId: queryString(query, 'practitionerId'),
        dateFrom: queryString(query, 'dateFrom'),
        dateTo: queryString(query, 'dateTo'),
        status: queryString(query, 'status'),
      });
      // Ordered by date, period (am, pm, evening) and id.
      return { status: 200, body: paginate(records, { keyOf: (s) => [s.date, PERIOD_ORDER[s.period], s.id], view: schedule, ...page(context) }) };
    },

    createSchedule(context) {
      const record = service.createSchedule(organizationOnly(context), context.body as CreateScheduleInput, context.nowMs);
      return { status: 201, body: schedule(record) };
    },

    getSchedule(context) {
      return { status: 200, body: schedule(service.visibleSchedule(requireCaller(context), pathParam(context, 'scheduleId'))) };
    },

    suspendSchedule(context) {
      const { reason } = context.body as { reason: string };
      return { status: 200, body: schedule(service.suspend(requireCaller(context), pathParam(context, 'scheduleId'), reason, context.nowMs)) };
    },

    resumeSchedule(context) {
      return { status: 200, body: schedule(service.resume(requireCaller(context), pathParam(context, 'scheduleId'), context.nowMs)) };
    },

    listSlots(context) {
      const { query } = context;
      const records = service.searchSlots(requireCaller(context), {
        organizationId: queryString(query, 'organizationId'),
        departmentId: queryString(query, 'departmentId'),
        practitionerId: queryString(query, 'practitionerId'),
        scheduleId: queryString(query, 'scheduleId'),
        dateFrom: queryString(query, 'dateFrom'),
        dateTo: queryString(query, 'dateTo'),
        available: queryBoolean(query, 'available'),
      });
      // Ordered by start time and id.
      return { status: 200, body: paginate(records, { keyOf: (s) => [s.startMs, s.id], view: slot, ...page(context) }) };
    },

    getSlot(context) {
      return { status: 200, body: slot(service.visibleSlot(requireCaller(context), pathParam(context, 'slotId'))) };
    },

    releaseSlot(context) {
      const { releasedCount } = context.body as { releasedCount: number };
      return { status: 200, body: slot(service.release(requireCaller(context), pathParam(context, 'slotId'), releasedCount, context.nowMs)) };
    },

    holdSlot(context) {
      return { status: 201, body: appointment(service.holdSlot(patientOnly(context), pathParam(context, 'slotId'), context.nowMs)) };
    },

    joinWaitlist(context) {
      return { status: 201, body: appointment(service.joinWaitlist(patientOnly(context), pathParam(context, 'slotId'), context.nowMs)) };
    },

    listAppointments(context) {
      const { query } = context;
      const records = service.searchAppointments(requireCaller(context), {
        status: queryString(query, 'status'),
        scheduleId: queryString(query, 'scheduleId'),
        patientId: queryString(query, 'patientId'),
        dateFrom: queryString(query, 'dateFrom'),
        dateTo: queryString(query, 'dateTo'),
      });
      // Newest first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (a) => [-a.createdAtMs, a.id], view: appointment, ...page(context) }) };
    },

    getAppointment(context) {
      return { status: 200, body: appointment(service.visibleAppointment(requireCaller(context), pathParam(context, 'appointmentId'))) };
    },

    bookAppointment(context) {
      return { status: 200, body: appointment(service.book(requireCaller(context), pathParam(context, 'appointmentId'), context.nowMs)) };
    },

    cancelAppointment(context) {
      const note = (context.body as { note?: string } | undefined)?.note;
      return {
        status: 200,
        body: appointment(service.cancel(requireCaller(context), pathParam(context, 'appointmentId'), note, context.nowMs)),
      };
    },

    rescheduleAppointment(context) {
      const { slotId } = context.body as { slotId: string };
      return {
        status: 201,
        body: appointment(service.reschedule(requireCaller(context), pathParam(context, 'appointmentId'), slotId, context.nowMs)),
      };
    },

    checkInAppointment(context) {
      return { status: 200, body: appointment(service.checkIn(requireCaller(context), pathParam(context, 'appointmentId'), context.nowMs)) };
    },

    fulfillAppointment(context) {
      return { status: 200, body: appointment(service.fulfill(requireCaller(context), pathParam(context, 'appointmentId'), context.nowMs)) };
    },

    markAppointmentNoShow(context) {
      return { status: 200, body: appointment(service.noShow(requireCaller(context), pathParam(context, 'appointmentId'), context.nowMs)) };
    },
  };
}
