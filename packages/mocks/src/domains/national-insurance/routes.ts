/** National-insurance operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, page, pathParam, queryString, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { NationalInsuranceService, RegisterVisitInput } from './service.js';
import { settlementView } from './views.js';

export function nationalInsuranceRoutes(service: NationalInsuranceService): RouteTable {
  const settlementId = (context: HandlerContext) => pathParam(context, 'settlementId');

  return {
    registerNationalInsuranceVisit(context) {
      return { status: 201, body: settlementView(service.register(organizationOnly(context), context.body as RegisterVisitInput, context.nowMs)) };
    },

    listNationalInsuranceSettlements(context) {
      const records = service.list(organizationOnly(context), { status: queryString(context.query, 'status'), patientId: queryString(context.query, 'patientId') });
      // Newest first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (s) => [-s.createdAtMs, s.id], view: settlementView, ...page(context) }) };
    },

    getNationalInsuranceSettlement(context) {
      return { status: 200, body: settlementView(service.visible(organizationOnly(context), settlementId(context))) };
    },

    uploadNationalInsuranceFees(context) {
      return { status: 200, body: settlementView(service.uploadFees(organizationOnly(context), settlementId(context), context.nowMs)) };
    },

    preSettleNationalInsurance(context) {
      return { status: 200, body: settlementView(service.preSettle(organizationOnly(context), settlementId(context), context.nowMs)) };
    },

    settleNationalInsurance(context) {
      return { status: 200, body: settlementView(service.settle(organizationOnly(context), settlementId(context), context.nowMs)) };
    },

    reverseNationalInsurance(context) {
      const { reason } = context.body as { reason: string };
      return { status: 200, body: settlementView(service.reverse(organizationOnly(context), settlementId(context), reason, context.nowMs)) };
    },
  };
}
