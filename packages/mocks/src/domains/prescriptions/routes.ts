/** Prescription and drug operations, keyed by operationId: read the request, call the service, shape the answer. */
import { pathParam, queryString, requireCaller, type HandlerContext, type RouteTable, page } from '../../engine/context.js';
import { notFound } from '../../engine/problem.js';
import { paginate } from '../../engine/pagination.js';
import type { PlatformServices } from '../../services.js';
import type { Drug } from './drugs.js';
import type { PrescriptionRecord } from './model.js';
import type {
  CreatePrescriptionInput,
  PrescriptionService,
  RevisePrescriptionInput,
  ReviewPrescriptionInput,
  RoutePrescriptionInput,
} from './service.js';
import { drugView, prescriptionView } from './views.js';

// Sort keys, at module level so that no closure is made per request.
const newestFirst = (p: PrescriptionRecord) => [-p.createdAtMs, p.id];
const byId = (d: Drug) => [d.id];

export function prescriptionRoutes(services: PlatformServices, service: PrescriptionService): RouteTable {
  const id = (context: HandlerContext) => pathParam(context, 'prescriptionId');
  const ok = (record: PrescriptionRecord) => ({ status: 200, body: prescriptionView(record) });

  return {
    listPrescriptions(context) {
      const caller = requireCaller(context);
      const { query } = context;
      const records = service.search(caller, {
        status: queryString(query, 'status'),
        patientId: queryString(query, 'patientId'),
        encounterId: queryString(query, 'encounterId'),
        routingStatus: queryString(query, 'routingStatus'),
      });
      const result = paginate(records, { keyOf: newestFirst, view: (record) => record, ...page(context) });
      for (const record of result.data) service.recordRead(caller, record, context.nowMs);
      return { status: 200, body: { data: result.data.map(prescriptionView), nextCursor: result.nextCursor } };
    },

    getPrescription(context) {
      const caller = requireCaller(context);
      const record = service.visible(caller, id(context));
      service.recordRead(caller, record, context.nowMs);
      return ok(record);
    },

    createPrescription(context) {
      const record = service.create(requireCaller(context), context.body as CreatePrescriptionInput, context.nowMs);
      return { status: 201, body: prescriptionView(record) };
    },

    revisePrescription(context) {
      return ok(service.revise(requireCaller(context), id(context), context.body as RevisePrescriptionInput, context.nowMs));
    },

    signPrescription(context) {
      const { practitionerId } = context.body as { practitionerId: string };
      return ok(service.sign(requireCaller(context), id(context), practitionerId, context.nowMs));
    },

    reviewPrescription(context) {
      return ok(service.review(requireCaller(context), id(context), context.body as ReviewPrescriptionInput, context.nowMs));
    },

    extendPrescription(context) {
      const { days } = context.body as { days: number };
      return ok(service.extend(requireCaller(context), id(context), days, context.nowMs));
    },

    cancelPrescription(context) {
      const { reason } = context.body as { reason: string };
      return ok(service.cancel(requireCaller(context), id(context), reason, context.nowMs));
    },

    routePrescription(context) {
      return ok(service.route(requireCaller(context), id(context), context.body as RoutePrescriptionInput, context.nowMs));
    },

    listDrugs(context) {
      const q = queryString(context.query, 'q')?.toLowerCase();
      const controlClass = queryString(context.query, 'controlClass');
      const drugs = [...services.drugs.values()].filter(
        (drug) =>
          (q === undefined || drug.name.toLowerCase().includes(q) || drug.genericName.toLowerCase().includes(q)) &&
          (controlClass === undefined || drug.controlClass === controlClass),
      );
      return { status: 200, body: paginate(drugs, { keyOf: byId, view: drugView, ...page(context) }) };
    },

    getDrug(context) {
      const drugId = pathParam(context, 'drugId');
      const drug = services.drugs.get(drugId);
      if (!drug) throw notFound('drug', drugId);
      return { status: 200, body: drugView(drug) };
    },
  };
}
