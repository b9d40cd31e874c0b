/** Membership operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, page, pathParam, queryString, requireCaller, type HandlerContext, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { MembershipService } from './service.js';
import { membershipView } from './views.js';

export function membershipRoutes(service: MembershipService): RouteTable {
  const memberId = (context: HandlerContext) => pathParam(context, 'memberId');

  return {
    listPharmacyMembers(context) {
      const records = service.list(requireCaller(context), queryString(context.query, 'tier'));
      // Newest first; ties by id.
      return { status: 200, body: paginate(records, { keyOf: (m) => [-m.enrolledAtMs, m.id], view: membershipView, ...page(context) }) };
    },

    enrolPharmacyMember(context) {
      const { patientId } = context.body as { patientId: string };
      return { status: 201, body: membershipView(service.enrol(organizationOnly(context), patientId, context.nowMs)) };
    },

    getPharmacyMember(context) {
      return { status: 200, body: membershipView(service.visible(requireCaller(context), memberId(context))) };
    },

    recordMemberPurchase(context) {
      const { amount } = context.body as { amount: { amountFen: number } };
      return { status: 200, body: membershipView(service.recordPurchase(organizationOnly(context), memberId(context), amount.amountFen, context.nowMs)) };
    },

    redeemMemberPoints(context) {
      const { points } = context.body as { points: number };
      return { status: 200, body: membershipView(service.redeem(organizationOnly(context), memberId(context), points, context.nowMs)) };
    },
  };
}
