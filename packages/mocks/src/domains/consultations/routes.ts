/** Consultation operations, keyed by operationId: read the request, call the service, shape the answer. */
import type { Caller } from '../../engine/auth.js';
import { pathParam, queryString, requireCaller, type RouteTable, organizationOnly, page } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { PlatformServices } from '../../services.js';
import type { ConsultationRecord, ConsultationTaskRecord } from './model.js';
import type { CompleteTaskInput, ConsultationService, CreateConsultationInput } from './service.js';
import { consultationTaskView, consultationView } from './views.js';

// Newest first; ties by id.
const newestFirst = (record: { createdAtMs: number; id: string }) => [-record.createdAtMs, record.id];

export function consultationRoutes(service: ConsultationService, services: PlatformServices): RouteTable {
  // Reading a consultation or task is reading the patient's health data: audited, purpose remote-consultation.
  const audited = <T extends ConsultationRecord | ConsultationTaskRecord>(caller: Caller, resourceType: 'consultation' | 'consultation_task', record: T, nowMs: number): T => {
    services.audit.recordRead(caller, { patientId: record.patientId, resourceType, resourceId: record.id, purpose: 'remote-consultation' }, nowMs);
    return record;
  };

  return {
    createConsultation(context) {
      const record = service.create(organizationOnly(context), context.body as CreateConsultationInput, context.nowMs);
      return { status: 201, body: consultationView(record) };
    },

    listConsultations(context) {
      const caller = requireCaller(context);
      const { query } = context;
      const records = service.listConsultations(organizationOnly(context), {
        status: queryString(query, 'status'),
        kind: queryString(query, 'kind'),
        patientId: queryString(query, 'patientId'),
      });
      const view = (record: ConsultationRecord) => consultationView(audited(caller, 'consultation', record, context.nowMs));
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view, ...page(context) }) };
    },

    getConsultation(context) {
      const caller = requireCaller(context);
      const record = service.visibleConsultation(caller, pathParam(context, 'consultationId'));
      return { status: 200, body: consultationView(audited(caller, 'consultation', record, context.nowMs)) };
    },

    cancelConsultation(context) {
      const record = service.cancel(organizationOnly(context), pathParam(context, 'consultationId'), context.nowMs);
      return { status: 200, body: consultationView(record) };
    },

    listConsultationTasks(context) {
      const caller = requireCaller(context);
      const { query } = context;
      const records = service.listTasks(organizationOnly(context), {
        status: queryString(query, 'status'),
        consultationId: queryString(query, 'consultationId'),
      });
      const view = (record: ConsultationTaskRecord) => consultationTaskView(audited(caller, 'consultation_task', record, context.nowMs));
      return { status: 200, body: paginate(records, { keyOf: newestFirst, view, ...page(context) }) };
    },

    getConsultationTask(context) {
      const caller = requireCaller(context);
      const record = service.visibleTask(caller, pathParam(context, 'taskId'));
      return { status: 200, body: consultationTaskView(audited(caller, 'consultation_task', record, context.nowMs)) };
    },

    acceptConsultationTask(context) {
      const { practitionerId } = context.body as { practitionerId: string };
      const record = service.accept(organizationOnly(context), pathParam(context, 'taskId'), practitionerId, context.nowMs);
      return { status: 200, body: consultationTaskView(record) };
    },

    rejectConsultationTask(context) {
      const { reason } = context.body as { reason: string };
      const record = service.reject(organizationOnly(context), pathParam(context, 'taskId'), reason, context.nowMs);
      return { status: 200, body: consultationTaskView(record) };
    },

    startConsultationTask(context) {
      return { status: 200, body: consultationTaskView(service.start(organizationOnly(context), pathParam(context, 'taskId'), context.nowMs)) };
    },

    completeConsultationTask(context) {
      const record = service.complete(organizationOnly(context), pathParam(context, 'taskId'), context.body as CompleteTaskInput, context.nowMs);
      return { status: 200, body: consultationTaskView(record) };
    },
  };
}
