/** Referral operations, keyed by operationId: read the request, call the service, shape the answer. */
import type { Caller } from '../../engine/auth.js';
import { pathParam, queryNumber, queryString, requireCaller, type HandlerContext, type RouteTable, organizationOnly } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { PlatformServices } from '../../services.js';
import type { ReferralRecord } from './model.js';
import type { CreateReferralInput, ReferralService } from './service.js';
import { referralView } from './views.js';

export function referralRoutes(service: ReferralService, services: PlatformServices): RouteTable {
  // Reading a referral is reading the patient's health data: audited, purpose referral.
  const audited = (caller: Caller, referral: ReferralRecord, nowMs: number) => {
    services.audit.recordRead(caller, { patientId: referral.patientId, resourceType: 'referral', resourceId: referral.id, purpose: 'referral' }, nowMs);
    return referralView(referral);
  };
  const referralId = (context: HandlerContext) => pathParam(context, 'referralId');

  return {
    createReferral(context) {
      return { status: 201, body: referralView(service.create(organizationOnly(context), context.body as CreateReferralInput, context.nowMs)) };
    },

    listReferrals(context) {
      const caller = requireCaller(context);
      const { query } = context;
      const records = service.list(organizationOnly(context), {
        status: queryString(query, 'status'),
        direction: queryString(query, 'direction'),
        patientId: queryString(query, 'patientId'),
      });
      // Newest first; ties by id.
      return {
        status: 200,
        body: paginate(records, {
          keyOf: (r) => [-r.createdAtMs, r.id],
          view: (r) => audited(caller, r, context.nowMs),
          limit: queryNumber(query, 'limit'),
          cursor: queryString(query, 'cursor'),
        }),
      };
    },

    getReferral(context) {
      const caller = requireCaller(context);
      return { status: 200, body: audited(caller, service.visible(caller, referralId(context)), context.nowMs) };
    },

    receiveReferral(context) {
      return { status: 200, body: referralView(service.receive(organizationOnly(context), referralId(context), context.nowMs)) };
    },

    acceptReferral(context) {
      const slotId = (context.body as { slotId?: string } | undefined)?.slotId;
      return { status: 200, body: referralView(service.accept(organizationOnly(context), referralId(context), slotId, context.nowMs)) };
    },

    rejectReferral(context) {
      const { reason } = context.body as { reason: string };
      return { status: 200, body: referralView(service.reject(organizationOnly(context), referralId(context), reason, context.nowMs)) };
    },

    startReferral(context) {
      return { status: 200, body: referralView(service.start(organizationOnly(context), referralId(context), context.nowMs)) };
    },

    completeReferral(context) {
      const feedbackDocumentId = (context.body as { feedbackDocumentId?: string } | undefined)?.feedbackDocumentId;
      return { status: 200, body: referralView(service.complete(organizationOnly(context), referralId(context), feedbackDocumentId, context.nowMs)) };
    },

    cancelReferral(context) {
      return { status: 200, body: referralView(service.cancel(organizationOnly(context), referralId(context), context.nowMs)) };
    },
  };
}
