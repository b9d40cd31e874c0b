/** Chronic-care operations, keyed by operationId: read the request, call the service, shape the answer. */
import type { Caller } from '../../engine/auth.js';
import { organizationOnly, page, pathParam, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { PlatformServices } from '../../services.js';
import type { MeasurementRecord, MeasurementType } from './model.js';
import type { ChronicCareService } from './service.js';
import { enrolmentView, measurementView, programmeView, taskView } from './views.js';

interface MeasurementBody {
  type: MeasurementType;
  value?: number;
  systolic?: number;
  diastolic?: number;
  measuredAt: string;
}

export function chronicCareRoutes(service: ChronicCareService, services: PlatformServices): RouteTable {
  // An institution reading a measurement reads the patient's health data: audited as an observation.
  const audited = (caller: Caller, measurement: MeasurementRecord, nowMs: number) => {
    services.audit.recordRead(caller, { patientId: measurement.patientId, resourceType: 'observation', resourceId: measurement.id, purpose: 'treatment' }, nowMs);
    return measurementView(measurement);
  };
  const enrolmentId = (context: HandlerContext) => pathParam(context, 'enrolmentId');

  return {
    listCareProgrammes(context) {
      requireCaller(context);
      const records = service.programmes({ organizationId: queryString(context.query, 'organizationId'), condition: queryString(context.query, 'condition') });
      return { status: 200, body: paginate(records, { keyOf: (p) => [p.id], view: programmeView, ...page(context) }) };
    },

    listCareProgrammeEnrolments(context) {
      const records = service.enrolments(requireCaller(context), { status: queryString(context.query, 'status'), patientId: queryString(context.query, 'patientId') });
      // Newest first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (e) => [-e.enrolledAtMs, e.id], view: enrolmentView, ...page(context) }) };
    },

    enrolInCareProgramme(context) {
      const { programmeId, patientId } = context.body as { programmeId: string; patientId: string };
      return { status: 201, body: enrolmentView(service.enrol(organizationOnly(context), programmeId, patientId, context.nowMs)) };
    },

    getCareProgrammeEnrolment(context) {
      return { status: 200, body: enrolmentView(service.visible(requireCaller(context), enrolmentId(context))) };
    },

    withdrawCareProgrammeEnrolment(context) {
      return { status: 200, body: enrolmentView(service.withdraw(organizationOnly(context), enrolmentId(context), context.nowMs)) };
    },

    listMeasurements(context) {
      const caller = requireCaller(context);
      const { enrolment, measurements } = service.measurements(caller, enrolmentId(context), queryString(context.query, 'type'));
      // Newest measured first; ties by id.
      const list = paginate(measurements, { keyOf: (m) => [-m.measuredAtMs, m.id], view: (m) => audited(caller, m, context.nowMs), ...page(context) });
      return { status: 200, body: { enrolmentId: enrolment.id, organizationId: enrolment.organizationId, patientId: enrolment.patientId, ...list } };
    },

    recordMeasurement(context) {
      const body = context.body as MeasurementBody;
      const input = {
        type: body.type,
        measuredAtMs: Date.parse(body.measuredAt),
        ...(body.value === undefined ? {} : { value: body.value }),
        ...(body.systolic === undefined ? {} : { systolic: body.systolic }),
        ...(body.diastolic === undefined ? {} : { diastolic: body.diastolic }),
      };
      return { status: 201, body: measurementView(service.record(requireCaller(context), enrolmentId(context), input, context.nowMs)) };
    },

    listFollowUpTasks(context) {
      const records = service.tasks(requireCaller(context), { status: queryString(context.query, 'status'), enrolmentId: queryString(context.query, 'enrolmentId') });
      // Earliest due first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (t) => [t.dueAtMs, t.id], view: taskView, ...page(context) }) };
    },

    completeFollowUpTask(context) {
      const { note } = context.body as { note: string };
      return { status: 200, body: taskView(service.complete(organizationOnly(context), pathParam(context, 'taskId'), note, context.nowMs)) };
    },
  };
}
