/** Scheduling operations, keyed by operationId: read the request, call the service, shape the answer. */
import { JsonText, pathParam, queryBoolean, queryString, requireCaller, type RouteTable, patientOnly, organizationOnly, page } from '../../engine/context.js';
import { paginate, paginateJson } from '../../engine/pagination.js';
import { PERIOD_ORDER, type ScheduleRecord, type SlotRecord } from './model.js';
import type { CreateScheduleInput, SchedulingService } from './service.js';
import type { SchedulingStore } from './store.js';
import { appointmentView, ViewCache } from './views.js';

// Sort keys, at module level so that no closure is made per request.
const scheduleOrder = (s: ScheduleRecord) => [s.date, PERIOD_ORDER[s.period], s.id];
const slotOrder = (s: SlotRecord) => [s.startMs, s.id];

export function schedulingRoutes(store: SchedulingStore, service: SchedulingService): RouteTable {
  // Slot and schedule views are served as cached JSON text (views.ts: ViewCache).
  const views = new ViewCache(store);
  const scheduleJson = (record: ScheduleRecord) => views.scheduleJson(record);
  const slotJson = (record: SlotRecord) => views.slotJson(record);
  const schedule = (record: ScheduleRecord) => new JsonText(views.scheduleJson(record));
  const slot = (record: SlotRecord) => new JsonText(views.slotJson(record));
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
      return { status: 200, body: paginateJson(records, { keyOf: scheduleOrder, viewJson: scheduleJson, ...page(context) }) };
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
      return { status: 200, body: paginateJson(records, { keyOf: slotOrder, viewJson: slotJson, ...page(context) }) };
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
