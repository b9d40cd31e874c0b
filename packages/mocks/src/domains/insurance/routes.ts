/** Insurance operations, keyed by operationId: read the request, call the service, shape the answer. */
import type { Caller } from '../../engine/auth.js';
import { organizationOnly, page, pathParam, queryString, requireCaller, type RouteTable } from '../../engine/context.js';
import { paginate } from '../../engine/pagination.js';
import type { PlatformServices } from '../../services.js';
import type { ClaimRecord } from './model.js';
import type { CreateCoverageInput, EligibilityInput, InsuranceService, SubmitClaimInput } from './service.js';
import { claimView, coverageView, eligibilityView, planView } from './views.js';

export function insuranceRoutes(service: InsuranceService, services: PlatformServices): RouteTable {
  // A claim carries diagnoses: an organization's read is audited, purpose insurance-claim.
  const audited = (caller: Caller, claim: ClaimRecord, nowMs: number) => {
    services.audit.recordRead(caller, { patientId: claim.patientId, resourceType: 'claim', resourceId: claim.id, purpose: 'insurance-claim' }, nowMs);
    return claimView(claim);
  };

  return {
    listPlans(context) {
      const plans = service.listPlans({ insurerId: queryString(context.query, 'insurerId'), kind: queryString(context.query, 'kind') });
      return { status: 200, body: paginate(plans, { keyOf: (plan) => [plan.id], view: planView, ...page(context) }) };
    },

    getPlan(context) {
      return { status: 200, body: planView(service.plan(pathParam(context, 'planId'))) };
    },

    createCoverage(context) {
      return { status: 201, body: coverageView(service.createCoverage(requireCaller(context), context.body as CreateCoverageInput, context.nowMs)) };
    },

    listCoverages(context) {
      const coverages = service.listCoverages(requireCaller(context), {
        status: queryString(context.query, 'status'),
        patientId: queryString(context.query, 'patientId'),
      });
      // Newest first; ties by id.
      return { status: 200, body: paginate(coverages, { keyOf: (c) => [-c.createdAtMs, c.id], view: coverageView, ...page(context) }) };
    },

    getCoverage(context) {
      return { status: 200, body: coverageView(service.visibleCoverage(requireCaller(context), pathParam(context, 'coverageId'))) };
    },

    cancelCoverage(context) {
      const reason = (context.body as { reason?: string } | undefined)?.reason;
      return { status: 200, body: coverageView(service.cancelCoverage(requireCaller(context), pathParam(context, 'coverageId'), reason, context.nowMs)) };
    },

    createEligibilityCheck(context) {
      return { status: 200, body: eligibilityView(service.checkEligibility(requireCaller(context), context.body as EligibilityInput, context.nowMs)) };
    },

    submitClaim(context) {
      return { status: 201, body: claimView(service.submitClaim(requireCaller(context), context.body as SubmitClaimInput, context.nowMs)) };
    },

    listClaims(context) {
      const caller = requireCaller(context);
      const claims = service.listClaims(caller, {
        status: queryString(context.query, 'status'),
        patientId: queryString(context.query, 'patientId'),
        coverageId: queryString(context.query, 'coverageId'),
      });
      return {
        status: 200,
        body: paginate(claims, { keyOf: (c) => [-c.submittedAtMs, c.id], view: (c) => audited(caller, c, context.nowMs), ...page(context) }),
      };
    },

    getClaim(context) {
      const caller = requireCaller(context);
      return { status: 200, body: audited(caller, service.visibleClaim(caller, pathParam(context, 'claimId')), context.nowMs) };
    },

    payClaim(context) {
      return { status: 200, body: claimView(service.payClaim(organizationOnly(context), pathParam(context, 'claimId'), context.nowMs)) };
    },
  };
}
